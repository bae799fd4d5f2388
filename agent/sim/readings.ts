import type { ServiceReading } from '../../protocol/index.js'
import type { HeartbeatReadings } from '../runner/reporter.js'
import type { FleetPlanEntry } from './fleet-plan.js'
import { between, type Random } from './random.js'

const TIB = 1024 ** 4
const GIB = 1024 ** 3

const SERVICES_BY_ROLE: Record<string, readonly string[]> = {
  management: ['Milestone XProtect Management Server', 'Milestone XProtect Event Server', 'Milestone XProtect Log Server'],
  recording: ['Milestone XProtect Recording Server', 'Milestone XProtect Data Collector Server'],
  mobile: ['Milestone XProtect Mobile Server'],
  event: ['Milestone XProtect Event Server']
}

/**
 * Plausible, slowly wandering readings of one simulated server: CPU and memory drift, the recording
 * disk fills and is trimmed back by retention, cameras drop out now and then.
 */
export class SimulatedMachine {
  private cpuPct: number
  private memPct: number
  private diskPct: number
  private readonly memTotal: number
  private readonly diskSize: number

  constructor (private readonly entry: FleetPlanEntry, private readonly random: Random) {
    this.cpuPct = between(random, 5, 45)
    this.memPct = between(random, 30, 65)
    this.diskPct = between(random, 60, 90)
    this.memTotal = between(random, 2, 8) * 8 * GIB
    this.diskSize = between(random, 1, 8) * 2 * TIB
  }

  read (): HeartbeatReadings {
    this.cpuPct = wander(this.random, this.cpuPct, 4, 2, 85)
    this.memPct = wander(this.random, this.memPct, 2, 20, 85)
    this.diskPct = wander(this.random, this.diskPct, 0.5, 50, 94)
    const recording = this.entry.cameras.length > 0
    const system = { mount: 'C:\\', label: 'System', sizeBytes: 256 * GIB, usedBytes: Math.round(0.45 * 256 * GIB) }
    const media = { mount: 'D:\\', label: 'Recording', sizeBytes: this.diskSize, usedBytes: Math.round(this.diskSize * this.diskPct / 100) }
    const services: ServiceReading[] = (SERVICES_BY_ROLE[this.entry.role] ?? []).map((name) => ({ name, state: 'running' }))
    return {
      cpu: { pct: Math.round(this.cpuPct * 10) / 10 },
      mem: { usedBytes: Math.round(this.memTotal * this.memPct / 100), totalBytes: this.memTotal },
      disks: recording ? [system, media] : [system],
      services,
      ...(recording ? { vms: this.vms() } : {})
    }
  }

  private vms (): NonNullable<HeartbeatReadings['vms']> {
    const total = this.entry.cameras.length
    const connected = this.random() < 0.1 ? total - 1 : total
    return {
      cameras: { total, connected, recording: connected },
      liveFps: Math.round(connected * (12 + this.random() * 3) * 10) / 10,
      recordingFps: Math.round(connected * (8 + this.random() * 2) * 10) / 10
    }
  }
}

function wander (random: Random, value: number, step: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value + (random() * 2 - 1) * step))
}
