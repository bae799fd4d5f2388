import { readFileSync } from 'node:fs'
import Type from 'typebox'
import { validator } from '../../protocol/index.js'
import { parseCommand, usageError, wholeNumber } from '../cli/args.js'
import { createLogger } from '../cli/logger.js'
import { untilStopSignal } from '../cli/signals.js'
import { EnrollmentError } from '../enrollment/enroll.js'
import { DEFAULT_SIM_HEARTBEAT_S, startFleet, type AgentCredentials, type FleetOptions } from './fleet.js'
import { fleetPlan } from './fleet-plan.js'

const DEFAULT_CHURN_S = 300
const PROGRESS_EVERY_MS = 1000

const checkCredentials = validator(Type.Array(Type.Object({ agentId: Type.String({ minLength: 1 }), secret: Type.String({ minLength: 1 }) })))

const spec = {
  command: 'vigil sim',
  usage: 'vigil sim --agents N [--collector URL --token TOKEN | --broker URL --credentials FILE] [--interval S] [--churn S] [--seed N]',
  help: [
    'Runs N simulated agents (XProtect servers of about six customers) for demos and load tests.',
    'Each is its own MQTT connection with its own credentials and publishes what a real agent does.',
    '',
    '  --agents N           how many agents',
    '  --collector URL      enroll each agent with this collector ...',
    '  --token TOKEN        ... using this multi-use enrollment token',
    '  --broker URL         the MQTT broker (overrides the one the collector names)',
    '  --credentials FILE   agents already enrolled: a JSON array of {"agentId","secret"}; needs --broker',
    `  --interval S         heartbeat interval in seconds (default ${DEFAULT_SIM_HEARTBEAT_S})`,
    `  --churn S            mean seconds between error changes per agent, 0 for none (default ${DEFAULT_CHURN_S})`,
    '  --seed N             picks the fleet: same seed, same servers (default 1)',
    '  --help               this text',
    '',
    'Progress (agents connected) goes to stderr. Stops cleanly on SIGINT or SIGTERM.'
  ].join('\n'),
  options: {
    agents: { type: 'string' },
    collector: { type: 'string' },
    token: { type: 'string' },
    broker: { type: 'string' },
    credentials: { type: 'string' },
    interval: { type: 'string' },
    churn: { type: 'string' },
    seed: { type: 'string' }
  }
} as const

/** `vigil sim …`: argv is what follows "sim". Resolves to the process exit code. */
export async function simCommand (argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, spec)
  if (!parsed.ok) return parsed.exitCode
  const v = parsed.values
  const agents = wholeNumber(v.agents, 1)
  const interval = wholeNumber(v.interval ?? String(DEFAULT_SIM_HEARTBEAT_S), 1)
  const churn = wholeNumber(v.churn ?? String(DEFAULT_CHURN_S), 0)
  const seed = wholeNumber(v.seed ?? '1', 0)
  if (agents === undefined) return usageError(spec.command, '--agents must be a whole number of at least 1')
  if (interval === undefined || interval > 3600) return usageError(spec.command, '--interval must be a whole number of seconds from 1 to 3600')
  if (churn === undefined) return usageError(spec.command, '--churn must be a whole number of seconds')
  if (seed === undefined) return usageError(spec.command, '--seed must be a whole number')
  const enrolling = v.collector !== undefined || v.token !== undefined
  if (enrolling === (v.credentials !== undefined)) return usageError(spec.command, 'give either --collector and --token, or --broker and --credentials')
  if (enrolling && (v.collector === undefined || v.token === undefined)) return usageError(spec.command, '--collector and --token go together')
  if (!enrolling && v.broker === undefined) return usageError(spec.command, '--credentials needs --broker')

  let credentials: AgentCredentials[] | undefined
  if (v.credentials !== undefined) {
    const read = readCredentials(v.credentials)
    if (typeof read === 'string') return usageError(spec.command, read)
    if (read.length < agents) return usageError(spec.command, `--credentials ${v.credentials} holds ${read.length} agents, --agents asks for ${agents}`)
    credentials = read
  }

  const log = createLogger('vigil-sim')
  const stopSignal = untilStopSignal()
  const options: FleetOptions = {
    plan: fleetPlan(agents, seed),
    heartbeatIntervalS: interval,
    ...(churn > 0 ? { churn } : {}),
    ...(v.collector !== undefined ? { collectorUrl: v.collector } : {}),
    ...(v.token !== undefined ? { token: v.token } : {}),
    ...(v.broker !== undefined ? { brokerUrl: v.broker } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    log
  }
  let fleet
  try {
    fleet = await startFleet(options)
  } catch (err) {
    if (!(err instanceof EnrollmentError)) throw err
    process.stderr.write(`${spec.command}: ${err.message}\n`)
    return 1
  }
  let shownAt = 0
  fleet.on('agentConnected', ({ connected }) => {
    const now = Date.now()
    if (connected < agents && now - shownAt < PROGRESS_EVERY_MS) return
    shownAt = now
    process.stderr.write(`vigil sim: ${connected}/${agents} agents connected\n`)
  })
  log.info({ signal: await stopSignal }, 'simulated fleet stopping')
  await fleet.stop()
  return 0
}


/** The credentials file, or the one-line reason it cannot be used. */
function readCredentials (path: string): AgentCredentials[] | string {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    return `--credentials ${path}: ${(err as Error).message}`
  }
  if (!checkCredentials.check(value)) return `--credentials ${path}: ${checkCredentials.problems(value)[0]}`
  return value
}
