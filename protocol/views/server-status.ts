import Type, { type Static } from 'typebox'

export const MONITORING_STATUSES = ['monitored', 'reporting_not_supported', 'not_reporting', 'care_expired', 'all_errors_filtered'] as const
export const ERROR_STATES = ['none', 'no_errors', 'filtered_error', 'error_detected', 'error_being_fixed'] as const

export const MonitoringStatus = Type.Union([
  Type.Literal('monitored'), Type.Literal('reporting_not_supported'), Type.Literal('not_reporting'),
  Type.Literal('care_expired'), Type.Literal('all_errors_filtered')
])
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number]
export const ErrorState = Type.Union([
  Type.Literal('none'), Type.Literal('no_errors'), Type.Literal('filtered_error'), Type.Literal('error_detected'), Type.Literal('error_being_fixed')
])
export type ErrorState = (typeof ERROR_STATES)[number]

/** Words the manual uses for each status, for pages, e-mails and reports. */
export const MONITORING_STATUS_LABELS: Record<MonitoringStatus, string> = {
  monitored: 'Monitored',
  reporting_not_supported: 'Reporting not supported',
  not_reporting: 'Not reporting',
  care_expired: 'Milestone Care expired',
  all_errors_filtered: 'All errors filtered'
}
export const ERROR_STATE_LABELS: Record<ErrorState, string> = {
  none: '-',
  no_errors: 'No errors',
  filtered_error: 'Filtered error',
  error_detected: 'Error detected',
  error_being_fixed: 'Error being fixed'
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const ServerStatus = Type.Object({
  serverId: Type.String(),
  name: Type.String(),
  customer: Type.String({ description: '"Unspecified" when the license has no customer' }),
  slc: Nullable(Type.String()),
  location: Nullable(Type.String()),
  monitoringStatus: MonitoringStatus,
  errorState: ErrorState,
  lastHeartbeat: Nullable(Type.String()),
  cpuPct: Nullable(Type.Number()),
  memPct: Nullable(Type.Number()),
  diskFreePct: Nullable(Type.Number())
}, { $id: 'ServerStatus' })
export type ServerStatus = Static<typeof ServerStatus>
