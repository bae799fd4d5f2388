import Type from 'typebox'
import type { Probe } from '../probe.js'

const configSchema = Type.Object({})

/**
 * Memory in use and installed. "In use" is what programs cannot get back (total minus available),
 * not the kernel's "used", which on Linux counts the page cache and would read as always full.
 */
const memory: Probe<typeof configSchema> = {
  name: 'memory',
  description: 'Memory in use and installed, in bytes',
  configSchema,
  defaults: {},
  async collect ({ sys }) {
    const mem = await sys.mem()
    const totalBytes = Math.max(0, Math.round(mem.total))
    const usedBytes = Math.min(totalBytes, Math.max(0, Math.round(mem.total - mem.available)))
    return { mem: { usedBytes, totalBytes } }
  }
}

export default memory
