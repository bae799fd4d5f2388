import { prepared, type Db } from './database.js'
import { InputError } from '../routes/input-error.js'
import { visibilityWhere, type Viewer } from '../auth/viewer.js'
import { ERROR_STATE_LABELS, MONITORING_STATUS_LABELS, type ErrorState, type MonitoringStatus } from '../../protocol/index.js'
import type { ServerView } from './servers.js'
import type { ErrorView } from './errors.js'

export interface ListQuery {
  q?: string
  sort?: string
  page?: number
  pageSize?: number
}

export interface Page<T> { items: T[], total: number }

/** Sortable columns: the API's field names mapped to the view's columns (never user text in SQL). */
const SERVER_SORT: Record<string, string> = {
  customer: 'customer', name: 'name', server: 'name', slc: 'slc', location: 'location',
  monitoringStatus: 'monitoringStatus', errorState: 'errorState', lastHeartbeat: 'lastHeartbeat',
  cpuPct: 'cpuPct', memPct: 'memPct', diskFreePct: 'diskFreePct'
}
const ERROR_SORT: Record<string, string> = {
  status: 'status', description: 'code', code: 'code', customer: 'customer', slc: 'slc', server: 'server', location: 'location',
  occurredAt: 'occurredAt', closedAt: 'closedAt', value: 'value'
}

export function orderBy (sort: string | undefined, columns: Record<string, string>, fallback: string): string {
  if (!sort) return fallback
  const desc = sort.startsWith('-')
  const column = columns[desc ? sort.slice(1) : sort]
  if (!column) throw new ListError(`sort: unknown field "${sort}"; expected one of ${Object.keys(columns).join(', ')} (prefix - for descending)`)
  return `${column} COLLATE NOCASE ${desc ? 'DESC' : 'ASC'}, ${fallback}`
}

/** A list query that cannot be answered: unknown sort field or filter value. */
export class ListError extends InputError {
  constructor (message: string) {
    super('bad_query', message)
  }
}

export function likePattern (q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`
}

/** Statuses whose label contains the search text, so "error det" finds Error detected. */
export function labelMatches<K extends string> (labels: Record<K, string>, q: string): K[] {
  const needle = q.trim().toLowerCase()
  return (Object.keys(labels) as K[]).filter((k) => labels[k].toLowerCase().includes(needle))
}

/** Values are status codes from our own enums (schema-checked at the route); anything else is refused. */
function inList (column: string, values: string[]): string {
  if (values.some((v) => !/^[a-z_]+$/.test(v))) throw new ListError(`not a status code: ${values.join(', ')}`)
  return values.length === 0 ? '0' : `${column} IN (${values.map((v) => `'${v}'`).join(',')})`
}

export interface ServerFilter extends ListQuery {
  monitoringStatus?: MonitoringStatus[]
  errorState?: ErrorState[]
}

export function listServers (db: Db, viewer: Viewer, f: ServerFilter): Page<ServerView> {
  const vis = visibilityWhere(viewer, 'v')
  const where = [vis.sql]
  const params = [...vis.params]
  if (f.q) {
    // Statuses are stored as codes and shown as labels; search matches what people see.
    where.push(`(v.customer LIKE ? ESCAPE '\\' OR v.name LIKE ? ESCAPE '\\' OR v.location LIKE ? ESCAPE '\\' OR v.slc LIKE ? ESCAPE '\\'
      OR ${inList('v.monitoringStatus', labelMatches(MONITORING_STATUS_LABELS, f.q))} OR ${inList('v.errorState', labelMatches(ERROR_STATE_LABELS, f.q))})`)
    const like = likePattern(f.q)
    params.push(like, like, like, like)
  }
  if (f.monitoringStatus?.length) where.push(inList('v.monitoringStatus', f.monitoringStatus))
  if (f.errorState?.length) where.push(inList('v.errorState', f.errorState))
  return page<ServerView>(db, 'server_view', where, params, orderBy(f.sort, SERVER_SORT, 'customer COLLATE NOCASE, name COLLATE NOCASE, serverId'), f)
}

/** The Errors page's Filter by status: "All active errors" is New and Being fixed, not hidden by a filter. */
export const ERROR_LIST_STATUSES = ['active', 'new', 'being_fixed', 'filtered', 'closed'] as const
export type ErrorListStatus = (typeof ERROR_LIST_STATUSES)[number]

/**
 * Each view of the Errors page as conditions on the error's own columns, which partial indexes match
 * (see migration 3), and as the buckets of `error_counts` its total sums.
 */
const ERROR_STATUS: Record<ErrorListStatus, { where: string, buckets: string }> = {
  active: { where: "v.lifecycle <> 'closed' AND v.filterId IS NULL", buckets: "('new', 'being_fixed')" },
  new: { where: "v.lifecycle <> 'closed' AND v.filterId IS NULL AND v.lifecycle = 'new'", buckets: "('new')" },
  being_fixed: { where: "v.lifecycle <> 'closed' AND v.filterId IS NULL AND v.lifecycle = 'being_fixed'", buckets: "('being_fixed')" },
  filtered: { where: "v.lifecycle <> 'closed' AND v.filterId IS NOT NULL", buckets: "('filtered')" },
  closed: { where: "v.lifecycle = 'closed'", buckets: "('closed')" }
}

/** A server with no heartbeat for this long is inactive: its errors show only when asked for. */
export const INACTIVE_AFTER_MS = 30 * 86_400_000

export interface ErrorFilter extends ListQuery {
  status?: ErrorListStatus
  code?: string
  serverId?: string
  /** Include errors of obsolete (upgraded or expired) licenses. */
  obsolete?: boolean
  /** Include servers with no heartbeat for 30 days. */
  inactive?: boolean
  now?: number
}

/**
 * The Errors page's conditions on the server an error belongs to, for `alias` (error_view or
 * server_view, whose server-name column is `serverColumn`).
 */
function serverWhere (viewer: Viewer, f: ErrorFilter, alias: string, serverColumn: string): { where: string[], params: unknown[] } {
  const vis = visibilityWhere(viewer, alias)
  const where = [vis.sql]
  const params = [...vis.params]
  if (f.serverId) {
    // A server's related errors are all of its errors, whatever its license or last heartbeat.
    where.push(`${alias}.serverId = ?`)
    params.push(f.serverId)
  } else {
    if (!f.obsolete) where.push(`${alias}.obsolete = 0`)
    if (!f.inactive) {
      where.push(`${alias}.lastSeenAt >= ?`)
      params.push((f.now ?? Date.now()) - INACTIVE_AFTER_MS)
    }
  }
  if (f.q) {
    where.push(`(${alias}.customer LIKE ? ESCAPE '\\' OR ${alias}.slc LIKE ? ESCAPE '\\' OR ${alias}.${serverColumn} LIKE ? ESCAPE '\\')`)
    const like = likePattern(f.q)
    params.push(like, like, like)
  }
  return { where, params }
}

export function listErrors (db: Db, viewer: Viewer, f: ErrorFilter): Page<ErrorView> {
  const status = ERROR_STATUS[f.status ?? 'active']
  const rows = serverWhere(viewer, f, 'v', 'server')
  rows.where.push(status.where)
  if (f.code) {
    rows.where.push('v.code = ?')
    rows.params.push(f.code)
  }
  const order = orderBy(f.sort, ERROR_SORT, 'occurredAt DESC, id DESC')
  const total = sumCounts(db, viewer, f, status.buckets)
  return { items: pageOf<ErrorView>(db, 'error_view', rows.where, rows.params, order, f), total }
}

/** How many errors of these buckets the page holds: a sum over its servers' counters. */
function sumCounts (db: Db, viewer: Viewer, f: ErrorFilter, buckets: string): number {
  const servers = serverWhere(viewer, f, 'v', 'name')
  const code = f.code ? ' AND ec.code = ?' : ''
  const row = prepared(db, `SELECT COALESCE(sum(ec.n), 0) AS n FROM server_view v JOIN error_counts ec ON ec.server_id = v.serverId
    WHERE ${servers.where.join(' AND ')} AND ec.bucket IN ${buckets}${code}`).get(...servers.params, ...(f.code ? [f.code] : [])) as { n: number }
  return row.n
}

export interface ErrorSummary {
  newErrors: number
  servers: number
  /** Errors that arrived (and are not hidden by a filter) per UTC hour, for a chart in any time zone. */
  hourly: Array<{ hour: string, count: number }>
}

/** The summary box and the "New errors the last 30 days" chart of the Errors page. */
export function errorSummary (db: Db, viewer: Viewer, f: ErrorFilter): ErrorSummary {
  const now = f.now ?? Date.now()
  const servers = serverWhere(viewer, { ...f, now }, 'v', 'name')
  const counts = db.prepare(`SELECT COALESCE(sum(ec.n) FILTER (WHERE ec.bucket = 'new'), 0) AS newErrors, count(DISTINCT ec.server_id) AS servers
    FROM server_view v JOIN error_counts ec ON ec.server_id = v.serverId
    WHERE ${servers.where.join(' AND ')} AND ec.bucket IN ('new', 'being_fixed') AND ec.n > 0`).get(...servers.params) as { newErrors: number, servers: number }
  const recent = serverWhere(viewer, { ...f, now }, 'v', 'server')
  const hourly = db.prepare(`SELECT substr(v.occurredAt, 1, 13) AS hour, count(*) AS count FROM error_view v
    WHERE v.occurredAt >= ? AND v.filterId IS NULL AND ${recent.where.join(' AND ')} GROUP BY hour ORDER BY hour`)
    .all(new Date(now - 31 * 86_400_000).toISOString(), ...recent.params) as Array<{ hour: string, count: number }>
  return { ...counts, hourly }
}

/**
 * The error Monitor mode shows: the latest active error the viewer may see, as the Errors page's first
 * row. It runs after every change to errors, so it walks the active-errors index from the newest
 * and stops at the first visible one, however long the history of closed errors.
 */
export function latestOpenError (db: Db, viewer: Viewer): ErrorView | null {
  const vis = visibilityWhere(viewer, 'v')
  // CROSS JOIN pins the loop order: newest active errors first, then their servers for visibility.
  // Left to itself the planner may start from the account's servers and sort all their errors.
  return (prepared(db, `SELECT v.* FROM errors e INDEXED BY errors_active_time CROSS JOIN error_view v ON v.id = e.id
    WHERE e.status <> 'closed' AND e.filter_id IS NULL AND ${vis.sql} ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1`)
    .get(...vis.params) as ErrorView | undefined) ?? null
}



function page<T> (db: Db, view: string, where: string[], params: unknown[], order: string, q: ListQuery): Page<T> {
  const total = (prepared(db, `SELECT count(*) AS n FROM ${view} v WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n
  return { items: pageOf<T>(db, view, where, params, order, q), total }
}

/** One page of rows; every row when no page size is asked for (live-feed snapshots). */
function pageOf<T> (db: Db, view: string, where: string[], params: unknown[], order: string, q: ListQuery): T[] {
  const clause = where.join(' AND ')
  if (q.pageSize === undefined) return prepared(db, `SELECT * FROM ${view} v WHERE ${clause} ORDER BY ${order}`).all(...params) as T[]
  const offset = ((q.page ?? 1) - 1) * q.pageSize
  return prepared(db, `SELECT * FROM ${view} v WHERE ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.pageSize, offset) as T[]
}
