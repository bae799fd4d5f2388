import type { Viewer } from '../auth/viewer.js'
import { InputError } from '../routes/input-error.js'
import type { RegistryContext } from './context.js'
import { placeholders } from './sql.js'

/**
 * The choices a form offers (customer, license groups, location), checked against what the viewer's
 * account holds. Each answers 400 naming the field when the choice does not exist.
 */

/**
 * The customer a form picked: `customerId` (null: Unspecified) or `customer`, a name typed with
 * "Add customer" (the existing customer of that name, else a new one). Undefined: not part of the change.
 */
export function pickCustomer (ctx: RegistryContext, viewer: Viewer, input: { customerId?: number | null, customer?: string }): number | null | undefined {
  if (input.customerId !== undefined && input.customer !== undefined) throw new InputError('validation', 'customer: give customerId or customer, not both')
  if (input.customer !== undefined) {
    const name = input.customer.trim()
    if (!name) throw new InputError('validation', 'customer: a customer name cannot be blank')
    return ctx.registry.customerId(viewer.accountId, name)
  }
  if (input.customerId === undefined || input.customerId === null) return input.customerId
  const row = ctx.db.prepare('SELECT id FROM customers WHERE id = ? AND account_id = ?').get(input.customerId, viewer.accountId)
  if (!row || (viewer.customerId !== null && viewer.customerId !== input.customerId)) throw new InputError('validation', `customerId: no customer ${input.customerId}`)
  return input.customerId
}

export function checkGroupIds (ctx: RegistryContext, viewer: Viewer, ids: number[], field = 'groupIds'): number[] {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const found = new Set((ctx.db.prepare(`SELECT id FROM license_groups WHERE account_id = ? AND id IN (${placeholders(unique.length)})`)
    .all(viewer.accountId, ...unique) as Array<{ id: number }>).map((r) => r.id))
  const missing = unique.find((id) => !found.has(id))
  if (missing !== undefined) throw new InputError('validation', `${field}: no license group ${missing}`)
  return unique
}

/** The license groups named in an import row ("A | B"), by name. */
export function groupIdsByName (ctx: RegistryContext, viewer: Viewer, names: string[]): number[] {
  return names.map((name) => {
    const row = ctx.db.prepare('SELECT id FROM license_groups WHERE account_id = ? AND name = ?').get(viewer.accountId, name) as { id: number } | undefined
    if (!row) throw new InputError('validation', `group: no license group named "${name}"`)
    return row.id
  })
}

/** Replaces the license groups a license belongs to. */
export function setLicenseGroups (ctx: RegistryContext, licenseId: number, groupIds: number[]): void {
  ctx.db.prepare('DELETE FROM license_group_members WHERE license_id = ?').run(licenseId)
  const add = ctx.db.prepare('INSERT OR IGNORE INTO license_group_members (group_id, license_id) VALUES (?, ?)')
  for (const g of groupIds) add.run(g, licenseId)
}

/** `locationId` (null: none) or `location`, a new location's name; undefined: not part of the change. */
export function pickLocation (ctx: RegistryContext, viewer: Viewer, input: { locationId?: number | null, location?: string }): number | null | undefined {
  if (input.locationId !== undefined && input.location !== undefined) throw new InputError('validation', 'location: give locationId or location, not both')
  if (input.location !== undefined) {
    const name = input.location.trim()
    if (!name) throw new InputError('validation', 'location: a location name cannot be blank')
    return ctx.registry.locationId(viewer.accountId, name)
  }
  if (input.locationId === undefined || input.locationId === null) return input.locationId
  if (!ctx.db.prepare('SELECT 1 FROM locations WHERE id = ? AND account_id = ?').get(input.locationId, viewer.accountId)) {
    throw new InputError('validation', `locationId: no location ${input.locationId}`)
  }
  return input.locationId
}
