import type { Logger } from 'pino'
import type { Metrics } from '../metrics/counters.js'
import type { FrameRefusal } from './frame-guard.js'

/** Why a connection was refused before it became an agent session. */
export type RefusalReason = FrameRefusal | 'bad_client_id' | 'bad_credentials' | 'auth_unavailable'

/** Why an authenticated agent's publish or subscribe was refused by the topic ACL. */
export type DenialReason = 'publish_other_agent' | 'publish_bad_topic' | 'subscribe_other_agent' | 'subscribe_bad_topic'

/**
 * The part of a pino Logger the broker writes to: a pino Logger fits, and so does Fastify's `app.log`,
 * whose type lacks some of pino's members.
 */
export type BrokerLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>

const LOG_INTERVAL_MS = 1000

/**
 * Counts and logs what the broker turns away. Every occurrence is counted; the log gets at most one
 * line per kind and reason per second (with how many were suppressed since), because a flood of bad
 * sockets or a looping agent must show in the counters without flooding the log.
 */
export class Incidents {
  private readonly lastLogged = new Map<string, { at: number, suppressed: number }>()

  constructor (private readonly metrics: Metrics, private readonly log: BrokerLog) {
    metrics.describe('vigil_mqtt_refused_total', 'counter', 'MQTT connections refused before or at CONNECT, by reason')
    metrics.describe('vigil_mqtt_denied_total', 'counter', 'Agent publishes and subscribes refused by the topic ACL, by reason')
    metrics.describe('vigil_mqtt_ingest_failed_total', 'counter', 'Agent messages not acknowledged because ingest failed to commit them')
  }

  refused (reason: RefusalReason, fields: Record<string, unknown>): void {
    this.metrics.inc('vigil_mqtt_refused_total', { reason })
    this.write('warn', `refused:${reason}`, { reason, ...fields }, 'mqtt connection refused')
  }

  denied (reason: DenialReason, fields: { agentId: string, topic: string } & Record<string, unknown>): void {
    this.metrics.inc('vigil_mqtt_denied_total', { reason })
    this.write('warn', `denied:${reason}`, { reason, ...fields }, 'mqtt agent request denied by topic ACL')
  }

  ingestFailed (err: Error, fields: { agentId: string } & Record<string, unknown>): void {
    this.metrics.inc('vigil_mqtt_ingest_failed_total')
    // A storage outage fails every agent at once; one line per second still shows it.
    this.write('error', 'ingest_failed', { err, ...fields }, 'ingest failed: message not acknowledged, agent disconnected to resend it')
  }

  private write (level: 'warn' | 'error', key: string, fields: Record<string, unknown>, msg: string): void {
    const now = Date.now()
    const last = this.lastLogged.get(key)
    if (last && now - last.at < LOG_INTERVAL_MS) {
      last.suppressed++
      return
    }
    this.log[level](last?.suppressed ? { ...fields, suppressed: last.suppressed } : fields, msg)
    this.lastLogged.set(key, { at: now, suppressed: 0 })
  }
}
