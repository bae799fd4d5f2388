/**
 * The rules of the error filter form (manual, "Error filters (properties)"), pure so Node tests them:
 * durations and the expiration date they give, the filter action a form derives or offers, which error
 * description and value an action takes from an error, and the required fields with the collector's own
 * messages (`{error:'validation', message:'customer is required'}`).
 */

/** The collector's duration ids with the dashboard's words for them (used until /choices has answered). */
export const DURATION_LABELS = Object.freeze({
  '1h': '1 hour', '8h': '8 hours', '24h': '24 hours', '3d': '3 days', '7d': '7 days',
  '14d': '14 days', '30d': '30 days', '90d': '90 days', forever: 'Forever'
})

export const ACTION_LABELS = Object.freeze({
  ignore_error_from_device: 'Ignore a specific error from a device',
  ignore_error_on_server: 'Ignore a specific error for the entire server',
  ignore_all_from_device: 'Ignore all errors from the device',
  ignore_all_from_server: 'Ignore all errors from this server',
  do_not_monitor: 'Do not monitor the system'
})

export const ALL_ERRORS = 'All errors'
export const NOT_APPLICABLE = 'Not applicable'
export const NO_EXPIRATION = 'No expiration date'
export const THRESHOLD_HELP = 'Defines the minimum period that an error must exist, before it appears in the error list'

const UNIT_MS = { h: 3600e3, d: 86400e3 }

/** Milliseconds of a duration id ("8h", "14d"); null for "forever" or an id it does not know. */
export function durationMs (id) {
  const m = /^(\d+)([hd])$/.exec(String(id ?? ''))
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null
}

/** When a filter of `durationId` made at `from` expires; null = never ("No expiration date"). */
export function expiresAt (durationId, from = new Date()) {
  const ms = durationMs(durationId)
  const start = from instanceof Date ? from : new Date(from)
  return ms === null || Number.isNaN(start.getTime()) ? null : new Date(start.getTime() + ms)
}

/**
 * A filter made from scratch does not choose its action (the manual: "You can modify the selection only
 * when you are creating an error filter from an error"): All errors → ignore all errors from this server,
 * one description → ignore that error for the entire server.
 */
export function derivedAction (code) {
  return code ? 'ignore_error_on_server' : 'ignore_all_from_server'
}

/** The actions offered for an error: those whose levels include the error's level (Device or System). */
export function actionsForLevel (actions, level) {
  return (actions ?? []).filter((a) => Array.isArray(a.levels) && a.levels.includes(level))
}

/**
 * What a filter made from `error` with `action` covers: the error's description when the action is about
 * one error (needsCode), its value (device or server name) when about one device (needsValue).
 */
export function fromError (action, error) {
  return {
    code: action?.needsCode ? error.code : null,
    description: action?.needsCode ? error.description : ALL_ERRORS,
    value: action?.needsValue ? error.value : null
  }
}

/** The collector's messages for the three fields every filter needs, by field. */
export const REQUIRED_MESSAGES = Object.freeze({
  customer: 'customer is required',
  license: 'license is required',
  server: 'server is required'
})

/** The missing fields of a new filter, with the message the collector would give: { field: message }. */
export function validateFilter ({ customerId, licenseId, serverId } = {}) {
  const out = {}
  if (customerId === undefined || customerId === null || customerId === '') out.customer = REQUIRED_MESSAGES.customer
  if (licenseId === undefined || licenseId === null || licenseId === '') out.license = REQUIRED_MESSAGES.license
  if (serverId === undefined || serverId === null || serverId === '') out.server = REQUIRED_MESSAGES.server
  return out
}

const FIELD_WORDS = [
  ['customer', /^customer(Id)?\b/i],
  ['license', /^(license|licence|slc)(Id)?\b/i],
  ['server', /^server(Id)?\b/i],
  ['code', /^(code|error description)\b/i],
  ['action', /^(filter )?action\b/i],
  ['duration', /^(filter )?duration\b/i],
  ['threshold', /^threshold(S)?\b/i]
]

/** The form field a collector message is about ("license is required" → 'license'), or null. */
export function fieldOfMessage (message) {
  const text = String(message ?? '').trim()
  for (const [field, re] of FIELD_WORDS) if (re.test(text)) return field
  return null
}

/** "customer is required" → "Customer is required", as a sentence next to a field. */
export function sentence (message) {
  const text = String(message ?? '').trim()
  return text ? text[0].toUpperCase() + text.slice(1) : ''
}
