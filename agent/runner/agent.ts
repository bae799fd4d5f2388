import type { Logger } from 'pino'
import { DEFAULT_THRESHOLDS, type AgentConfig, type Birth, type Thresholds } from '../../protocol/index.js'
import type { AgentSettings } from '../config/schema.js'
import { PROBES } from '../probes/index.js'
import type { Probe, SystemSource } from '../probes/probe.js'
import type { BackoffSettings } from '../publisher/backoff.js'
import { Publisher } from '../publisher/publisher.js'
import { ErrorRules, type RuleSettings } from '../rules/error-rules.js'
import type { Spool } from '../spool/spool.js'
import { agentVersion } from '../version.js'
import { collectReadings } from './collect.js'
import type { HostIdentity } from './host.js'
import { Reporter } from './reporter.js'

/** A probe gets at most this long, so that one stuck call cannot hold up the heartbeat. */
const PROBE_TIMEOUT_MS = 20_000

export interface AgentOptions {
  settings: AgentSettings
  sys: SystemSource
  host: HostIdentity
  spool: Spool
  log: Logger
  probes?: readonly Probe[]
  backoff?: BackoffSettings
  replayPerSecond?: number
}

/**
 * The agent: every heartbeat interval it reads the machine through the probes, turns the readings
 * into the active error set, and hands both to the publisher. The collector's config (retained on
 * the agent's `config` topic) changes the interval and thresholds while it runs.
 */
export class Agent {
  private readonly publisher: Publisher
  private readonly reporter: Reporter
  private readonly rules: ErrorRules
  private readonly probes: readonly Probe[]
  private intervalS: number
  private collectorConfig: AgentConfig | undefined
  private timer: NodeJS.Timeout | undefined
  private nextAt = 0
  private running: Promise<void> | undefined
  private stopped = false

  constructor (private readonly options: AgentOptions) {
    const { settings, sys, spool, log } = options
    this.probes = options.probes ?? PROBES
    this.intervalS = settings.heartbeatIntervalS
    this.rules = new ErrorRules(this.ruleSettings())
    this.publisher = new Publisher({
      mqttUrl: settings.mqttUrl,
      agentId: settings.agentId,
      secret: settings.secret,
      spool,
      clock: sys,
      log,
      birth: () => this.birth(),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.replayPerSecond ? { replayPerSecond: options.replayPerSecond } : {})
    })
    this.reporter = new Reporter(this.publisher, sys)
    this.publisher.on('config', (config) => this.applyConfig(config))
  }

  get bootId (): string {
    return this.reporter.bootId
  }

  /** Takes the first readings, then connects: the error set sent at connect is already the real one. */
  async start (): Promise<void> {
    this.nextAt = this.options.sys.now()
    await this.tick()
    this.publisher.start()
    this.schedule()
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
    await this.publisher.stop()
  }

  private schedule (): void {
    if (this.stopped) return
    // Planned from the previous tick, not from its end, so that heartbeats do not drift.
    this.nextAt += this.intervalS * 1000
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.running = this.tick().finally(() => {
        this.running = undefined
        this.schedule()
      })
    }, Math.max(0, this.nextAt - this.options.sys.now()))
  }

  private async tick (): Promise<void> {
    const { sys, settings, log } = this.options
    try {
      const sample = await collectReadings(this.probes, sys, settings, log, PROBE_TIMEOUT_MS)
      if (sample.cpu === undefined || sample.mem === undefined) {
        log.error('no CPU or memory reading: heartbeat skipped')
        return
      }
      const readings = { ...sample, cpu: sample.cpu, mem: sample.mem }
      this.reporter.errors(this.rules.evaluate(readings, sys.now()))
      this.reporter.heartbeat(readings)
    } catch (err) {
      log.error({ err: (err as Error).message }, 'heartbeat failed')
    }
  }

  private applyConfig (config: AgentConfig): void {
    this.collectorConfig = config
    const settings = this.ruleSettings()
    this.rules.update(settings)
    this.options.log.info({ heartbeatIntervalS: config.heartbeatIntervalS, thresholds: settings.thresholds }, 'config from the collector applied')
    if (config.heartbeatIntervalS === this.intervalS) return
    const previousS = this.intervalS
    this.intervalS = config.heartbeatIntervalS
    // While waiting (a running tick reschedules itself): the new interval counts from the last heartbeat.
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.nextAt -= previousS * 1000
      this.schedule()
    }
  }

  /** Defaults, then the config file, then the collector: the last word is the collector's. */
  private ruleSettings (): RuleSettings {
    const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...this.options.settings.thresholds, ...this.collectorConfig?.thresholds }
    return { serverName: this.options.settings.server.name, thresholds }
  }

  private birth (): Birth {
    const { settings, host, sys } = this.options
    return {
      v: 1,
      bootId: this.reporter.bootId,
      ts: new Date(sys.now()).toISOString(),
      heartbeatIntervalS: this.intervalS,
      agent: { version: agentVersion(), os: host.os, hostname: host.hostname },
      server: settings.server,
      ...(settings.slc ? { slc: settings.slc } : {}),
      ...(settings.location ? { location: settings.location } : {}),
      ...(host.macs.length > 0 ? { macs: host.macs } : {}),
      ...(host.hardware ? { hardware: host.hardware } : {})
    }
  }
}
