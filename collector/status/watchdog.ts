import { ChangeSet } from '../store/changes.js'
import { every } from './every.js'
import type { IngestContext } from '../ingest/context.js'
import { siteSilent } from '../ingest/liveness.js'
import { settle } from './settle.js'

/**
 * Raises "No heartbeat from site" for every server whose heartbeat is two intervals overdue. Deadlines
 * live in the servers table (indexed), so a tick costs one index probe however large the fleet.
 */
export class HeartbeatWatchdog {
  private stopTimer: (() => void) | null = null

  constructor (private readonly ctx: IngestContext, private readonly onCommit: (changes: ChangeSet) => void, private readonly tickMs = 1000) {}

  /**
   * After a collector restart every agent needs time to reconnect: deadlines that passed while the
   * collector was down are moved to two intervals from now, so a restart raises no false alarms.
   */
  start (): void {
    const now = this.ctx.now()
    this.ctx.db.prepare('UPDATE servers SET deadline_at = MAX(deadline_at, ? + 2000 * heartbeat_interval_s) WHERE reporting = 1').run(now)
    this.stopTimer = every(this.tickMs, () => this.tick())
  }

  stop (): void {
    this.stopTimer?.()
    this.stopTimer = null
  }

  tick (): void {
    const now = this.ctx.now()
    const overdue = this.ctx.servers.overdue(now)
    if (overdue.length === 0) return
    const changes = new ChangeSet()
    try {
      this.ctx.db.transaction(() => {
        for (const server of overdue) {
          siteSilent(this.ctx, server, changes)
          settle(this.ctx, server.id, server.accountId, now, changes)
        }
      })()
    } catch (err) {
      this.ctx.log.error({ err }, 'could not record overdue heartbeats; will retry')
      return
    }
    this.ctx.log.info({ servers: overdue.map((s) => s.name) }, 'no heartbeat from site')
    this.onCommit(changes)
  }
}
