import type { Db } from './database.js'
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
  status: 'status', code: 'code', customer: 'customer', slc: 'slc', server: 'server', location: 'location',
  occurredAt: 'occurredAt', closedAt: 'closedAt', value: 'value'
}

export function orderBy (sort: string | undefined, columns: Record<string, string>, fallback: string): string {
  if (!sort) return fallback
  const desc = sort.startsWith('-')
  const column = columns[desc ? sort.slice(1) : sort]
  if (!column) throw new ListError(`sort: unknown field "${sort}"; expected one of ${Object.keys(columns).join(', ')} (prefix - for descending)`)
  return `${column} COLLATE NOCASE ${desc ? 'DESC' : 'ASC'}, ${fallback}`
}

export class ListError extends Error {}

function likePattern (q: string): string {
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

export interface ErrorFilter extends ListQuery {
  status?: Array<'new' | 'being_fixed' | 'closed'>
  serverId?: string
}

export function listErrors (db: Db, viewer: Viewer, f: ErrorFilter): Page<ErrorView> {
  const vis = visibilityWhere(viewer, 'v')
  const where = [vis.sql]
  const params = [...vis.params]
  where.push(inList('v.status', f.status?.length ? f.status : ['new', 'being_fixed']))
  if (f.serverId) {
    where.push('v.serverId = ?')
    params.push(f.serverId)
  }
  if (f.q) {
    where.push(`(v.customer LIKE ? ESCAPE '\\' OR v.slc LIKE ? ESCAPE '\\' OR v.server LIKE ? ESCAPE '\\')`)
    const like = likePattern(f.q)
    params.push(like, like, like)
  }
  return page<ErrorView>(db, 'error_view', where, params, orderBy(f.sort, ERROR_SORT, 'occurredAt DESC, id DESC'), f)
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
