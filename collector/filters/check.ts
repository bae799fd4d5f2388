import { catalogEntry, describeError, ERROR_CODE_PATTERN, type NewErrorFilter } from '../../protocol/index.js'
import { canSee, type Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import type { ErrorStore } from '../store/errors.js'
import { InputError } from '../routes/input-error.js'
import { ACTIONS, THRESHOLDS } from './actions.js'
import type { FilterRow } from './filter-store.js'

export type CheckedFilter = Pick<FilterRow, 'customerId' | 'licenseId' | 'serverId' | 'code' | 'value' | 'action' | 'duration' | 'thresholdS'>

type Input = Omit<NewErrorFilter, 'errorId'> & { errorId?: number, value?: string | null }

const codePattern = new RegExp(ERROR_CODE_PATTERN)

function invalid (message: string): never {
  throw new InputError('validation', message)
}

/**
 * The manual's rules for a filter: customer, license and server are required and must belong together;
 * the error value comes only from an error; the actions offered depend on the error's level, and a
 * filter made from scratch takes its action from its description (one error, or all).
 */
export function checkFilter (ctx: { db: Db, errors: ErrorStore }, viewer: Viewer, input: Input): CheckedFilter {
  if (input.customerId === undefined) invalid('customer is required')
  if (input.licenseId === undefined) invalid('license is required')
  if (input.serverId === undefined || input.serverId === '') invalid('server is required')
  const customer = ctx.db.prepare('SELECT account_id AS accountId FROM customers WHERE id = ?').get(input.customerId) as { accountId: number } | undefined
  if (!customer || !canSee(viewer, { accountId: customer.accountId, customerId: input.customerId })) invalid(`customer: no customer ${input.customerId}`)
  const license = ctx.db.prepare('SELECT customer_id AS customerId FROM licenses WHERE id = ? AND account_id = ?').get(input.licenseId, viewer.accountId) as { customerId: number | null } | undefined
  if (!license || license.customerId !== input.customerId) invalid('license: not a license of this customer')
  const server = ctx.db.prepare('SELECT license_id AS licenseId FROM servers WHERE id = ? AND account_id = ?').get(input.serverId, viewer.accountId) as { licenseId: number | null } | undefined
  if (!server || server.licenseId !== input.licenseId) invalid('server: not a server of this license')
  if (!THRESHOLDS.some((t) => t.seconds === (input.thresholdS ?? 0))) invalid(`threshold: expected one of ${THRESHOLDS.map((t) => t.seconds).join(', ')} seconds`)

  let code = input.code ?? null
  let value = input.value ?? null
  // The error's level decides which actions are offered; a filter being edited keeps the value (and
  // so the device) it was made from.
  let level: 'Device' | 'System' | null = code === null ? null : describeError(code).level as 'Device' | 'System'
  if (input.errorId !== undefined) {
    const error = ctx.errors.view(input.errorId)
    if (!error || !canSee(viewer, error) || error.serverId !== input.serverId) invalid(`errorId: no error ${input.errorId} on this server`)
    value = error.value
    if (input.code === undefined) code = error.code
    level = describeError(error.code).level as 'Device' | 'System'
  }
  if (code !== null && !codePattern.test(code)) invalid('error description: not an error code')
  if (code !== null && input.errorId === undefined && !catalogEntry(code)) invalid(`error description: "${code}" is not in the error catalog`)

  const action = input.action ?? (code === null ? 'ignore_all_from_server' : 'ignore_error_on_server')
  const rule = ACTIONS[action]
  if (rule.needsValue && value === null) invalid(`filter action: "${rule.label}" needs an error value, which only a filter made from an error has`)
  if (value !== null && level !== null && !rule.levels.includes(level)) invalid(`filter action: "${rule.label}" is not offered for ${level.toLowerCase()}-level errors`)
  if (rule.needsCode && code === null) invalid(`filter action: "${rule.label}" needs one error description`)
  if (!rule.needsCode) code = null
  if (!rule.needsValue) value = null
  return { customerId: input.customerId, licenseId: input.licenseId, serverId: input.serverId, code, value, action, duration: input.duration, thresholdS: input.thresholdS ?? 0 }
}
