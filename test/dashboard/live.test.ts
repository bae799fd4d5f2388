import t from 'tap'
import { importStatic } from './static-modules.js'

// dashboard-static/lib/live.js against a fake WebSocket and fake timers: the subscribe it sends
// (with since=lastSeq after a drop), the stores it builds, backoff, the watchdog and auth refusal.
type Listener = (data: unknown, msg: unknown) => void
interface Live {
  state: string
  lastSeq: number | null
  store: { get (topic: string): unknown, items (topic: string): Record<string, unknown>[], isLoaded (topic: string): boolean }
  start (): Live
  stop (): void
  reconnectNow (): void
  on (topic: string, fn: Listener): () => void
  onState (fn: (s: string) => void): () => void
}
interface LiveModule {
  createLive (opts: Record<string, unknown>): Live
  createLiveStore (): { apply (msg: unknown): string | null, get (topic: string): unknown, items (topic: string): unknown[] }
  backoffDelay (attempt: number, opts?: Record<string, unknown>): number
  liveUrl (loc: { protocol: string, host: string }, token?: string): string
}
const live = await importStatic<LiveModule>('lib/live.js')

class FakeSocket {
  static all: FakeSocket[] = []
  sent: unknown[] = []
  closed: { code?: number, reason?: string } | null = null
  onopen: (() => void) | null = null
  onmessage: ((ev: { data: string }) => void) | null = null
  onclose: ((ev: { code: number, reason: string }) => void) | null = null
  onerror: (() => void) | null = null
  constructor (readonly url: string) { FakeSocket.all.push(this) }
  send (data: string): void { this.sent.push(JSON.parse(data)) }
  close (code?: number, reason?: string): void { this.closed = { code, reason }; this.onclose?.({ code: code ?? 1000, reason: reason ?? '' }) }
  // test side
  open (): void { this.onopen?.() }
  receive (msg: unknown): void { this.onmessage?.({ data: JSON.stringify(msg) }) }
  drop (code = 1006): void { this.onclose?.({ code, reason: '' }) }
}

function fakeTimers () {
  let now = 0
  let next = 1
  const timers = new Map<number, { at: number, fn: () => void }>()
  return {
    setTimeout: (fn: () => void, ms: number) => { const id = next++; timers.set(id, { at: now + ms, fn }); return id },
    clearTimeout: (id: number) => { timers.delete(id) },
    advance (ms: number) {
      const until = now + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, v]) => v.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = due[1].at
        due[1].fn()
      }
      now = until
    },
    pending: () => timers.size
  }
}

function setup (extra: Record<string, unknown> = {}) {
  FakeSocket.all = []
  const timers = fakeTimers()
  const states: string[] = []
  const client = live.createLive({
    url: 'ws://x/api/v1/live', topics: ['servers', 'errors', 'monitor'], WebSocket: FakeSocket,
    setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, backoff: { base: 100, max: 1000, random: () => 1 }, ...extra
  })
  client.onState((s) => states.push(s))
  client.start()
  return { client, timers, states, sock: () => FakeSocket.all[FakeSocket.all.length - 1]! }
}

const server = (id: string, errorState = 'no_errors') => ({ serverId: id, name: id, errorState })

t.test('subscribes, applies snapshots and events, resubscribes with since after a drop', async (t) => {
  const { client, timers, states, sock } = setup()
  t.equal(client.state, 'connecting')
  sock().open()
  t.same(sock().sent, [{ type: 'subscribe', topics: ['servers', 'errors', 'monitor'] }], 'no since on the first connect')
  t.equal(client.state, 'live')

  const seen: unknown[] = []
  client.on('servers', (_data, msg) => seen.push((msg as { seq: number }).seq))
  sock().receive({ type: 'snapshot', topic: 'servers', seq: 10, items: [server('a'), server('b')] })
  sock().receive({ type: 'snapshot', topic: 'errors', seq: 10, items: [{ id: 1, status: 'new' }, { id: 2, status: 'closed' }] })
  sock().receive({ type: 'snapshot', topic: 'monitor', seq: 10, items: [{ state: 'ok', latest: null }] })
  sock().receive({ type: 'event', topic: 'servers', seq: 11, item: server('b', 'error_detected') })
  sock().receive({ type: 'event', topic: 'servers', seq: 12, item: server('c') })
  sock().receive({ type: 'event', topic: 'errors', seq: 13, item: { id: 1, status: 'closed' } })
  sock().receive({ type: 'event', topic: 'errors', seq: 14, item: { id: 3, status: 'new' } })
  sock().receive({ type: 'event', topic: 'monitor', seq: 15, item: { state: 'error', latest: { id: 3 } } })
  sock().receive({ type: 'ping' })
  sock().receive('not json at all')

  t.same(seen, [10, 11, 12])
  t.same(client.store.items('servers').map((s) => [s.serverId, s.errorState]), [['a', 'no_errors'], ['b', 'error_detected'], ['c', 'no_errors']], 'replace by serverId, insert new')
  t.same(client.store.items('errors').map((e) => e.id), [3], 'closed errors leave the open list, also from a snapshot')
  t.same(client.store.get('monitor'), { state: 'error', latest: { id: 3 } })
  t.equal(client.lastSeq, 15)

  sock().drop()
  t.equal(client.state, 'reconnecting')
  t.equal(FakeSocket.all.length, 1, 'waits before reconnecting')
  timers.advance(100)
  t.equal(FakeSocket.all.length, 2, 'reconnects after the backoff')
  sock().open()
  t.same(sock().sent, [{ type: 'subscribe', topics: ['servers', 'errors', 'monitor'], since: 15 }], 'since = last seq seen')
  t.equal(client.state, 'live')
  sock().receive({ type: 'event', topic: 'servers', seq: 16, item: server('a', 'error_being_fixed') })
  t.equal(client.store.items('servers').length, 3, 'a replay keeps what was loaded')
  t.same(states, ['connecting', 'live', 'reconnecting', 'live'])

  client.stop()
  t.equal(client.state, 'closed')
  t.same(sock().closed, { code: 1000, reason: 'bye' })
  t.equal(timers.pending(), 0, 'no timer left behind')
})

t.test('backoff grows, is capped, and resets once the collector talks', async (t) => {
  t.equal(live.backoffDelay(0, { base: 500, max: 15000, random: () => 0 }), 250)
  t.equal(live.backoffDelay(0, { base: 500, max: 15000, random: () => 1 }), 500)
  t.equal(live.backoffDelay(3, { base: 500, max: 15000, random: () => 1 }), 4000)
  t.equal(live.backoffDelay(20, { base: 500, max: 15000, random: () => 1 }), 15000)

  const { timers } = setup()
  FakeSocket.all[0]!.drop()
  timers.advance(100); t.equal(FakeSocket.all.length, 2)
  FakeSocket.all[1]!.drop()
  timers.advance(199); t.equal(FakeSocket.all.length, 2, 'second wait is longer')
  timers.advance(1); t.equal(FakeSocket.all.length, 3)
  FakeSocket.all[2]!.open()
  FakeSocket.all[2]!.receive({ type: 'ping' })
  FakeSocket.all[2]!.drop()
  timers.advance(100); t.equal(FakeSocket.all.length, 4, 'back to the first delay')
})

t.test('a silent socket is closed and replaced', async (t) => {
  const { client, timers, sock } = setup({ staleMs: 50000 })
  sock().open()
  timers.advance(30000)
  sock().receive({ type: 'ping' })
  timers.advance(30000)
  t.equal(sock().closed, null, 'a ping keeps it alive')
  timers.advance(20001)
  t.equal(sock().closed?.code, 4000, 'closed after 50 s of silence')
  t.equal(client.state, 'reconnecting')
  client.stop()
})

t.test('refusal: error message or close code stops retries; a refused upgrade asks checkAuth', async (t) => {
  let refused: unknown = null
  const a = setup({ onUnauthorized: (info: unknown) => { refused = info } })
  a.sock().open()
  a.sock().receive({ type: 'error', error: 'unauthorized', message: 'Session expired' })
  a.sock().drop(1000)
  t.equal(a.client.state, 'unauthorized')
  t.same(refused, { error: 'unauthorized', message: 'Session expired' })
  a.timers.advance(60000)
  t.equal(FakeSocket.all.length, 1, 'no reconnect')

  const b = setup({ onUnauthorized: () => { refused = 'b' } })
  b.sock().open()
  b.sock().drop(4401)
  t.equal(b.client.state, 'unauthorized')

  let asked = 0
  const c = setup({ checkAuth: async () => { asked++; return false }, onUnauthorized: () => { refused = 'c' } })
  c.sock().drop() // upgrade refused: never opened
  c.timers.advance(100)
  c.sock().drop()
  await new Promise((r) => setImmediate(r))
  t.equal(asked, 1, 'asked after the second failed connect')
  t.equal(c.client.state, 'unauthorized')
  t.equal(refused, 'c')
})

t.test('liveUrl picks ws/wss and carries the NOC token', async (t) => {
  t.equal(live.liveUrl({ protocol: 'http:', host: 'vigil.local:8080' }), 'ws://vigil.local:8080/api/v1/live')
  t.equal(live.liveUrl({ protocol: 'https:', host: 'vigil.example' }, 'a b&c'), 'wss://vigil.example/api/v1/live?token=a%20b%26c')
})

t.test('store: monitor snapshot with no item means no state yet', async (t) => {
  const store = live.createLiveStore()
  t.equal(store.apply({ type: 'snapshot', topic: 'monitor', seq: 1, items: [] }), 'monitor')
  t.equal(store.get('monitor'), null)
  t.equal(store.apply({ type: 'ping' }), null)
  t.equal(store.apply({ type: 'event', topic: 'servers', seq: 2 }), null, 'event without item ignored')
})
