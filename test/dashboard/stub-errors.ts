/**
 * The errors half of the stub API (stub-api.ts): `GET/PATCH /api/v1/errors…`, the summary of the chart,
 * and `/api/v1/error-filters…` with /choices, as the contract of issue 4 words them. Filters really hide
 * the errors they match (status "filtered", live events, the server's error state), so the pages can be
 * driven end to end without the collector. Data are made up but shaped like a partner's fleet.
 */
import { ERROR_CATALOG, describeError } from '../../protocol/index.js'

export type Row = Record<string, unknown>
type Status = 'new' | 'being_fixed' | 'closed' | 'filtered'

/** A stub error: the ErrorItem plus what the stub needs to decide its status and scope. */
export interface StubError {
  id: number, status: Status, code: string, description: string, type: string, level: string, value: string
  customer: string, slc: string | null, serverId: string, server: string, location: string | null
  occurredAt: string, closedAt: string | null
  /** The status a person gave it (New / Being fixed) under any filter. */
  base: 'new' | 'being_fixed'
  detail: string | null
  obsolete: boolean
  inactive: boolean
}

export interface StubFilter {
  id: number, createdAt: string, customerId: number, customer: string, licenseId: number, slc: string
  serverId: string, server: string, code: string | null, description: string, value: string | null
  action: string, duration: string, expiresAt: string | null, thresholdS: number, active: boolean
}

export const DURATIONS = [
  { id: '1h', label: '1 hour' }, { id: '8h', label: '8 hours' }, { id: '24h', label: '24 hours' },
  { id: '3d', label: '3 days' }, { id: '7d', label: '1 week' }, { id: '14d', label: '2 weeks' },
  { id: '30d', label: '30 days' }, { id: '90d', label: '90 days' }, { id: 'forever', label: 'Forever' }
]
const DURATION_MS: Record<string, number> = { '1h': 3600e3, '8h': 8 * 3600e3, '24h': 86400e3, '3d': 3 * 86400e3, '7d': 7 * 86400e3, '14d': 14 * 86400e3, '30d': 30 * 86400e3, '90d': 90 * 86400e3 }
export const THRESHOLDS = [
  { seconds: 0, label: 'None' }, { seconds: 300, label: '5 minutes' }, { seconds: 900, label: '15 minutes' },
  { seconds: 1800, label: '30 minutes' }, { seconds: 3600, label: '1 hour' }, { seconds: 7200, label: '2 hours' },
  { seconds: 21600, label: '6 hours' }, { seconds: 43200, label: '12 hours' }, { seconds: 86400, label: '24 hours' }
]
export const ACTIONS = [
  { id: 'ignore_error_from_device', label: 'Ignore a specific error from a device', levels: ['Device'], needsValue: true, needsCode: true },
  { id: 'ignore_error_on_server', label: 'Ignore a specific error for the entire server', levels: ['Device', 'System'], needsValue: false, needsCode: true },
  { id: 'ignore_all_from_device', label: 'Ignore all errors from the device', levels: ['Device'], needsValue: true, needsCode: false },
  { id: 'ignore_all_from_server', label: 'Ignore all errors from this server', levels: ['Device', 'System'], needsValue: false, needsCode: false },
  { id: 'do_not_monitor', label: 'Do not monitor the system', levels: ['Device', 'System'], needsValue: false, needsCode: false }
]

const SORTS: Record<string, (e: StubError) => string | number> = {
  status: (e) => e.status, description: (e) => e.code, code: (e) => e.code, customer: (e) => e.customer, slc: (e) => e.slc ?? '',
  server: (e) => e.server, location: (e) => e.location ?? '', occurredAt: (e) => e.occurredAt, closedAt: (e) => e.closedAt ?? '', value: (e) => e.value
}
const FILTER_SORTS: Record<string, (f: StubFilter) => string | number> = {
  createdAt: (f) => Date.parse(f.createdAt), duration: (f) => f.duration, description: (f) => f.code ?? '',
  customer: (f) => f.customer, server: (f) => f.server, slc: (f) => f.slc, expiresAt: (f) => f.expiresAt ?? ''
}
const STATUSES = ['active', 'new', 'being_fixed', 'filtered', 'closed']

export class HttpError extends Error {
  constructor (readonly status: number, readonly error: string, message: string) { super(message) }
}

const fold = (s: unknown): string => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()

function sorted<T> (items: T[], sort: string | null, table: Record<string, (x: T) => string | number>, fallback: string, id: (x: T) => number): T[] {
  const s = sort || fallback
  const desc = s.startsWith('-')
  const key = table[desc ? s.slice(1) : s]
  if (!key) throw new HttpError(400, 'validation', `sort: unknown field "${s}"; expected one of ${Object.keys(table).join(', ')} (prefix - for descending)`)
  const coll = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
  return [...items].sort((a, b) => {
    const x = key(a); const y = key(b)
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : coll.compare(String(x), String(y))
    return (desc ? -c : c) || id(b) - id(a)
  })
}

function paged<T> (items: T[], url: URL): { items: T[], total: number } {
  const size = Number(url.searchParams.get('pageSize') ?? 25)
  if (![10, 25, 50, 100].includes(size)) throw new HttpError(400, 'validation', 'pageSize: expected 10, 25, 50 or 100')
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  return { items: items.slice((page - 1) * size, page * size), total: items.length }
}

/** A day "YYYY-MM-DD" of an instant in a time zone. */
function dayIn (ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms))
}

export interface ErrorsStubOptions {
  servers: Map<string, Row>
  errors: StubError[]
  filters: StubFilter[]
  emit (topic: 'errors' | 'servers', item: unknown): void
  now?: () => number
}

export function createErrorsStub (opts: ErrorsStubOptions) {
  const now = opts.now ?? Date.now
  const errors = new Map<number, StubError>(opts.errors.map((e) => [e.id, { ...e }]))
  const filters = new Map<number, StubFilter>(opts.filters.map((f) => [f.id, { ...f }]))
  let nextErrorId = Math.max(5000, ...errors.keys()) + 1
  let nextFilterId = Math.max(100, ...filters.keys()) + 1
  const queries: URLSearchParams[] = []

  const item = (e: StubError): Row => {
    const { base: _b, detail: _d, obsolete: _o, inactive: _i, ...rest } = e
    return rest
  }

  function customersChoice (): Row[] {
    const byCustomer = new Map<string, { id: number, name: string, licenses: Map<string, { id: number, slc: string, servers: Row[] }> }>()
    const sortedServers = [...opts.servers.values()].sort((a, b) => String(a.serverId).localeCompare(String(b.serverId)))
    for (const s of sortedServers) {
      const name = String(s.customer)
      if (!byCustomer.has(name)) byCustomer.set(name, { id: byCustomer.size + 1, name, licenses: new Map() })
      const c = byCustomer.get(name)!
      const slc = String(s.slc)
      if (!c.licenses.has(slc)) c.licenses.set(slc, { id: 100 * c.id + c.licenses.size + 1, slc, servers: [] })
      c.licenses.get(slc)!.servers.push({ id: s.serverId, name: s.name })
    }
    return [...byCustomer.values()].map((c) => ({ id: c.id, name: c.name, licenses: [...c.licenses.values()] }))
  }

  function matches (f: StubFilter, e: StubError): boolean {
    if (!f.active || f.serverId !== e.serverId) return false
    switch (f.action) {
      case 'ignore_error_from_device': return e.code === f.code && e.value === f.value
      case 'ignore_error_on_server': return e.code === f.code
      case 'ignore_all_from_device': return e.value === f.value
      default: return true // ignore_all_from_server, do_not_monitor
    }
  }
  const filterOf = (e: StubError): StubFilter | undefined => [...filters.values()].find((f) => matches(f, e))

  function serverErrorState (serverId: string): string {
    const open = [...errors.values()].filter((e) => e.serverId === serverId && e.status !== 'closed')
    if (open.some((e) => e.status === 'new')) return 'error_detected'
    if (open.some((e) => e.status === 'being_fixed')) return 'error_being_fixed'
    if (open.some((e) => e.status === 'filtered')) return 'filtered_error'
    return 'no_errors'
  }

  /** After a filter changed: every open error gets the status the filters give it; events for the changed. */
  function reapply (...changedServers: string[]): void {
    const touched = new Set<string>(changedServers)
    for (const e of errors.values()) {
      if (e.status === 'closed') continue
      const next: Status = filterOf(e) ? 'filtered' : e.base
      if (next !== e.status) { e.status = next; touched.add(e.serverId); opts.emit('errors', item(e)) }
    }
    for (const s of opts.servers.values()) {
      const allFiltered = [...filters.values()].some((f) => f.active && f.serverId === s.serverId && (f.action === 'ignore_all_from_server' || f.action === 'do_not_monitor'))
      const monitoring = allFiltered ? 'all_errors_filtered' : s.monitoringStatus === 'all_errors_filtered' ? 'monitored' : s.monitoringStatus
      const errorState = s.errorState === 'none' ? 'none' : serverErrorState(String(s.serverId))
      if (monitoring !== s.monitoringStatus || (touched.has(String(s.serverId)) && errorState !== s.errorState)) {
        const next = { ...s, monitoringStatus: monitoring, errorState }
        opts.servers.set(String(s.serverId), next)
        opts.emit('servers', next)
      }
    }
  }

  function inScope (e: StubError, url: URL): boolean {
    return (!e.obsolete || url.searchParams.get('obsolete') === 'true') && (!e.inactive || url.searchParams.get('inactive') === 'true')
  }

  function listErrors (url: URL): Row {
    queries.push(url.searchParams)
    const status = url.searchParams.get('status') || 'active'
    if (!STATUSES.includes(status)) throw new HttpError(400, 'validation', `status: unknown value "${status}"; expected any of ${STATUSES.join(', ')}`)
    const code = url.searchParams.get('code')
    const serverId = url.searchParams.get('serverId')
    const terms = fold(url.searchParams.get('q')).split(/\s+/).filter(Boolean)
    const list = [...errors.values()].filter((e) =>
      (serverId !== null || inScope(e, url)) && // one server's errors (Related errors): whatever its license or heartbeat
      (status === 'active' ? e.status === 'new' || e.status === 'being_fixed' : e.status === status) &&
      (!code || e.code === code) && (!serverId || e.serverId === serverId) &&
      terms.every((t) => fold(`${e.slc ?? ''} ${e.customer} ${e.server}`).includes(t)))
    const page = paged(sorted(list, url.searchParams.get('sort'), SORTS, '-occurredAt', (e) => e.id), url)
    return { items: page.items.map(item), total: page.total }
  }

  function summary (url: URL): Row {
    const tz = url.searchParams.get('tz') || 'UTC'
    try { new Intl.DateTimeFormat('en', { timeZone: tz }) } catch { throw new HttpError(400, 'validation', `tz: unknown time zone "${tz}"`) }
    const scoped = [...errors.values()].filter((e) => inScope(e, url))
    const counts = new Map<string, number>()
    // like the collector: every error raised that day (closed ones too) that no filter hides
    for (const e of scoped) { if (e.status === 'filtered') continue; const d = dayIn(Date.parse(e.occurredAt), tz); counts.set(d, (counts.get(d) ?? 0) + 1) }
    const days: Row[] = []
    const t = now()
    for (let i = 29; i >= 0; i--) { const d = dayIn(t - i * 86400e3, tz); days.push({ date: d, count: counts.get(d) ?? 0 }) }
    const active = scoped.filter((e) => e.status === 'new' || e.status === 'being_fixed')
    return { newErrors: scoped.filter((e) => e.status === 'new').length, servers: new Set(active.map((e) => e.serverId)).size, updatedAt: new Date(t).toISOString(), timeZone: tz, days }
  }

  function details (e: StubError): Row {
    const f = e.status === 'filtered' ? filterOf(e) : undefined
    return { ...item(e), solution: describeError(e.code).solution, detail: e.detail, filterId: f?.id ?? null, hiddenUntil: null }
  }

  function findError (id: string): StubError {
    const e = errors.get(Number(id))
    if (!e) throw new HttpError(404, 'not_found', `no error ${id}`)
    return e
  }
  function findFilter (id: string): StubFilter {
    const f = filters.get(Number(id))
    if (!f) throw new HttpError(404, 'not_found', `no error filter ${id}`)
    return f
  }

  function checkCommon (body: Row, f: Partial<StubFilter>): void {
    if (body.action !== undefined && !ACTIONS.some((a) => a.id === body.action)) throw new HttpError(400, 'validation', `action: unknown value "${String(body.action)}"`)
    if (body.duration !== undefined && !DURATIONS.some((d) => d.id === body.duration)) throw new HttpError(400, 'validation', `duration: unknown value "${String(body.duration)}"`)
    if (body.duration === undefined && f.duration === undefined) throw new HttpError(400, 'validation', 'body must have required property \'duration\'')
    if (body.thresholdS !== undefined && !THRESHOLDS.some((t) => t.seconds === body.thresholdS)) throw new HttpError(400, 'validation', `threshold: expected one of ${THRESHOLDS.map((t) => t.seconds).join(', ')} seconds`)
    if (body.code !== undefined && body.code !== null && !ERROR_CATALOG.some((c) => c.code === body.code)) throw new HttpError(400, 'validation', `code: unknown error description "${String(body.code)}"`)
    if (body.code !== undefined) { f.code = body.code as string | null; f.description = f.code ? describeError(f.code).description : 'All errors' }
    if (body.action !== undefined) f.action = String(body.action)
    if (body.thresholdS !== undefined) f.thresholdS = body.thresholdS as number
    if (body.duration !== undefined) {
      f.duration = String(body.duration)
      const ms = DURATION_MS[f.duration]
      f.expiresAt = ms === undefined ? null : new Date(Date.parse(f.createdAt ?? new Date(now()).toISOString()) + ms).toISOString()
      f.active = f.expiresAt === null || Date.parse(f.expiresAt) > now()
    }
  }

  /** The collector's checks (collector/filters/check.ts), in its order and with its messages. */
  function createFilter (body: Row): StubFilter {
    const customers = customersChoice()
    if (body.customerId === undefined) throw new HttpError(400, 'validation', 'customer is required')
    if (body.licenseId === undefined) throw new HttpError(400, 'validation', 'license is required')
    if (body.serverId === undefined || body.serverId === '') throw new HttpError(400, 'validation', 'server is required')
    const c = customers.find((x) => x.id === body.customerId)
    if (!c) throw new HttpError(400, 'validation', `customer: no customer ${String(body.customerId)}`)
    const l = (c.licenses as Row[]).find((x) => x.id === body.licenseId)
    if (!l) throw new HttpError(400, 'validation', 'license: not a license of this customer')
    const s = (l.servers as Row[]).find((x) => x.id === body.serverId)
    if (!s) throw new HttpError(400, 'validation', 'server: not a server of this license')
    let code = (body.code as string | null | undefined) ?? null
    let value: string | null = null
    let level: string | null = null
    if (body.errorId !== undefined) {
      const source = errors.get(Number(body.errorId))
      if (!source || source.serverId !== body.serverId) throw new HttpError(400, 'validation', `errorId: no error ${String(body.errorId)} on this server`)
      value = source.value
      if (body.code === undefined) code = source.code
      level = source.level
    }
    const actionId = (body.action as string | undefined) ?? (code === null ? 'ignore_all_from_server' : 'ignore_error_on_server')
    const rule = ACTIONS.find((a) => a.id === actionId)
    if (!rule) throw new HttpError(400, 'validation', `action: unknown value "${actionId}"`)
    if (level === null && rule.needsValue) throw new HttpError(400, 'validation', `filter action: "${rule.label}" needs an error value, which only a filter made from an error has`)
    if (level !== null && !rule.levels.includes(level)) throw new HttpError(400, 'validation', `filter action: "${rule.label}" is not offered for ${level.toLowerCase()}-level errors`)
    if (rule.needsCode && code === null) throw new HttpError(400, 'validation', `filter action: "${rule.label}" needs one error description`)
    if (!rule.needsCode) code = null
    if (!rule.needsValue) value = null
    const f: Partial<StubFilter> = {
      id: nextFilterId++, createdAt: new Date(now()).toISOString(), customerId: c.id as number, customer: String(c.name),
      licenseId: l.id as number, slc: String(l.slc), serverId: String(s.id), server: String(s.name), value, thresholdS: 0
    }
    checkCommon({ code, action: actionId, duration: body.duration, thresholdS: body.thresholdS ?? 0 }, f)
    filters.set(f.id!, f as StubFilter)
    reapply()
    return f as StubFilter
  }

  /** Answers an /api/v1/errors… or /api/v1/error-filters… request; null when the path is not one of them. */
  function handle (method: string, url: URL, body: Row | null): { status: number, body?: unknown } | null {
    const p = url.pathname
    if (method !== 'GET' && api.failNext) { const f = api.failNext; api.failNext = null; throw f }
    let m: RegExpExecArray | null
    if (p === '/api/v1/errors' && method === 'GET') return { status: 200, body: listErrors(url) }
    if (p === '/api/v1/errors/summary' && method === 'GET') return { status: 200, body: summary(url) }
    if ((m = /^\/api\/v1\/errors\/([^/]+)$/.exec(p))) {
      const e = findError(m[1]!)
      if (method === 'GET') return { status: 200, body: details(e) }
      if (method === 'PATCH') {
        const status = body?.status
        if (status !== 'new' && status !== 'being_fixed') throw new HttpError(400, 'validation', 'status: expected new or being_fixed')
        if (e.status === 'closed') throw new HttpError(409, 'closed', 'a closed error has no status to change')
        e.base = status
        if (e.status !== 'filtered') e.status = status
        opts.emit('errors', item(e))
        reapply(e.serverId)
        return { status: 200, body: item(e) }
      }
    }
    if (p === '/api/v1/error-filters/choices' && method === 'GET') {
      return {
        status: 200,
        body: {
          customers: customersChoice(), durations: DURATIONS, thresholds: THRESHOLDS, actions: ACTIONS,
          descriptions: ERROR_CATALOG.map((c) => ({ code: c.code, description: c.description, level: c.level }))
        }
      }
    }
    if (p === '/api/v1/error-filters') {
      if (method === 'GET') {
        const terms = fold(url.searchParams.get('q')).split(/\s+/).filter(Boolean)
        const list = [...filters.values()].filter((f) => terms.every((t) => fold(`${f.customer} ${f.slc} ${f.server} ${f.description} ${f.value ?? ''}`).includes(t)))
        return { status: 200, body: paged(sorted(list, url.searchParams.get('sort'), FILTER_SORTS, '-createdAt', (f) => f.id), url) }
      }
      if (method === 'POST') return { status: 201, body: createFilter(body ?? {}) }
    }
    if ((m = /^\/api\/v1\/error-filters\/(\d+)$/.exec(p))) {
      const f = findFilter(m[1]!)
      if (method === 'GET') return { status: 200, body: f }
      if (method === 'PATCH') { checkCommon(body ?? {}, f); reapply(); return { status: 200, body: f } }
      if (method === 'DELETE') { filters.delete(f.id); reapply(); return { status: 204 } }
    }
    return null
  }

  // filters made up by name get the ids /choices gives their customer and license
  const choices = customersChoice()
  for (const f of filters.values()) {
    const c = choices.find((x) => x.name === f.customer)
    const l = (c?.licenses as Row[] | undefined)?.find((x) => x.slc === f.slc)
    if (c) f.customerId = c.id as number
    if (l) f.licenseId = l.id as number
  }

  const api = {
    /** Makes the next change (POST, PATCH, DELETE) fail with this answer: the collector's message on the page. */
    failNext: null as HttpError | null,
    errors,
    filters,
    /** The open errors, as the `errors` topic's snapshot carries them. */
    snapshot: (): Row[] => [...errors.values()].filter((e) => e.status !== 'closed').map(item),
    /** The query of every GET /api/v1/errors, in order. */
    queries,
    handle,
    /** A server reports a new error (status New, now): the live event goes out. */
    addError (partial: Partial<StubError> & { serverId: string, code: string }): StubError {
      const s = opts.servers.get(partial.serverId)
      const d = describeError(partial.code)
      const e: StubError = {
        id: nextErrorId++, status: 'new', description: d.description, type: d.type, level: d.level,
        value: String(s?.name ?? partial.serverId), customer: String(s?.customer ?? ''), slc: (s?.slc as string) ?? null,
        server: String(s?.name ?? partial.serverId), location: (s?.location as string) ?? null,
        occurredAt: new Date(now()).toISOString(), closedAt: null, base: 'new', detail: null, obsolete: false, inactive: false, ...partial
      }
      if (filterOf(e)) e.status = 'filtered'
      errors.set(e.id, e)
      opts.emit('errors', item(e))
      reapply(e.serverId)
      return e
    },
    /** The ErrorItem of a stub error, as the API answers it. */
    item,
    /** The server stops reporting it: Closed, and the event goes out. */
    closeError (id: number): void {
      const e = errors.get(id)
      if (!e) return
      e.status = 'closed'
      e.closedAt = new Date(now()).toISOString()
      opts.emit('errors', item(e))
      reapply(e.serverId)
    }
  }
  return api
}
export type ErrorsStub = ReturnType<typeof createErrorsStub>
