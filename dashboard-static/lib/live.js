/**
 * Client of the live feed, `GET /api/v1/live` as a WebSocket (PROTOCOL.md §2, protocol/live.ts).
 *
 * - On every (re)connect it sends {"type":"subscribe","topics":[…],"since":lastSeq}; the collector either
 *   replays the events after lastSeq or sends a fresh snapshot per topic.
 * - It keeps a store per topic: `servers` (ServerStatus by serverId), `errors` (open ErrorItems by id; an
 *   item with status "closed" leaves it) and `monitor` ({state, latest}).
 * - It reconnects with jittered exponential backoff, and treats a socket that has said nothing (not even
 *   the 20 s ping) for `staleMs` as dead.
 * - Its state, for the "Live" / "Reconnecting…" indicator: connecting → live → reconnecting → live …;
 *   "unauthorized" (the session or token was refused: no more retries) and "closed" (stopped) are final.
 *
 * No DOM and no globals at import time: the store and the backoff are unit-tested in Node with a fake socket.
 */

/** Topics whose items are kept by key; any other topic keeps its latest item. */
const KEYED_TOPICS = {
  servers: { key: (item) => String(item.serverId), removed: () => false },
  errors: { key: (item) => String(item.id), removed: (item) => item.status === 'closed' }
}

/** Errors of type "error" on the socket that mean "log in again", not "try again". */
const AUTH_ERRORS = new Set(['unauthorized', 'Unauthorized', 'forbidden', 'Forbidden', 'invalid_token', 'token_revoked'])
/** Close codes that mean "refused" (4401/4403 mirror HTTP). The collector refuses a bad login before the
 * upgrade (HTTP 401), which the browser cannot see: checkAuth below covers that. */
const AUTH_CLOSE_CODES = new Set([4401, 4403])

export function liveUrl (loc, token) {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  const base = `${proto}//${loc.host}/api/v1/live`
  return token ? `${base}?token=${encodeURIComponent(token)}` : base
}

/** "Equal jitter" backoff: half fixed, half random, doubling from `base` up to `max` ms. */
export function backoffDelay (attempt, { base = 500, max = 15000, random = Math.random } = {}) {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** The per-topic state that snapshots and events build. */
export function createLiveStore () {
  const data = new Map() // topic → Map (keyed topics) | item (others)
  const loaded = new Set()

  /** Applies a snapshot or event message; returns the topic it changed, or null. */
  function apply (msg) {
    if (!msg || typeof msg.topic !== 'string') return null
    const keyed = KEYED_TOPICS[msg.topic]
    if (msg.type === 'snapshot') {
      const items = Array.isArray(msg.items) ? msg.items : []
      if (keyed) {
        const map = new Map()
        for (const item of items) if (item && !keyed.removed(item)) map.set(keyed.key(item), item)
        data.set(msg.topic, map)
      } else {
        data.set(msg.topic, items.length ? items[items.length - 1] : null)
      }
      loaded.add(msg.topic)
      return msg.topic
    }
    if (msg.type === 'event') {
      const item = msg.item
      if (!item) return null
      if (keyed) {
        let map = data.get(msg.topic)
        if (!(map instanceof Map)) { map = new Map(); data.set(msg.topic, map) }
        if (keyed.removed(item)) map.delete(keyed.key(item))
        else map.set(keyed.key(item), item)
      } else {
        data.set(msg.topic, item)
      }
      return msg.topic
    }
    return null
  }

  return {
    apply,
    /** Map for keyed topics, the latest item (or null) for others; undefined before any data. */
    get: (topic) => data.get(topic),
    /** Items of a keyed topic as an array. */
    items: (topic) => { const v = data.get(topic); return v instanceof Map ? [...v.values()] : [] },
    /** True once a snapshot for the topic has arrived (an event-only replay keeps what was loaded). */
    isLoaded: (topic) => loaded.has(topic)
  }
}

/**
 * @param {object} opts
 * @param {string} opts.url                 ws(s)://…/api/v1/live[?token=…]
 * @param {string[]} opts.topics            e.g. ['servers']
 * @param {Function} [opts.WebSocket]       defaults to the browser's
 * @param {number} [opts.staleMs]           silence after which the socket is considered dead (pings are 20 s)
 * @param {() => Promise<boolean>} [opts.checkAuth]  asked after repeated failures to connect: false = logged out
 * @param {(info: {error?: string, message?: string}) => void} [opts.onUnauthorized]
 */
export function createLive (opts) {
  const WS = opts.WebSocket ?? globalThis.WebSocket
  const setT = opts.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms))
  const clearT = opts.clearTimeout ?? ((id) => globalThis.clearTimeout(id))
  const staleMs = opts.staleMs ?? 50000
  const topics = [...opts.topics]
  const store = createLiveStore()
  const topicListeners = new Map()
  const stateListeners = new Set()

  let ws = null
  let state = 'idle'
  let lastSeq = null
  let attempt = 0
  let failedOpens = 0
  let reconnectTimer = null
  let watchdog = null
  let stopped = false
  let hasBeenLive = false
  let lastMessageAt = null
  let lastError = null

  function setState (next) {
    if (state === next) return
    state = next
    for (const fn of stateListeners) fn(state)
  }

  function armWatchdog (sock) {
    if (watchdog !== null) clearT(watchdog)
    watchdog = setT(() => { if (ws === sock) sock.close(4000, 'silent') }, staleMs)
  }

  function scheduleReconnect () {
    if (stopped || reconnectTimer !== null) return
    setState(hasBeenLive ? 'reconnecting' : 'connecting')
    const delay = backoffDelay(attempt, opts.backoff)
    attempt += 1
    reconnectTimer = setT(() => { reconnectTimer = null; connect() }, delay)
  }

  function unauthorized (info) {
    lastError = info
    stopped = true
    if (reconnectTimer !== null) { clearT(reconnectTimer); reconnectTimer = null }
    setState('unauthorized')
    opts.onUnauthorized?.(info)
  }

  function handleMessage (raw) {
    let msg
    try { msg = JSON.parse(typeof raw === 'string' ? raw : String(raw)) } catch { return }
    if (!msg || typeof msg !== 'object') return
    lastMessageAt = Date.now()
    if (msg.type === 'error') {
      lastError = { error: msg.error, message: msg.message }
      if (AUTH_ERRORS.has(msg.error)) unauthorized(lastError)
      return
    }
    attempt = 0 // the collector is talking: the next drop starts the backoff afresh
    if (msg.type === 'ping') return
    if (typeof msg.seq === 'number' && (lastSeq === null || msg.seq > lastSeq)) lastSeq = msg.seq
    const topic = store.apply(msg)
    if (topic === null) return
    for (const fn of topicListeners.get(topic) ?? []) fn(store.get(topic), msg)
  }

  function connect () {
    if (stopped) return
    let sock
    try {
      sock = new WS(opts.url)
    } catch {
      scheduleReconnect()
      return
    }
    ws = sock
    let opened = false
    sock.onopen = () => {
      if (ws !== sock) return
      opened = true
      failedOpens = 0
      const sub = { type: 'subscribe', topics }
      if (lastSeq !== null) sub.since = lastSeq
      sock.send(JSON.stringify(sub))
      hasBeenLive = true
      setState('live')
      armWatchdog(sock)
    }
    sock.onmessage = (ev) => {
      if (ws !== sock) return
      armWatchdog(sock)
      handleMessage(ev.data)
    }
    sock.onerror = () => {} // a close event always follows
    sock.onclose = (ev) => {
      if (ws !== sock) return
      ws = null
      if (watchdog !== null) { clearT(watchdog); watchdog = null }
      if (stopped) return
      if (AUTH_CLOSE_CODES.has(ev?.code)) {
        unauthorized(lastError ?? { error: 'unauthorized', message: ev.reason || 'The collector refused this session.' })
        return
      }
      if (!opened) failedOpens += 1
      // A refused upgrade (HTTP 401) looks like any failed connect; ask the REST API whether we are still logged in.
      if (!opened && failedOpens >= 2 && opts.checkAuth) {
        setState(hasBeenLive ? 'reconnecting' : 'connecting')
        Promise.resolve(opts.checkAuth()).then((ok) => {
          if (stopped) return
          if (ok === false) unauthorized({ error: 'unauthorized', message: 'Your session has ended. Log in again.' })
          else scheduleReconnect()
        }, () => scheduleReconnect())
        return
      }
      scheduleReconnect()
    }
  }

  return {
    store,
    get state () { return state },
    get lastSeq () { return lastSeq },
    get lastMessageAt () { return lastMessageAt },
    get lastError () { return lastError },
    start () {
      if (state !== 'idle') return this
      setState('connecting')
      connect()
      return this
    },
    stop () {
      stopped = true
      if (reconnectTimer !== null) { clearT(reconnectTimer); reconnectTimer = null }
      if (watchdog !== null) { clearT(watchdog); watchdog = null }
      const sock = ws
      ws = null
      if (sock) { try { sock.close(1000, 'bye') } catch {} }
      if (state !== 'unauthorized') setState('closed')
    },
    /** Skip the backoff wait (the browser came back online, or a person pressed Retry). */
    reconnectNow () {
      if (stopped || ws) return
      if (reconnectTimer !== null) { clearT(reconnectTimer); reconnectTimer = null }
      attempt = 0
      connect()
    },
    /** fn(topicData, message) after each snapshot or event of the topic; returns an unsubscribe. */
    on (topic, fn) {
      if (!topicListeners.has(topic)) topicListeners.set(topic, new Set())
      topicListeners.get(topic).add(fn)
      return () => topicListeners.get(topic)?.delete(fn)
    },
    /** fn(state) on every change of connection state; returns an unsubscribe. */
    onState (fn) {
      stateListeners.add(fn)
      return () => stateListeners.delete(fn)
    }
  }
}
