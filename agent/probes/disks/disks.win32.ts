import type { PlatformDisks } from './mounts.js'

/**
 * Windows: systeminformation reads Win32_LogicalDisk; its drive type (3, "Local") is only in
 * blockDevices, where `physical` carries it. Network, removable and optical drives are not fixed.
 */
export const win32Disks: PlatformDisks = {
  isFixedDisk: (_fs, block) => block?.physical === 'Local',
  // "D:" as Explorer shows a drive: "D:\"
  mountName: (fs) => /^[A-Za-z]:$/.test(fs.mount) ? `${fs.mount}\\` : fs.mount
}
