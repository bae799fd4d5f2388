import type { Statement } from 'better-sqlite3'
import type { Db } from './database.js'
import { describeError, type ErrorItem, type ErrorStatus } from '../../protocol/index.js'

export interface OpenErrorRow {
  id: number
  code: string
  value: string
  status: 'new' | 'being_fixed'
  raisedBy: 'agent' | 'collector'
  occurredAt: string
  filterId: number | null
  hiddenUntil: number | null
}

export type ErrorView = Omit<ErrorItem, 'description' | 'type' | 'level'> & {
  detail: string | null
  lifecycle: 'new' | 'being_fixed' | 'closed'
  filterId: number | null
  hiddenUntil: number | null
  accountId: number
  customerId: number | null
  licenseId: number | null
}

/** Error rows and their lifecycle: New → (Being fixed ⇄ New) → Closed when no longer reported. */
export class ErrorStore {
  private readonly q: Record<string, Statement>

  constructor (db: Db) {
    this.q = {
      open: db.prepare(`SELECT id, code, value, status, raised_by AS raisedBy, occurred_at AS occurredAt, filter_id AS filterId,
        hidden_until AS hiddenUntil FROM errors WHERE server_id = ? AND status <> 'closed'`),
      setFilter: db.prepare('UPDATE errors SET filter_id = ?, hidden_until = ? WHERE id = ?'),
      thresholdPassed: db.prepare(`SELECT DISTINCT e.server_id AS serverId, s.account_id AS accountId FROM errors e
        JOIN servers s ON s.id = e.server_id WHERE e.hidden_until <= ? AND e.status <> 'closed'`),
      insert: db.prepare(`INSERT INTO errors (server_id, code, value, detail, status, raised_by, occurred_at, last_reported_at)
        VALUES (?, ?, ?, ?, 'new', ?, ?, ?)`),
      touch: db.prepare('UPDATE errors SET last_reported_at = ?, detail = ? WHERE id = ?'),
      close: db.prepare(`UPDATE errors SET status = 'closed', closed_at = ? WHERE id = ? AND status <> 'closed'`),
      view: db.prepare('SELECT * FROM error_view WHERE id = ?'),
      setStatus: db.prepare(`UPDATE errors SET status = ? WHERE id = ? AND status IN ('new', 'being_fixed')`)
    }
  }

  open (serverId: string): OpenErrorRow[] {
    return this.q.open!.all(serverId) as OpenErrorRow[]
  }

  raise (serverId: string, e: { code: string, value: string, detail?: string | null, raisedBy: 'agent' | 'collector', occurredAt: string }): number {
    return Number(this.q.insert!.run(serverId, e.code, e.value, e.detail ?? null, e.raisedBy, e.occurredAt, e.occurredAt).lastInsertRowid)
  }

  touch (errorId: number, reportedAt: string, detail: string | null): void {
    this.q.touch!.run(reportedAt, detail, errorId)
  }

  close (errorId: number, closedAt: string): boolean {
    return this.q.close!.run(closedAt, errorId).changes === 1
  }

  /** Records which filter hides the error now (null: none), and until when for a threshold filter. */
  setFilter (errorId: number, filterId: number | null, hiddenUntil: number | null): void {
    this.q.setFilter!.run(filterId, hiddenUntil, errorId)
  }

  /** Servers with an error whose filter threshold has passed by `now`: it counts from now on. */
  thresholdPassed (now: number): Array<{ serverId: string, accountId: number }> {
    return this.q.thresholdPassed!.all(now) as Array<{ serverId: string, accountId: number }>
  }

  setStatus (errorId: number, status: 'new' | 'being_fixed'): boolean {
    return this.q.setStatus!.run(status, errorId).changes === 1
  }

  view (errorId: number): ErrorView | null {
    return (this.q.view!.get(errorId) as ErrorView | undefined) ?? null
  }
}

/** ErrorItem as the wire carries it: the catalog supplies description, type and level. */
export function toErrorItem (v: ErrorView): ErrorItem {
  const known = describeError(v.code)
  return {
    id: v.id,
    status: v.status as ErrorStatus,
    code: v.code,
    description: known.description,
    type: known.type,
    level: known.level,
    value: v.value,
    customer: v.customer,
    slc: v.slc,
    serverId: v.serverId,
    server: v.server,
    location: v.location,
    occurredAt: v.occurredAt,
    closedAt: v.closedAt
  }
}
