import type { PlatformDisks } from './mounts.js'

const NOT_FIXED_TYPES = new Set(['rom', 'loop'])

/**
 * Linux (and other Unix): a fixed disk is a filesystem on a local block device that is not
 * removable, optical or a loop image. Network filesystems ("host:/export", "//host/share") are not.
 */
export const linuxDisks: PlatformDisks = {
  isFixedDisk (fs, block) {
    if (!fs.fs.startsWith('/dev/') || fs.fs.startsWith('/dev/loop')) return false
    return block === undefined || (!block.removable && !NOT_FIXED_TYPES.has(block.type))
  },
  mountName: (fs) => fs.mount
}
