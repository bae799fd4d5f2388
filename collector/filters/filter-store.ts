import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database.js'
import { visibilityWhere, type Viewer } from '../auth/viewer.js'
import { describeError, toErrorCode } from '../../protocol/index.js'
import { likePattern, orderBy, type ListQuery, type Page } from '../store/lists.js'
import type { DurationId, FilterAction } from './actions.js'
import type { FilterRule } from './decide.js'

export interface FilterRow {
  id: number
  accountId: number
  customerId: number
  licenseId: number
  serverId: string
  code: string | null
  value: string | null
  action: FilterAction
  duration: DurationId
  thresholdS: number
  createdAt: number
  expiresAt: number | null
}

/** An error filter as the API shows it. */
export interface FilterView extends Omit<FilterRow, 'createdAt' | 'expiresAt'> {
  createdAt: string
  expiresAt: string | null
  customer: string
  slc: string
  server: string
  description: string
  active: boolean
}

const ROW = `f.id, f.account_id AS accountId, f.customer_id AS customerId, f.license_id AS licenseId, f.server_id AS serverId,
  f.code, f.value, f.action, f.duration, f.threshold_s AS thresholdS, f.created_at AS createdAt, f.expires_at AS expiresAt`
const VIEW = `SELECT ${ROW}, c.name AS customer, l.slc AS slc, s.name AS server
  FROM error_filters f JOIN customers c ON c.id = f.customer_id JOIN licenses l ON l.id = f.license_id JOIN servers s ON s.id = f.server_id`
const SORT: Record<string, string> = { createdAt: 'createdAt', duration: 'duration', description: 'code', customer: 'customer', server: 'server', slc: 'slc', expiresAt: 'expiresAt' }

type RawView = FilterRow & { customer: string, slc: string, server: string }

export class FilterStore {
  private readonly q: Record<string, Statement>

  constructor (private readonly db: Db) {
    this.q = {
      activeForServer: db.prepare(`SELECT id, code, value, action, threshold_s AS thresholdS FROM error_filters
        WHERE server_id = ? AND (expires_at IS NULL OR expires_at > ?)`),
      byId: db.prepare(`${VIEW} WHERE f.id = ?`),
      insert: db.prepare(`INSERT INTO error_filters (account_id, customer_id, license_id, server_id, code, value, action, duration, threshold_s, created_at, expires_at, created_by)
        VALUES (@accountId, @customerId, @licenseId, @serverId, @code, @value, @action, @duration, @thresholdS, @createdAt, @expiresAt, @createdBy)`),
      update: db.prepare(`UPDATE error_filters SET code = @code, action = @action, duration = @duration, threshold_s = @thresholdS, expires_at = @expiresAt WHERE id = @id`),
      delete: db.prepare('DELETE FROM error_filters WHERE id = ?'),
      hiding: db.prepare(`SELECT id FROM errors WHERE filter_id = ? AND status <> 'closed'`),
      expiringBy: db.prepare(`SELECT DISTINCT server_id AS serverId FROM error_filters WHERE expires_at > ? AND expires_at <= ?`)
    }
  }

  activeForServer (serverId: string, now: number): FilterRule[] {
    return this.q.activeForServer!.all(serverId, now) as FilterRule[]
  }

  get (id: number, now: number): FilterView | null {
    const raw = this.q.byId!.get(id) as RawView | undefined
    return raw ? toView(raw, now) : null
  }

  create (f: Omit<FilterRow, 'id'> & { createdBy: number | null }): number {
    return Number(this.q.insert!.run(f).lastInsertRowid)
  }

  update (f: Pick<FilterRow, 'id' | 'code' | 'action' | 'duration' | 'thresholdS' | 'expiresAt'>): void {
    this.q.update!.run(f)
  }

  /** Deletes a filter; returns the open errors it was hiding (the foreign key lets go of them). */
  delete (id: number): number[] {
    const hidden = (this.q.hiding!.all(id) as Array<{ id: number }>).map((r) => r.id)
    this.q.delete!.run(id)
    return hidden
  }

  /** Servers with a filter that expired after `since` and by `now`: their errors come back. */
  expiredBetween (since: number, now: number): string[] {
    return (this.q.expiringBy!.all(since, now) as Array<{ serverId: string }>).map((r) => r.serverId)
  }

  list (viewer: Viewer, query: ListQuery, now: number): Page<FilterView> {
    const vis = visibilityWhere(viewer, 'v')
    const where = [vis.sql]
    const params: unknown[] = [...vis.params]
    if (query.q) {
      where.push("(v.customer LIKE ? ESCAPE '\\' OR v.slc LIKE ? ESCAPE '\\' OR v.server LIKE ? ESCAPE '\\' OR v.code LIKE ? ESCAPE '\\')")
      const like = likePattern(query.q)
      params.push(like, like, like, likePattern(toErrorCode(query.q)))
    }
    const from = `FROM (${VIEW}) v WHERE ${where.join(' AND ')}`
    const total = (this.db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n
    const size = query.pageSize ?? 25
    const rows = this.db.prepare(`SELECT * ${from} ORDER BY ${orderBy(query.sort, SORT, 'createdAt DESC, id DESC')} LIMIT ? OFFSET ?`)
      .all(...params, size, ((query.page ?? 1) - 1) * size) as RawView[]
    return { items: rows.map((r) => toView(r, now)), total }
  }
}

function toView (raw: RawView, now: number): FilterView {
  return {
    id: raw.id,
    accountId: raw.accountId,
    customerId: raw.customerId,
    licenseId: raw.licenseId,
    serverId: raw.serverId,
    code: raw.code,
    value: raw.value,
    action: raw.action,
    duration: raw.duration,
    thresholdS: raw.thresholdS,
    createdAt: new Date(raw.createdAt).toISOString(),
    expiresAt: raw.expiresAt === null ? null : new Date(raw.expiresAt).toISOString(),
    customer: raw.customer,
    slc: raw.slc,
    server: raw.server,
    description: raw.code === null ? 'All errors' : describeError(raw.code).description,
    active: raw.expiresAt === null || raw.expiresAt > now
  }
}
