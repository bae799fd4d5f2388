import t from 'tap'
import { startTestCollector } from '../../helpers/collector.js'
import { apiClient } from '../../helpers/api.js'
import { LiveClient } from '../../helpers/live-client.js'
import { addDays, dayOf } from '../../../collector/registry/care.js'

const MAC = '00:10:2A:3B:45:67'

t.test('Customers, License groups, Test licenses, products and locations over REST', async (t) => {
  const c = await startTestCollector()
  t.teardown(() => c.close())
  const session = await c.login()
  const api = apiClient(c.httpUrl, session)
  const today = dayOf(Date.now())
  const register = async (slc: string, extra: Record<string, unknown> = {}) => (await api.post('/api/v1/licenses', { slc, mac: MAC, ...extra })).body

  t.test('customers: add, list with counts, details, servers, rename, removal preview, remove', async (t) => {
    const added = await api.post('/api/v1/customers', { name: ' ACME Retail ' })
    t.equal(added.status, 201)
    t.same(added.body, { id: added.body.id, name: 'ACME Retail', licenses: 0, servers: 0, activatedDevices: 0 })
    t.same((await api.post('/api/v1/customers', { name: 'ACME Retail' })).body, { error: 'customer_exists', message: 'name: a customer named "ACME Retail" already exists' })
    t.equal((await api.post('/api/v1/customers', { name: '' })).status, 400)
    const a = await register('A01-C23-456-78-9D0123', { customerId: added.body.id, product: 'XProtect Corporate', version: '2020 R2', serverName: 'ACME-MN1-01', care: { plusExpiresOn: addDays(today, 100) } })
    await api.post(`/api/v1/licenses/${a.id}/servers`, { name: 'ACME-MN1-02', location: 'Main HQ' })
    await api.post(`/api/v1/licenses/${a.id}/activations`, { items: [{ deviceName: 'Cam 1' }, { deviceName: 'Cam 2' }] })
    await register('A01-C23-456-78-9D0124', { customer: 'ACME Retail' })
    await register('A01-C23-456-78-9D0125', { customer: 'Zero Max' })
    const list = (await api.get('/api/v1/customers')).body
    t.match(list, { total: 2, items: [{ name: 'ACME Retail', licenses: 2, servers: 2, activatedDevices: 2 }, { name: 'Zero Max', licenses: 1, servers: 0 }] })
    t.same((await api.get('/api/v1/customers?sort=-licenses&q=a')).body.items.map((x: any) => x.name), ['ACME Retail', 'Zero Max'])
    const details = (await api.get(`/api/v1/customers/${added.body.id}`)).body
    t.match(details, { name: 'ACME Retail', licenses: 2, licenseList: [{ slc: 'A01-C23-456-78-9D0123', productLabel: 'XProtect Corporate 2020 R2', careCoverage: 'plus', servers: 2 }, { slc: 'A01-C23-456-78-9D0124' }] })
    const servers = (await api.get(`/api/v1/customers/${added.body.id}/servers?sort=-server`)).body
    t.match(servers, { total: 2, items: [{ server: 'ACME-MN1-02', location: 'Main HQ', product: 'XProtect Corporate 2020 R2', slc: 'A01-C23-456-78-9D0123', careCoverage: 'plus', groups: [] }, { server: 'ACME-MN1-01', location: null }] })
    t.equal((await api.get(`/api/v1/customers/${added.body.id}/servers?q=main%20hq`)).body.total, 1)
    const renamed = await api.patch(`/api/v1/customers/${added.body.id}`, { name: 'ACME Retail HQ' })
    t.match(renamed.body, { name: 'ACME Retail HQ', licenses: 2 })
    t.equal((await api.patch(`/api/v1/customers/${added.body.id}`, { name: 'Zero Max' })).status, 409)
    const live = new LiveClient(c.httpUrl, { cookie: session.cookie })
    t.teardown(() => live.close())
    await live.opened()
    live.subscribe(['servers'])
    await live.next((m) => m.type === 'snapshot')
    const preview = (await api.get(`/api/v1/customers/${added.body.id}/removal`)).body
    t.same(preview, { customer: { id: added.body.id, name: 'ACME Retail HQ' }, licenses: [{ id: a.id, slc: 'A01-C23-456-78-9D0123' }, { id: a.id + 1, slc: 'A01-C23-456-78-9D0124' }], servers: 2, errorFilters: 0, tokens: 0 })
    t.equal((await api.delete(`/api/v1/customers/${added.body.id}`)).status, 204)
    await live.next((m) => m.type === 'event' && m.topic === 'servers' && m.item.name === 'ACME-MN1-01' && m.item.customer === 'Unspecified')
    t.match((await api.get('/api/v1/licenses?q=unspecified')).body, { total: 2 }, 'its licenses stay, Unspecified')
    t.equal((await api.get(`/api/v1/customers/${added.body.id}`)).status, 404)
  })

  t.test('license groups: create with licenses, a license in several groups, edit, delete', async (t) => {
    const ids = (await api.get('/api/v1/licenses')).body.items.map((l: any) => l.id)
    const north = await api.post('/api/v1/license-groups', { name: 'North', description: 'Main Office NYC', licenseIds: ids.slice(0, 2) })
    t.equal(north.status, 201)
    t.match(north.body, { name: 'North', description: 'Main Office NYC', licenses: 2, servers: 2, licenseList: [{ slc: 'A01-C23-456-78-9D0123', customer: 'Unspecified' }, {}] })
    const south = (await api.post('/api/v1/license-groups', { name: 'South', licenseIds: [ids[0]] })).body
    t.same((await api.get(`/api/v1/licenses/${ids[0]}`)).body.groups.map((g: any) => g.name), ['North', 'South'], 'a license may be in several groups')
    t.same((await api.post('/api/v1/license-groups', { name: 'North' })).body, { error: 'group_exists', message: 'name: a license group named "North" already exists' })
    t.same((await api.post('/api/v1/license-groups', { name: '  ' })).body, { error: 'validation', message: 'name is required' })
    t.same((await api.post('/api/v1/license-groups', { name: 'X', licenseIds: [999] })).body, { error: 'validation', message: 'licenseIds: no license 999' })
    t.match((await api.get('/api/v1/license-groups?sort=-licenses')).body, { total: 2, items: [{ name: 'North', licenses: 2, servers: 2 }, { name: 'South', licenses: 1 }] })
    t.same((await api.get('/api/v1/license-groups?q=nyc')).body.items.map((g: any) => g.name), ['North'], 'search over name and description')
    const edited = await api.patch(`/api/v1/license-groups/${north.body.id}`, { name: 'North-East', remove: [ids[0]], add: [ids[2]] })
    t.match(edited.body, { name: 'North-East', licenses: 2, servers: 0 })
    t.equal((await api.delete(`/api/v1/license-groups/${south.id}`)).status, 204)
    t.same((await api.get(`/api/v1/licenses/${ids[0]}`)).body.groups, [], 'the license stays, the group goes')
    t.equal((await api.get(`/api/v1/license-groups/${south.id}`)).status, 404)
  })

  t.test('test licenses: counters, create, list, edit, deactivate, and none at zero available', async (t) => {
    t.same((await api.get('/api/v1/test-licenses/summary')).body, { pool: 15, available: 15, active: 0, aboutToExpire: 0 })
    t.same((await api.patch('/api/v1/test-licenses/pool', { size: 1 })).body, { pool: 1, available: 1, active: 0, aboutToExpire: 0 })
    const products = (await api.get('/api/v1/test-licenses/products')).body
    t.ok(products.items.every((p: any) => p.testLicense) && products.items.some((p: any) => p.name === 'XProtect Expert'))
    const created = await api.post('/api/v1/test-licenses', { product: 'XProtect Expert', version: '2018 R3', customer: 'ACME Retail', description: 'Demo', expirationReminder: true })
    t.equal(created.status, 201)
    t.match(created.body, { productLabel: 'XProtect Expert 2018 R3 Test', customer: 'ACME Retail', description: 'Demo', expiresOn: addDays(today, 365), status: 'active', expirationReminder: true, notice: null })
    t.match(created.body.slc, /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{2}-[A-Z0-9]{6}$/)
    t.same((await api.post('/api/v1/test-licenses', { product: 'XProtect Expert', version: '2018 R3', customer: 'ACME Retail' })).body,
      { error: 'no_test_licenses_available', message: '0 test licenses available: deactivate a test license to create another' })
    t.match((await api.get('/api/v1/test-licenses?q=expert')).body, { total: 1, items: [{ id: created.body.id, status: 'active' }] })
    t.equal((await api.get('/api/v1/test-licenses?status=inactive')).body.total, 0)
    t.match((await api.patch(`/api/v1/test-licenses/${created.body.id}`, { expirationReminder: false, description: null })).body, { expirationReminder: false, description: null })
    const off = await api.post(`/api/v1/test-licenses/${created.body.id}/deactivate`)
    t.match(off.body, { status: 'inactive', notice: `This test license was deactivated on ${today} and is no longer active` })
    t.same((await api.get('/api/v1/test-licenses/summary')).body, { pool: 1, available: 1, active: 0, aboutToExpire: 0 })
    t.equal((await api.post(`/api/v1/test-licenses/${created.body.id}/deactivate`)).status, 409)
    t.match((await api.get(`/api/v1/test-licenses/${created.body.id}`)).body, { status: 'inactive', customer: 'ACME Retail' }, 'the details stay readable')
    t.equal((await apiClient(c.httpUrl, { bearer: c.token('noc') }).patch('/api/v1/test-licenses/pool', { size: 100 })).status, 403)
  })

  t.test('products and locations', async (t) => {
    const products = (await api.get('/api/v1/products')).body
    t.ok(products.total >= 9)
    t.match(products.items.find((p: any) => p.name === 'XProtect Corporate').versions.at(-1), { version: '2013 R1', reportingSupported: false })
    t.same((await api.post('/api/v1/locations', { name: 'LA Office' })).body, { id: (await api.get('/api/v1/locations?q=la%20office')).body.items[0].id, name: 'LA Office', servers: 0 })
    t.same((await api.post('/api/v1/locations', { name: 'LA Office' })).body, { error: 'location_exists', message: 'name: a location named "LA Office" already exists' })
    t.match((await api.get('/api/v1/locations?sort=-servers')).body.items[0], { name: 'Main HQ', servers: 1 })
  })

  t.test('nullable fields keep their meaning: 0 stays 0, null clears', async (t) => {
    const l = await register('7A1-2345-B678', { deviceLicenses: 0, aacLicenses: 3, description: 'x' })
    t.match(l, { deviceLicenses: { total: 0 }, aacLicenses: 3, description: 'x' })
    t.match((await api.patch(`/api/v1/licenses/${l.id}`, { aacLicenses: null, description: null })).body, { aacLicenses: null, description: null, deviceLicenses: { total: 0 } })
  })
})
