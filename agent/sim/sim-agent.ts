import { EventEmitter } from 'node:events'
import type { Logger } from 'pino'
import type { Birth, ReportedError } from '../../protocol/index.js'
import type { Clock } from '../probes/probe.js'
import { Publisher } from '../publisher/publisher.js'
import { Reporter } from '../runner/reporter.js'
import { Spool } from '../spool/spool.js'
import { agentVersion } from '../version.js'
import { churnErrors, nextChangeS } from './churn.js'
import type { FleetPlanEntry } from './fleet-plan.js'
import type { Random } from './random.js'
import { SimulatedMachine } from './readings.js'

export interface AgentCredentials {
  agentId: string
  secret: string
}

export interface ErrorsPublished {
  agentId: string
  serverName: string
  codes: string[]
  /** When the error set was handed to the connection (Date.now()); the event itself follows its PUBACK. */
  publishedAt: number
}

export interface SimAgentOptions {
  entry: FleetPlanEntry
  /** Position in the plan: makes the MAC address. */
  index: number
  credentials: AgentCredentials
  brokerUrl: string
  heartbeatIntervalS: number
  /** Mean seconds between error changes; none when undefined. */
  churnS?: number
  random: Random
  log: Logger
}

const clock: Clock = { now: () => Date.now() }

/**
 * One simulated agent: simulated readings and errors, but the real publisher, spool (in memory) and
 * reporter, so that it speaks to the collector exactly as an agent does.
 */
export class SimAgent extends EventEmitter<{ errorsPublished: [ErrorsPublished], connect: [] }> {
  private readonly publisher: Publisher
  private readonly reporter: Reporter
  private readonly machine: SimulatedMachine
  private errors: ReportedError[] = []
  private heartbeatTimer: NodeJS.Timeout | undefined
  private churnTimer: NodeJS.Timeout | undefined

  constructor (private readonly options: SimAgentOptions) {
    super()
    const { credentials, brokerUrl, log, entry } = options
    this.machine = new SimulatedMachine(entry, options.random)
    this.publisher = new Publisher({
      mqttUrl: brokerUrl,
      agentId: credentials.agentId,
      secret: credentials.secret,
      spool: Spool.inMemory({ log }),
      clock,
      log,
      birth: () => this.birth()
    })
    this.reporter = new Reporter(this.publisher, clock)
    this.publisher.on('connect', () => this.emit('connect'))
    this.publisher.on('acked', (record, sentAt) => {
      if (record.topic !== 'errors') return
      this.emit('errorsPublished', {
        agentId: credentials.agentId,
        serverName: entry.serverName,
        codes: record.payload.errors.map((error) => error.code),
        publishedAt: sentAt
      })
    })
  }

  get agentId (): string {
    return this.options.credentials.agentId
  }

  get serverName (): string {
    return this.options.entry.serverName
  }

  get connected (): boolean {
    return this.publisher.connected
  }

  start (): void {
    this.heartbeat()
    this.publisher.start()
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatIntervalS * 1000)
    this.scheduleChurn()
  }

  setErrors (errors: ReportedError[]): void {
    this.errors = errors
    this.reporter.errors(errors)
  }

  async stop (): Promise<void> {
    clearInterval(this.heartbeatTimer)
    clearTimeout(this.churnTimer)
    await this.publisher.stop()
  }

  private heartbeat (): void {
    this.reporter.heartbeat(this.machine.read())
  }

  private scheduleChurn (): void {
    const { churnS, random, entry } = this.options
    if (churnS === undefined) return
    this.churnTimer = setTimeout(() => {
      this.setErrors(churnErrors(this.errors, entry, random, clock.now()))
      this.scheduleChurn()
    }, nextChangeS(churnS, random) * 1000)
  }

  private birth (): Birth {
    const { entry, index, heartbeatIntervalS } = this.options
    return {
      v: 1,
      bootId: this.reporter.bootId,
      ts: new Date(clock.now()).toISOString(),
      heartbeatIntervalS,
      agent: { version: agentVersion(), os: 'Microsoft Windows Server 2022 Standard 10.0.20348', hostname: entry.serverName },
      server: { name: entry.serverName, role: entry.role, product: entry.product, productVersion: entry.productVersion },
      slc: entry.slc,
      location: entry.location,
      // Locally administered addresses (02:…), so they can never be a real machine's.
      macs: [`02:56:49:${hex(index >> 16)}:${hex(index >> 8)}:${hex(index)}`]
    }
  }
}

function hex (byte: number): string {
  return (byte & 0xff).toString(16).padStart(2, '0').toUpperCase()
}
