import type { Logger } from 'pino'
import type { ProbeConfig } from '../probes/index.js'
import type { Probe, Sample, SystemSource } from '../probes/probe.js'
import { withTimeout } from '../util/with-timeout.js'

/**
 * Runs every probe at once, each isolated: one that fails or hangs is logged and leaves its part of
 * the readings out; the others still count. `config` holds every probe's options.
 */
export async function collectReadings (probes: readonly Probe[], sys: SystemSource, config: ProbeConfig, log: Logger, timeoutMs: number): Promise<Sample> {
  const samples = await Promise.all(probes.map(async (probe) => {
    try {
      return await withTimeout(probe.collect({ sys, config }), timeoutMs, `probe ${probe.name}`)
    } catch (err) {
      log.warn({ probe: probe.name, err: (err as Error).message }, 'probe failed')
      return {}
    }
  }))
  return Object.assign({}, ...samples) as Sample
}
