/**
 * `npm run bench`: the collector's performance on this machine, all on 127.0.0.1.
 *
 *  1. Fleet run: `vigil collector` as its own process, N simulated agents (each its own MQTT
 *     connection) heartbeating and churning errors, a live-feed client logged in as the License
 *     Admin. Measures ingest rate, error-to-screen latency, collector CPU and RSS.
 *  2. Max sustained heartbeat ingest: one load generator process against the collector, then
 *     against bare aedes relaying to one QoS 1 subscriber; the ratio of the two.
 *
 * Writes the figures into the results section of docs/benchmarks.md. Every process it starts, it
 * ends: after each phase, on failure and on Ctrl+C.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from '../helpers/paths.js'
import { Children } from './children.js'
import { removeTempDirs } from './collector.js'
import { runFleet } from './fleet-run.js'
import { runMaxRate } from './max-rate.js'
import { renderResults, targetsMet, writeResults, type Results } from './report.js'
import { OtherLoadSampler } from './proc-stats.js'

const QUIET_PCT = 25
const QUIET_SECONDS = 10

const USAGE = `Usage: npm run bench -- [options]

  --agents N         simulated agents in the fleet run (default 1000; --quick: 100)
  --duration S       seconds measured in the fleet run once all agents are in (default 60; --quick: 10)
  --interval S       heartbeat interval of the simulated agents (default 10)
  --churn S          mean seconds between error changes per agent (default 60)
  --connections N    load generator connections in the max-rate run (default 50)
  --window N         QoS 1 publishes each connection keeps in flight (default 20)
  --warmup S         max-rate warm-up seconds (default 3; --quick: 2)
  --measure S        max-rate seconds measured (default 12; --quick: 4)
  --only fleet|max   run one of the two
  --quick            a short smoke run; does not touch docs/benchmarks.md unless --write
  --write            write docs/benchmarks.md (the default for a full run)
  --no-write         do not write docs/benchmarks.md
  --profile DIR      run the collector with --cpu-prof, profiles into DIR
  --wait-quiet S     before each phase, wait up to S s for other processes on the machine to go
                     below ${QUIET_PCT} % of one core for ${QUIET_SECONDS} s (default 120; 0: do not wait)
  --keep             keep the temporary data directories
  -h, --help         this text
`

const DOC = resolve(repoRoot, 'docs/benchmarks.md')
const PREAMBLE = '# Benchmarks\n\nRun with `npm run bench`; see test/bench/run.ts.'

function wholeNumber (name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${text}"`)
  return Number(text)
}

class UsageError extends Error {}

async function main (): Promise<number> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      duration: { type: 'string' },
      interval: { type: 'string' },
      churn: { type: 'string' },
      connections: { type: 'string' },
      window: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      write: { type: 'boolean' },
      'no-write': { type: 'boolean', default: false },
      profile: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'wait-quiet': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const quick = values.quick
  const only = values.only
  if (only !== undefined && only !== 'fleet' && only !== 'max') throw new UsageError(`--only: expected fleet or max, got "${only}"`)
  const write = values['no-write'] ? false : values.write ?? !quick
  const profileDir = values.profile !== undefined ? resolve(values.profile) : undefined
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const fleetOptions = {
    agents: wholeNumber('agents', values.agents, quick ? 100 : 1000),
    durationS: wholeNumber('duration', values.duration, quick ? 10 : 60),
    heartbeatIntervalS: wholeNumber('interval', values.interval, 10),
    churnS: wholeNumber('churn', values.churn, 60, 0),
    seed: 1,
    ...(profileDir ? { profileDir } : {}),
    keep: values.keep,
    progress
  }
  const maxOptions = {
    connections: wholeNumber('connections', values.connections, 50),
    window: wholeNumber('window', values.window, 20),
    warmupS: wholeNumber('warmup', values.warmup, quick ? 2 : 3),
    measureS: wholeNumber('measure', values.measure, quick ? 4 : 12),
    seed: 2,
    ...(profileDir ? { profileDir } : {}),
    keep: values.keep,
    progress
  }
  const waitQuietS = wholeNumber('wait-quiet', values['wait-quiet'], 120, 0)
  if (maxOptions.window > 1000) throw new UsageError('--window must be at most 1000 (MQTT packet ids are 16 bits)')

  const children = new Children()
  let interrupted = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return
    interrupted = true
    process.stderr.write(`\nbench: ${signal}: stopping every process it started\n`)
    void children.stopAll().finally(() => {
      if (!values.keep) removeTempDirs()
      process.exit(130)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.on('exit', () => children.killAllNow())

  const startedAt = new Date()
  const started = performance.now()
  const results: Results = { command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '), startedAt, totalS: 0 }
  try {
    if (only !== 'max') {
      await waitForQuiet(children, waitQuietS)
      progress(`phase 1/2: fleet run, ${fleetOptions.agents} agents, ${fleetOptions.durationS} s`)
      results.fleet = await runFleet(children, fleetOptions)
    }
    if (only !== 'fleet') {
      await waitForQuiet(children, waitQuietS)
      progress(`phase 2/2: max sustained heartbeat ingest, ${maxOptions.connections} connections × ${maxOptions.window} in flight`)
      results.maxRate = await runMaxRate(children, maxOptions)
    }
  } finally {
    await children.stopAll()
  }
  results.totalS = (performance.now() - started) / 1000
  const section = renderResults(results)
  process.stdout.write('\n' + section + '\n')
  if (write) {
    writeResults(DOC, section, PREAMBLE)
    progress(`results written to ${DOC}`)
  }
  if (profileDir) progress(`collector CPU profiles in ${profileDir} (open in Chrome DevTools or speedscope)`)
  const met = targetsMet(results)
  const missed = Object.entries(met).filter(([, ok]) => !ok).map(([name]) => name)
  if (missed.length > 0) progress(`targets NOT met: ${missed.join(', ')}`)
  return 0
}

/**
 * Other work on the machine (a test run, a build) takes CPU from the processes under test and makes
 * every figure worse; wait, within bounds, for it to pass. The figures record what was left anyway.
 */
async function waitForQuiet (children: Children, maxS: number): Promise<void> {
  if (maxS === 0) return
  const others = new OtherLoadSampler(() => children.pids())
  others.reset()
  const deadline = Date.now() + maxS * 1000
  let quiet = 0
  let lastPrint = 0
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const load = others.sample() ?? 0
    quiet = load < QUIET_PCT ? quiet + 1 : 0
    if (quiet >= QUIET_SECONDS) return
    if (Date.now() >= deadline) {
      progress(`the machine is still busy (other processes at ${load.toFixed(0)} % of one core); going ahead after waiting ${maxS} s`)
      return
    }
    if (Date.now() - lastPrint >= 5000) {
      lastPrint = Date.now()
      progress(`waiting for the machine to be quiet: other processes at ${load.toFixed(0)} % of one core (up to ${Math.ceil((deadline - Date.now()) / 1000)} s more)`)
    }
  }
}

function progress (line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`)
}

main().then((code) => { process.exitCode = code }, (err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}`)
    process.exitCode = 2
  } else {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  }
})
