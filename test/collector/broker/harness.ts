import { connect as netConnect, type Socket } from 'node:net'
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt'
import { pino } from 'pino'
import { startEmbeddedBroker, type EmbeddedBrokerOptions } from '../../../collector/broker/embedded-broker.js'
import type { AgentMessage, Broker, BrokerHooks } from '../../../collector/broker/types.js'
import { Metrics } from '../../../collector/metrics/counters.js'

/** The part of a tap test the helpers need: everything they start is stopped at its end. */
export interface Scope { teardown (fn: () => unknown): void }

/** Agents and their secrets in a map; ingest records every message and, by default, commits at once. */
export class FakeHooks implements BrokerHooks {
  readonly secrets = new Map<string, string>()
  readonly messages: AgentMessage[] = []
  onIngest: (message: AgentMessage, done: (err?: Error) => void) => void = (_message, done) => done()

  authenticateAgent (agentId: string, secret: string): boolean {
    return this.secrets.get(agentId) === secret
  }

  ingest (message: AgentMessage, done: (err?: Error) => void): void {
    this.messages.push(message)
    this.onIngest(message, done)
  }
}

export interface Harness {
  broker: Broker
  hooks: FakeHooks
  metrics: Metrics
  /** Every log line the broker wrote, parsed. */
  logs: Array<Record<string, unknown>>
}

export async function startHarness (t: Scope, options: Partial<EmbeddedBrokerOptions> = {}): Promise<Harness> {
  const hooks = new FakeHooks()
  const metrics = new Metrics()
  const logs: Array<Record<string, unknown>> = []
  const log = pino({ level: 'debug' }, { write: (line: string) => { logs.push(JSON.parse(line) as Record<string, unknown>) } })
  const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, hooks, metrics, log, ...options })
  t.teardown(() => broker.close())
  return { broker, hooks, metrics, logs }
}

/** An mqtt.js agent as PROTOCOL.md §1 has it: id = username, persistent session, no automatic reconnect. */
export async function connectAgent (t: Scope, url: string, agentId: string, secret: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAsync(url, {
    clientId: agentId,
    username: agentId,
    password: secret,
    clean: false,
    protocolVersion: 4,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: 2000,
    ...options
  })
  t.teardown(() => client.endAsync(true))
  return client
}

/** The error a refused connect rejects with (mqtt.js puts the CONNACK code in `code`). */
export async function connectRefusal (url: string, options: IClientOptions): Promise<{ code?: number, message: string }> {
  try {
    const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2000, ...options }, false)
    await client.endAsync(true)
  } catch (err) {
    return err as { code?: number, message: string }
  }
  throw new Error('connect was accepted')
}

export async function rawSocket (t: Scope, port: number): Promise<Socket> {
  const socket = netConnect({ host: '127.0.0.1', port })
  socket.on('error', () => {}) // the broker resetting a refused socket is the expected outcome
  t.teardown(() => { socket.destroy() })
  await new Promise((resolve) => socket.once('connect', resolve))
  return socket
}

/** Milliseconds until the peer closed the socket; rejects after `withinMs`. */
export function closedWithin (socket: Socket, withinMs: number): Promise<number> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    if (socket.closed) return resolve(0)
    const timer = setTimeout(() => reject(new Error(`socket still open after ${withinMs} ms`)), withinMs)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(Date.now() - started)
    })
    // A socket only notices the peer's FIN while it reads.
    socket.resume()
  })
}

/** Polls until `check` holds; rejects after `withinMs`. */
export async function eventually (check: () => boolean, withinMs = 2000): Promise<void> {
  const deadline = Date.now() + withinMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
