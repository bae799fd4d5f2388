import type { Viewer } from '../auth/viewer.js'
import { InputError } from '../routes/input-error.js'
import { syncLicenseRelease } from '../store/registry.js'
import type { UpgradePreview, UpgradeRequest } from '../../protocol/index.js'
import { NO_CARE_PLUS } from './care.js'
import { normalizeVersion } from './catalog.js'
import { checkSlc, generateSlc } from './codes.js'
import { RegistryError, notFound, settleLicenses, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { licenseGroups } from './license-details.js'
import { visibleLicense, type LicenseRow } from './license-list.js'
import { syncKnownServers } from './license-servers.js'
import { upgradeOptions, type UpgradeOptions } from './rules.js'

/**
 * License upgrades (manual, "License upgrades"): a license that has, or had, Care Plus may be upgraded
 * to a release of its product that came out on or before Care Plus expiry. Upgrading registers a new
 * SLC with all the installation and customer information, and the old SLC becomes obsolete.
 */
export const CONFIRM_TEXT = 'I understand that once upgraded the current license (SLC) will be deactivated'

function options (ctx: RegistryContext, row: LicenseRow, clock: Clock): UpgradeOptions {
  const to = ctx.db.prepare('SELECT l2.slc FROM licenses l JOIN licenses l2 ON l2.id = l.upgraded_to_id WHERE l.id = ?').get(row.id) as { slc: string } | undefined
  return upgradeOptions({ ...row, upgradedTo: to?.slc ?? null }, clock.today)
}

export function previewUpgrade (ctx: RegistryContext, viewer: Viewer, id: number, clock: Clock): UpgradePreview {
  const row = visibleLicense(ctx.db, viewer, id)
  if (!row) notFound('license', id)
  const o = options(ctx, row, clock)
  return {
    license: { id: row.id, slc: row.slc },
    product: row.product,
    version: row.version,
    carePlusExpiresOn: row.carePlus === NO_CARE_PLUS ? null : row.carePlus,
    available: o.available,
    reason: o.reason,
    versions: o.versions,
    latestVersion: o.versions[0]?.version ?? null,
    moves: { customer: row.customer, groups: licenseGroups(ctx.db, row.id), servers: row.servers, description: row.description }
  }
}

/** Does the upgrade inside the caller's transaction; answers the new license's id. */
export function upgradeLicense (ctx: RegistryContext, viewer: Viewer, id: number, body: UpgradeRequest, clock: Clock, changes: ChangeSet): number {
  const row = visibleLicense(ctx.db, viewer, id)
  if (!row) notFound('license', id)
  if (body.confirm !== true) throw new InputError('validation', `confirm: tick "${CONFIRM_TEXT}" (send confirm: true)`)
  const o = options(ctx, row, clock)
  if (!o.available) throw new RegistryError(409, 'upgrade_not_available', o.reason!)
  const version = body.version === undefined ? o.versions[0]!.version : normalizeVersion(body.version)
  if (!o.versions.some((v) => v.version === version)) {
    throw new InputError('validation', `version: ${row.product} ${body.version} is not a release this license may be upgraded to (${o.versions.map((v) => v.version).join(', ')})`)
  }
  const slc = body.slc === undefined ? freshSlc(ctx, viewer.accountId) : checkSlc(body.slc)
  if (ctx.db.prepare('SELECT 1 FROM licenses WHERE account_id = ? AND slc = ?').get(viewer.accountId, slc)) {
    throw new RegistryError(409, 'already_registered', `slc: ${slc} is already registered to this account`)
  }
  const newId = Number(ctx.db.prepare(`INSERT INTO licenses (account_id, slc, customer_id, product, product_version, description,
      care_plus_expires_at, care_premium_expires_at, company_name, company_phone, company_address, device_licenses, aac_licenses,
      activation_mac, registered_at, registered_by, upgraded_from_id, created_at)
    SELECT account_id, ?, customer_id, product, ?, description, care_plus_expires_at, care_premium_expires_at, company_name,
      company_phone, company_address, device_licenses, aac_licenses, activation_mac, ?, ?, id, ? FROM licenses WHERE id = ?`)
    .run(slc, version, clock.now, viewer.userId ?? null, clock.now, id).lastInsertRowid)
  syncLicenseRelease(ctx.db, newId)
  // Groups, servers, activations, extensions and error filters go with the installation.
  ctx.db.prepare('UPDATE OR IGNORE license_group_members SET license_id = ? WHERE license_id = ?').run(newId, id)
  ctx.db.prepare('DELETE FROM license_group_members WHERE license_id = ?').run(id)
  ctx.db.prepare('UPDATE servers SET license_id = ? WHERE license_id = ?').run(newId, id)
  ctx.db.prepare('UPDATE device_activations SET license_id = ? WHERE license_id = ?').run(newId, id)
  ctx.db.prepare('UPDATE license_extensions SET license_id = ? WHERE license_id = ?').run(newId, id)
  ctx.db.prepare('UPDATE error_filters SET license_id = ? WHERE license_id = ?').run(newId, id)
  ctx.db.prepare('UPDATE licenses SET obsolete = 1, upgraded_to_id = ?, upgraded_at = ? WHERE id = ?').run(newId, clock.now, id)
  syncKnownServers(ctx.db, newId)
  settleLicenses(ctx, [newId], clock.now, changes)
  return newId
}

/** A generated SLC for the upgraded license, when Milestone's own was not given. */
export function freshSlc (ctx: RegistryContext, accountId: number): string {
  for (;;) {
    const slc = generateSlc()
    if (!ctx.db.prepare('SELECT 1 FROM licenses WHERE account_id = ? AND slc = ?').get(accountId, slc)) return slc
  }
}
