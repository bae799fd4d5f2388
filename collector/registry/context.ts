import type { Db } from '../store/database.js'
import type { ServerStore } from '../store/servers.js'
import type { ErrorStore } from '../store/errors.js'
import type { FilterStore } from '../filters/filter-store.js'
import type { Registry } from '../store/registry.js'
import { ChangeSet } from '../store/changes.js'
import { settle } from '../status/settle.js'
import { dayOf } from './care.js'
import { ApiFailure } from '../routes/input-error.js'
import { placeholders } from './sql.js'

/** What the registry's operations need of the collector's services (a subset, so tests and benches can pass their own). */
export interface RegistryContext {
  db: Db
  servers: ServerStore
  errors: ErrorStore
  filters: FilterStore
  registry: Registry
}

/** The clock of one request: every rule in it sees the same now and today. */
export interface Clock { now: number, today: string }

export function clockAt (now = Date.now()): Clock {
  return { now, today: dayOf(now) }
}

/** 404 and 409 answers with their own `error` code (already_registered, customer_exists, …); 400s are InputError. */
export class RegistryError extends ApiFailure {
  constructor (statusCode: 404 | 409, error: string, message: string) {
    super(statusCode, error, message)
  }
}

export function notFound (what: string, id: number | string): never {
  throw new RegistryError(404, 'not_found', `no ${what} ${id}`)
}

/**
 * Re-evaluates the servers of some licenses after a change that moves their status or what the live
 * feed shows of them (Care, customer, upgrade, removal), inside the caller's transaction; the caller
 * commits `changes` afterwards.
 */
export function settleLicenses (ctx: RegistryContext, licenseIds: number[], now: number, changes: ChangeSet): void {
  if (licenseIds.length === 0) return
  const rows = ctx.db.prepare(`SELECT id, account_id AS accountId FROM servers WHERE license_id IN (${placeholders(licenseIds.length)})`)
    .all(...licenseIds) as Array<{ id: string, accountId: number }>
  settleServers(ctx, rows, now, changes)
}

export function settleServers (ctx: RegistryContext, servers: Array<{ id: string, accountId: number }>, now: number, changes: ChangeSet): void {
  for (const s of servers) {
    settle(ctx, s.id, s.accountId, now, changes)
    // The customer, SLC or location shown for it may have changed even when its status did not.
    changes.server(s.id, s.accountId)
  }
}

export { ChangeSet }
