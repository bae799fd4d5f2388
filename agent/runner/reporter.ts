import { randomUUID } from 'node:crypto'
import type { ReportedError, VmsReading } from '../../protocol/index.js'
import type { Clock, Readings } from '../probes/probe.js'
import type { Publisher } from '../publisher/publisher.js'

/** PROTOCOL.md: an error set goes out when it changes and at least once per this many heartbeats. */
const ERRORS_EVERY_HEARTBEATS = 10

export type HeartbeatReadings = Readings & { vms?: VmsReading }

/**
 * Numbers and times the messages of one agent run: one `bootId` per run, and `seq` rising by one per
 * heartbeat and, separately, per error set. Shared by the agent and the simulator.
 */
export class Reporter {
  readonly bootId = randomUUID()
  private heartbeatSeq = 0
  private errorSeq = 0
  private heartbeatsSinceErrors = 0
  private current: ReportedError[] = []
  private currentJson = '[]'

  constructor (private readonly publisher: Publisher, private readonly clock: Clock) {
    // At every connect the collector gets the current set again, whatever it missed.
    publisher.on('connect', () => this.sendErrors())
  }

  /** The errors active now; sent at once when they differ from the last set. */
  errors (errors: ReportedError[]): void {
    const json = JSON.stringify(errors)
    if (json === this.currentJson) return
    this.current = errors
    this.currentJson = json
    this.sendErrors()
  }

  heartbeat (readings: HeartbeatReadings): void {
    this.publisher.enqueue({
      topic: 'heartbeat',
      payload: { v: 1, bootId: this.bootId, seq: ++this.heartbeatSeq, ts: this.timestamp(), ...readings }
    })
    if (++this.heartbeatsSinceErrors >= ERRORS_EVERY_HEARTBEATS) this.sendErrors()
  }

  private sendErrors (): void {
    this.heartbeatsSinceErrors = 0
    this.publisher.enqueue({
      topic: 'errors',
      payload: { v: 1, bootId: this.bootId, seq: ++this.errorSeq, ts: this.timestamp(), errors: this.current }
    })
  }

  private timestamp (): string {
    return new Date(this.clock.now()).toISOString()
  }
}
