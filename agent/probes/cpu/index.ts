import Type from 'typebox'
import type { Probe } from '../probe.js'

const configSchema = Type.Object({})

/** CPU load over all cores, in percent, since the previous reading. */
const cpu: Probe<typeof configSchema> = {
  name: 'cpu',
  description: 'CPU load of the whole machine, in percent',
  configSchema,
  defaults: {},
  async collect ({ sys }) {
    const load = await sys.currentLoad()
    return { cpu: { pct: percent(load.currentLoad) } }
  }
}

/** One decimal is plenty for a threshold of whole percents; clamped because a bad sample can overshoot. */
function percent (value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10
}

export default cpu
