import type { ServiceStateOf } from './state.js'

/**
 * Linux stands in with systemd units, which systeminformation finds by their running processes:
 * a unit without a process is stopped (a missing unit looks the same, so there is no "unknown").
 */
export const linuxServiceState: ServiceStateOf = (entry) => entry?.running === true ? 'running' : 'stopped'
