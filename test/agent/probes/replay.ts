import type { SystemSource } from '../../../agent/probes/probe.js'

export interface ProbeFixture {
  platform: NodeJS.Platform
  /** Options over the probe's defaults. */
  config?: Record<string, unknown>
  /** Recorded systeminformation answers, by SystemSource method. */
  answers: Partial<Record<'currentLoad' | 'mem' | 'fsSize' | 'blockDevices' | 'services', unknown>>
}

/**
 * A SystemSource that answers from a recording. Asking for something not recorded fails the probe,
 * so a fixture shows everything its probe reads.
 */
export function replaySystem (fixture: ProbeFixture, now = Date.parse('2026-11-23T06:00:00.000Z')): SystemSource {
  const answer = (method: keyof ProbeFixture['answers']) => async (): Promise<never> => {
    if (!(method in fixture.answers)) throw new Error(`no recorded answer for ${method}`)
    return structuredClone(fixture.answers[method]) as never
  }
  return {
    platform: fixture.platform,
    now: () => now,
    currentLoad: answer('currentLoad'),
    mem: answer('mem'),
    fsSize: answer('fsSize'),
    blockDevices: answer('blockDevices'),
    services: answer('services')
  }
}
