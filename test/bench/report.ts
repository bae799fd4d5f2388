import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, release, totalmem } from 'node:os'
import type { FleetResult } from './fleet-run.js'
import type { MaxRateResult } from './max-rate.js'

export const RESULTS_START = '<!-- bench:results:start (rewritten by `npm run bench`; edit outside these markers) -->'
export const RESULTS_END = '<!-- bench:results:end -->'

export const TARGET_P99_MS = 250
export const TARGET_RATIO = 0.5
/** Other processes above this (% of one core, mean over a measurement) make a run "disturbed". */
export const BUSY_MACHINE_PCT = 25

export interface Results {
  command: string
  startedAt: Date
  totalS: number
  fleet?: FleetResult
  maxRate?: MaxRateResult
}

export function targetsMet (r: Results): { p99?: boolean, ratio?: boolean } {
  return {
    ...(r.fleet ? { p99: r.fleet.latency.n > 0 && r.fleet.latency.missing === 0 && r.fleet.latency.p99 < TARGET_P99_MS } : {}),
    ...(r.maxRate ? { ratio: r.maxRate.ratio >= TARGET_RATIO } : {})
  }
}

/** The results section: machine, command, every figure, and the targets met or not. */
export function renderResults (r: Results): string {
  const out: string[] = []
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  out.push('## Latest results', '')
  out.push(`- Date: ${r.startedAt.toISOString()} (whole run ${r.totalS.toFixed(0)} s)`)
  out.push(`- Machine: ${availableParallelism()} cores (\`nproc\`; ${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Linux ${release()}, Node ${process.version}`)
  out.push(`- Command: \`${r.command}\``)
  out.push(`- Code: ${revision()}`)
  const others = [r.fleet?.otherCpu.mean, r.maxRate?.collector.otherCpu.mean, r.maxRate?.bare.otherCpu.mean].filter((v): v is number => v !== undefined && Number.isFinite(v))
  const busiest = Math.max(0, ...others)
  if (busiest > BUSY_MACHINE_PCT) {
    out.push(`- **Disturbed run:** other processes on this machine used up to ${pct(busiest)} of a core on average during a measurement (see "everything else on this machine" below); every figure is pessimistic. Rerun on a quiet machine.`)
  }
  out.push('')
  const met = targetsMet(r)
  if (r.fleet) out.push(...renderFleet(r.fleet, met.p99!))
  if (r.maxRate) out.push(...renderMaxRate(r.maxRate, met.ratio!))
  out.push('### Targets', '')
  out.push('| target | result | met |', '|---|---|---|')
  if (r.fleet) out.push(`| error-to-screen p99 below ${TARGET_P99_MS} ms, every change shown | p99 ${ms(r.fleet.latency.p99)}, ${r.fleet.latency.missing} of ${r.fleet.latency.expected} changes not shown | ${yes(met.p99!)} |`)
  if (r.maxRate) out.push(`| collector ingest at least ${TARGET_RATIO * 100} % of the bare relay rate | ${pct(r.maxRate.ratio * 100)} (${num(r.maxRate.collector.ratePerS)} vs ${num(r.maxRate.bare.ratePerS)} msg/s) | ${yes(met.ratio!)} |`)
  out.push('')
  return out.join('\n')
}

function renderFleet (f: FleetResult, p99Met: boolean): string[] {
  const l = f.latency
  const t = f.latencyFromTs
  return [
    `### Fleet run: ${num(f.agents)} agents, heartbeat every ${f.heartbeatIntervalS} s, an error change every ${f.churnS} s per agent (mean), ${f.durationS.toFixed(0)} s measured`,
    '',
    '| figure | value |',
    '|---|---|',
    `| messages ingested per second (mean over the window; slowest and fastest second) | **${dec(f.ingest.meanPerS)}** (${dec(f.ingest.minPerS)} to ${dec(f.ingest.maxPerS)}) |`,
    `| what the fleet sent per second: a heartbeat per agent per interval + the error sets it had acknowledged | ${dec(f.expectedPerS)} |`,
    `| messages ingested in the window / rejected / storage failures | ${num(f.ingest.messages)} / ${num(f.ingest.rejected)} / ${num(f.ingest.storageFailures)} |`,
    `| error-to-screen, publish to live-feed event: p50 / p95 / p99 / max | **${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} / ${ms(l.max)}** (${num(l.n)} changes; target p99 < ${TARGET_P99_MS} ms: ${yes(p99Met)}) |`,
    `| changes published in the window that never reached the screen | ${num(l.missing)} of ${num(l.expected)} |`,
    `| the same, from the error set's own time stamp (\`ts\`, includes the agent's spool queue): p50 / p95 / p99 / max | ${ms(t.p50)} / ${ms(t.p95)} / ${ms(t.p99)} / ${ms(t.max)} (${num(t.n)} events) |`,
    `| collector CPU, % of one core: mean / max of 1 s samples | **${pct(f.cpu.mean)} / ${pct(f.cpu.max)}** |`,
    `| collector RSS: mean / max | **${mb(f.rssMb.mean)} / ${mb(f.rssMb.max)}** |`,
    `| agents connected at the end (collector's gauge) | ${num(f.connectedAtEnd)} of ${num(f.agents)} |`,
    `| time for all agents to connect (spread over one heartbeat interval by design) | ${f.connectS.toFixed(1)} s |`,
    `| live feed: messages received / \`errors\` events / \`servers\` events / clients dropped | ${num(f.live.messages)} / ${num(f.live.errorEvents)} / ${num(f.live.serverEvents)} / ${num(f.live.dropped)} |`,
    `| the simulated fleet's process (all ${num(f.agents)} agents), CPU % of one core: mean / max | ${pct(f.fleetCpu.mean)} / ${pct(f.fleetCpu.max)} |`,
    `| everything else on this machine during the window, CPU % of one core: mean / max (0 = a quiet machine) | ${pct(f.otherCpu.mean)} / ${pct(f.otherCpu.max)} |`,
    ...(f.storage && f.storage.rows > 0
      ? [`| heartbeat storage: bytes per stored heartbeat (table + index); the same fleet for a day, nothing is ever deleted | ${num(f.storage.bytes / f.storage.rows)} B (${num(f.storage.rows)} rows); ${dec(f.storage.bytes / f.storage.rows * f.agents * 86_400 / f.heartbeatIntervalS / 1024 ** 3)} GiB a day |`]
      : []),
    `| collector log lines at warn / error during the run | ${num(f.collectorLog.warnings)} / ${num(f.collectorLog.errors)} |`,
    ''
  ]
}

function renderMaxRate (m: MaxRateResult, ratioMet: boolean): string[] {
  const c = m.collector
  const b = m.bare
  return [
    `### Max sustained heartbeat ingest: ${m.connections} connections × ${m.window} QoS 1 publishes in flight, ${m.warmupS} s warm-up, ${m.measureS} s measured`,
    '',
    '| figure | collector (`vigil collector`) | bare aedes relay (1 QoS 1 subscriber) |',
    '|---|---|---|',
    `| PUBACKs per second, mean over the window | **${num(c.ratePerS)}** | **${num(b.ratePerS)}** |`,
    `| slowest / fastest second | ${num(c.minPerS)} / ${num(c.maxPerS)} | ${num(b.minPerS)} / ${num(b.maxPerS)} |`,
    `| cross-check | \`vigil_ingest_messages_total\`: ${num(c.ingestedPerS)}/s; rejected ${num(c.rejected)}, storage failures ${num(c.storageFailures)} | subscriber received ${num(b.subscriberPerS)}/s; in all ${num(b.subscriberReceived)} of ${num(b.acked)} acknowledged (${num(b.subscriberDuplicates)} duplicates) |`,
    `| broker process CPU, % of one core: mean / max | ${pct(c.brokerCpu.mean)} / ${pct(c.brokerCpu.max)} | ${pct(b.brokerCpu.mean)} / ${pct(b.brokerCpu.max)} |`,
    `| broker process RSS: mean / max | ${mb(c.brokerRssMb.mean)} / ${mb(c.brokerRssMb.max)} | ${mb(b.brokerRssMb.mean)} / ${mb(b.brokerRssMb.max)} |`,
    `| load generator CPU, % of one core: mean | ${pct(c.loadCpu.mean)} | ${pct(b.loadCpu.mean)} |`,
    `| subscriber CPU, % of one core: mean | - | ${pct(b.subscriberCpu.mean)} |`,
    `| everything else on this machine, CPU % of one core: mean / max (0 = a quiet machine) | ${pct(c.otherCpu.mean)} / ${pct(c.otherCpu.max)} | ${pct(b.otherCpu.mean)} / ${pct(b.otherCpu.max)} |`,
    `| messages sent / acknowledged / left unacknowledged at the stop | ${num(c.sent)} / ${num(c.acked)} / ${num(c.unacked)} | ${num(b.sent)} / ${num(b.acked)} / ${num(b.unacked)} |`,
    '',
    `**Collector / bare relay: ${pct(m.ratio * 100)}** (target at least ${TARGET_RATIO * 100} %: ${yes(ratioMet)}).`,
    ''
  ]
}

/** Rewrites the results section of `file`, keeping everything outside the markers. */
export function writeResults (file: string, section: string, preamble: string): void {
  const block = `${RESULTS_START}\n\n${section.trim()}\n\n${RESULTS_END}`
  if (!existsSync(file)) {
    writeFileSync(file, `${preamble.trim()}\n\n${block}\n`)
    return
  }
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf(RESULTS_START)
  const end = text.indexOf(RESULTS_END)
  if (start >= 0 && end > start) {
    writeFileSync(file, text.slice(0, start) + block + text.slice(end + RESULTS_END.length))
  } else {
    writeFileSync(file, `${text.trimEnd()}\n\n${block}\n`)
  }
}

/** The commit measured, and whether the product's sources differed from it. */
function revision (): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: new URL('../../..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const commit = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', 'collector', 'agent', 'protocol') !== ''
    return `commit ${commit}${dirty ? ' plus uncommitted changes to collector/, agent/ or protocol/' : ''}`
  } catch {
    return 'unknown (not a git checkout)'
  }
}

function yes (met: boolean): string {
  return met ? 'met' : '**NOT MET**'
}

function num (n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-'
}

function dec (n: number): string {
  return Number.isFinite(n) ? n.toFixed(1) : '-'
}

function ms (n: number): string {
  return Number.isFinite(n) ? `${Math.round(n)} ms` : '-'
}

function pct (n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(0)} %` : '-'
}

function mb (n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(0)} MB` : '-'
}
