import type { Db } from '../store/database.js'
import { visibilityWhere, type Viewer } from '../auth/viewer.js'
import type { ListQuery, Page } from '../store/lists.js'
import type { LicenseItem } from '../../protocol/index.js'
import { CARE_LABELS, NO_CARE_PLUS, carePlusFilterSql, coverage, coverageRankSql, coverageSql } from './care.js'
import { productLabel } from './catalog.js'
import { isObsolete, obsoleteSql, upgradeAvailableSql, type LicenseFacts } from './rules.js'
import { like, pageOf, sortClause } from './sql.js'
import { labelMatches } from '../store/lists.js'
import type { Clock } from './context.js'

/** A row of license_view (migration 4). */
export interface LicenseRow extends LicenseFacts {
  id: number
  accountId: number
  customerId: number | null
  slc: string
  customer: string
  description: string | null
  servers: number
  activatedDevices: number
  carePremium: string | null
  createdAt: number
  expirationReminder: number
}

/** Sort fields an index of migration 4 orders, for an unfiltered page. */
const ORDERED_BY_INDEX = ['slc', 'servers', 'activatedDevices']

export const LICENSE_STATUS_FILTERS = ['active', 'obsolete', 'upgrade_available'] as const
export const CARE_FILTERS = ['renewal_due', 'expired'] as const

export interface LicenseFilter extends ListQuery {
  status?: (typeof LICENSE_STATUS_FILTERS)[number]
  care?: (typeof CARE_FILTERS)[number]
  groupId?: number
  customerId?: number
  registered?: boolean
}

function sortColumns (today: string): Record<string, string> {
  return {
    slc: 'v.slc',
    product: "(v.product || ' ' || COALESCE(v.version, '')) COLLATE NOCASE",
    customer: 'v.customer COLLATE NOCASE',
    servers: 'v.servers',
    activatedDevices: 'v.activatedDevices',
    careCoverage: coverageRankSql('v', today),
    description: 'v.description COLLATE NOCASE',
    registeredAt: 'v.registeredAt'
  }
}

/**
 * The Licenses page: search, filter and sort combined, in SQL. Counts come from columns the triggers
 * keep, so no condition or sort needs to look at servers or activations.
 */
export function listLicenses (db: Db, viewer: Viewer, f: LicenseFilter, clock: Clock): Page<LicenseItem> {
  const { today } = clock
  const vis = visibilityWhere(viewer, 'v')
  const field = f.sort?.replace(/^-/, '') ?? 'slc'
  const plain = !f.q?.trim() && !f.status && !f.care && f.groupId === undefined && f.customerId === undefined && ORDERED_BY_INDEX.includes(field)
  // Unfiltered, the (account, kind, column) indexes give the page and its count directly. Otherwise every
  // row of the account is read anyway, or a narrower index (Care, group, customer) leads: the unary
  // plus keeps SQLite from walking the account's index and fetching each row out of order.
  const where = plain ? [vis.sql, "v.kind = 'standard'"] : [`+${vis.sql}`, "+v.kind = 'standard'"]
  const params: unknown[] = [...vis.params]
  if (f.q?.trim()) {
    const pattern = like(f.q)
    const care = labelMatches(CARE_LABELS, f.q)
    const careMatch = care.length ? ` OR ${coverageSql('v', today)} IN (${care.map((c) => `'${c}'`).join(',')})` : ''
    // searchText: SLC, product and version, description and customer, kept by trigger (migration 4).
    where.push(`(v.searchText LIKE ? ESCAPE '\\'${careMatch})`)
    params.push(pattern)
  }
  if (f.status === 'active') where.push(`NOT ${obsoleteSql(today)}`)
  if (f.status === 'obsolete') where.push(obsoleteSql(today))
  if (f.status === 'upgrade_available') where.push(upgradeAvailableSql(today))
  if (f.care) where.push(carePlusFilterSql('v', f.care, today))
  if (f.groupId !== undefined) {
    where.push('v.id IN (SELECT license_id FROM license_group_members WHERE group_id = ?)')
    params.push(f.groupId)
  }
  if (f.customerId !== undefined) {
    where.push('v.customerId = ?')
    params.push(f.customerId)
  }
  if (f.registered !== undefined) where.push(f.registered ? 'v.registeredAt IS NOT NULL' : 'v.registeredAt IS NULL')
  const order = sortClause(f.sort, sortColumns(today), 'v.slc', 'v.id')
  const page = pageOf<LicenseRow>(db, { select: 'v.*', from: 'license_view v', where, params, order }, f)
  return { items: page.items.map((r) => toLicenseItem(r, today)), total: page.total }
}

export function toLicenseItem (r: LicenseRow, today: string): LicenseItem {
  return {
    id: r.id,
    slc: r.slc,
    product: r.product,
    version: r.version,
    productLabel: productLabel(r.product, r.version, r.kind === 'test'),
    customerId: r.customerId,
    customer: r.customer,
    description: r.description,
    servers: r.servers,
    activatedDevices: r.activatedDevices,
    careCoverage: coverage(r, today),
    carePlusExpiresOn: r.carePlus === NO_CARE_PLUS ? null : r.carePlus,
    carePremiumExpiresOn: r.carePremium,
    status: isObsolete(r, today) ? 'obsolete' : 'active',
    registered: r.registeredAt !== null,
    upgradeAvailable: upgradeAvailable(r, today)
  }
}

/** The JS twin of upgradeAvailableSql, for one row. */
export function upgradeAvailable (r: LicenseFacts, today: string): boolean {
  return r.kind === 'standard' && r.registeredAt !== null && !isObsolete(r, today) && r.carePlus !== null && r.carePlus > NO_CARE_PLUS &&
    r.nextReleaseOn !== null && r.nextReleaseOn <= r.carePlus && r.nextReleaseOn <= today
}

/** One license as license_view has it, if the viewer may see it. */
export function visibleLicense (db: Db, viewer: Viewer, id: number): LicenseRow | null {
  const vis = visibilityWhere(viewer, 'v')
  return (db.prepare(`SELECT v.* FROM license_view v WHERE v.id = ? AND ${vis.sql}`).get(id, ...vis.params) as LicenseRow | undefined) ?? null
}
