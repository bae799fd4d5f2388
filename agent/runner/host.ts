import { hostname, networkInterfaces, release, type } from 'node:os'
import si from 'systeminformation'
import type { Birth } from '../../protocol/index.js'

/** What the Birth says about the machine. Read once at start: none of it changes while the agent runs. */
export interface HostIdentity {
  hostname: string
  os: string
  macs: string[]
  hardware?: NonNullable<Birth['hardware']>
}

export async function describeHost (): Promise<HostIdentity> {
  const [osInfo, system] = await Promise.all([si.osInfo(), si.system()])
  const hardware = {
    ...known('vendor', system.manufacturer),
    ...known('model', system.model),
    ...known('serviceTag', system.serial)
  }
  return {
    hostname: hostname(),
    // "Microsoft Windows Server 2022 Standard 10.0.20348", "Ubuntu 22.04.4 LTS"
    os: `${osInfo.distro} ${osInfo.release}`.trim() || `${type()} ${release()}`,
    macs: macAddresses(),
    ...(Object.keys(hardware).length > 0 ? { hardware } : {})
  }
}

/** systeminformation answers "" or "-" for what the firmware does not say. */
function known (key: string, value: string): Record<string, string> {
  const trimmed = value.trim()
  return trimmed === '' || trimmed === '-' ? {} : { [key]: trimmed.slice(0, 256) }
}

function macAddresses (): string[] {
  const macs = new Set<string>()
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (!address.internal && address.mac !== '00:00:00:00:00:00') macs.add(address.mac.toUpperCase())
    }
  }
  return [...macs].slice(0, 64)
}
