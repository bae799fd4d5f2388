/**
 * A stand-in for the collector's dashboard surface (REST session + servers, the live WebSocket, the
 * static files), so the pages can be exercised in a browser without the collector: page-level tests,
 * screenshots, and `node dist/test/dashboard/stub-api.js` to look at the dashboard by hand.
 * It follows PROTOCOL.md §2–§4 as the dashboard relies on them; the real collector is tested by
 * browser.test.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { repoRoot } from '../helpers/paths.js'
import { HttpError, createErrorsStub, type ErrorsStub, type Row, type StubError, type StubFilter } from './stub-errors.js'
import { demoErrors, demoFilters, syncErrorStates } from './stub-demo-errors.js'
import { createRegistryStub, type RegistryStub } from './stub-registry.js'
import { demoRegistry, type RegState } from './stub-demo-registry.js'

export { demoErrors, demoFilters, syncErrorStates }

export const STUB_USER = {
  id: 'u1', email: 'admin@example.com', name: 'Alex Admin', role: 'license_admin',
  settings: { rowsPerPage: 25, timeZone: 'Europe/Copenhagen', dateFormat: 'dd/mm/yyyy', language: 'en-GB' }
}
export const STUB_PASSWORD = 'correct horse'
export const STUB_NOC_TOKEN = 'noc-token-123'
const SESSION_COOKIE = 'vigil_session'
const CSRF = 'csrf-stub-token'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon'
}
/** The policy the collector is meant to send; the stub enforces it so a CSP slip fails here first. */
export const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

type Topic = 'servers' | 'errors' | 'monitor'
interface LiveEvent { seq: number, topic: Topic, item: unknown }
interface Client { ws: WebSocket, topics: Set<Topic> }

export interface StubOptions {
  servers?: Record<string, unknown>[]
  monitor?: { state: 'error' | 'ok', latest: Record<string, unknown> | null }
  /** Events kept for `since` replay. */
  historySize?: number
  /** Serve the dashboard from another folder (default: dashboard-static/). */
  staticDir?: string
  /** Errors and error filters (stub-errors.ts); demoErrors()/demoFilters() make a fleet's worth. */
  errors?: StubError[]
  filters?: StubFilter[]
  /** The stub's clock (the summary's 30 days, new errors, filter dates). */
  now?: () => number
  /** Licenses, customers, license groups, test licenses (stub-registry.ts); default: demoRegistry() of the servers. */
  registry?: RegState
}

export interface Stub {
  url: string
  servers: Map<string, Record<string, unknown>>
  /** Changes a server (insert or replace) and pushes the event. */
  upsertServer (server: Record<string, unknown>): void
  setMonitor (state: { state: 'error' | 'ok', latest: Record<string, unknown> | null }): void
  /** Errors and error filters: the data, every errors query, addError / closeError (with live events). */
  errors: ErrorsStub
  /** Licenses, customers, license groups, test licenses, locations: the data and every request. */
  registry: RegistryStub
  /** Drops every live socket (the dashboard should reconnect with since=lastSeq). */
  dropLive (): void
  /** Refuse (true) or accept new live connections. */
  refuseLive (refuse: boolean): void
  /** Every subscribe message received, in order. */
  subscribes: Record<string, unknown>[]
  liveClients (): number
  close (): Promise<void>
}

export async function startStub (opts: StubOptions = {}): Promise<Stub> {
  const staticDir = resolve(opts.staticDir ?? join(repoRoot, 'dashboard-static'))
  const servers = new Map<string, Record<string, unknown>>()
  for (const s of opts.servers ?? []) servers.set(String(s.serverId), s)
  let monitor = opts.monitor ?? { state: 'ok' as const, latest: null }
  let seq = 1000
  const history: LiveEvent[] = []
  const clients = new Set<Client>()
  const subscribes: Record<string, unknown>[] = []
  let refusing = false
  const errorsStub = createErrorsStub({
    servers, errors: opts.errors ?? [], filters: opts.filters ?? [], now: opts.now,
    emit: (topic, item) => emit(topic, item)
  })
  const registryStub = createRegistryStub({
    state: opts.registry ?? demoRegistry(servers.values(), opts.now?.() ?? Date.now()), servers, now: opts.now,
    emit: (topic, item) => emit(topic, item)
  })

  const loggedIn = (req: IncomingMessage): boolean => (req.headers.cookie ?? '').split(/;\s*/).includes(`${SESSION_COOKIE}=ok`)

  function json (res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    res.end(body === undefined ? undefined : JSON.stringify(body))
  }

  async function readBody (req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    try { return JSON.parse(Buffer.concat(chunks).toString('utf8')) } catch { return null }
  }

  async function handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub')
    if (url.pathname === '/api/v1/session') {
      if (req.method === 'GET') {
        return loggedIn(req) ? json(res, 200, { csrfToken: CSRF, user: STUB_USER }) : json(res, 401, { error: 'unauthorized', message: 'Log in first.' })
      }
      if (req.method === 'POST') {
        const body = await readBody(req) as { email?: string, password?: string } | null
        if (body?.email !== STUB_USER.email || body?.password !== STUB_PASSWORD) {
          return json(res, 401, { error: 'invalid_credentials', message: 'Wrong e-mail address or password.' })
        }
        res.setHeader('set-cookie', `${SESSION_COOKIE}=ok; Path=/; HttpOnly; SameSite=Strict`)
        return json(res, 200, { csrfToken: CSRF, user: STUB_USER })
      }
      if (req.method === 'DELETE') {
        if (req.headers['x-csrf-token'] !== CSRF) return json(res, 403, { error: 'csrf', message: 'Missing or wrong x-csrf-token.' })
        res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0`)
        res.writeHead(204).end()
        return
      }
    }
    if (url.pathname === '/api/v1/servers' && req.method === 'GET') {
      if (!loggedIn(req)) return json(res, 401, { error: 'unauthorized', message: 'Log in first.' })
      const items = [...servers.values()]
      return json(res, 200, { items, total: items.length })
    }
    if (url.pathname.startsWith('/api/v1/errors') || url.pathname.startsWith('/api/v1/error-filters')) {
      if (!loggedIn(req)) return json(res, 401, { error: 'unauthorized', message: 'Log in first.' })
      const method = req.method ?? 'GET'
      if (method !== 'GET' && req.headers['x-csrf-token'] !== CSRF) return json(res, 403, { error: 'csrf', message: 'Missing or wrong x-csrf-token.' })
      const body = method === 'GET' || method === 'DELETE' ? null : await readBody(req) as Row | null
      try {
        const answer = errorsStub.handle(method, url, body)
        if (answer) {
          if (answer.status === 204) { res.writeHead(204).end(); return }
          return json(res, answer.status, answer.body)
        }
      } catch (err) {
        if (err instanceof HttpError) return json(res, err.status, { error: err.error, message: err.message })
        throw err
      }
    }
    if (registryStub.owns(url.pathname)) {
      if (!loggedIn(req)) return json(res, 401, { error: 'unauthorized', message: 'Log in first.' })
      const method = req.method ?? 'GET'
      if (method !== 'GET' && req.headers['x-csrf-token'] !== CSRF) return json(res, 403, { error: 'csrf', message: 'Missing or wrong x-csrf-token.' })
      const body = method === 'GET' || method === 'DELETE' ? null : await readBody(req) as Row | null
      try {
        const answer = registryStub.handle(method, url, body)
        if (answer) {
          if (answer.status === 204) { res.writeHead(204).end(); return }
          return json(res, answer.status, answer.body)
        }
      } catch (err) {
        if (err instanceof HttpError) return json(res, err.status, { error: err.error, message: err.message })
        throw err
      }
    }
    if (url.pathname.startsWith('/api/')) return json(res, 404, { error: 'not_found', message: `No route ${req.method} ${url.pathname}` })

    const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^([/\\])+/, '')
    const file = resolve(staticDir, rel)
    if (!file.startsWith(staticDir)) return json(res, 403, { error: 'forbidden', message: 'No.' })
    try {
      const body = await readFile(file)
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': DASHBOARD_CSP,
        'cache-control': 'no-cache'
      })
      res.end(body)
    } catch {
      json(res, 404, { error: 'not_found', message: 'Not found' })
    }
  }

  const http = createServer((req, res) => { handle(req, res).catch((err) => json(res, 500, { error: 'internal', message: String(err) })) })
  const wss = new WebSocketServer({ noServer: true })

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    const tokenOk = url.searchParams.get('token') === STUB_NOC_TOKEN
    if (url.pathname !== '/api/v1/live' || refusing || (!loggedIn(req) && !tokenOk)) {
      socket.end(`HTTP/1.1 ${refusing ? 503 : 401} ${refusing ? 'Unavailable' : 'Unauthorized'}\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, topics: new Set() }
      clients.add(client)
      ws.on('close', () => clients.delete(client))
      ws.on('message', (raw) => {
        let msg: { type?: string, topics?: Topic[], since?: number }
        try { msg = JSON.parse(String(raw)) } catch { return }
        if (msg.type !== 'subscribe' || !Array.isArray(msg.topics)) return
        subscribes.push(msg as Record<string, unknown>)
        for (const t of msg.topics) client.topics.add(t)
        const since = msg.since
        const oldest = history[0]?.seq
        const canReplay = typeof since === 'number' && (since >= seq || (oldest !== undefined && oldest <= since + 1))
        if (canReplay) {
          for (const e of history) if (e.seq > since! && client.topics.has(e.topic)) ws.send(JSON.stringify({ type: 'event', ...e }))
          return
        }
        for (const t of msg.topics) {
          const items = t === 'servers' ? [...servers.values()] : t === 'monitor' ? [monitor] : t === 'errors' ? errorsStub.snapshot() : []
          ws.send(JSON.stringify({ type: 'snapshot', topic: t, seq, items }))
        }
      })
    })
  })

  function emit (topic: Topic, item: unknown): void {
    seq += 1
    const event = { seq, topic, item }
    history.push(event)
    if (history.length > (opts.historySize ?? 500)) history.shift()
    const data = JSON.stringify({ type: 'event', ...event })
    for (const c of clients) if (c.topics.has(topic)) c.ws.send(data)
  }

  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok))
  const { port } = http.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    servers,
    subscribes,
    errors: errorsStub,
    registry: registryStub,
    upsertServer (server) {
      servers.set(String(server.serverId), server)
      emit('servers', server)
    },
    setMonitor (state) {
      monitor = state
      emit('monitor', state)
    },
    dropLive () { for (const c of clients) c.ws.terminate() },
    refuseLive (refuse) { refusing = refuse },
    liveClients: () => clients.size,
    async close () {
      for (const c of clients) c.ws.terminate()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((ok) => http.close(() => ok()))
    }
  }
}

/** A fleet of made-up servers: customers, locations and every status, for paging and screenshots. */
export function demoServers (count: number, now = Date.now()): Record<string, unknown>[] {
  const customers = ['Aarhus Harbour', 'Bergen Transit', 'Contoso Retail', 'Fabrikam Logistics', 'Nordic Hospitals', 'São Paulo Metro', 'Tailspin Airports', 'Unspecified']
  const locations = ['HQ server room', 'Warehouse 2', 'Terminal B', 'Data centre West', null, 'North gate', 'Clinic 4']
  const monitoring = ['monitored', 'monitored', 'monitored', 'monitored', 'not_reporting', 'care_expired', 'reporting_not_supported', 'all_errors_filtered']
  const errorStates = ['no_errors', 'no_errors', 'no_errors', 'error_detected', 'filtered_error', 'error_being_fixed']
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < count; i++) {
    const ms = monitoring[(i * 7) % monitoring.length]!
    const monitored = ms === 'monitored' || ms === 'all_errors_filtered'
    const es = ms === 'all_errors_filtered' ? 'filtered_error' : monitored ? errorStates[(i * 5) % errorStates.length]! : 'none'
    const reporting = ms !== 'not_reporting' && ms !== 'reporting_not_supported'
    out.push({
      serverId: `srv-${String(i + 1).padStart(3, '0')}`,
      name: `${['REC', 'MGMT', 'EVT', 'MOB'][i % 4]}-${String(i + 1).padStart(2, '0')}`,
      customer: customers[i % customers.length],
      slc: `M01-C${String((i % 8) + 1).padStart(2, '0')}-${100 + (i % 24)}-45-6A${7890 + (i % 24)}`, // 24 licenses of 2–3 servers
      location: locations[i % locations.length],
      monitoringStatus: ms,
      errorState: es,
      lastHeartbeat: reporting ? new Date(now - ((i * 37) % 90) * 1000).toISOString() : i % 2 ? new Date(now - 86400e3 * (2 + i % 9)).toISOString() : null,
      cpuPct: reporting ? Math.round(((i * 37) % 97) * 10) / 10 + 2 : null,
      memPct: reporting ? 30 + ((i * 13) % 64) : null,
      diskFreePct: reporting ? Math.max(1, 60 - ((i * 11) % 62)) : null
    })
  }
  return out
}

export function demoError (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 4711, status: 'new', code: 'cpu_usage_is_high', description: 'CPU usage is high', type: 'System', level: 'System',
    value: 'REC-01', customer: 'Contoso Retail', slc: 'M01-C01-123-45-6A7890', serverId: 'srv-001', server: 'REC-01',
    location: 'HQ server room', occurredAt: new Date(Date.now() - 3 * 60e3).toISOString(), closedAt: null, ...overrides
  }
}

/** A stub's worth of a partner's fleet: 70 servers with their errors and error filters. */
export function demoFleet (now = Date.now()): Pick<StubOptions, 'servers' | 'errors' | 'filters'> {
  const fleet = demoServers(70, now)
  const errors = demoErrors(fleet, now)
  const servers = syncErrorStates(fleet, errors)
  return { servers, errors, filters: demoFilters(servers, errors, now) }
}

// `node dist/test/dashboard/stub-api.js`: a stub with 70 servers, their errors and filters, to look at by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const stub = await startStub({ ...demoFleet(), monitor: { state: 'error', latest: demoError() } })
  console.log(`dashboard stub on ${stub.url}  (login ${STUB_USER.email} / ${STUB_PASSWORD}, NOC token ${STUB_NOC_TOKEN})`)
}
