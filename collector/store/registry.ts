import type { Db } from './database.js'

/**
 * The minimum of the license registry the spine needs: customers, licenses and locations found or
 * created by name. The Licenses/Customers pages build on these tables.
 */
export class Registry {
  constructor (private readonly db: Db) {}

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
   * The license with this SLC in the account; a server naming an SLC nobody registered yet creates it,
   * with the product it reports and the customer its enrollment named, so it is never orphaned.
   */
  licenseId (accountId: number, slc: string, seen: { product?: string | null, productVersion?: string | null, customerId?: number | null }): number {
    const row = this.db.prepare('SELECT id, customer_id AS customerId FROM licenses WHERE account_id = ? AND slc = ?').get(accountId, slc) as { id: number, customerId: number | null } | undefined
    if (row) {
      if (row.customerId === null && seen.customerId != null) this.db.prepare('UPDATE licenses SET customer_id = ? WHERE id = ?').run(seen.customerId, row.id)
      return row.id
    }
    return Number(this.db.prepare(
      'INSERT INTO licenses (account_id, slc, customer_id, product, product_version, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    ).run(accountId, slc, seen.customerId ?? null, seen.product ?? null, seen.productVersion ?? null, Date.now()).lastInsertRowid)
  }

  registerLicense (license: { accountId: number, slc: string, customer?: string | null, product?: string, productVersion?: string, carePlusExpiresAt?: string | null, description?: string }): number {
    const customerId = license.customer ? this.customerId(license.accountId, license.customer) : null
    const id = this.licenseId(license.accountId, license.slc, { product: license.product ?? null, productVersion: license.productVersion ?? null, customerId })
    this.db.prepare(`UPDATE licenses SET customer_id = COALESCE(?, customer_id), product = COALESCE(?, product),
      product_version = COALESCE(?, product_version), care_plus_expires_at = COALESCE(?, care_plus_expires_at),
      description = COALESCE(?, description) WHERE id = ?`)
      .run(customerId, license.product ?? null, license.productVersion ?? null, license.carePlusExpiresAt ?? null, license.description ?? null, id)
    return id
  }
}
