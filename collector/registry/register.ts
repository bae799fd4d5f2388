import type { Viewer } from '../auth/viewer.js'
import { InputError } from '../routes/input-error.js'
import { syncLicenseRelease } from '../store/registry.js'
import type { CareInput, NewLicense } from '../../protocol/index.js'
import { careColumns, dayOf } from './care.js'
import { findProduct, findRelease, normalizeVersion } from './catalog.js'
import { checkMac, checkSlc, normalizeMac } from './codes.js'
import { RegistryError, settleLicenses, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { addLicenseServer, syncKnownServers } from './license-servers.js'
import { checkGroupIds, pickCustomer, setLicenseGroups } from './picks.js'
import { cleanText } from './sql.js'

/**
 * Register new license (SLC): the SLC and the MAC address of the server used for activation are
 * checked first ("Next"), then the license is recorded with its optional group, description and
 * customer. Each account registers a license once; registering a discovered SLC completes it.
 */

interface Existing { id: number, registeredAt: number | null, product: string | null }

export interface CheckedRegistration { slc: string, mac: string, existing: Existing | null }

export function checkRegistration (ctx: RegistryContext, viewer: Viewer, input: { slc: string, mac: string }): CheckedRegistration {
  const slc = checkSlc(input.slc)
  const mac = checkMac(input.mac)
  const existing = ctx.db.prepare('SELECT id, registered_at AS registeredAt, product FROM licenses WHERE account_id = ? AND slc = ?')
    .get(viewer.accountId, slc) as Existing | undefined
  if (existing?.registeredAt != null) {
    throw new RegistryError(409, 'already_registered', `slc: ${slc} is already registered to this account (on ${dayOf(existing.registeredAt)})`)
  }
  if (existing) {
    const known = reportedMacs(ctx, existing.id)
    if (known.size > 0 && !known.has(mac)) throw new InputError('validation', `mac: ${mac} is not the MAC address of a server activated with this license`)
  }
  return { slc, mac, existing: existing ?? null }
}

/** MAC addresses the license's agents reported in their birth messages. */
function reportedMacs (ctx: RegistryContext, licenseId: number): Set<string> {
  const out = new Set<string>()
  for (const { birth } of ctx.db.prepare('SELECT birth FROM servers WHERE license_id = ? AND birth IS NOT NULL').all(licenseId) as Array<{ birth: string }>) {
    try {
      for (const raw of (JSON.parse(birth) as { macs?: unknown }).macs as unknown[] ?? []) {
        const mac = typeof raw === 'string' ? normalizeMac(raw) : null
        if (mac) out.add(mac)
      }
    } catch { /* a stored birth is always JSON; nothing to learn from one that is not */ }
  }
  return out
}

/** Product and version of a registration: a catalog product and one of its releases. */
function checkProduct (input: { product?: string, version?: string }, known: string | null): { product: string, version: string } | null {
  if (input.product === undefined && input.version === undefined) return null
  const product = findProduct(input.product ?? known)
  if (!product) {
    if (input.product === undefined) throw new InputError('validation', 'product: give the product with its version')
    throw new InputError('validation', `product: "${input.product}" is not in the product catalog`)
  }
  if (input.version === undefined) throw new InputError('validation', `version: choose a release of ${product.name}`)
  if (!findRelease(product, input.version)) throw new InputError('validation', `version: ${product.name} has no release "${input.version}"`)
  return { product: product.name, version: normalizeVersion(input.version)! }
}

export interface LicenseFieldInput {
  description?: string | null
  groupIds?: number[]
  customerId?: number | null
  customer?: string
  care?: CareInput
  deviceLicenses?: number | null
  aacLicenses?: number | null
  company?: { name: string | null, phone: string | null, address: string | null }
}

/**
 * Writes the fields a person may set on a license (registration and the pencil icons). Answers whether
 * anything that shows on the Server status page changed (customer, Care), so the caller settles.
 */
export function applyLicenseFields (ctx: RegistryContext, viewer: Viewer, licenseId: number, input: LicenseFieldInput): boolean {
  const customerId = pickCustomer(ctx, viewer, input)
  const groupIds = input.groupIds === undefined ? undefined : checkGroupIds(ctx, viewer, input.groupIds)
  const care = input.care === undefined ? undefined : careColumns(input.care)
  const set: string[] = []
  const params: unknown[] = []
  const put = (column: string, value: unknown): void => { set.push(`${column} = ?`); params.push(value) }
  if (customerId !== undefined) put('customer_id', customerId)
  if (input.description !== undefined) put('description', cleanText(input.description))
  if (care !== undefined) { put('care_plus_expires_at', care.carePlus); put('care_premium_expires_at', care.carePremium) }
  if (input.deviceLicenses !== undefined) put('device_licenses', input.deviceLicenses)
  if (input.aacLicenses !== undefined) put('aac_licenses', input.aacLicenses)
  if (input.company !== undefined) {
    put('company_name', cleanText(input.company.name))
    put('company_phone', cleanText(input.company.phone))
    put('company_address', cleanText(input.company.address))
  }
  if (set.length) ctx.db.prepare(`UPDATE licenses SET ${set.join(', ')} WHERE id = ?`).run(...params, licenseId)
  if (groupIds !== undefined) setLicenseGroups(ctx, licenseId, groupIds)
  return customerId !== undefined || care !== undefined
}

export function registerLicense (ctx: RegistryContext, viewer: Viewer, input: NewLicense, clock: Clock, changes: ChangeSet): number {
  const { slc, mac, existing } = checkRegistration(ctx, viewer, input)
  const release = checkProduct(input, existing?.product ?? null)
  let id: number
  if (existing) {
    id = existing.id
    ctx.db.prepare('UPDATE licenses SET registered_at = ?, registered_by = ?, activation_mac = ? WHERE id = ?').run(clock.now, viewer.userId ?? null, mac, id)
  } else {
    id = Number(ctx.db.prepare(`INSERT INTO licenses (account_id, slc, registered_at, registered_by, activation_mac, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`).run(viewer.accountId, slc, clock.now, viewer.userId ?? null, mac, clock.now).lastInsertRowid)
  }
  if (release) {
    ctx.db.prepare('UPDATE licenses SET product = ?, product_version = ? WHERE id = ?').run(release.product, release.version, id)
    syncLicenseRelease(ctx.db, id)
    syncKnownServers(ctx.db, id)
  }
  applyLicenseFields(ctx, viewer, id, input)
  if (input.serverName !== undefined) {
    const taken = ctx.db.prepare('SELECT 1 FROM servers WHERE license_id = ? AND name = ? COLLATE NOCASE').get(id, input.serverName.trim())
    if (!taken) addLicenseServer(ctx, viewer, id, { name: input.serverName }, clock, changes)
  }
  // A discovered license already has servers: registering may give them a customer and Care.
  settleLicenses(ctx, [id], clock.now, changes)
  return id
}
