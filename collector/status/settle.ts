import type { ChangeSet } from '../store/changes.js'
import type { ErrorStore } from '../store/errors.js'
import type { ServerStore } from '../store/servers.js'
import type { FilterStore } from '../filters/filter-store.js'
import { decide, ignoresWholeServer } from '../filters/decide.js'

export interface SettleContext {
  errors: ErrorStore
  servers: ServerStore
  filters: FilterStore
}

/**
 * Brings one server up to date after anything that can change what it shows (an error set, a heartbeat
 * deadline, a status change by a person, a filter created, changed, expired or deleted, a threshold
 * passed): which open errors its active filters hide, then its Monitoring status and Error state.
 * Filters belong to one server, so this is the whole re-evaluation a filter change needs.
 */
export function settle (ctx: SettleContext, serverId: string, accountId: number, now: number, changes: ChangeSet): void {
  const filters = ctx.filters.activeForServer(serverId, now)
  for (const error of ctx.errors.open(serverId)) {
    const verdict = decide(error, filters, now)
    if (verdict.filterId === error.filterId && verdict.hiddenUntil === error.hiddenUntil) continue
    ctx.errors.setFilter(error.id, verdict.filterId, verdict.hiddenUntil)
    // Only hidden ⇄ shown is news for the live feed; which filter hides it is not.
    if ((verdict.filterId === null) !== (error.filterId === null)) changes.error(error.id, accountId)
  }
  if (ctx.servers.refreshStatus(serverId, now, ignoresWholeServer(filters))) changes.server(serverId, accountId)
}
