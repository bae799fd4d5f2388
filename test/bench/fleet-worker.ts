/**
 * The simulated fleet of the fleet run (a child process of run.ts): `startFleet` with agents that
 * run.ts provisioned, each its own MQTT connection. Tells the orchestrator how many are connected
 * and, for the error-to-screen latency, every error set the broker acknowledged with the time it
 * was handed to the connection.
 */
import { readFileSync } from 'node:fs'
import pino from 'pino'
import { startFleet, type AgentCredentials, type Fleet } from '../../agent/sim/fleet.js'
import { fleetPlan } from '../../agent/sim/fleet-plan.js'
import { exitWithParent, report, type FleetCommand, type FleetReport } from './messages.js'

type Init = Extract<FleetCommand, { type: 'init' }>

const STOP_TIMEOUT_MS = 20_000

let fleet: Fleet | undefined
let progress: NodeJS.Timeout | undefined
let stopping = false

async function start (o: Init): Promise<void> {
  const credentials = JSON.parse(readFileSync(o.credentialsFile, 'utf8')) as AgentCredentials[]
  const log = pino({ level: 'warn', base: { part: 'bench-fleet' } }, pino.destination(2))
  fleet = await startFleet({
    plan: fleetPlan(o.agents, o.seed),
    credentials,
    brokerUrl: o.brokerUrl,
    heartbeatIntervalS: o.heartbeatIntervalS,
    ...(o.churnS > 0 ? { churn: o.churnS } : {}),
    log
  })
  let everConnected = 0
  const f = fleet
  f.on('agentConnected', ({ connected }) => { everConnected = connected })
  f.on('errorsPublished', (e) => {
    report({ type: 'published', serverName: e.serverName, codes: e.codes, publishedAt: e.publishedAt } satisfies FleetReport)
  })
  progress = setInterval(() => report({ type: 'progress', connected: f.connected, everConnected } satisfies FleetReport), 500)
}

async function stop (): Promise<void> {
  if (stopping) return
  stopping = true
  clearInterval(progress)
  const timer = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS)
  try {
    await fleet?.stop()
  } finally {
    clearTimeout(timer)
    report({ type: 'stopped' } satisfies FleetReport)
    setTimeout(() => process.exit(0), 200)
  }
}

exitWithParent()
process.on('message', (command: FleetCommand) => {
  if (command.type === 'init') {
    start(command).catch((err: Error) => {
      report({ type: 'failed', message: err.message } satisfies FleetReport)
      setTimeout(() => process.exit(1), 200)
    })
  } else if (command.type === 'stop') {
    void stop()
  }
})
