import type { Logger } from 'pino'
import type { Db } from '../store/database.js'
import type { ChangeSet } from '../store/changes.js'
import { toServerStatus, type ServerStore } from '../store/servers.js'
import { toErrorItem, type ErrorStore } from '../store/errors.js'
import { latestOpenError, listErrors, listServers } from '../store/lists.js'
import { canSee, scopeKey, type Scope, type Viewer } from '../auth/viewer.js'
import type { Metrics } from '../metrics/counters.js'
import type { LiveTopic, MonitorState, ServerMessage } from '../../protocol/index.js'
import { EventRing, type HeldEvent } from './ring.js'

/** What the hub needs of a connected socket; the WebSocket route adapts `ws` to it. */
export interface LiveConnection {
  send (text: string): void
  bufferedAmount (): number
  /** Ends the connection at once, with a reason for the log and, if it still reads, for the client. */
  drop (code: number, reason: string): void
}

export interface LiveClient {
  viewer: Viewer
  topics: Set<LiveTopic>
  connection: LiveConnection
}

export interface LiveHubOptions {
  db: Db
  servers: ServerStore
  errors: ErrorStore
  metrics: Metrics
  log: Logger
  /** A client with more than this many bytes not yet taken by its socket is too slow and is dropped. */
  maxBufferedBytes?: number
  /** How many recent events are held for replay with `since`. */
  replayEvents?: number
}

/**
 * Fans committed changes out to every live client that may see them. Each event is serialised once;
 * sending never waits on a client: one that does not keep up is dropped, and the others never notice.
 */
export class LiveHub {
  readonly clients = new Set<LiveClient>()
  /** Starts at the start time (ms × 1000) so it keeps rising across collector restarts. */
  private seq = Date.now() * 1000
  private readonly ring: EventRing
  private readonly monitorByScope = new Map<string, string>()
  private readonly maxBufferedBytes: number

  constructor (private readonly o: LiveHubOptions) {
    this.ring = new EventRing(o.replayEvents ?? 10_000)
    this.maxBufferedBytes = o.maxBufferedBytes ?? 4 * 1024 * 1024
    o.metrics.describe('vigil_live_clients', 'gauge', 'Connected live-feed clients')
    o.metrics.describe('vigil_live_dropped_total', 'counter', 'Live-feed clients dropped, by reason')
  }

  get lastSeq (): number {
    return this.seq
  }

  add (client: LiveClient): void {
    this.clients.add(client)
    this.o.metrics.set('vigil_live_clients', this.clients.size)
  }

  remove (client: LiveClient): void {
    this.clients.delete(client)
    this.o.metrics.set('vigil_live_clients', this.clients.size)
  }

  /** Answers a subscribe: replay of held events after `since` where possible, else a snapshot per topic. */
  subscribe (client: LiveClient, topics: LiveTopic[], since?: number): void {
    client.topics = new Set(topics)
    if (since !== undefined && this.ring.holdsAfter(since, this.seq)) {
      for (const event of this.ring.after(since)) {
        if (this.shouldReceive(client, event)) this.deliver(client, event.text)
      }
      return
    }
    for (const topic of topics) {
      const message: ServerMessage = { type: 'snapshot', topic, seq: this.seq, items: this.snapshot(client.viewer, topic) } as ServerMessage
      this.deliver(client, JSON.stringify(message))
    }
  }

  /** Turns one committed change set into events. */
  publish (changes: ChangeSet): void {
    for (const serverId of changes.servers.keys()) {
      const view = this.o.servers.view(serverId)
      if (view) this.emit('servers', toServerStatus(view), { accountId: view.accountId, customerId: view.customerId })
    }
    for (const errorId of changes.errors) {
      const view = this.o.errors.view(errorId)
      if (view) this.emit('errors', toErrorItem(view), { accountId: view.accountId, customerId: view.customerId })
    }
    if (changes.errors.size > 0) this.refreshMonitors(changes.accounts)
  }

  ping (): void {
    const text = JSON.stringify({ type: 'ping' })
    for (const client of this.clients) this.deliver(client, text)
  }

  private snapshot (viewer: Viewer, topic: LiveTopic): unknown[] {
    if (topic === 'servers') return listServers(this.o.db, viewer, {}).items.map(toServerStatus)
    if (topic === 'errors') return listErrors(this.o.db, viewer, {}).items.map(toErrorItem)
    return [this.monitorState(viewer)]
  }

  private monitorState (viewer: Viewer): MonitorState {
    const latest = latestOpenError(this.o.db, viewer)
    return latest ? { state: 'error', latest: toErrorItem(latest) } : { state: 'ok', latest: null }
  }

  /**
   * Monitor mode is per audience: a customer-scoped NOC screen sees that customer's latest error. One
   * query per audience that is watching, and an event only when what it shows has changed.
   */
  private refreshMonitors (accounts: Set<number>): void {
    const audiences = new Map<string, Viewer>()
    for (const client of this.clients) {
      if (client.topics.has('monitor') && accounts.has(client.viewer.accountId)) audiences.set(scopeKey(client.viewer), client.viewer)
    }
    for (const [key, viewer] of audiences) {
      const state = this.monitorState(viewer)
      const text = JSON.stringify(state)
      if (this.monitorByScope.get(key) === text) continue
      this.monitorByScope.set(key, text)
      this.emit('monitor', state, { accountId: viewer.accountId, customerId: viewer.customerId }, key)
    }
  }

  private emit (topic: LiveTopic, item: unknown, scope: Scope, audience?: string): void {
    const seq = ++this.seq
    const event: HeldEvent = { seq, topic, scope, audience, text: JSON.stringify({ type: 'event', topic, seq, item }) }
    this.ring.push(event)
    for (const client of this.clients) {
      if (this.shouldReceive(client, event)) this.deliver(client, event.text)
    }
  }

  private shouldReceive (client: LiveClient, event: HeldEvent): boolean {
    if (!client.topics.has(event.topic)) return false
    if (event.audience !== undefined) return event.audience === scopeKey(client.viewer)
    return canSee(client.viewer, event.scope)
  }

  private deliver (client: LiveClient, text: string): void {
    if (client.connection.bufferedAmount() > this.maxBufferedBytes) {
      this.o.metrics.inc('vigil_live_dropped_total', { reason: 'slow' })
      this.o.log.warn({ user: client.viewer.email ?? client.viewer.kind, buffered: client.connection.bufferedAmount() }, 'live client too slow; dropped')
      this.remove(client)
      client.connection.drop(4008, 'too slow: the client did not read its events')
      return
    }
    client.connection.send(text)
  }
}
