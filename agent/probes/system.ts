import si from 'systeminformation'
import type { SystemSource } from './probe.js'

/** The machine itself, through systeminformation; the only engine of SystemSource outside tests. */
export function liveSystem (): SystemSource {
  return {
    platform: process.platform,
    now: () => Date.now(),
    currentLoad: () => si.currentLoad(),
    mem: () => si.mem(),
    fsSize: () => si.fsSize(),
    blockDevices: () => si.blockDevices(),
    services: (names) => si.services(names.join(','))
  }
}
