import t from 'tap'
import { registryServices, inTx, recount, daysFromNow } from './helpers.js'
import { clockAt, RegistryError } from '../../../collector/registry/context.js'
import { registerLicense } from '../../../collector/registry/register.js'
import { listLicenses } from '../../../collector/registry/license-list.js'
import { readLicense } from '../../../collector/registry/license-details.js'
import { editLicense } from '../../../collector/registry/license-edit.js'
import { createGroup, readGroup } from '../../../collector/registry/license-groups.js'
import { listCustomers, removalPreview, removeCustomer, renameCustomer } from '../../../collector/registry/customers.js'
import { previewUpgrade, upgradeLicense } from '../../../collector/registry/upgrade.js'
import {
  createTestLicense, deactivateTestLicense, listTestLicenses, readTestLicense, setTestPool, testSummary
} from '../../../collector/registry/test-licenses.js'
import { addDays } from '../../../collector/registry/care.js'
import { InputError } from '../../../collector/routes/input-error.js'
import { settle } from '../../../collector/status/settle.js'

const SLC = 'M01-C01-123-45-6A7890'
const MAC = '00:10:2A:3B:45:67'

t.test('removing a customer: its licenses become Unspecified and stay; its filters go, so hidden errors count again', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const id = inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: MAC, customer: 'ACME Retail', serverName: 'REC-01', care: { plusExpiresOn: '2030-01-01' } }, clock, c)).value
  const serverId = readLicense(svc.db, admin, id, clock).servers[0]!.id
  const customerId = readLicense(svc.db, admin, id, clock).customerId!
  // The server reports an error that a filter of this customer hides.
  svc.db.prepare('UPDATE servers SET reporting = 1 WHERE id = ?').run(serverId)
  const errorId = svc.errors.raise(serverId, { code: 'cpu_usage_is_high', value: 'REC-01', detail: null, raisedBy: 'agent', occurredAt: new Date().toISOString() })
  svc.filters.create({ accountId: admin.accountId, customerId, licenseId: id, serverId, code: 'cpu_usage_is_high', value: null, action: 'ignore_error_on_server', duration: 'forever', thresholdS: 0, createdAt: Date.now(), expiresAt: null, createdBy: null })
  inTx(svc, (c) => settle(svc, serverId, admin.accountId, Date.now(), c))
  t.match(svc.servers.view(serverId), { monitoringStatus: 'monitored', errorState: 'filtered_error' }, 'the filter hides the error')
  t.match(removalPreview(svc, admin, customerId), { customer: { name: 'ACME Retail' }, licenses: [{ id, slc: SLC }], servers: 1, errorFilters: 1, tokens: 0 })
  const { changes } = inTx(svc, (c) => removeCustomer(svc, admin, customerId, clock, c))
  t.match(listLicenses(svc.db, admin, {}, clock).items, [{ id, customerId: null, customer: 'Unspecified' }], 'still on the Licenses page, Unspecified')
  t.equal(svc.servers.view(serverId)!.customer, 'Unspecified', 'and on the Server status page')
  t.ok(changes.servers.has(serverId), 'published live')
  t.ok(changes.errors.has(errorId), 'the error the filter hid is news again')
  t.equal(svc.servers.view(serverId)!.errorState, 'error_detected', 'and counts again')
  t.same(svc.db.prepare('SELECT count(*) AS n FROM error_filters').get(), { n: 0 })
  t.equal(listCustomers(svc.db, admin, {}).total, 0)
  t.match(listLicenses(svc.db, admin, { q: 'unspecified' }, clock), { total: 1 }, 'Unspecified is searchable')
  t.same(recount(svc), { licenses: [], customers: [], groups: [], names: [] })
})

t.test('renaming a customer shows on its licenses and servers', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const id = inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: MAC, customer: 'ACME', serverName: 'REC-01' }, clock, c)).value
  const license = readLicense(svc.db, admin, id, clock)
  const { changes } = inTx(svc, (c) => renameCustomer(svc, admin, license.customerId!, 'ACME Retail HQ', c))
  t.equal(listLicenses(svc.db, admin, { q: 'retail hq' }, clock).items[0]?.customer, 'ACME Retail HQ')
  t.ok(changes.servers.has(license.servers[0]!.id))
  t.throws(() => inTx(svc, (c) => registerLicense(svc, admin, { slc: '7A1-2345-B678', mac: MAC, customerId: 999 }, clock, c)), /customerId: no customer 999/)
  t.same(recount(svc), { licenses: [], customers: [], groups: [], names: [] })
})

t.test('upgrade: a new SLC takes customer, groups, servers, description and filters; the old one is obsolete', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const group = createGroup(svc, admin, { name: 'Main' }, clock)
  const other = createGroup(svc, admin, { name: 'Other' }, clock)
  const id = inTx(svc, (c) => registerLicense(svc, admin, {
    slc: SLC, mac: MAC, customer: 'ACME', description: 'HQ', groupIds: [group, other], product: 'XProtect Corporate', version: '2020 R1',
    care: { plusExpiresOn: '2022-06-30' }, serverName: 'REC-01'
  }, clock, c)).value
  const before = readLicense(svc.db, admin, id, clock)
  const filterId = svc.filters.create({ accountId: admin.accountId, customerId: before.customerId!, licenseId: id, serverId: before.servers[0]!.id, code: null, value: null, action: 'ignore_all_from_server', duration: 'forever', thresholdS: 0, createdAt: Date.now(), expiresAt: null, createdBy: null })
  const preview = previewUpgrade(svc, admin, id, clock)
  t.match(preview, { available: true, latestVersion: '2022 R2', moves: { customer: 'ACME', servers: 1, description: 'HQ', groups: [{ name: 'Main' }, { name: 'Other' }] } })
  t.throws(() => inTx(svc, (c) => upgradeLicense(svc, admin, id, {}, clock, c)), /confirm: tick "I understand that once upgraded the current license \(SLC\) will be deactivated"/)
  t.throws(() => inTx(svc, (c) => upgradeLicense(svc, admin, id, { confirm: true, version: '2023 R1' }, clock, c)), /version: XProtect Corporate 2023 R1 is not a release this license may be upgraded to/)
  const { value: newId, changes } = inTx(svc, (c) => upgradeLicense(svc, admin, id, { confirm: true, version: '2022 r1', slc: 'a01-c23-456-78-9d0123' }, clock, c))
  const upgraded = readLicense(svc.db, admin, newId, clock)
  t.match(upgraded, {
    slc: 'A01-C23-456-78-9D0123', version: '2022 R1', customer: 'ACME', description: 'HQ', status: 'active',
    groups: [{ name: 'Main' }, { name: 'Other' }], servers: [{ name: 'REC-01' }], upgrades: { upgradedFrom: { id, slc: SLC }, upgradedTo: null, available: true, latestVersion: '2022 R2' }
  })
  t.ok(changes.servers.has(upgraded.servers[0]!.id), 'the server\'s SLC changes live')
  t.equal(svc.servers.view(upgraded.servers[0]!.id)!.slc, 'A01-C23-456-78-9D0123')
  const old = readLicense(svc.db, admin, id, clock)
  t.match(old, { status: 'obsolete', servers: [], groups: [], upgrades: { upgradedTo: { id: newId }, available: false, reason: 'This license has been upgraded to A01-C23-456-78-9D0123' } })
  t.throws(() => inTx(svc, (c) => upgradeLicense(svc, admin, id, { confirm: true }, clock, c)), new RegistryError(409, 'upgrade_not_available', 'This license has been upgraded to A01-C23-456-78-9D0123'))
  t.equal(svc.registry.licenseId(admin.accountId, SLC, {}), newId, 'an agent still reporting the old SLC stays on the new license')
  t.equal(svc.filters.get(filterId, Date.now())?.licenseId, newId, 'error filters follow the servers')
  t.equal(svc.servers.view(upgraded.servers[0]!.id)!.monitoringStatus, 'care_expired', 'Care moved with it (ended 2022)')
  t.match(listLicenses(svc.db, admin, { status: 'obsolete' }, clock).items.map((l) => l.id), [id])
  t.match(listLicenses(svc.db, admin, { status: 'active' }, clock).items.map((l) => l.id), [newId])
  t.same(readGroup(svc.db, admin, group).licenseList.map((l) => l.id), [newId])
  t.match(listCustomers(svc.db, admin, {}).items, [{ name: 'ACME', licenses: 1, servers: 1 }], 'the obsolete SLC is no longer counted')
  const second = inTx(svc, (c) => upgradeLicense(svc, admin, newId, { confirm: true }, clock, c)).value
  t.equal(svc.registry.licenseId(admin.accountId, SLC, {}), second, 'the chain is followed to the newest')
  t.same(recount(svc), { licenses: [], customers: [], groups: [], names: [] })
})

t.test('Care changes move the servers\' Monitoring status and are published', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const id = inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: MAC, serverName: 'REC-01', care: { plusExpiresOn: addDays(clock.today, 10) } }, clock, c)).value
  const serverId = readLicense(svc.db, admin, id, clock).servers[0]!.id
  svc.db.prepare('UPDATE servers SET reporting = 1 WHERE id = ?').run(serverId)
  inTx(svc, (c) => editLicense(svc, admin, id, { description: null, care: { plusExpiresOn: addDays(clock.today, 10) } }, clock, c))
  t.equal(svc.servers.view(serverId)!.monitoringStatus, 'monitored')
  const expired = inTx(svc, (c) => editLicense(svc, admin, id, { care: { plusExpiresOn: addDays(clock.today, -1) } }, clock, c))
  t.equal(svc.servers.view(serverId)!.monitoringStatus, 'care_expired')
  t.ok(expired.changes.servers.has(serverId))
  inTx(svc, (c) => editLicense(svc, admin, id, { care: {} }, clock, c))
  t.equal(svc.servers.view(serverId)!.monitoringStatus, 'care_expired', 'Basic only: not monitored')
  inTx(svc, (c) => editLicense(svc, admin, id, { care: { premiumExpiresOn: addDays(clock.today, 400) } }, clock, c))
  t.equal(svc.servers.view(serverId)!.monitoringStatus, 'monitored', 'Premium includes Plus')
  t.match(readLicense(svc.db, admin, id, clock).care, { coverage: 'premium', plusExpiresOn: addDays(clock.today, 400), premiumExpiresOn: addDays(clock.today, 400) })
})

t.test('the 60-day window of Upcoming renewal and the Care Plus expired filter', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const make = (slc: string, care: Record<string, string> | undefined): number =>
    inTx(svc, (c) => registerLicense(svc, admin, { slc, mac: MAC, ...(care ? { care } : {}) }, clock, c)).value
  const at60 = make('A01-C01-000-00-000060', { plusExpiresOn: addDays(clock.today, 60) })
  const at61 = make('A01-C01-000-00-000061', { plusExpiresOn: addDays(clock.today, 61) })
  const at1 = make('A01-C01-000-00-000001', { plusExpiresOn: addDays(clock.today, 1) })
  const ended = make('A01-C01-000-00-000000', { plusExpiresOn: clock.today })
  make('A01-C01-000-00-00000B', {})
  make('A01-C01-000-00-00000U', undefined)
  const ids = (f: Parameters<typeof listLicenses>[2]): number[] => listLicenses(svc.db, admin, f, clock).items.map((l) => l.id)
  t.same(ids({ care: 'renewal_due' }), [at1, at60], 'within 60 days, not 61')
  t.same(ids({ care: 'expired' }), [ended], 'had Care Plus and it ended; Basic only and unknown are not "expired"')
  t.same(ids({ care: 'renewal_due', sort: '-slc' }), [at60, at1], 'filters and sort combine')
  t.same(ids({ q: 'plus' }), [at1, at60, at61], 'search finds the Care coverage label')
  t.same(ids({ q: 'basic' }).length, 2)
  void at61
})

t.test('test licenses: a fixed pool, 365 days, 30-day warning, deactivation returns one and keeps the details', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  setTestPool(svc.db, admin.accountId, 2)
  t.same(testSummary(svc.db, admin.accountId, clock), { pool: 2, available: 2, active: 0, aboutToExpire: 0 })
  const create = (product = 'XProtect Expert'): number => svc.db.transaction(() => createTestLicense(svc, admin, { product, version: '2018 R3', customer: 'ACME', expirationReminder: true }, clock))()
  const first = create()
  const second = create('xprotect-corporate')
  t.match(readTestLicense(svc.db, admin, first, clock), { productLabel: 'XProtect Expert 2018 R3 Test', customer: 'ACME', expiresOn: addDays(clock.today, 365), status: 'active', notice: null, expirationReminder: true })
  t.same(testSummary(svc.db, admin.accountId, clock), { pool: 2, available: 0, active: 2, aboutToExpire: 0 })
  t.throws(() => create(), new RegistryError(409, 'no_test_licenses_available', '0 test licenses available: deactivate a test license to create another'))
  t.throws(() => svc.db.transaction(() => createTestLicense(svc, admin, { product: 'XProtect Essential+', version: '2020 R1', customer: 'ACME' }, clock))(), /./, 'refused while none available, whatever the product')
  inTx(svc, (c) => deactivateTestLicense(svc, admin, first, clock, c))
  t.match(readTestLicense(svc.db, admin, first, clock), { status: 'inactive', notice: `This test license was deactivated on ${clock.today} and is no longer active`, customer: 'ACME' })
  t.same(testSummary(svc.db, admin.accountId, clock), { pool: 2, available: 1, active: 1, aboutToExpire: 0 })
  t.throws(() => inTx(svc, (c) => deactivateTestLicense(svc, admin, first, clock, c)), new RegistryError(409, 'not_active', 'this test license is already inactive'))
  t.throws(() => svc.db.transaction(() => createTestLicense(svc, admin, { product: 'XProtect Essential+', version: '2020 R1', customer: 'ACME' }, clock))(),
    new InputError('validation', 'product: XProtect Essential+ is not offered as a test license'))
  t.throws(() => svc.db.transaction(() => createTestLicense(svc, admin, { product: 'XProtect Expert', version: '2018 R3' }, clock))(), new InputError('validation', 'customer: choose a customer or add one'))
  // Time passes: 336 days on, the second one expires within 30 days; 365 days on it has expired.
  const later = daysFromNow(336)
  t.same(testSummary(svc.db, admin.accountId, later), { pool: 2, available: 1, active: 1, aboutToExpire: 1 })
  t.same(listTestLicenses(svc.db, admin, { status: 'about_to_expire' }, later).items.map((l) => l.id), [second])
  const expired = daysFromNow(365)
  t.same(testSummary(svc.db, admin.accountId, expired), { pool: 2, available: 2, active: 0, aboutToExpire: 0 })
  t.match(readTestLicense(svc.db, admin, second, expired), { status: 'inactive', notice: `This test license expired on ${addDays(clock.today, 365)}` })
  t.same(listTestLicenses(svc.db, admin, { status: 'inactive' }, expired).total, 2)
  t.same(listTestLicenses(svc.db, admin, { q: 'corporate' }, clock).items.map((l) => l.id), [second], 'search by product')
  t.same(listTestLicenses(svc.db, admin, {}, clock).items.map((l) => l.id), [first, second], 'by expiration date')
  t.equal(listLicenses(svc.db, admin, {}, clock).total, 0, 'test licenses are not on the Licenses page')
})
