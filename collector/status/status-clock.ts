import { ChangeSet } from '../store/changes.js'
import { every } from './every.js'
import type { IngestContext } from '../ingest/context.js'
import { settle } from './settle.js'

/**
 * Time is an input of status: an error filter expires, a threshold filter stops hiding an error once
 * it has lasted long enough, a license's Care Plus ends. Each tick settles the servers where any of
 * these happened since the last one, so pages change live, within a tick, with no report needed.
 */
export class StatusClock {
  private stopTimer: (() => void) | null = null
  /** 0 at start: filters that expired while the collector was down are caught by the first tick. */
  private lastTick = 0

  constructor (private readonly ctx: IngestContext, private readonly onCommit: (changes: ChangeSet) => void, private readonly tickMs = 1000) {}

  start (): void {
    this.stopTimer = every(this.tickMs, () => this.tick())
  }

  stop (): void {
    this.stopTimer?.()
    this.stopTimer = null
  }

  tick (): void {
    const now = this.ctx.now()
    const due = new Map<string, number>()
    for (const { serverId, accountId } of this.ctx.errors.thresholdPassed(now)) due.set(serverId, accountId)
    for (const serverId of this.ctx.filters.expiredBetween(this.lastTick, now)) {
      const server = this.ctx.servers.byId(serverId)
      if (server) due.set(serverId, server.accountId)
    }
    for (const { serverId, accountId } of this.ctx.servers.careEndedBetween(this.lastTick, now)) due.set(serverId, accountId)
    if (due.size === 0) {
      this.lastTick = now
      return
    }
    const changes = new ChangeSet()
    try {
      this.ctx.db.transaction(() => {
        for (const [serverId, accountId] of due) settle(this.ctx, serverId, accountId, now, changes)
      })()
    } catch (err) {
      this.ctx.log.error({ err }, 'could not apply filter expiry, thresholds and Care ends; will retry')
      return
    }
    this.lastTick = now
    this.onCommit(changes)
  }
}
