/**
 * The manual's words for each status. COPIED from protocol/views/server-status.ts
 * (MONITORING_STATUS_LABELS, ERROR_STATE_LABELS) and protocol/views/error-item.ts (ERROR_STATUS_LABELS),
 * which are the source of truth: the dashboard has no build step, so it cannot import the TypeScript.
 * test/dashboard/labels.test.ts fails when the copies drift; change both together.
 */
export const MONITORING_STATUS_LABELS = Object.freeze({
  monitored: 'Monitored',
  reporting_not_supported: 'Reporting not supported',
  not_reporting: 'Not reporting',
  care_expired: 'Milestone Care expired',
  all_errors_filtered: 'All errors filtered'
})

export const ERROR_STATE_LABELS = Object.freeze({
  none: '-',
  no_errors: 'No errors',
  filtered_error: 'Filtered error',
  error_detected: 'Error detected',
  error_being_fixed: 'Error being fixed'
})

export const ERROR_STATUS_LABELS = Object.freeze({
  new: 'New',
  being_fixed: 'Being fixed',
  closed: 'Closed',
  filtered: 'Filtered'
})

/**
 * Dashboard-only: the tone of each status chip (ok, warn, danger, muted, neutral). A chip always shows
 * its label as text too, so colour is never the only signal.
 */
export const MONITORING_STATUS_TONES = Object.freeze({
  monitored: 'ok',
  reporting_not_supported: 'neutral',
  not_reporting: 'warn',
  care_expired: 'warn',
  all_errors_filtered: 'muted'
})

export const ERROR_STATE_TONES = Object.freeze({
  none: 'neutral',
  no_errors: 'ok',
  filtered_error: 'muted',
  error_detected: 'danger',
  error_being_fixed: 'warn'
})

/** New errors read as information to act on, not alarm (every row of the Errors page is an error). */
export const ERROR_STATUS_TONES = Object.freeze({
  new: 'info',
  being_fixed: 'warn',
  closed: 'ok',
  filtered: 'muted'
})

/** The label of a status code; an unknown code (a newer collector) is shown as it came. */
export function labelOf (labels, code) {
  return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code] : String(code ?? '')
}
