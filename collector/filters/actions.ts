import type { Static } from 'typebox'
import type { DurationId as DurationSchema, ErrorLevel, FilterActionId } from '../../protocol/index.js'

/** The manual's filter actions ("Error filters (properties)", Filter action). */
export type FilterAction = Static<typeof FilterActionId>
export type DurationId = Static<typeof DurationSchema>

export interface ActionRule {
  id: FilterAction
  label: string
  /** The error levels it is offered for when a filter is made from an error. */
  levels: ErrorLevel[]
  /** Matches one device: needs the error value, which only an error can supply. */
  needsValue: boolean
  /** Matches one error description. */
  needsCode: boolean
  /** Hides every error of the server: the server shows "All errors filtered". */
  wholeServer: boolean
}

export const ACTIONS: Record<FilterAction, ActionRule> = {
  ignore_error_from_device: { id: 'ignore_error_from_device', label: 'Ignore a specific error from a device', levels: ['Device'], needsValue: true, needsCode: true, wholeServer: false },
  ignore_error_on_server: { id: 'ignore_error_on_server', label: 'Ignore a specific error for the entire server', levels: ['Device', 'System'], needsValue: false, needsCode: true, wholeServer: false },
  ignore_all_from_device: { id: 'ignore_all_from_device', label: 'Ignore all errors from the device', levels: ['Device'], needsValue: true, needsCode: false, wholeServer: false },
  ignore_all_from_server: { id: 'ignore_all_from_server', label: 'Ignore all errors from this server', levels: ['Device', 'System'], needsValue: false, needsCode: false, wholeServer: true },
  do_not_monitor: { id: 'do_not_monitor', label: 'Do not monitor the system', levels: ['Device', 'System'], needsValue: false, needsCode: false, wholeServer: true }
}

/** Filter duration: predefined periods or Forever. */
export const DURATIONS: ReadonlyArray<{ id: DurationId, label: string, ms: number | null }> = [
  { id: '1h', label: '1 hour', ms: 3600_000 },
  { id: '8h', label: '8 hours', ms: 8 * 3600_000 },
  { id: '24h', label: '24 hours', ms: 24 * 3600_000 },
  { id: '3d', label: '3 days', ms: 3 * 86400_000 },
  { id: '7d', label: '1 week', ms: 7 * 86400_000 },
  { id: '14d', label: '2 weeks', ms: 14 * 86400_000 },
  { id: '30d', label: '30 days', ms: 30 * 86400_000 },
  { id: '90d', label: '90 days', ms: 90 * 86400_000 },
  { id: 'forever', label: 'Forever', ms: null }
]

/** Threshold: how long an error must exist before it counts. */
export const THRESHOLDS = [
  { seconds: 0, label: 'None' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 900, label: '15 minutes' },
  { seconds: 1800, label: '30 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 7200, label: '2 hours' },
  { seconds: 21600, label: '6 hours' },
  { seconds: 43200, label: '12 hours' },
  { seconds: 86400, label: '24 hours' }
] as const

export function expiryOf (duration: DurationId, createdAt: number): number | null {
  const ms = DURATIONS.find((d) => d.id === duration)!.ms
  return ms === null ? null : createdAt + ms
}
