import type { Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import type { GroupRef, LicenseDetails, LicenseRef } from '../../protocol/index.js'
import { NO_CARE_PLUS, coverage, coverageList } from './care.js'
import { productLabel } from './catalog.js'
import { notFound, type Clock } from './context.js'
import { visibleLicense, type LicenseRow } from './license-list.js'
import { licenseServers } from './license-servers.js'
import { isObsolete, upgradeOptions } from './rules.js'
import { iso } from './sql.js'

/** Columns of a license that the lists do not carry. */
interface LicenseExtra {
  activationMac: string | null
  companyName: string | null
  companyPhone: string | null
  companyAddress: string | null
  deviceLicenses: number | null
  aacLicenses: number | null
  deviceLicensesUsed: number
  upgradedFromId: number | null
  upgradedToId: number | null
  upgradedAt: number | null
}

export function licenseGroups (db: Db, licenseId: number): GroupRef[] {
  return db.prepare(`SELECT g.id, g.name FROM license_group_members m JOIN license_groups g ON g.id = m.group_id
    WHERE m.license_id = ? ORDER BY g.name COLLATE NOCASE`).all(licenseId) as GroupRef[]
}

function ref (db: Db, id: number | null): LicenseRef | null {
  if (id === null) return null
  return (db.prepare('SELECT id, slc FROM licenses WHERE id = ?').get(id) as LicenseRef | undefined) ?? null
}

/** The license details page (manual, "License details page (properties)"). */
export function readLicense (db: Db, viewer: Viewer, id: number, clock: Clock): LicenseDetails {
  const row = visibleLicense(db, viewer, id)
  if (!row) notFound('license', id)
  return details(db, row, clock)
}

export function details (db: Db, row: LicenseRow, clock: Clock): LicenseDetails {
  const { today } = clock
  const x = db.prepare(`SELECT activation_mac AS activationMac, company_name AS companyName, company_phone AS companyPhone,
      company_address AS companyAddress, device_licenses AS deviceLicenses, aac_licenses AS aacLicenses,
      device_licenses_used AS deviceLicensesUsed, upgraded_from_id AS upgradedFromId, upgraded_to_id AS upgradedToId,
      upgraded_at AS upgradedAt FROM licenses WHERE id = ?`).get(row.id) as LicenseExtra
  const upgradedTo = ref(db, x.upgradedToId)
  const upgrade = upgradeOptions({ ...row, upgradedTo: upgradedTo?.slc ?? null }, today)
  const extensions = db.prepare(`SELECT product, slc, expires_on AS expiresOn, developed_by AS developedBy FROM license_extensions
    WHERE license_id = ? ORDER BY product COLLATE NOCASE`).all(row.id) as LicenseDetails['extensions']
  return {
    id: row.id,
    slc: row.slc,
    kind: row.kind,
    registered: row.registeredAt !== null,
    registeredAt: iso(row.registeredAt),
    createdAt: iso(row.createdAt)!,
    status: isObsolete(row, today) ? 'obsolete' : 'active',
    activationMac: x.activationMac,
    customerId: row.customerId,
    customer: row.customer,
    company: { name: x.companyName, phone: x.companyPhone, address: x.companyAddress },
    product: row.product,
    version: row.version,
    productLabel: productLabel(row.product, row.version, row.kind === 'test'),
    description: row.description,
    groups: licenseGroups(db, row.id),
    care: {
      coverage: coverage(row, today),
      recorded: row.carePlus !== null,
      plusExpiresOn: row.carePlus === NO_CARE_PLUS ? null : row.carePlus,
      premiumExpiresOn: row.carePremium,
      coverages: coverageList(row, today)
    },
    upgrades: {
      upgradedFrom: ref(db, x.upgradedFromId),
      upgradedTo,
      upgradedAt: iso(x.upgradedAt),
      available: upgrade.available,
      latestVersion: upgrade.versions[0]?.version ?? null,
      reason: upgrade.reason
    },
    aacLicenses: x.aacLicenses,
    deviceLicenses: { activated: x.deviceLicensesUsed, total: x.deviceLicenses },
    expiresOn: row.expiresOn,
    servers: licenseServers(db, row.id),
    extensions,
    activations: { total: row.activatedDevices }
  }
}
