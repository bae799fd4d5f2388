import { findProduct, findRelease, upgradeTargets } from './catalog.js'
import { NO_CARE_PLUS, addDays, hadCarePlus } from './care.js'

/**
 * The license rules of the manual, each written twice where a list must filter on it: once in
 * TypeScript for one license, once in SQL over license_view (alias `v`) for a page of 100,000. A unit
 * test holds the two to the same answers.
 */

export interface LicenseFacts {
  kind: 'standard' | 'test'
  registeredAt: number | null
  obsolete: number
  expiresOn: string | null
  deactivatedAt: number | null
  product: string | null
  version: string | null
  carePlus: string | null
  nextReleaseOn: string | null
}

/** Obsolete: upgraded (or a deactivated test license), or past its expiry date. */
export function isObsolete (l: Pick<LicenseFacts, 'obsolete' | 'expiresOn'>, today: string): boolean {
  return l.obsolete === 1 || (l.expiresOn !== null && l.expiresOn <= today)
}

export function obsoleteSql (today: string): string {
  return `(v.obsolete = 1 OR (v.expiresOn IS NOT NULL AND v.expiresOn <= '${today}'))`
}

/**
 * "Upgrade available": a registered, active license that has or had Care Plus, whose product's next
 * release came out on or before Care Plus expiry (and already came out).
 */
export function upgradeAvailableSql (today: string): string {
  return `(v.kind = 'standard' AND v.registeredAt IS NOT NULL AND NOT ${obsoleteSql(today)} AND v.carePlus > '${NO_CARE_PLUS}'
    AND v.nextReleaseOn <= v.carePlus AND v.nextReleaseOn <= '${today}')`
}

export interface UpgradeOptions {
  available: boolean
  reason: string | null
  versions: Array<{ version: string, releasedOn: string }>
}

/** Whether and to what a license may be upgraded, with the reason when it may not. */
export function upgradeOptions (l: LicenseFacts & { upgradedTo: string | null }, today: string): UpgradeOptions {
  const no = (reason: string): UpgradeOptions => ({ available: false, reason, versions: [] })
  if (l.upgradedTo !== null) return no(`This license has been upgraded to ${l.upgradedTo}`)
  if (l.kind === 'test') return no('Test licenses cannot be upgraded')
  if (isObsolete(l, today)) return no('This license is obsolete')
  if (l.registeredAt === null) return no('Register this license before upgrading it')
  if (l.carePlus === null) return no('No Milestone Care is recorded for this license: record its Care Plus to see upgrades')
  if (!hadCarePlus(l.carePlus)) return no('This license has never had Care Plus')
  const product = findProduct(l.product)
  if (!product || !findRelease(product, l.version)) return no('The product or version of this license is not in the product catalog')
  if (l.nextReleaseOn === null) return no(`${product.name} ${l.version} is the latest release`)
  const versions = upgradeTargets(l.product, l.version, l.carePlus, today)
  if (versions.length === 0) {
    if (l.nextReleaseOn > today) return no(`${product.name} ${l.version} is the latest release`)
    return no(`No newer release of ${product.name} was released on or before Care Plus expiry (${l.carePlus})`)
  }
  return { available: true, reason: null, versions }
}

// Test licenses (manual, "Test licenses"): a fixed pool per account, 365 days from creation, "About to
// expire" within 30 days; deactivated or expired ones are Inactive and do not count against the pool.
export const TEST_LICENSE_DAYS = 365
export const ABOUT_TO_EXPIRE_DAYS = 30
export const DEFAULT_TEST_POOL = 15

export type TestLicenseState = 'active' | 'about_to_expire' | 'inactive'

export function testLicenseExpiry (createdDay: string): string {
  return addDays(createdDay, TEST_LICENSE_DAYS)
}

export function testLicenseState (l: { deactivatedAt: number | null, expiresOn: string }, today: string): TestLicenseState {
  if (l.deactivatedAt !== null || l.expiresOn <= today) return 'inactive'
  return l.expiresOn <= addDays(today, ABOUT_TO_EXPIRE_DAYS) ? 'about_to_expire' : 'active'
}

export function testStateSql (state: 'active' | 'inactive' | 'about_to_expire', today: string): string {
  const active = `(v.deactivatedAt IS NULL AND v.expiresOn > '${today}')`
  if (state === 'active') return active
  if (state === 'inactive') return `NOT ${active}`
  return `(${active} AND v.expiresOn <= '${addDays(today, ABOUT_TO_EXPIRE_DAYS)}')`
}

/** Available = pool − active, never below zero (a pool made smaller leaves active ones alone). */
export function availableTestLicenses (pool: number, active: number): number {
  return Math.max(0, pool - active)
}
