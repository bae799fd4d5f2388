import type { Db } from './database.js'
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
function labelMatches<K extends string> (labels: Record<K, string>, q: string): K[] {
  const needle = q.toLowerCase()
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

const STATUS_WHERE: Record<ErrorListStatus, string> = {
  active: "v.status IN ('new', 'being_fixed')",
  new: "v.status = 'new'",
  being_fixed: "v.status = 'being_fixed'",
  filtered: "v.status = 'filtered'",
  closed: "v.status = 'closed'"
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

/** The WHERE of the Errors page, shared by its list and its summary. */
function errorWhere (viewer: Viewer, f: ErrorFilter, status: string, statusParams: unknown[] = []): { where: string[], params: unknown[] } {
  const vis = visibilityWhere(viewer, 'v')
  const where = [vis.sql, status]
  const params = [...vis.params, ...statusParams]
  if (f.serverId) {
    // A server's related errors are all of its errors, whatever its license or last heartbeat.
    where.push('v.serverId = ?')
    params.push(f.serverId)
  } else {
    if (!f.obsolete) where.push('v.obsolete = 0')
    if (!f.inactive) {
      where.push('v.lastSeenAt >= ?')
      params.push((f.now ?? Date.now()) - INACTIVE_AFTER_MS)
    }
  }
  if (f.code) {
    where.push('v.code = ?')
    params.push(f.code)
  }
  if (f.q) {
    where.push(`(v.customer LIKE ? ESCAPE '\\' OR v.slc LIKE ? ESCAPE '\\' OR v.server LIKE ? ESCAPE '\\')`)
    const like = likePattern(f.q)
    params.push(like, like, like)
  }
  return { where, params }
}

export function listErrors (db: Db, viewer: Viewer, f: ErrorFilter): Page<ErrorView> {
  const { where, params } = errorWhere(viewer, f, STATUS_WHERE[f.status ?? 'active'])
  return page<ErrorView>(db, 'error_view', where, params, orderBy(f.sort, ERROR_SORT, 'occurredAt DESC, id DESC'), f)
}

export interface ErrorSummary {
  newErrors: number
  servers: number
  /** Errors that arrived (and were not hidden by a filter) per UTC hour, for a chart in any time zone. */
  hourly: Array<{ hour: string, count: number }>
}

/** The summary box and the "New errors the last 30 days" chart of the Errors page. */
export function errorSummary (db: Db, viewer: Viewer, f: ErrorFilter): ErrorSummary {
  const now = f.now ?? Date.now()
  const active = errorWhere(viewer, { ...f, now }, STATUS_WHERE.active)
  const counts = db.prepare(`SELECT count(*) FILTER (WHERE v.status = 'new') AS newErrors, count(DISTINCT v.serverId) AS servers
    FROM error_view v WHERE ${active.where.join(' AND ')}`).get(...active.params) as { newErrors: number, servers: number }
  const since = new Date(now - 31 * 86_400_000).toISOString()
  const recent = errorWhere(viewer, { ...f, now }, 'v.filterId IS NULL AND v.occurredAt >= ?', [since])
  const hourly = db.prepare(`SELECT substr(v.occurredAt, 1, 13) AS hour, count(*) AS count FROM error_view v
    WHERE ${recent.where.join(' AND ')} GROUP BY hour ORDER BY hour`).all(...recent.params) as Array<{ hour: string, count: number }>
  return { ...counts, hourly }
}

/** The error Monitor mode shows: the most recently raised open error the viewer may see. */
export function latestOpenError (db: Db, viewer: Viewer): ErrorView | null {
  const vis = visibilityWhere(viewer, 'v')
  return (db.prepare(`SELECT * FROM error_view v WHERE ${vis.sql} AND v.status IN ('new', 'being_fixed') ORDER BY v.id DESC LIMIT 1`)
    .get(...vis.params) as ErrorView | undefined) ?? null
}

function page<T> (db: Db, view: string, where: string[], params: unknown[], order: string, q: ListQuery): Page<T> {
  const clause = where.join(' AND ')
  const total = (db.prepare(`SELECT count(*) AS n FROM ${view} v WHERE ${clause}`).get(...params) as { n: number }).n
  if (q.pageSize === undefined) {
    return { items: db.prepare(`SELECT * FROM ${view} v WHERE ${clause} ORDER BY ${order}`).all(...params) as T[], total }
  }
  const offset = ((q.page ?? 1) - 1) * q.pageSize
  const items = db.prepare(`SELECT * FROM ${view} v WHERE ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.pageSize, offset) as T[]
  return { items, total }
}
