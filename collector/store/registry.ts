import type { Db } from './database.js'
import { nextReleaseOn } from '../registry/catalog.js'

/**
 * The part of the license registry the spine needs: customers, licenses and locations found or
 * created by name. The Licenses/Customers pages build on these tables (collector/registry/).
 */
export class Registry {
  constructor (private readonly db: Db) {
    syncCatalog(db)
  }

  customerId (accountId: number, name: string): number {
    const row = this.db.prepare('SELECT id FROM customers WHERE account_id = ? AND name = ?').get(accountId, name) as { id: number } | undefined
    if (row) return row.id
    return Number(this.db.prepare('INSERT INTO customers (account_id, name, created_at) VALUES (?, ?, ?)').run(accountId, name, Date.now()).lastInsertRowid)
  }

  findCustomerId (accountId: number, name: string): number | null {
    const row = this.db.prepare('SELECT id FROM customers WHERE account_id = ? AND name = ?').get(accountId, name) as { id: number } | undefined
    return row?.id ?? null
  }

  locationId (accountId: number, name: string): number {
    const row = this.db.prepare('SELECT id FROM locations WHERE account_id = ? AND name = ?').get(accountId, name) as { id: number } | undefined
    if (row) return row.id
    return Number(this.db.prepare('INSERT INTO locations (account_id, name) VALUES (?, ?)').run(accountId, name).lastInsertRowid)
  }

  /**
   * The license with this SLC in the account; a server naming an SLC nobody registered yet creates it
   * (a *discovered* license), with the product it reports and the customer its enrollment named, so it
   * is never orphaned. An upgraded SLC answers the license it was upgraded to: the VMS keeps reporting
   * its old SLC until it is reinstalled with the new one, and its server must stay where the upgrade put it.
   */
  licenseId (accountId: number, slc: string, seen: { product?: string | null, productVersion?: string | null, customerId?: number | null }): number {
    let row = this.db.prepare('SELECT id, customer_id AS customerId, upgraded_to_id AS upgradedToId FROM licenses WHERE account_id = ? AND slc = ?')
      .get(accountId, slc) as { id: number, customerId: number | null, upgradedToId: number | null } | undefined
    if (row) {
      for (let hops = 0; row.upgradedToId !== null && hops < 100; hops++) {
        row = this.db.prepare('SELECT id, customer_id AS customerId, upgraded_to_id AS upgradedToId FROM licenses WHERE id = ?').get(row.upgradedToId) as typeof row
      }
      if (row.customerId === null && seen.customerId != null) this.db.prepare('UPDATE licenses SET customer_id = ? WHERE id = ?').run(seen.customerId, row.id)
      return row.id
    }
    const product = seen.product ?? null
    const version = seen.productVersion ?? null
    return Number(this.db.prepare(
      'INSERT INTO licenses (account_id, slc, customer_id, product, product_version, next_release_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    ).run(accountId, slc, seen.customerId ?? null, product, version, nextReleaseOn(product, version), Date.now()).lastInsertRowid)
  }

  /**
   * Registers a license without the checks a person's registration gets (demo, benchmarks, tests):
   * unlike POST /api/v1/licenses it may repeat, and Care not given stays unknown.
   */
  registerLicense (license: { accountId: number, slc: string, customer?: string | null, product?: string, productVersion?: string, carePlusExpiresAt?: string | null, description?: string }): number {
    const customerId = license.customer ? this.customerId(license.accountId, license.customer) : null
    const id = this.licenseId(license.accountId, license.slc, { product: license.product ?? null, productVersion: license.productVersion ?? null, customerId })
    this.db.prepare(`UPDATE licenses SET customer_id = COALESCE(?, customer_id), product = COALESCE(?, product),
      product_version = COALESCE(?, product_version), care_plus_expires_at = COALESCE(?, care_plus_expires_at),
      description = COALESCE(?, description), registered_at = COALESCE(registered_at, ?) WHERE id = ?`)
      .run(customerId, license.product ?? null, license.productVersion ?? null, license.carePlusExpiresAt ?? null, license.description ?? null, Date.now(), id)
    syncLicenseRelease(this.db, id)
    return id
  }
}

/** Recomputes one license's next release date after its product or version changed. */
export function syncLicenseRelease (db: Db, licenseId: number): void {
  const row = db.prepare('SELECT product, product_version AS version FROM licenses WHERE id = ?').get(licenseId) as { product: string | null, version: string | null } | undefined
  if (row) db.prepare('UPDATE licenses SET next_release_on = ? WHERE id = ?').run(nextReleaseOn(row.product, row.version), licenseId)
}

/**
 * Brings every license's next release date in line with the catalog, which changes only with a new
 * collector version: one pass over the distinct (product, version) pairs, writing only what differs.
 */
export function syncCatalog (db: Db): void {
  const pairs = db.prepare('SELECT DISTINCT product, product_version AS version FROM licenses').all() as Array<{ product: string | null, version: string | null }>
  const update = db.prepare('UPDATE licenses SET next_release_on = ? WHERE product IS ? AND product_version IS ? AND next_release_on IS NOT ?')
  db.transaction(() => {
    for (const p of pairs) {
      const next = nextReleaseOn(p.product, p.version)
      update.run(next, p.product, p.version, next)
    }
  })()
}
