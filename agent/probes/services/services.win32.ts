import type { ServiceStateOf } from './state.js'

/**
 * Windows asks the Service Control Manager (Win32_Service). A service it does not know comes back
 * with no start mode: that is "unknown" (not installed, or a typo in the config), not "stopped".
 */
export const win32ServiceState: ServiceStateOf = (entry) => {
  if (entry === undefined || entry.startmode === '') return 'unknown'
  return entry.running ? 'running' : 'stopped'
}
