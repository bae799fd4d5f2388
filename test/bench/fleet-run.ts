import { join } from 'node:path'
import WebSocket from 'ws'
import { fleetPlan } from '../../agent/sim/fleet-plan.js'
import type { Children, Child } from './children.js'
import { heartbeatStorage, login, provisionAgents, removeDir, scrapeMetrics, startCollectorProcess, tempDir, type MetricsSnapshot } from './collector.js'
import { LatencyMatcher, percentiles, type LiveErrorItem, type Percentiles } from './latency.js'
import type { FleetCommand, FleetReport } from './messages.js'
import { OtherLoadSampler, ProcSampler, type Summary } from './proc-stats.js'

export interface FleetRunOptions {
  agents: number
  durationS: number
  heartbeatIntervalS: number
  churnS: number
  seed: number
  /** Collector started with `--cpu-prof` into this directory. */
  profileDir?: string
  keep: boolean
  progress: (line: string) => void
}

export interface FleetResult {
  agents: number
  durationS: number
  heartbeatIntervalS: number
  churnS: number
  connectS: number
  /** What the fleet sent: a heartbeat per agent per interval, and the error sets it saw acknowledged. */
  expectedPerS: number
  ingest: { meanPerS: number, minPerS: number, maxPerS: number, messages: number, rejected: number, storageFailures: number }
  latency: Percentiles & { missing: number, expected: number }
  latencyFromTs: Percentiles
  cpu: Summary
  rssMb: Summary
  /** The fleet worker (all simulated agents), % of one core. */
  fleetCpu: Summary
  /** CPU of everything else on the machine during the window, % of one core. */
  otherCpu: Summary
  connectedAtEnd: number
  live: { messages: number, errorEvents: number, serverEvents: number, dropped: number }
  collectorLog: { warnings: number, errors: number }
  /** Heartbeats in the database at the end (the whole run, connects included) and their pages. */
  storage: { rows: number, bytes: number } | null
}

const ALL_CONNECTED_TIMEOUT_MS = 60_000
const LATE_EVENTS_WAIT_MS = 3000

/**
 * The fleet run: `vigil collector` as its own process, N simulated agents (one MQTT connection
 * each, in a worker process) heartbeating and churning errors, and a live-feed client logged in as
 * the License Admin in this process, for `durationS` seconds once every agent is connected.
 */
export async function runFleet (children: Children, o: FleetRunOptions): Promise<FleetResult> {
  const dataDir = tempDir('fleet')
  const stops: Array<() => Promise<void>> = []
  try {
    const plan = fleetPlan(o.agents, o.seed)
    const credentialsFile = join(dataDir, 'bench-fleet.json')
    provisionAgents(dataDir, plan, credentialsFile)
    o.progress(`fleet: ${o.agents} agents provisioned; starting the collector`)

    const collector = await startCollectorProcess(children, dataDir, o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [])
    stops.push(() => children.stop(collector.child, 30_000))
    const cookie = await login(collector.httpUrl)

    // The screen: a live-feed client logged in as the License Admin, watching what a dashboard watches.
    const matcher = new LatencyMatcher()
    const live = { messages: 0, errorEvents: 0, serverEvents: 0 }
    let liveClosed: string | null = null
    const ws = new WebSocket(collector.httpUrl.replace(/^http/, 'ws') + '/api/v1/live', { headers: { cookie } })
    stops.unshift(async () => { ws.terminate() })
    ws.on('message', (data) => {
      const receivedAt = Date.now()
      live.messages++
      const message = JSON.parse(data.toString()) as { type: string, topic?: string, item?: unknown }
      if (message.type !== 'event') return
      if (message.topic === 'errors') {
        live.errorEvents++
        matcher.onEvent(message.item as LiveErrorItem, receivedAt)
      } else if (message.topic === 'servers') {
        live.serverEvents++
      }
    })
    ws.on('close', (code, reason) => { liveClosed = `${code} ${reason.toString()}` })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) => reject(new Error(`live feed refused: HTTP ${res.statusCode}`)))
      ws.once('error', reject)
    })
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['servers', 'errors', 'monitor'] }))

    // The fleet, in its own process.
    const fleet = children.fork('fleet', new URL('./fleet-worker.js', import.meta.url).pathname)
    stops.unshift(() => stopFleet(children, fleet))
    let connected = 0
    let everConnected = 0
    let fleetFailure: string | null = null
    fleet.process.on('message', (m: FleetReport) => {
      if (m.type === 'published') matcher.onPublished(m.serverName, m.codes, m.publishedAt)
      else if (m.type === 'progress') { connected = m.connected; everConnected = m.everConnected }
      else if (m.type === 'failed') fleetFailure = m.message
    })
    const connectStart = performance.now()
    fleet.send({
      type: 'init', brokerUrl: collector.mqttUrl, credentialsFile, agents: o.agents, seed: o.seed,
      heartbeatIntervalS: o.heartbeatIntervalS, churnS: o.churnS
    } satisfies FleetCommand)

    const connectTimeoutMs = ALL_CONNECTED_TIMEOUT_MS + o.agents * 20
    const deadline = Date.now() + connectTimeoutMs
    let lastConnectPrint = 0
    while (everConnected < o.agents) {
      check(fleet, fleetFailure, liveClosed, collector.child)
      if (Date.now() > deadline) throw new Error(`only ${everConnected} of ${o.agents} agents connected within ${connectTimeoutMs / 1000} s`)
      if (performance.now() - lastConnectPrint >= 2000) {
        lastConnectPrint = performance.now()
        o.progress(`fleet: connecting, ${everConnected}/${o.agents} agents connected`)
      }
      await sleep(100)
    }
    const connectS = (performance.now() - connectStart) / 1000
    o.progress(`fleet: all ${o.agents} agents connected in ${connectS.toFixed(1)} s; measuring for ${o.durationS} s`)

    // The measurement window.
    const sampler = new ProcSampler(collector.child.pid)
    const others = new OtherLoadSampler(() => children.pids())
    const fleetSampler = new ProcSampler(fleet.pid)
    const t0 = Date.now()
    const windowEnd = t0 + o.durationS * 1000
    matcher.setWindow(t0, windowEnd)
    sampler.reset()
    others.reset()
    fleetSampler.reset()
    const first = await scrapeMetrics(collector.httpUrl)
    const snapshots: MetricsSnapshot[] = [first]
    let lastPrint = t0
    while (Date.now() < windowEnd) {
      await sleep(Math.min(1000, Math.max(0, windowEnd - Date.now())))
      check(fleet, fleetFailure, liveClosed, collector.child)
      const proc = sampler.sample()
      others.sample()
      fleetSampler.sample()
      const snap = await scrapeMetrics(collector.httpUrl)
      snapshots.push(snap)
      if (Date.now() - lastPrint >= 5000 || Date.now() >= windowEnd) {
        lastPrint = Date.now()
        const prev = snapshots[snapshots.length - 2]!
        const rate = (snap.ingested - prev.ingested) / ((snap.at - prev.at) / 1000)
        const so = percentiles(matcher.samples)
        o.progress(`fleet: ${Math.max(0, Math.round((windowEnd - Date.now()) / 1000))} s left; ${connected}/${o.agents} agents connected, ` +
          `${rate.toFixed(0)} msg/s ingested, collector CPU ${proc?.cpuPct.toFixed(0) ?? '?'} %, RSS ${proc?.rssMb.toFixed(0) ?? '?'} MB, ` +
          `error-to-screen so far: n=${so.n} p99=${fmt(so.p99)} ms`)
      }
    }
    const last = snapshots[snapshots.length - 1]!
    const elapsedS = (last.at - first.at) / 1000

    // Events of the window's last error sets may still be on their way.
    const lateDeadline = Date.now() + LATE_EVENTS_WAIT_MS
    while (matcher.missing() > 0 && Date.now() < lateDeadline) await sleep(100)

    const perSecond: number[] = []
    for (let i = 1; i < snapshots.length; i++) {
      const a = snapshots[i - 1]!
      const b = snapshots[i]!
      if (b.at > a.at) perSecond.push((b.ingested - a.ingested) / ((b.at - a.at) / 1000))
    }
    const result: FleetResult = {
      agents: o.agents,
      durationS: elapsedS,
      heartbeatIntervalS: o.heartbeatIntervalS,
      churnS: o.churnS,
      connectS,
      expectedPerS: o.agents / o.heartbeatIntervalS + matcher.setsInWindow / o.durationS,
      ingest: {
        meanPerS: (last.ingested - first.ingested) / elapsedS,
        minPerS: Math.min(...perSecond),
        maxPerS: Math.max(...perSecond),
        messages: last.ingested - first.ingested,
        rejected: last.rejected - first.rejected,
        storageFailures: last.storageFailures - first.storageFailures
      },
      latency: { ...percentiles(matcher.samples), missing: matcher.missing(), expected: matcher.expectedInWindow },
      latencyFromTs: percentiles(matcher.fromTimestamps),
      cpu: sampler.cpuSummary(),
      rssMb: sampler.rssSummary(),
      fleetCpu: fleetSampler.cpuSummary(),
      otherCpu: others.summary(),
      connectedAtEnd: last.connectedAgents,
      live: { ...live, dropped: last.liveDropped },
      collectorLog: collector.child.logged(),
      storage: null
    }
    o.progress('fleet: stopping the fleet and the collector')
    for (const stop of stops.splice(0)) await stop()
    try {
      result.storage = heartbeatStorage(dataDir)
    } catch (err) {
      o.progress(`fleet: could not read the heartbeat storage: ${(err as Error).message}`)
    }
    return result
  } finally {
    for (const stop of stops) await stop().catch(() => {})
    if (!o.keep) removeDir(dataDir)
  }
}

async function stopFleet (children: Children, fleet: Child): Promise<void> {
  if (fleet.exited()) return
  fleet.send({ type: 'stop' } satisfies FleetCommand)
  await children.waitExit(fleet, 30_000)
}

function check (fleet: Child, fleetFailure: string | null, liveClosed: string | null, collector: Child): void {
  if (fleetFailure !== null) throw new Error(`the simulated fleet failed: ${fleetFailure}`)
  if (fleet.exited()) throw new Error(`the simulated fleet exited\n${fleet.stderrTail()}`)
  if (collector.exited()) throw new Error(`the collector exited\n${collector.stderrTail()}`)
  if (liveClosed !== null) throw new Error(`the live feed closed: ${liveClosed}`)
}

function sleep (ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function fmt (n: number): string {
  return Number.isFinite(n) ? n.toFixed(0) : '-'
}
