/**
 * Error-to-screen latency: pairs each change an acknowledged error set made (an error raised or
 * cleared, per server) with the live-feed `errors` event that shows it, and keeps
 * received − published. Either side may come first: the PUBACK and the WebSocket frame leave the
 * collector in the same turn, and the fleet's report travels through one more process.
 */

export interface LiveErrorItem {
  status: string
  code: string
  server: string
  occurredAt: string
  closedAt: string | null
}

interface Waiting { at: number }

/** An event this long older than the publish that would claim it belongs to something else. */
const CLOCK_SLACK_MS = 2

export class LatencyMatcher {
  /** Latency of every change published inside the window, in ms. */
  readonly samples: number[] = []
  /** Latency from the error set's own time stamps (`closedAt` = the set's `ts`, `occurredAt` = `since`). */
  readonly fromTimestamps: number[] = []
  private readonly lastCodes = new Map<string, string[]>()
  private readonly published = new Map<string, Waiting[]>()
  private readonly arrived = new Map<string, Waiting[]>()
  private window: { from: number, to: number } = { from: Infinity, to: Infinity }
  /** Changes published inside the window. */
  expectedInWindow = 0
  /** Error sets published inside the window (changed or not). */
  setsInWindow = 0
  eventsSeen = 0

  /** Only changes published from `from` to `to` (Date.now() ms) are counted. */
  setWindow (from: number, to: number): void {
    this.window = { from, to }
  }

  /** An error set the broker acknowledged: what changed since the last set of that server. */
  onPublished (serverName: string, codes: string[], publishedAt: number): void {
    if (publishedAt >= this.window.from && publishedAt <= this.window.to) this.setsInWindow++
    const previous = this.lastCodes.get(serverName) ?? []
    this.lastCodes.set(serverName, codes)
    const left = [...previous]
    for (const code of codes) {
      const i = left.indexOf(code)
      if (i >= 0) left.splice(i, 1)
      else this.expect(key(serverName, code, false), publishedAt)
    }
    for (const code of left) this.expect(key(serverName, code, true), publishedAt)
  }

  /** An `errors` event of the live feed, received at `receivedAt` (Date.now() ms). */
  onEvent (item: LiveErrorItem, receivedAt: number): void {
    this.eventsSeen++
    const closed = item.status === 'closed'
    const stamp = Date.parse(closed ? item.closedAt ?? '' : item.occurredAt)
    if (Number.isFinite(stamp) && stamp >= this.window.from && stamp <= this.window.to) this.fromTimestamps.push(receivedAt - stamp)
    const k = key(item.server, item.code, closed)
    const waiting = this.published.get(k)
    while (waiting !== undefined && waiting.length > 0) {
      const publish = waiting.shift()!
      if (receivedAt + CLOCK_SLACK_MS < publish.at) { waiting.unshift(publish); break }
      this.record(publish.at, receivedAt)
      return
    }
    push(this.arrived, k, receivedAt)
  }

  /** Changes published in the window that no event has shown (yet). */
  missing (): number {
    return this.expectedInWindow - this.samples.length
  }

  private expect (k: string, publishedAt: number): void {
    if (publishedAt >= this.window.from && publishedAt <= this.window.to) this.expectedInWindow++
    const arrived = this.arrived.get(k)
    while (arrived !== undefined && arrived.length > 0) {
      const event = arrived.shift()!
      // An event from before this publish (less clock slack) cannot show it: a stray, dropped.
      if (event.at + CLOCK_SLACK_MS < publishedAt) continue
      this.record(publishedAt, event.at)
      return
    }
    push(this.published, k, publishedAt)
  }

  private record (publishedAt: number, receivedAt: number): void {
    if (publishedAt >= this.window.from && publishedAt <= this.window.to) this.samples.push(Math.max(0, receivedAt - publishedAt))
  }
}

function key (server: string, code: string, closed: boolean): string {
  return `${server}\u0000${code}\u0000${closed ? 'closed' : 'open'}`
}

function push (map: Map<string, Waiting[]>, k: string, at: number): void {
  const list = map.get(k)
  if (list) list.push({ at })
  else map.set(k, [{ at }])
}

export interface Percentiles { n: number, p50: number, p95: number, p99: number, max: number, mean: number }

/** Nearest-rank percentiles. */
export function percentiles (values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  const rank = (p: number): number => n === 0 ? NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil(p / 100 * n) - 1))]!
  const mean = n === 0 ? NaN : sorted.reduce((s, v) => s + v, 0) / n
  return { n, p50: rank(50), p95: rank(95), p99: rank(99), max: n === 0 ? NaN : sorted[n - 1]!, mean }
}
