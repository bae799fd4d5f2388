import { catalogForFamily, NO_HEARTBEAT_CODE, type CatalogEntry, type ReportedError } from '../../protocol/index.js'
import type { FleetPlanEntry } from './fleet-plan.js'
import { pick, type Random } from './random.js'

/** A simulated server rarely has more than a few errors at once. */
const MAX_ERRORS = 3

/** XProtect's errors, except the one only the collector raises (a silent site cannot report it). */
const XPROTECT_ERRORS: readonly CatalogEntry[] = catalogForFamily('xprotect').filter((entry) => entry.code !== NO_HEARTBEAT_CODE)

/**
 * The next error set of a simulated server: one error cleared or one raised. Device-level errors
 * name a camera; system-level ones name the server.
 */
export function churnErrors (current: readonly ReportedError[], entry: FleetPlanEntry, random: Random, now: number): ReportedError[] {
  if (current.length > 0 && (current.length >= MAX_ERRORS || random() < 0.5)) {
    const gone = Math.floor(random() * current.length)
    return current.filter((_, i) => i !== gone)
  }
  const candidates = entry.cameras.length > 0 ? XPROTECT_ERRORS : XPROTECT_ERRORS.filter((e) => e.level !== 'Device')
  const raised = pick(random, candidates)
  const value = raised.level === 'Device' ? pick(random, entry.cameras) : entry.serverName
  if (current.some((e) => e.code === raised.code && e.value === value)) return [...current]
  return [...current, { code: raised.code, value, since: new Date(now).toISOString() }]
}

/** Seconds to the next change: exponential, so that changes across a fleet arrive as a Poisson stream. */
export function nextChangeS (meanS: number, random: Random): number {
  return -Math.log(1 - random()) * meanS
}
