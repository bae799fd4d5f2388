import t from 'tap'
import { registryServices, inTx, recount } from './helpers.js'
import { clockAt, RegistryError } from '../../../collector/registry/context.js'
import { registerLicense, checkRegistration } from '../../../collector/registry/register.js'
import { listLicenses } from '../../../collector/registry/license-list.js'
import { readLicense } from '../../../collector/registry/license-details.js'
import { importLicenses } from '../../../collector/registry/import.js'
import { createGroup } from '../../../collector/registry/license-groups.js'
import { InputError } from '../../../collector/routes/input-error.js'

const SLC = 'M01-C01-123-45-6A7890'
const MAC = '00:10:2A:3B:45:67'

t.test('each account registers a license once; a second try says so', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const id = inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC.toLowerCase(), mac: MAC, customer: 'ACME Retail', description: 'HQ 1' }, clock, c)).value
  t.match(readLicense(svc.db, admin, id, clock), { slc: SLC, registered: true, customer: 'ACME Retail', description: 'HQ 1', activationMac: MAC, care: { coverage: 'unknown' } })
  t.throws(() => inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: MAC }, clock, c)),
    new RegistryError(409, 'already_registered', `slc: ${SLC} is already registered to this account (on ${clock.today})`))
  t.throws(() => checkRegistration(svc, admin, { slc: SLC, mac: MAC }), { name: 'Error', message: /already registered/ }, 'the Next step says so too')
  const other = Number(svc.db.prepare("INSERT INTO accounts (name, created_at) VALUES ('Other partner', 0)").run().lastInsertRowid)
  const theirs = inTx(svc, (c) => registerLicense(svc, { ...admin, accountId: other }, { slc: SLC, mac: MAC }, clock, c)).value
  t.not(theirs, id, 'another account registers the same SLC for itself')
  t.equal(listLicenses(svc.db, admin, {}, clock).total, 1, 'and neither sees the other\'s')
})

t.test('a license discovered from an agent stays discovered until registered, keeps its servers, and its MAC is checked', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const discovered = svc.registry.licenseId(admin.accountId, SLC, { product: 'XProtect Corporate', productVersion: '2023 R2' })
  svc.db.prepare(`INSERT INTO servers (id, account_id, name, license_id, birth, created_at) VALUES ('srv-1', ?, 'REC-01', ?, ?, 0)`)
    .run(admin.accountId, discovered, JSON.stringify({ macs: ['00-10-2A-3B-45-67', '00:10:2A:3B:45:99'] }))
  t.match(listLicenses(svc.db, admin, { registered: false }, clock).items, [{ id: discovered, registered: false, servers: 1, productLabel: 'XProtect Corporate 2023 R2' }])
  t.throws(() => checkRegistration(svc, admin, { slc: SLC, mac: '00:10:2A:3B:45:68' }),
    new InputError('validation', 'mac: 00:10:2A:3B:45:68 is not the MAC address of a server activated with this license'))
  const id = inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: '00102a3b4599', care: { plusExpiresOn: '2030-01-01' } }, clock, c)).value
  t.equal(id, discovered, 'registering completes the discovered license')
  t.match(readLicense(svc.db, admin, id, clock), { registered: true, servers: [{ id: 'srv-1', name: 'REC-01' }], care: { coverage: 'plus' } })
  t.equal(listLicenses(svc.db, admin, { registered: false }, clock).total, 0)
})

t.test('registration refuses unknown choices with the field named, and leaves nothing behind', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ customerId: 99 }, 'customerId: no customer 99'],
    [{ groupIds: [7] }, 'groupIds: no license group 7'],
    [{ product: 'XProtect Foo', version: '2020 R1' }, 'product: "XProtect Foo" is not in the product catalog'],
    [{ product: 'XProtect Expert', version: '2031 R9' }, 'version: XProtect Expert has no release "2031 R9"'],
    [{ product: 'XProtect Expert' }, 'version: choose a release of XProtect Expert'],
    [{ customerId: 1, customer: 'ACME' }, 'customer: give customerId or customer, not both']
  ]
  for (const [extra, message] of cases) {
    t.throws(() => inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: MAC, ...extra } as never, clock, c)), new InputError('validation', message))
  }
  t.equal(listLicenses(svc.db, admin, {}, clock).total, 0)
})

t.test('a server named at registration is known from the license: Not reporting, or Reporting not supported before 2014 R1', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const { value: id, changes } = inTx(svc, (c) => registerLicense(svc, admin, { slc: SLC, mac: MAC, product: 'XProtect Corporate', version: '2020 R1', serverName: 'REC-01' }, clock, c))
  const [server] = readLicense(svc.db, admin, id, clock).servers
  t.match(server, { name: 'REC-01', reporting: false, monitoringStatus: 'not_reporting', errorState: 'none' })
  t.ok(changes.servers.has(server!.id), 'the Server status page hears of it')
  const old = inTx(svc, (c) => registerLicense(svc, admin, { slc: '7A1-2345-B678', mac: MAC, product: 'XProtect Enterprise', version: '2013 R2', serverName: 'OLD-01' }, clock, c)).value
  t.equal(readLicense(svc.db, admin, old, clock).servers[0]!.monitoringStatus, 'reporting_not_supported')
})

t.test('CSV import: a row per license, each imported or refused with its reason', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  createGroup(svc, admin, { name: 'North' }, clock)
  createGroup(svc, admin, { name: 'South' }, clock)
  const csv = [
    'License (SLC);MAC address;Customer;License description;License group',
    `${SLC};${MAC};ACME Retail;"HQ; main";North | South`,
    `${SLC};${MAC};ACME Retail;again;`,
    'M01-C01;00:10:2A:3B:45:67;;;',
    'A01-C23-456-78-9D0123;nope;;;',
    'A01-C23-456-78-9D0124;00:10:2A:3B:45:70;;;Nowhere',
    'A01-C23-456-78-9D0125;00:10:2A:3B:45:71;;;'
  ].join('\r\n')
  const report = inTx(svc, (c) => importLicenses(svc, admin, csv, clock, c)).value
  t.equal(report.imported, 2)
  t.equal(report.refused, 4)
  t.match(report.rows, [
    { line: 2, slc: SLC, result: 'imported', message: null },
    { line: 3, result: 'refused', message: `already registered to this account (on ${clock.today})` },
    { line: 4, result: 'refused', message: /^slc: "M01-C01" is not a software license code/ },
    { line: 5, result: 'refused', message: /^mac: "nope" is not a MAC address/ },
    { line: 6, result: 'refused', message: 'group: no license group named "Nowhere"' },
    { line: 7, slc: 'A01-C23-456-78-9D0125', result: 'imported' }
  ])
  const first = readLicense(svc.db, admin, report.rows[0]!.licenseId!, clock)
  t.match(first, { customer: 'ACME Retail', description: 'HQ; main', groups: [{ name: 'North' }, { name: 'South' }] })
  t.same(svc.db.prepare("SELECT count(*) AS n FROM licenses WHERE slc = 'A01-C23-456-78-9D0124'").get(), { n: 0 }, 'a refused row leaves nothing behind')
  const positional = inTx(svc, (c) => importLicenses(svc, admin, 'A01-C23-456-78-9D0126,00:10:2A:3B:45:72,Beta,Desc,North\n', clock, c)).value
  t.match(positional.rows, [{ line: 1, result: 'imported' }], 'without a header: SLC, MAC, customer, description, group')
  t.throws(() => inTx(svc, (c) => importLicenses(svc, admin, 'SLC,Customer\nX,Y', clock, c)), new InputError('validation', 'csv: line 1: expected at least the SLC and MAC columns'))
  t.same(recount(svc), { licenses: [], customers: [], groups: [], names: [] }, 'counters agree with the rows')
})
