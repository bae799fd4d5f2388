import { fleetPlan } from '../../agent/sim/fleet-plan.js'
import type { Child, Children } from './children.js'
import { provisionAgents, removeDir, scrapeMetrics, startCollectorProcess, tempDir, type MetricsSnapshot } from './collector.js'
import type { LoadClient, LoadCommand, LoadReport, SubscriberCommand, SubscriberReport } from './messages.js'
import { OtherLoadSampler, ProcSampler, summarise, type Summary } from './proc-stats.js'

export interface MaxRateOptions {
  connections: number
  window: number
  warmupS: number
  measureS: number
  seed: number
  profileDir?: string
  keep: boolean
  progress: (line: string) => void
}

export interface LoadResult {
  /** PUBACKs per second over the measured seconds. */
  ratePerS: number
  minPerS: number
  maxPerS: number
  acked: number
  sent: number
  unacked: number
  brokerCpu: Summary
  brokerRssMb: Summary
  loadCpu: Summary
  /** CPU of everything else on the machine during the window, % of one core. */
  otherCpu: Summary
}

export interface CollectorRateResult extends LoadResult {
  /** vigil_ingest_messages_total over the same seconds (a cross-check of the PUBACK count). */
  ingestedPerS: number
  rejected: number
  storageFailures: number
  collectorLog: { warnings: number, errors: number }
}

export interface BareRateResult extends LoadResult {
  subscriberCpu: Summary
  /** Messages the subscriber received over the measured seconds, per second. */
  subscriberPerS: number
  /** Everything the subscriber received, against every PUBACK the load generator got. */
  subscriberReceived: number
  subscriberDuplicates: number
}

export interface MaxRateResult {
  connections: number
  window: number
  warmupS: number
  measureS: number
  collector: CollectorRateResult
  bare: BareRateResult
  /** collector / bare */
  ratio: number
}

const HEARTBEAT_TOPICS = 'vigil/v1/agents/+/heartbeat'
const SUBSCRIBER_CATCH_UP_MS = 10_000

/**
 * Max sustained heartbeat ingest: the same load generator, first against the collector, then
 * against bare aedes relaying to one QoS 1 subscriber, each broker in its own process.
 */
export async function runMaxRate (children: Children, o: MaxRateOptions): Promise<MaxRateResult> {
  const dataDir = tempDir('maxrate')
  try {
    const plan = fleetPlan(o.connections, o.seed)
    const credentials = provisionAgents(dataDir, plan)
    const clients: LoadClient[] = credentials.map((c, i) => ({ clientId: c.agentId, username: c.agentId, password: c.secret, serverName: plan[i]!.serverName }))
    const collector = await measureCollector(children, dataDir, clients, o)
    const bare = await measureBare(children, clients, o)
    return { connections: o.connections, window: o.window, warmupS: o.warmupS, measureS: o.measureS, collector, bare, ratio: collector.ratePerS / bare.ratePerS }
  } finally {
    if (!o.keep) removeDir(dataDir)
  }
}

async function measureCollector (children: Children, dataDir: string, clients: LoadClient[], o: MaxRateOptions): Promise<CollectorRateResult> {
  o.progress('max-rate: starting the collector')
  const collector = await startCollectorProcess(children, dataDir, o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [])
  try {
    const broker = new ProcSampler(collector.child.pid)
    const scrapes: Array<Promise<MetricsSnapshot>> = []
    const load = await drive(children, 'collector', collector.ports.mqtt, clients, true, [broker], o, {
      onWindowStart: () => { scrapes.push(scrapeMetrics(collector.httpUrl)) },
      onWindowEnd: () => { scrapes.push(scrapeMetrics(collector.httpUrl)) },
      alive: () => { if (collector.child.exited()) throw new Error(`the collector exited\n${collector.child.stderrTail()}`) }
    })
    const [first, last] = await Promise.all(scrapes) as [MetricsSnapshot, MetricsSnapshot]
    return {
      ...load,
      brokerCpu: broker.cpuSummary(),
      brokerRssMb: broker.rssSummary(),
      ingestedPerS: (last.ingested - first.ingested) / ((last.at - first.at) / 1000),
      rejected: last.rejected - first.rejected,
      storageFailures: last.storageFailures - first.storageFailures,
      collectorLog: collector.child.logged()
    }
  } finally {
    await children.stop(collector.child, 30_000)
  }
}

async function measureBare (children: Children, clients: LoadClient[], o: MaxRateOptions): Promise<BareRateResult> {
  o.progress('max-rate: starting bare aedes and its subscriber')
  const broker = children.spawn('bare aedes', [new URL('./bare-broker.js', import.meta.url).pathname])
  let subscriber: Child | undefined
  try {
    const port = (JSON.parse(await broker.line((l) => l.startsWith('{"mqtt"'), 15_000)) as { mqtt: number }).mqtt
    subscriber = children.fork('relay subscriber', new URL('./relay-subscriber.js', import.meta.url).pathname)
    const sub = subscriber
    let received = 0
    sub.process.on('message', (m: SubscriberReport) => { if (m.type === 'tick') received = m.received })
    const ready = sub.message<SubscriberReport>((m) => m.type === 'ready' || m.type === 'failed', 15_000)
    sub.send({ type: 'init', host: '127.0.0.1', port, topic: HEARTBEAT_TOPICS } satisfies SubscriberCommand)
    const answer = await ready
    if (answer.type === 'failed') throw new Error(`relay subscriber: ${answer.message}`)

    const brokerSampler = new ProcSampler(broker.pid)
    const subscriberSampler = new ProcSampler(sub.pid)
    const window = { from: 0, to: 0, fromAt: 0, toAt: 0 }
    const load = await drive(children, 'bare aedes', port, clients, true, [brokerSampler, subscriberSampler], o, {
      onWindowStart: () => { window.from = received; window.fromAt = performance.now() },
      onWindowEnd: () => { window.to = received; window.toAt = performance.now() },
      alive: () => {
        if (broker.exited()) throw new Error(`bare aedes exited\n${broker.stderrTail()}`)
        if (sub.exited()) throw new Error(`the relay subscriber exited\n${sub.stderrTail()}`)
      }
    })
    // aedes acknowledges before it forwards: give the subscriber time to get what is still queued.
    const deadline = Date.now() + SUBSCRIBER_CATCH_UP_MS
    while (received < load.acked && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
    const done = sub.message<SubscriberReport>((m) => m.type === 'done' || m.type === 'failed', 10_000)
    sub.send({ type: 'stop' } satisfies SubscriberCommand)
    const final = await done
    if (final.type === 'failed') throw new Error(`relay subscriber: ${final.message}`)
    if (final.type !== 'done') throw new Error('relay subscriber: no final count')
    return {
      ...load,
      brokerCpu: brokerSampler.cpuSummary(),
      brokerRssMb: brokerSampler.rssSummary(),
      subscriberCpu: subscriberSampler.cpuSummary(),
      // Ticks come once a second, so this rate is as exact as the subscriber's last tick before each edge.
      subscriberPerS: (window.to - window.from) / ((window.toAt - window.fromAt) / 1000),
      subscriberReceived: final.received,
      subscriberDuplicates: final.duplicates
    }
  } finally {
    if (subscriber) await children.waitExit(subscriber, 5000)
    await children.stop(broker)
  }
}

interface DriveHooks {
  onWindowStart: () => void
  onWindowEnd: () => void
  /** Throws when a process under test has died. */
  alive: () => void
}

/**
 * Runs the load generator against one broker: warm-up, then `measureS` seconds counted from its own
 * once-a-second ticks, then a stop that lets what is in flight come back.
 */
async function drive (children: Children, label: string, port: number, clients: LoadClient[], birth: boolean, samplers: ProcSampler[], o: MaxRateOptions, hooks: DriveHooks): Promise<LoadResult> {
  const worker = children.fork(`load generator (${label})`, new URL('./load-worker.js', import.meta.url).pathname)
  try {
    const loadSampler = new ProcSampler(worker.pid)
    const others = new OtherLoadSampler(() => children.pids())
    const ready = worker.message<LoadReport>((m) => m.type === 'ready' || m.type === 'failed', 30_000)
    const maxSeconds = o.warmupS + o.measureS + 10
    worker.send({
      type: 'init', host: '127.0.0.1', port, clients, window: o.window, birth,
      maxSeconds, maxMessages: 50_000_000, seed: o.seed
    } satisfies LoadCommand)
    const answer = await ready
    if (answer.type === 'failed') throw new Error(`load generator: ${answer.message}`)
    o.progress(`max-rate ${label}: ${clients.length} connections ready, window ${o.window} each; warming up for ${o.warmupS} s`)

    const ticks: Array<{ at: number, acked: number }> = []
    const end = o.warmupS + o.measureS
    const finished = new Promise<LoadReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load generator (${label}) did not finish within ${maxSeconds + 20} s`)), (maxSeconds + 20) * 1000)
      worker.process.on('message', (m: LoadReport) => {
        if (m.type === 'tick') {
          try { hooks.alive() } catch (err) { clearTimeout(timer); reject(err); return }
          if (m.index === o.warmupS) {
            for (const s of [...samplers, loadSampler, others]) s.reset()
            hooks.onWindowStart()
          }
          if (m.index > o.warmupS && m.index <= end) for (const s of [...samplers, loadSampler, others]) s.sample()
          if (m.index >= o.warmupS && m.index <= end) ticks.push({ at: m.at, acked: m.acked })
          if (m.index === end) {
            hooks.onWindowEnd()
            worker.send({ type: 'stop' } satisfies LoadCommand)
          }
          const rate = ticks.length >= 2 ? ticks[ticks.length - 1]!.acked - ticks[ticks.length - 2]!.acked : m.acked
          if (m.index <= o.warmupS) o.progress(`max-rate ${label}: warm-up ${m.index}/${o.warmupS} s, ${m.acked} PUBACKs so far`)
          else if (m.index <= end && ((m.index - o.warmupS) % 3 === 0 || m.index === end)) o.progress(`max-rate ${label}: ${end - m.index} s left, ${rate} PUBACK/s`)
        } else if (m.type === 'done' || m.type === 'failed') {
          clearTimeout(timer)
          resolve(m)
        }
      })
      worker.process.once('exit', () => { clearTimeout(timer); reject(new Error(`load generator (${label}) exited early\n${worker.stderrTail()}`)) })
    })
    worker.send({ type: 'start' } satisfies LoadCommand)
    const final = await finished
    if (final.type === 'failed') throw new Error(`load generator (${label}): ${final.message}`)
    if (final.type !== 'done') throw new Error(`load generator (${label}): no final count`)
    if (ticks.length < 2) throw new Error(`load generator (${label}) stopped before the measurement (${final.reason})`)
    const perSecond = ticks.slice(1).map((t, i) => (t.acked - ticks[i]!.acked) / ((t.at - ticks[i]!.at) / 1000))
    const first = ticks[0]!
    const last = ticks[ticks.length - 1]!
    return {
      ratePerS: (last.acked - first.acked) / ((last.at - first.at) / 1000),
      minPerS: Math.min(...perSecond),
      maxPerS: Math.max(...perSecond),
      acked: final.acked,
      sent: final.sent,
      unacked: final.unacked,
      brokerCpu: summarise([]),
      brokerRssMb: summarise([]),
      loadCpu: loadSampler.cpuSummary(),
      otherCpu: others.summary()
    }
  } finally {
    await children.waitExit(worker, 10_000)
  }
}
