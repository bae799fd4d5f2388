import { EventEmitter } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import mqtt, { type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import { AgentConfig, agentTopic, parsePayload, validator, type AgentState, type Birth } from '../../protocol/index.js'
import type { Clock } from '../probes/probe.js'
import type { Spool, SpoolRecord } from '../spool/spool.js'
import { withTimeout } from '../util/with-timeout.js'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffSettings } from './backoff.js'
import { wirePayload } from './payload-check.js'

const checkConfig = validator(AgentConfig)

/** Backlog replay speed: a day offline (about 3,200 messages) drains in about a minute. */
const DEFAULT_REPLAY_PER_SECOND = 50
/** How long a clean shutdown waits for the broker to take the "offline" state. */
const STOP_TIMEOUT_MS = 5000

export interface PublisherOptions {
  mqttUrl: string
  agentId: string
  secret: string
  spool: Spool
  /** Made at every connect, so that it carries the connect time and the current interval. */
  birth: () => Birth
  clock: Clock
  log: Logger
  replayPerSecond?: number
  backoff?: BackoffSettings
}

export interface PublisherEvents {
  /** Connected, Birth and state sent; the spool drains next. */
  connect: []
  /** A valid AgentConfig arrived on the agent's config topic. */
  config: [config: AgentConfig]
  /** The broker acknowledged a spooled record; `sentAt` is when it was handed to the connection. */
  acked: [record: SpoolRecord, sentAt: number]
}

/**
 * The agent's MQTT connection (PROTOCOL.md §1): MQTT 3.1.1, persistent session, QoS 1, Last Will
 * "offline" on `state`. Heartbeats and error sets go through the spool: written there first, sent
 * from it in order, one at a time, removed only on PUBACK, so nothing is lost to an outage or a
 * restart and nothing overtakes what was made before it.
 */
export class Publisher extends EventEmitter<PublisherEvents> {
  private client: MqttClient | undefined
  private draining = false
  private stopping = false
  private lastSentAt = 0
  private attempts = 0
  private readonly backoff: BackoffSettings
  private readonly gapMs: number

  constructor (private readonly options: PublisherOptions) {
    super()
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.gapMs = 1000 / (options.replayPerSecond ?? DEFAULT_REPLAY_PER_SECOND)
  }

  get connected (): boolean {
    return this.client?.connected === true
  }

  start (): void {
    const { agentId, secret, mqttUrl } = this.options
    const client = mqtt.connect(mqttUrl, {
      // The embedded broker (aedes) speaks 3.1.1 only.
      protocolVersion: 4,
      clientId: agentId,
      username: agentId,
      password: secret,
      clean: false,
      keepalive: 30,
      reconnectPeriod: this.backoff.minMs,
      // A refused CONNECT (collector restoring, agent briefly unknown) is retried like any outage.
      reconnectOnConnackError: true,
      will: { topic: agentTopic(agentId, 'state'), payload: Buffer.from(this.statePayload('offline')), qos: 1, retain: true }
    })
    this.client = client
    client.on('connect', () => this.onConnect())
    client.on('reconnect', () => {
      // mqtt.js retries at a fixed period; the period set here is the one used after this attempt fails.
      client.options.reconnectPeriod = backoffDelay(++this.attempts, this.backoff)
      client.options.will!.payload = Buffer.from(this.statePayload('offline'))
    })
    client.on('offline', () => this.options.log.warn({ spooled: this.options.spool.size }, 'broker unreachable: spooling until it is back'))
    client.on('error', (err) => this.options.log.warn({ err: err.message }, 'MQTT connection error'))
    client.on('message', (topic, payload) => this.onMessage(topic, payload))
  }

  /** Checks a heartbeat or error set, writes it to the spool and sends what the spool holds. */
  enqueue (record: Omit<SpoolRecord, 'id'>): void {
    wirePayload(record.topic, record.payload)
    this.options.spool.append(record)
    void this.drain()
  }

  /** Clean shutdown: state "offline" (so the broker discards the Last Will unneeded), then DISCONNECT. */
  async stop (): Promise<void> {
    this.stopping = true
    const client = this.client
    if (client === undefined) return
    if (client.connected) {
      try {
        const offline = this.statePayload('offline')
        await withTimeout(client.publishAsync(agentTopic(this.options.agentId, 'state'), offline, { qos: 1, retain: true }), STOP_TIMEOUT_MS, 'offline state')
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message }, 'could not publish the offline state')
      }
    }
    // A graceful end waits for every acknowledgement; offline, or when they do not come, force it.
    try {
      await withTimeout(client.endAsync(!client.connected), STOP_TIMEOUT_MS, 'disconnect')
    } catch {
      await client.endAsync(true)
    }
  }

  private onConnect (): void {
    const { agentId, log, spool } = this.options
    this.attempts = 0
    this.client!.options.reconnectPeriod = this.backoff.minMs
    log.info({ spooled: spool.size, evicted: spool.evicted }, 'connected to the broker')
    // Birth and state go straight out, ahead of the backlog: they say who is back, now.
    try {
      this.client!.publish(agentTopic(agentId, 'birth'), wirePayload('birth', this.options.birth()), { qos: 1, retain: true })
      this.client!.publish(agentTopic(agentId, 'state'), this.statePayload('online'), { qos: 1, retain: true })
    } catch (err) {
      log.error({ err: (err as Error).message }, 'Birth not sent')
    }
    this.client!.subscribe(agentTopic(agentId, 'config'), { qos: 1 })
    this.emit('connect')
    void this.drain()
  }

  private onMessage (topic: string, payload: Buffer): void {
    if (topic !== agentTopic(this.options.agentId, 'config') || payload.length === 0) return
    const parsed = parsePayload(payload, checkConfig)
    if (!parsed.ok) {
      this.options.log.warn({ reason: parsed.reason, problem: parsed.message }, 'ignored an invalid config from the collector')
      return
    }
    this.emit('config', parsed.value)
  }

  /** Sends the spool in order while connected; one message in flight, paced for backlogs. */
  private async drain (): Promise<void> {
    if (this.draining) return
    this.draining = true
    try {
      const { spool, log } = this.options
      for (let record = spool.peek(); record !== undefined && this.connected && !this.stopping; record = spool.peek()) {
        let text: string
        try {
          // Checked again here: the record may come from the file an earlier run left.
          text = wirePayload(record.topic, record.payload)
        } catch (err) {
          log.error({ id: record.id, err: (err as Error).message }, 'dropped an invalid record from the spool')
          spool.ack(record.id)
          continue
        }
        await this.pace()
        const sentAt = this.options.clock.now()
        // A message in flight when the connection drops is resent by mqtt.js on reconnect; this waits for it.
        await this.client!.publishAsync(agentTopic(this.options.agentId, record.topic), text, { qos: 1, retain: record.topic === 'errors' })
        spool.ack(record.id)
        this.emit('acked', record, sentAt)
      }
    } catch (err) {
      if (!this.stopping) this.options.log.warn({ err: (err as Error).message }, 'send failed: the spool keeps the message')
    } finally {
      this.draining = false
    }
  }

  private async pace (): Promise<void> {
    const wait = this.lastSentAt + this.gapMs - Date.now()
    if (wait > 0) await sleep(wait)
    this.lastSentAt = Date.now()
  }

  private statePayload (state: AgentState['state']): string {
    return wirePayload('state', { v: 1, state, ts: new Date(this.options.clock.now()).toISOString() } satisfies AgentState)
  }
}
