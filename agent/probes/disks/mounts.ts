import type { SystemSource } from '../probe.js'

type FsEntry = Awaited<ReturnType<SystemSource['fsSize']>>[number]
export type BlockDevice = Awaited<ReturnType<SystemSource['blockDevices']>>[number]

/** What differs between platforms: which filesystems are fixed disks, and how a mount is written. */
export interface PlatformDisks {
  isFixedDisk (fs: FsEntry, block: BlockDevice | undefined): boolean
  mountName (fs: FsEntry): string
}

/** Compares mounts as people type them: any case, with or without the trailing separator. */
export function mountKey (mount: string): string {
  const lower = mount.toLowerCase()
  return lower === '/' ? lower : lower.replace(/[\\/]+$/, '')
}
