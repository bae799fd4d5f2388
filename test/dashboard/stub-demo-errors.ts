/**
 * Made-up errors and error filters for a demoServers() fleet: about half the monitored servers have open
 * errors (some Being fixed, some hidden by a filter), "All errors filtered" servers have errors hidden by an
 * "ignore all errors from this server" filter, silent servers report "No heartbeat from site" (inactive when
 * they have not been heard for 30 days), servers with expired care have errors of obsolete licenses, and
 * about half the fleet has closed errors from the last 30 days. syncErrorStates() then gives each server
 * the error state its errors make. Deterministic (a fixed seed).
 */
import { describeError } from '../../protocol/index.js'
import type { Row, StubError, StubFilter } from './stub-errors.js'

const SYSTEM_CODES = [
  'cpu_usage_is_high', 'memory_usage_is_high', 'running_out_of_disk_space', 'recording_fps_is_lower_than_expected',
  'live_fps_is_lower_than_expected', 'service_unavailable', 'feed_overflow_not_all_data_recorded', 'archive_unavailable',
  'retention_time', 'archiving_not_finished', 'failover_started', 'cannot_delete_file'
]
const DEVICE_CODES = ['cannot_retrieve_images', 'camera_failed_to_provide_an_image', 'image_failure_trying_to_reconnect', 'database_connection_error']
const DETAILS: Record<string, string> = {
  cpu_usage_is_high: 'CPU 97 % for 5 min',
  memory_usage_is_high: 'Memory 94 % for 10 min',
  running_out_of_disk_space: 'D:\\ Recording: 3 % free',
  service_unavailable: 'Milestone XProtect Recording Server: stopped'
}

export function demoErrors (servers: Row[], now = Date.now()): StubError[] {
  let seed = 42
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)]!
  let id = 1000
  const out: StubError[] = []

  function make (s: Row, code: string, status: StubError['status'], extra: Partial<StubError> = {}): StubError {
    const d = describeError(code)
    const ageMs = Math.floor(rnd() ** 1.6 * 29.5 * 86400e3) + 60e3 // more of them recent
    const e: StubError = {
      id: ++id, status, code, description: d.description, type: d.type, level: d.level,
      value: d.level === 'Device' ? `Camera ${1 + Math.floor(rnd() * 24)}` : String(s.name),
      customer: String(s.customer), slc: (s.slc as string | null) ?? null, serverId: String(s.serverId), server: String(s.name),
      location: (s.location as string | null) ?? null, occurredAt: new Date(now - ageMs).toISOString(), closedAt: null,
      base: status === 'being_fixed' ? 'being_fixed' : 'new', detail: DETAILS[code] ?? null, obsolete: false, inactive: false, ...extra
    }
    if (status === 'closed') e.closedAt = new Date(Math.min(now - 30e3, Date.parse(e.occurredAt) + (1 + rnd() * 30) * 3600e3)).toISOString()
    out.push(e)
    return e
  }
  const code = (device: boolean): string => device && rnd() < 0.5 ? pick(DEVICE_CODES) : pick(SYSTEM_CODES)

  servers.forEach((s, i) => {
    const device = i % 3 === 0
    const ms = s.monitoringStatus
    if (ms === 'all_errors_filtered') {
      make(s, code(device), 'filtered')
      make(s, code(device), 'filtered')
    } else if (ms === 'monitored') {
      const r = rnd()
      if (r < 0.5) for (let k = 0, n = 1 + Math.floor(rnd() * 3); k < n; k++) make(s, code(device), rnd() < 0.25 ? 'being_fixed' : 'new')
      else if (r < 0.62) make(s, code(device), 'filtered')
    }
    if (ms === 'not_reporting') make(s, 'no_heartbeat_from_site', 'new', { value: String(s.name), inactive: s.lastHeartbeat === null })
    if (ms === 'care_expired') make(s, code(device), 'new', { obsolete: true })
    if (rnd() < 0.55) for (let k = 0, n = 1 + Math.floor(rnd() * 3); k < n; k++) make(s, code(device), 'closed')
  })
  return out
}

/** Each monitored server's error state as its demo errors make it (the stub's servers agree with its errors). */
export function syncErrorStates (servers: Row[], errors: StubError[]): Row[] {
  return servers.map((s) => {
    if (s.errorState === 'none') return s
    const open = errors.filter((e) => e.serverId === s.serverId && e.status !== 'closed')
    const errorState = open.some((e) => e.status === 'new') ? 'error_detected'
      : open.some((e) => e.status === 'being_fixed') ? 'error_being_fixed'
        : open.some((e) => e.status === 'filtered') ? 'filtered_error' : 'no_errors'
    return { ...s, errorState }
  })
}

/**
 * The filters that hide demoErrors()' filtered errors, plus an expired one and one made from an error.
 * customerId and licenseId are 0: the stub fills them in from its /choices.
 */
export function demoFilters (servers: Row[], errors: StubError[], now = Date.now()): StubFilter[] {
  const out: StubFilter[] = []
  let id = 100
  const day = 86400e3
  const filter = (e: StubError | Row, extra: Partial<StubFilter>, ageDays: number): void => {
    const createdAt = new Date(now - ageDays * day).toISOString()
    out.push({
      id: ++id, createdAt, customerId: 0, customer: String(e.customer), licenseId: 0, slc: String(e.slc),
      serverId: String(e.serverId), server: String('server' in e ? e.server : e.name), code: null, description: 'All errors', value: null,
      action: 'ignore_all_from_server', duration: 'forever', expiresAt: null, thresholdS: 0, active: true, ...extra
    })
  }
  const allFiltered = new Set(servers.filter((s) => s.monitoringStatus === 'all_errors_filtered').map((s) => String(s.serverId)))
  const done = new Set<string>()
  errors.filter((e) => e.status === 'filtered').forEach((e, i) => {
    if (allFiltered.has(e.serverId)) {
      if (done.has(e.serverId)) return
      done.add(e.serverId)
      filter(e, { thresholdS: i % 2 ? 900 : 0 }, 40 + i * 7)
    } else if (e.level === 'Device') {
      filter(e, { action: 'ignore_error_from_device', code: e.code, description: e.description, value: e.value, duration: '90d', expiresAt: new Date(now + 60 * day).toISOString() }, 30)
    } else {
      filter(e, { action: 'ignore_error_on_server', code: e.code, description: e.description, duration: '30d', expiresAt: new Date(now + (25 - i) * day).toISOString(), thresholdS: 300 }, 5 + i)
    }
  })
  const quiet = servers.find((s) => s.errorState === 'no_errors')
  if (quiet) {
    const d = describeError('cannot_delete_file')
    filter(quiet, { action: 'ignore_error_on_server', code: d.code, description: d.description, duration: '7d', expiresAt: new Date(now - 13 * day).toISOString(), active: false }, 20)
    filter(quiet, { action: 'ignore_error_on_server', code: 'retention_time', description: describeError('retention_time').description, duration: '14d', expiresAt: new Date(now + 13 * day).toISOString() }, 1)
  }
  return out
}
