import type { ReportedError, Thresholds } from '../../protocol/index.js'
import type { Readings } from '../probes/probe.js'
import { CPU_USAGE_IS_HIGH, MEMORY_USAGE_IS_HIGH, RUNNING_OUT_OF_DISK_SPACE, SERVICE_UNAVAILABLE } from './codes.js'
import { HeldLevel, zoneOf, type HoldTimes, type Zone } from './held-level.js'

/** Points below the CPU or memory threshold a reading must fall before the error can clear. */
const LOAD_HYSTERESIS_PCT = 5
/** Free space changes slowly, so one point above the threshold is enough to call a disk fine again. */
const DISK_HYSTERESIS_PCT = 1
/**
 * How long a load must stay low before its error clears: one low sample is not a recovery. A rule held
 * for less than this (down to 0: at once) clears as quickly as it was raised.
 */
const CLEAR_HOLD_MS = 60_000
/** Disks and services have no hold in Thresholds: they are errors from the first reading. */
const AT_ONCE: HoldTimes = { holdMs: 0, clearHoldMs: 0 }

export interface RuleSettings {
  /** The `value` of server-level errors. */
  serverName: string
  thresholds: Thresholds
}

interface Tracked {
  code: string
  value: string
  level: HeldLevel
  /** Written when the error is raised and kept, so that an active error does not change each heartbeat. */
  detail?: string
}

/**
 * Turns readings into the active error set. Each condition (CPU, memory, each recording disk, each
 * configured service) is a held level; the set is every level that is an error now, sorted, so that
 * two equal sets serialize equally.
 */
export class ErrorRules {
  private readonly tracked = new Map<string, Tracked>()

  constructor (private settings: RuleSettings) {}

  /** New thresholds or server name apply from the next evaluation; held conditions keep their onset. */
  update (settings: RuleSettings): void {
    this.settings = settings
  }

  evaluate (readings: Readings, now: number): ReportedError[] {
    const { serverName, thresholds: t } = this.settings
    const seen = new Set<string>()
    const track = (key: string, code: string, value: string, zone: Zone, times: HoldTimes, detail: () => string): void => {
      seen.add(key)
      let entry = this.tracked.get(key)
      if (entry === undefined) {
        entry = { code, value, level: new HeldLevel() }
        this.tracked.set(key, entry)
      }
      entry.value = value
      entry.level.observe(zone, now, times)
      if (!entry.level.active) delete entry.detail
      else entry.detail ??= detail()
    }

    const cpuPct = readings.cpu.pct
    track('cpu', CPU_USAGE_IS_HIGH, serverName, zoneOf(cpuPct, t.cpuPct, t.cpuPct - LOAD_HYSTERESIS_PCT),
      { holdMs: t.cpuHoldS * 1000, clearHoldMs: Math.min(t.cpuHoldS * 1000, CLEAR_HOLD_MS) },
      () => `CPU at or above ${t.cpuPct} % for ${duration(t.cpuHoldS)} (${cpuPct} % now)`)

    const memPct = readings.mem.totalBytes > 0 ? 100 * readings.mem.usedBytes / readings.mem.totalBytes : 0
    track('mem', MEMORY_USAGE_IS_HIGH, serverName, zoneOf(memPct, t.memPct, t.memPct - LOAD_HYSTERESIS_PCT),
      { holdMs: t.memHoldS * 1000, clearHoldMs: Math.min(t.memHoldS * 1000, CLEAR_HOLD_MS) },
      () => `Memory at or above ${t.memPct} % for ${duration(t.memHoldS)} (${round(memPct)} % now)`)

    for (const disk of readings.disks ?? []) {
      if (disk.sizeBytes <= 0) continue
      const freePct = 100 * (disk.sizeBytes - disk.usedBytes) / disk.sizeBytes
      const zone: Zone = freePct < t.diskFreePct
        ? 'raise'
        : freePct >= t.diskFreePct + DISK_HYSTERESIS_PCT ? 'clear' : 'band'
      track(`disk:${disk.mount}`, RUNNING_OUT_OF_DISK_SPACE, disk.mount, zone, AT_ONCE,
        () => `${disk.label ? `${disk.label}: ` : ''}${round(freePct)} % free, below ${t.diskFreePct} %`)
    }

    for (const service of readings.services ?? []) {
      track(`service:${service.name}`, SERVICE_UNAVAILABLE, service.name,
        service.state === 'running' ? 'clear' : 'raise', AT_ONCE,
        () => `Service is ${service.state}`)
    }

    // A disk or service that is no longer read (config changed) has no condition any more.
    for (const key of this.tracked.keys()) if (!seen.has(key)) this.tracked.delete(key)

    const errors: ReportedError[] = []
    for (const { code, value, level, detail } of this.tracked.values()) {
      if (!level.active || level.since === null) continue
      errors.push({ code, value, since: new Date(level.since).toISOString(), ...(detail ? { detail } : {}) })
    }
    return errors.sort((a, b) => compare(a.code, b.code) || compare(a.value, b.value))
  }
}

/** Code-point order, not the locale's: the same set must serialize the same on every machine. */
function compare (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function round (pct: number): number {
  return Math.round(pct * 10) / 10
}

/** 300 → "5 min", 90 → "90 s". */
function duration (seconds: number): string {
  return seconds % 60 === 0 && seconds > 0 ? `${seconds / 60} min` : `${seconds} s`
}
