import type { Logger } from 'pino'
import type { Birth } from '../../../protocol/index.js'
import type { Clock } from '../../../agent/probes/probe.js'
import { Publisher } from '../../../agent/publisher/publisher.js'
import { Reporter } from '../../../agent/runner/reporter.js'
import { Spool } from '../../../agent/spool/spool.js'
import { silentLog } from './log.js'

export const AGENT_ID = 'agent-test-1'
export const SECRET = 'secret-of-agent-1'

/** A clock the test moves by hand. */
export function manualClock (start = Date.parse('2026-11-23T06:00:00.000Z')): Clock & { advance (ms: number): void } {
  let now = start
  return { now: () => now, advance: (ms) => { now += ms } }
}

/** A publisher and reporter wired as the agent wires them, with fast reconnects for tests. */
export function publisherParts (brokerUrl: string, options: { spool?: Spool, clock?: Clock, log?: Logger, replayPerSecond?: number } = {}): {
  publisher: Publisher
  reporter: Reporter
  spool: Spool
} {
  const log = options.log ?? silentLog
  const spool = options.spool ?? Spool.inMemory({ log })
  const clock = options.clock ?? { now: () => Date.now() }
  const birth = (): Birth => ({
    v: 1,
    bootId: reporter.bootId,
    ts: new Date(clock.now()).toISOString(),
    heartbeatIntervalS: 30,
    agent: { version: '0.1.0', os: 'Test OS', hostname: 'REC-01' },
    server: { name: 'REC-01', role: 'recording' }
  })
  const publisher = new Publisher({
    mqttUrl: brokerUrl,
    agentId: AGENT_ID,
    secret: SECRET,
    spool,
    clock,
    log,
    birth,
    backoff: { minMs: 50, maxMs: 200 },
    ...(options.replayPerSecond ? { replayPerSecond: options.replayPerSecond } : {})
  })
  const reporter = new Reporter(publisher, clock)
  return { publisher, reporter, spool }
}

export const READINGS = { cpu: { pct: 12.5 }, mem: { usedBytes: 4_000_000_000, totalBytes: 16_000_000_000 } }
