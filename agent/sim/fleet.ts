import { EventEmitter } from 'node:events'
import type { Logger } from 'pino'
import type { ReportedError } from '../../protocol/index.js'
import { requestEnrollment } from '../enrollment/enroll.js'
import type { FleetPlanEntry } from './fleet-plan.js'
import { seededRandom } from './random.js'
import { SimAgent, type AgentCredentials, type ErrorsPublished } from './sim-agent.js'

export type { AgentCredentials, ErrorsPublished } from './sim-agent.js'

export const DEFAULT_SIM_HEARTBEAT_S = 10
/** Enrollments in flight at once: quick for a thousand agents, gentle on the collector. */
const ENROLL_CONCURRENCY = 16
/** Connects are spread over up to this many milliseconds per agent (and at most one heartbeat interval). */
const START_SPREAD_PER_AGENT_MS = 10

export interface FleetOptions {
  plan: FleetPlanEntry[]
  /** With `token`: every agent enrolls over HTTP, exactly as `vigil agent enroll` does. */
  collectorUrl?: string
  /** A multi-use enrollment token. */
  token?: string
  /** Agents already enrolled, one per plan entry; then `brokerUrl` is required. */
  credentials?: AgentCredentials[]
  /** Overrides the mqttUrl the collector hands out at enrollment. */
  brokerUrl?: string
  heartbeatIntervalS?: number
  /** Mean seconds between error changes of each agent; no churn when undefined. */
  churn?: number
  log: Logger
}

export interface FleetEvents {
  /** An error set was acknowledged by the broker. */
  errorsPublished: [ErrorsPublished]
  /** An agent connected for the first time; `connected` counts those so far. */
  agentConnected: [{ agentId: string, serverName: string, connected: number }]
}

/** Simulated agents, each its own MQTT connection with its own credentials. */
export class Fleet extends EventEmitter<FleetEvents> {
  private readonly starts: NodeJS.Timeout[] = []
  private readonly started = new Set<SimAgent>()
  private everConnected = 0
  private readonly whenAllConnected: Promise<void>

  constructor (readonly agents: readonly SimAgent[], startSpreadMs: number) {
    super()
    let allConnected!: () => void
    this.whenAllConnected = new Promise((resolve) => { allConnected = resolve })
    if (agents.length === 0) allConnected()
    const random = seededRandom(agents.length)
    for (const agent of agents) {
      agent.on('errorsPublished', (event) => this.emit('errorsPublished', event))
      agent.once('connect', () => {
        this.everConnected++
        this.emit('agentConnected', { agentId: agent.agentId, serverName: agent.serverName, connected: this.everConnected })
        if (this.everConnected === agents.length) allConnected()
      })
      this.starts.push(setTimeout(() => {
        this.started.add(agent)
        agent.start()
      }, random() * startSpreadMs))
    }
  }

  /** Agents connected right now. */
  get connected (): number {
    return this.agents.filter((agent) => agent.connected).length
  }

  /** Resolves once every agent has connected at least once. */
  allConnected (): Promise<void> {
    return this.whenAllConnected
  }

  /** Forces the error set of the agent of plan entry `index`; it is published at once. */
  setErrors (index: number, errors: ReportedError[]): void {
    const agent = this.agents[index]
    if (agent === undefined) throw new RangeError(`no simulated agent at index ${index} (the fleet has ${this.agents.length})`)
    agent.setErrors(errors)
  }

  /** Each agent publishes "offline" and disconnects; agents not started yet never will be. */
  async stop (): Promise<void> {
    for (const timer of this.starts) clearTimeout(timer)
    await Promise.all([...this.started].map((agent) => agent.stop()))
  }
}

/**
 * Enrolls (or takes the given credentials of) one simulated agent per plan entry and starts them,
 * their connects spread out so that a thousand agents in one process do not arrive at once.
 * Resolves when all are enrolled and scheduled; `allConnected()` tells when they are in.
 */
export async function startFleet (options: FleetOptions): Promise<Fleet> {
  const { plan, log } = options
  const heartbeatIntervalS = options.heartbeatIntervalS ?? DEFAULT_SIM_HEARTBEAT_S
  const identities = await fleetIdentities(options)
  // Each agent logs only warnings (unless debugging): a thousand "connected" lines say less than the fleet's progress.
  const quiet = log.isLevelEnabled('warn') && !log.isLevelEnabled('debug')
  const agentLog = log.child({}, { level: quiet ? 'warn' : log.level })
  const agents = plan.map((entry, index) => new SimAgent({
    entry,
    index,
    credentials: identities[index]!.credentials,
    brokerUrl: identities[index]!.brokerUrl,
    heartbeatIntervalS,
    ...(options.churn !== undefined ? { churnS: options.churn } : {}),
    random: seededRandom(index + 1),
    log: agentLog.child({ agentId: identities[index]!.credentials.agentId })
  }))
  return new Fleet(agents, Math.min(plan.length * START_SPREAD_PER_AGENT_MS, heartbeatIntervalS * 1000))
}

interface Identity { credentials: AgentCredentials, brokerUrl: string }

async function fleetIdentities (options: FleetOptions): Promise<Identity[]> {
  const { plan, credentials, brokerUrl, collectorUrl, token } = options
  if (credentials !== undefined) {
    if (brokerUrl === undefined) throw new TypeError('startFleet: brokerUrl is required with credentials')
    if (credentials.length < plan.length) throw new RangeError(`startFleet: ${plan.length} agents planned, ${credentials.length} credentials given`)
    return plan.map((_, index) => ({ credentials: credentials[index]!, brokerUrl }))
  }
  if (collectorUrl === undefined || token === undefined) throw new TypeError('startFleet: give collectorUrl and token, or credentials and brokerUrl')
  const identities: Identity[] = new Array(plan.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let index = next++; index < plan.length; index = next++) {
      const answer = await requestEnrollment(collectorUrl, token, plan[index]!.serverName)
      identities[index] = { credentials: { agentId: answer.agentId, secret: answer.secret }, brokerUrl: brokerUrl ?? answer.mqttUrl }
    }
  }
  await Promise.all(Array.from({ length: Math.min(ENROLL_CONCURRENCY, plan.length) }, worker))
  options.log.info({ agents: plan.length }, 'simulated agents enrolled')
  return identities
}
