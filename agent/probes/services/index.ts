import Type from 'typebox'
import type { Probe } from '../probe.js'
import { linuxServiceState } from './services.linux.js'
import { win32ServiceState } from './services.win32.js'
import type { ServiceEntry, ServiceStateOf } from './state.js'

const PLATFORMS: Partial<Record<NodeJS.Platform, ServiceStateOf>> = { win32: win32ServiceState }
const OTHER_PLATFORMS = linuxServiceState

const configSchema = Type.Object({
  services: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
    default: [],
    description: 'Services to watch, by service name (Windows, e.g. "Milestone XProtect Recording Server") or systemd unit (Linux)'
  })
})

/** State of each configured service, reported under the name it was configured with. */
const services: Probe<typeof configSchema> = {
  name: 'services',
  description: 'Running state of the configured services',
  configSchema,
  defaults: { services: [] },
  async collect ({ sys, config }) {
    // An empty list would make systeminformation return every service of the machine.
    if (config.services.length === 0) return { services: [] }
    const stateOf = PLATFORMS[sys.platform] ?? OTHER_PLATFORMS
    const found = new Map<string, ServiceEntry>()
    for (const entry of await sys.services(config.services)) found.set(entry.name.toLowerCase(), entry)
    return {
      services: config.services.map((name) => ({ name, state: stateOf(found.get(name.toLowerCase())) }))
    }
  }
}

export default services
