import Type from 'typebox'
import type { DiskReading } from '../../../protocol/index.js'
import type { Probe } from '../probe.js'
import { linuxDisks } from './disks.linux.js'
import { win32Disks } from './disks.win32.js'
import { mountKey, type BlockDevice, type PlatformDisks } from './mounts.js'

const PLATFORMS: Partial<Record<NodeJS.Platform, PlatformDisks>> = { win32: win32Disks }
const OTHER_PLATFORMS = linuxDisks

const configSchema = Type.Object({
  recordingDisks: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    description: 'Mounts or volume labels of the disks that hold recordings (e.g. "D:\\", "/srv/video", "Recording"); empty: every fixed disk'
  })
})

/**
 * Size and use of the recording disks. Only these are reported: they are what the dashboard charts
 * and what "Running out of disk space" is about. A disk named in `recordingDisks` is reported even
 * when it is not fixed, since recordings often live on a NAS.
 */
const disks: Probe<typeof configSchema> = {
  name: 'disks',
  description: 'Size and use of the recording disks',
  configSchema,
  defaults: { recordingDisks: [] },
  async collect ({ sys, config }) {
    const platform = PLATFORMS[sys.platform] ?? OTHER_PLATFORMS
    const [filesystems, blocks] = await Promise.all([sys.fsSize(), sys.blockDevices()])
    const blockByMount = new Map<string, BlockDevice>()
    for (const block of blocks) if (block.mount) blockByMount.set(mountKey(block.mount), block)
    const wanted = new Set(config.recordingDisks.map(mountKey))

    const readings: DiskReading[] = []
    const seen = new Set<string>()
    for (const fs of filesystems) {
      // A filesystem mounted at several places (bind mounts) is one disk.
      if (seen.has(fs.fs) || fs.size <= 0) continue
      const block = blockByMount.get(mountKey(fs.mount))
      const mount = platform.mountName(fs)
      const label = block?.label || undefined
      const chosen = wanted.size === 0
        ? platform.isFixedDisk(fs, block)
        : wanted.has(mountKey(mount)) || (label !== undefined && wanted.has(mountKey(label)))
      if (!chosen) continue
      seen.add(fs.fs)
      // Used = not available to writers, so blocks reserved for root count as used, as in `df`'s Use%.
      const usedBytes = Math.min(fs.size, Math.max(0, fs.size - fs.available))
      readings.push({ mount, ...(label ? { label } : {}), sizeBytes: fs.size, usedBytes })
    }
    return { disks: readings }
  }
}

export default disks
