import { NO_HEARTBEAT_CODE } from '../../protocol/index.js'
import type { ChangeSet } from '../store/changes.js'
import type { ServerRow } from '../store/servers.js'
import type { IngestContext } from './context.js'

/**
 * A fresh sign of life (birth, online, a live heartbeat): pushes the heartbeat deadline out and closes
 * the collector's own "No heartbeat from site" error.
 */
export function signOfLife (ctx: IngestContext, server: ServerRow, changes: ChangeSet): void {
  const now = ctx.now()
  ctx.servers.markAlive(server.id, now, server.heartbeatIntervalS)
  if (server.reporting !== 1) {
    const at = new Date(now).toISOString()
    for (const open of ctx.errors.open(server.id)) {
      if (open.raisedBy === 'collector' && open.code === NO_HEARTBEAT_CODE && ctx.errors.close(open.id, at)) changes.error(open.id, server.accountId)
    }
    server.reporting = 1
    changes.reassess(server.id, server.accountId)
  }
  changes.server(server.id, server.accountId)
}

/** The site went silent (overdue heartbeat or Last Will): "Not reporting" and "No heartbeat from site". */
export function siteSilent (ctx: IngestContext, server: ServerRow, changes: ChangeSet): void {
  ctx.servers.markGone(server.id)
  server.reporting = 0
  const already = ctx.errors.open(server.id).some((e) => e.code === NO_HEARTBEAT_CODE && e.raisedBy === 'collector')
  if (!already) {
    const id = ctx.errors.raise(server.id, { code: NO_HEARTBEAT_CODE, value: server.name, raisedBy: 'collector', occurredAt: new Date(ctx.now()).toISOString() })
    changes.error(id, server.accountId)
  }
  changes.reassess(server.id, server.accountId)
}

/**
 * Tells a live heartbeat from one an agent buffered while offline, without trusting the agent's clock:
 * the smallest delay (arrival − ts) seen from an agent is its clock offset plus network latency, and a
 * heartbeat arriving much later than that was buffered.
 */
export class FreshnessTracker {
  private readonly minDelay = new Map<string, number>()

  /** Called with birth and online messages, which are always sent live. */
  calibrate (agentId: string, ts: string, receivedAt: number): void {
    this.minDelay.set(agentId, receivedAt - Date.parse(ts))
  }

  isFresh (agentId: string, ts: string, receivedAt: number, intervalS: number): boolean {
    const delay = receivedAt - Date.parse(ts)
    const known = this.minDelay.get(agentId)
    if (known === undefined || delay < known) {
      this.minDelay.set(agentId, delay)
      return true
    }
    return delay - known < 2 * intervalS * 1000
  }

  forget (agentId: string): void {
    this.minDelay.delete(agentId)
  }
}
