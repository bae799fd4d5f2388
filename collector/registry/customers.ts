import { visibilityWhere, type Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import type { ListQuery, Page } from '../store/lists.js'
import type { Customer, CustomerRemoval, CustomerServer, LicenseRef } from '../../protocol/index.js'
import { coverage, coverageRankSql } from './care.js'
import { productLabel } from './catalog.js'
import { RegistryError, notFound, settleServers, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { isObsolete } from './rules.js'
import { like, pageOf, sortClause } from './sql.js'
import { InputError } from '../routes/input-error.js'

/**
 * The Customers page: customers with their numbers of licenses, servers and activated hardware
 * devices (summed from the per-license counts), add, rename, remove, and the customer's servers.
 */
const SORT: Record<string, string> = { name: 'v.name COLLATE NOCASE', licenses: 'v.licenses', servers: 'v.servers', activatedDevices: 'v.activatedDevices' }

// The numbers are kept on the customer row by triggers (migration 4).
const CUSTOMERS = `(SELECT c.id AS id, c.name AS name, c.account_id AS accountId, c.id AS customerId, c.license_count AS licenses,
  c.server_count AS servers, c.device_count AS activatedDevices FROM customers c) v`

export function listCustomers (db: Db, viewer: Viewer, q: ListQuery): Page<Customer> {
  const vis = visibilityWhere(viewer, 'v')
  const where = [vis.sql]
  const params = [...vis.params]
  if (q.q?.trim()) { where.push("v.name LIKE ? ESCAPE '\\'"); params.push(like(q.q)) }
  return pageOf<Customer>(db, {
    select: 'v.id, v.name, v.licenses, v.servers, v.activatedDevices',
    from: CUSTOMERS,
    where,
    params,
    order: sortClause(q.sort, SORT, 'v.name COLLATE NOCASE', 'v.id')
  }, q)
}

export function readCustomer (db: Db, viewer: Viewer, id: number): Customer {
  const vis = visibilityWhere(viewer, 'v')
  const row = db.prepare(`SELECT v.id, v.name, v.licenses, v.servers, v.activatedDevices FROM ${CUSTOMERS} WHERE v.id = ? AND ${vis.sql}`)
    .get(id, ...vis.params) as Customer | undefined
  if (!row) notFound('customer', id)
  return row
}

export function customerLicenses (db: Db, customerId: number, clock: Clock) {
  const rows = db.prepare(`SELECT id, slc, kind, product, version, carePlus, carePremium, obsolete, expiresOn, servers FROM license_view
    WHERE customerId = ? ORDER BY slc`).all(customerId) as Array<{ id: number, slc: string, kind: 'standard' | 'test', product: string | null, version: string | null,
      carePlus: string | null, carePremium: string | null, obsolete: number, expiresOn: string | null, servers: number }>
  return rows.map((r) => ({
    id: r.id, slc: r.slc, productLabel: productLabel(r.product, r.version, r.kind === 'test'), careCoverage: coverage(r, clock.today),
    status: isObsolete(r, clock.today) ? 'obsolete' as const : 'active' as const, kind: r.kind, servers: r.servers
  }))
}

const GROUP_NAMES = `(SELECT group_concat(name, ', ') FROM (SELECT g.name FROM license_group_members m JOIN license_groups g ON g.id = m.group_id
  WHERE m.license_id = v.licenseId ORDER BY g.name COLLATE NOCASE))`

/** "View server locations and licenses": the customer's servers with location, product, SLC, Care and groups. */
export function customerServers (db: Db, viewer: Viewer, customerId: number, q: ListQuery, clock: Clock): Page<CustomerServer> {
  readCustomer(db, viewer, customerId)
  const sort: Record<string, string> = {
    location: 'v.location COLLATE NOCASE', server: 'v.server COLLATE NOCASE', product: "(v.product || ' ' || v.version) COLLATE NOCASE",
    slc: 'v.slc', careCoverage: coverageRankSql('v', clock.today), group: `${GROUP_NAMES} COLLATE NOCASE`
  }
  const where = ['v.customerId = ?']
  const params: unknown[] = [customerId]
  if (q.q?.trim()) {
    const p = like(q.q)
    where.push(`(v.location LIKE ? ESCAPE '\\' OR v.server LIKE ? ESCAPE '\\' OR (COALESCE(v.product, '') || ' ' || COALESCE(v.version, '')) LIKE ? ESCAPE '\\'
      OR v.slc LIKE ? ESCAPE '\\' OR ${GROUP_NAMES} LIKE ? ESCAPE '\\')`)
    params.push(p, p, p, p, p)
  }
  const page = pageOf<{ serverId: string, location: string | null, server: string, product: string | null, version: string | null, licenseId: number,
    slc: string, carePlus: string | null, carePremium: string | null }>(db, {
    select: 'v.*',
    from: `(SELECT s.id AS serverId, loc.name AS location, s.name AS server, l.product AS product, l.product_version AS version, l.id AS licenseId,
      l.slc AS slc, l.care_plus_expires_at AS carePlus, l.care_premium_expires_at AS carePremium, l.customer_id AS customerId
      FROM servers s JOIN licenses l ON l.id = s.license_id LEFT JOIN locations loc ON loc.id = s.location_id) v`,
    where,
    params,
    order: sortClause(q.sort, sort, 'v.server COLLATE NOCASE', 'v.serverId')
  }, q)
  const groups = db.prepare(`SELECT g.id, g.name FROM license_group_members m JOIN license_groups g ON g.id = m.group_id WHERE m.license_id = ? ORDER BY g.name COLLATE NOCASE`)
  return {
    total: page.total,
    items: page.items.map((r) => ({
      serverId: r.serverId, location: r.location, server: r.server, product: productLabel(r.product, r.version), licenseId: r.licenseId,
      slc: r.slc, careCoverage: coverage(r, clock.today), groups: groups.all(r.licenseId) as Array<{ id: number, name: string }>
    }))
  }
}

function checkName (ctx: RegistryContext, accountId: number, raw: string, except?: number): string {
  const name = raw.trim()
  if (!name) throw new InputError('validation', 'name: a customer name cannot be blank')
  const other = ctx.db.prepare('SELECT id FROM customers WHERE account_id = ? AND name = ?').get(accountId, name) as { id: number } | undefined
  if (other && other.id !== except) throw new RegistryError(409, 'customer_exists', `name: a customer named "${name}" already exists`)
  return name
}

export function createCustomer (ctx: RegistryContext, viewer: Viewer, raw: string, clock: Clock): number {
  const name = checkName(ctx, viewer.accountId, raw)
  return Number(ctx.db.prepare('INSERT INTO customers (account_id, name, created_at) VALUES (?, ?, ?)').run(viewer.accountId, name, clock.now).lastInsertRowid)
}

/** Servers whose row on the Server status page names this customer. */
function customerServerIds (ctx: RegistryContext, customerId: number): Array<{ id: string, accountId: number }> {
  return ctx.db.prepare('SELECT serverId AS id, accountId FROM server_view WHERE customerId = ?').all(customerId) as Array<{ id: string, accountId: number }>
}

export function renameCustomer (ctx: RegistryContext, viewer: Viewer, id: number, raw: string, changes: ChangeSet): void {
  readCustomer(ctx.db, viewer, id)
  const name = checkName(ctx, viewer.accountId, raw, id)
  ctx.db.prepare('UPDATE customers SET name = ? WHERE id = ?').run(name, id)
  for (const s of customerServerIds(ctx, id)) changes.server(s.id, s.accountId)
}

/** What "Remove customer" affects, for its confirmation. */
export function removalPreview (ctx: RegistryContext, viewer: Viewer, id: number): CustomerRemoval {
  const c = readCustomer(ctx.db, viewer, id)
  const count = (sql: string): number => (ctx.db.prepare(sql).get(id) as { n: number }).n
  return {
    customer: { id: c.id, name: c.name },
    licenses: ctx.db.prepare('SELECT id, slc FROM licenses WHERE customer_id = ? ORDER BY slc').all(id) as LicenseRef[],
    servers: count('SELECT count(*) AS n FROM server_view WHERE customerId = ?'),
    errorFilters: count('SELECT count(*) AS n FROM error_filters WHERE customer_id = ?'),
    tokens: count('SELECT count(*) AS n FROM tokens WHERE customer_id = ? AND revoked_at IS NULL')
  }
}

/**
 * Removes a customer: its licenses become Unspecified and stay; error filters naming it and tokens
 * scoped to it go with it (foreign keys), so its servers are settled: errors those filters hid count again.
 */
export function removeCustomer (ctx: RegistryContext, viewer: Viewer, id: number, clock: Clock, changes: ChangeSet): void {
  readCustomer(ctx.db, viewer, id)
  const servers = customerServerIds(ctx, id)
  const unhidden = ctx.db.prepare(`SELECT e.id, f.account_id AS accountId FROM errors e JOIN error_filters f ON f.id = e.filter_id
    WHERE f.customer_id = ? AND e.status <> 'closed'`).all(id) as Array<{ id: number, accountId: number }>
  ctx.db.prepare('DELETE FROM customers WHERE id = ?').run(id)
  for (const e of unhidden) changes.error(e.id, e.accountId)
  settleServers(ctx, servers, clock.now, changes)
}
