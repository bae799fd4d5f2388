import { visibilityWhere, type Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import { InputError } from '../routes/input-error.js'
import { syncLicenseRelease } from '../store/registry.js'
import type { ListQuery, Page } from '../store/lists.js'
import type { NewTestLicense, TestLicense, TestLicenseChange, TestLicenseDetails, TestLicenseSummary } from '../../protocol/index.js'
import { addDays, dayOf } from './care.js'
import { findProduct, findRelease, productLabel } from './catalog.js'
import { RegistryError, notFound, settleLicenses, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { licenseGroups } from './license-details.js'
import { licenseServers } from './license-servers.js'
import { checkGroupIds, pickCustomer, setLicenseGroups } from './picks.js'
import { ABOUT_TO_EXPIRE_DAYS, availableTestLicenses, testLicenseExpiry, testLicenseState, testStateSql } from './rules.js'
import { cleanText, iso, like, pageOf, sortClause } from './sql.js'
import { freshSlc } from './upgrade.js'

/**
 * The Test licenses page: a fixed pool per account; each test license runs 365 days from creation
 * (its Care Plus with it, so its servers are monitored until then); deactivating one returns it to the
 * pool and leaves its details readable.
 */
interface TestRow {
  id: number, slc: string, product: string | null, version: string | null, customerId: number | null, customer: string,
  description: string | null, createdAt: number, expiresOn: string, deactivatedAt: number | null, expirationReminder: number
}

export const TEST_STATUS_FILTERS = ['active', 'inactive', 'about_to_expire'] as const
const SORT: Record<string, string> = {
  expiresOn: 'v.expiresOn', customer: 'v.customer COLLATE NOCASE', product: "(v.product || ' ' || v.version) COLLATE NOCASE", slc: 'v.slc', createdAt: 'v.createdAt'
}

export function testSummary (db: Db, accountId: number, clock: Clock): TestLicenseSummary {
  const pool = (db.prepare('SELECT test_license_pool AS pool FROM accounts WHERE id = ?').get(accountId) as { pool: number }).pool
  const counts = db.prepare(`SELECT count(*) AS active, count(*) FILTER (WHERE v.expiresOn <= ?) AS aboutToExpire FROM license_view v
    WHERE v.accountId = ? AND v.kind = 'test' AND ${testStateSql('active', clock.today)}`)
    .get(addDays(clock.today, ABOUT_TO_EXPIRE_DAYS), accountId) as { active: number, aboutToExpire: number }
  return { pool, available: availableTestLicenses(pool, counts.active), active: counts.active, aboutToExpire: counts.aboutToExpire }
}

export function setTestPool (db: Db, accountId: number, size: number): void {
  db.prepare('UPDATE accounts SET test_license_pool = ? WHERE id = ?').run(size, accountId)
}

export function listTestLicenses (db: Db, viewer: Viewer, q: ListQuery & { status?: (typeof TEST_STATUS_FILTERS)[number] }, clock: Clock): Page<TestLicense> {
  const vis = visibilityWhere(viewer, 'v')
  const where = [vis.sql, "v.kind = 'test'"]
  const params: unknown[] = [...vis.params]
  if (q.q?.trim()) {
    const p = like(q.q)
    where.push(`(v.customer LIKE ? ESCAPE '\\' OR (COALESCE(v.product, '') || ' ' || COALESCE(v.version, '')) LIKE ? ESCAPE '\\' OR v.slc LIKE ? ESCAPE '\\')`)
    params.push(p, p, p)
  }
  if (q.status) where.push(testStateSql(q.status, clock.today))
  const page = pageOf<TestRow>(db, { select: 'v.*', from: 'license_view v', where, params, order: sortClause(q.sort, SORT, 'v.expiresOn', 'v.id') }, q)
  return { total: page.total, items: page.items.map((r) => toTestLicense(r, clock)) }
}

function toTestLicense (r: TestRow, clock: Clock): TestLicense {
  return {
    id: r.id, slc: r.slc, product: r.product, version: r.version, productLabel: productLabel(r.product, r.version, true),
    customerId: r.customerId, customer: r.customer, description: r.description, createdAt: iso(r.createdAt)!, expiresOn: r.expiresOn,
    status: testLicenseState(r, clock.today), deactivatedAt: iso(r.deactivatedAt), expirationReminder: r.expirationReminder === 1
  }
}

function visibleTest (db: Db, viewer: Viewer, id: number): TestRow {
  const vis = visibilityWhere(viewer, 'v')
  const row = db.prepare(`SELECT v.* FROM license_view v WHERE v.id = ? AND v.kind = 'test' AND ${vis.sql}`).get(id, ...vis.params) as TestRow | undefined
  if (!row) notFound('test license', id)
  return row
}

export function readTestLicense (db: Db, viewer: Viewer, id: number, clock: Clock): TestLicenseDetails {
  const row = visibleTest(db, viewer, id)
  const counts = db.prepare('SELECT device_licenses_used AS activated, device_licenses AS total FROM licenses WHERE id = ?').get(id) as { activated: number, total: number | null }
  let notice: string | null = null
  if (row.deactivatedAt !== null) notice = `This test license was deactivated on ${dayOf(row.deactivatedAt)} and is no longer active`
  else if (row.expiresOn <= clock.today) notice = `This test license expired on ${row.expiresOn}`
  return { ...toTestLicense(row, clock), groups: licenseGroups(db, id), deviceLicenses: counts, servers: licenseServers(db, id), notice }
}

export function createTestLicense (ctx: RegistryContext, viewer: Viewer, body: NewTestLicense, clock: Clock): number {
  if (testSummary(ctx.db, viewer.accountId, clock).available <= 0) {
    throw new RegistryError(409, 'no_test_licenses_available', '0 test licenses available: deactivate a test license to create another')
  }
  const product = findProduct(body.product)
  if (!product) throw new InputError('validation', `product: "${body.product}" is not in the product catalog`)
  if (!product.testLicense) throw new InputError('validation', `product: ${product.name} is not offered as a test license`)
  const release = findRelease(product, body.version)
  if (!release || release.releasedOn > clock.today) throw new InputError('validation', `version: ${product.name} has no release "${body.version}"`)
  const customerId = pickCustomer(ctx, viewer, body)
  if (customerId == null) throw new InputError('validation', 'customer: choose a customer or add one')
  const groupIds = checkGroupIds(ctx, viewer, body.groupIds ?? [])
  const expiresOn = testLicenseExpiry(clock.today)
  const id = Number(ctx.db.prepare(`INSERT INTO licenses (account_id, slc, kind, customer_id, product, product_version, description, expires_on,
      care_plus_expires_at, expiration_reminder, registered_at, registered_by, created_at) VALUES (?, ?, 'test', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(viewer.accountId, freshSlc(ctx, viewer.accountId), customerId, product.name, release.version, cleanText(body.description), expiresOn, expiresOn,
      body.expirationReminder ? 1 : 0, clock.now, viewer.userId ?? null, clock.now).lastInsertRowid)
  syncLicenseRelease(ctx.db, id)
  setLicenseGroups(ctx, id, groupIds)
  return id
}

export function editTestLicense (ctx: RegistryContext, viewer: Viewer, id: number, change: TestLicenseChange, clock: Clock, changes: ChangeSet): void {
  visibleTest(ctx.db, viewer, id)
  const customerId = pickCustomer(ctx, viewer, change)
  if (customerId === null) throw new InputError('validation', 'customerId: a test license needs a customer')
  if (customerId !== undefined) ctx.db.prepare('UPDATE licenses SET customer_id = ? WHERE id = ?').run(customerId, id)
  if (change.description !== undefined) ctx.db.prepare('UPDATE licenses SET description = ? WHERE id = ?').run(cleanText(change.description), id)
  if (change.expirationReminder !== undefined) ctx.db.prepare('UPDATE licenses SET expiration_reminder = ? WHERE id = ?').run(change.expirationReminder ? 1 : 0, id)
  if (change.groupIds !== undefined) setLicenseGroups(ctx, id, checkGroupIds(ctx, viewer, change.groupIds))
  if (customerId !== undefined) settleLicenses(ctx, [id], clock.now, changes)
}

/** Deactivate license: no longer active (obsolete, its Care ends today), one more available in the pool. */
export function deactivateTestLicense (ctx: RegistryContext, viewer: Viewer, id: number, clock: Clock, changes: ChangeSet): void {
  const row = visibleTest(ctx.db, viewer, id)
  if (testLicenseState(row, clock.today) === 'inactive') throw new RegistryError(409, 'not_active', 'this test license is already inactive')
  ctx.db.prepare('UPDATE licenses SET deactivated_at = ?, obsolete = 1, care_plus_expires_at = ? WHERE id = ?').run(clock.now, clock.today, id)
  settleLicenses(ctx, [id], clock.now, changes)
}
