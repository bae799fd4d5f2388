import t from 'tap'
import { request } from 'undici'
import { startTestCollector } from '../../helpers/collector.js'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { apiClient } from '../../helpers/api.js'
import { LiveClient } from '../../helpers/live-client.js'
import { waitFor } from '../../helpers/wait.js'
import { addDays, dayOf } from '../../../collector/registry/care.js'

const SLC = 'M01-C01-123-45-6A7890'
const MAC = '00:10:2A:3B:45:67'

t.test('Licenses over REST: register, list, details, edit, upgrade, import; status changes reach the Server status page live', async (t) => {
  const c = await startTestCollector()
  t.teardown(() => c.close())
  const session = await c.login()
  const api = apiClient(c.httpUrl, session)
  const today = dayOf(Date.now())

  // An agent reports an SLC nobody registered yet: a discovered license.
  const agent = await new FakeAgent(await c.enrollAgent('REC-01'), 'REC-01').connect()
  t.teardown(() => agent.end().catch(() => {}))
  await agent.birth({ slc: SLC, macs: [MAC] })
  await agent.heartbeat()
  const server = async () => (await api.get('/api/v1/servers?q=REC-01')).body.items[0]
  await waitFor('the server reports', async () => (await server())?.monitoringStatus === 'monitored')
  const live = new LiveClient(c.httpUrl, { cookie: session.cookie })
  t.teardown(() => live.close())
  await live.opened()
  live.subscribe(['servers'])
  await live.next((m) => m.type === 'snapshot' && m.topic === 'servers')

  t.test('access: a session may change, a read-only token may only look, nobody else may do either', async (t) => {
    t.equal((await apiClient(c.httpUrl).get('/api/v1/licenses')).status, 401)
    const noc = apiClient(c.httpUrl, { bearer: c.token('noc') })
    t.equal((await noc.get('/api/v1/licenses')).status, 200)
    t.equal((await noc.post('/api/v1/licenses', { slc: SLC, mac: MAC })).status, 403)
    t.equal((await apiClient(c.httpUrl, { cookie: session.cookie }).post('/api/v1/licenses', { slc: SLC, mac: MAC })).status, 403, 'CSRF token required')
  })

  let licenseId = 0
  t.test('register: step 1 checks SLC and MAC, step 2 registers once', async (t) => {
    t.same((await api.post('/api/v1/licenses/check', { slc: 'M01', mac: MAC })).body,
      { error: 'validation', message: 'slc: "M01" is not a software license code (SLC); expected letters and digits like M01-C01-123-45-6A7890 or 7A1-2345-B678' })
    t.same((await api.post('/api/v1/licenses/check', { slc: SLC, mac: '00:10:2A:3B:45:68' })).body,
      { error: 'validation', message: 'mac: 00:10:2A:3B:45:68 is not the MAC address of a server activated with this license' })
    const check = await api.post('/api/v1/licenses/check', { slc: SLC.toLowerCase(), mac: '00-10-2a-3b-45-67' })
    t.match(check.body, { slc: SLC, mac: MAC, discovered: { product: 'XProtect Corporate', version: '2023 R2', servers: 1, customer: 'Unspecified' } })
    const group = (await api.post('/api/v1/license-groups', { name: 'ACME Main HQ' })).body
    const res = await api.post('/api/v1/licenses', { slc: SLC, mac: MAC, customer: 'ACME Retail', description: 'HQ 1', groupIds: [group.id], care: { plusExpiresOn: '2022-06-30' } })
    t.equal(res.status, 201)
    licenseId = res.body.id
    t.match(res.body, { id: check.body.discovered.id, registered: true, customer: 'ACME Retail', groups: [{ name: 'ACME Main HQ' }], servers: [{ name: 'REC-01', reporting: true }] })
    const again = await api.post('/api/v1/licenses', { slc: SLC, mac: MAC })
    t.equal(again.status, 409)
    t.same(again.body, { error: 'already_registered', message: `slc: ${SLC} is already registered to this account (on ${today})` })
    const event = await live.next((m) => m.type === 'event' && m.topic === 'servers' && m.item.customer === 'ACME Retail')
    t.equal(event.item.monitoringStatus, 'care_expired', 'Care Plus ended in 2022: the server is no longer monitored, live')
  })

  t.test('the list: every column, search, sort, filters, paging, and a clear refusal of an unknown sort', async (t) => {
    await api.post('/api/v1/licenses', { slc: 'A01-C23-456-78-9D0123', mac: MAC, customer: 'Glostrup Airport', product: 'XProtect Professional+', version: '2020 R1', care: { premiumExpiresOn: addDays(today, 30) } })
    await api.post('/api/v1/licenses', { slc: 'A01-C23-456-78-9D0124', mac: MAC, product: 'XProtect Express+', version: '2024 R1' })
    const all = (await api.get('/api/v1/licenses')).body
    t.equal(all.total, 3)
    t.same(all.items.map((l: any) => l.slc), ['A01-C23-456-78-9D0123', 'A01-C23-456-78-9D0124', SLC], 'by SLC')
    t.match(all.items[0], { productLabel: 'XProtect Professional+ 2020 R1', customer: 'Glostrup Airport', servers: 0, activatedDevices: 0, careCoverage: 'premium', status: 'active', registered: true, upgradeAvailable: true })
    t.match(all.items[1], { customer: 'Unspecified', careCoverage: 'unknown' })
    t.match(all.items[2], { customer: 'ACME Retail', servers: 1, careCoverage: 'basic', upgradeAvailable: false }, '2023 R2 came out after its Care Plus ended')
    const slcs = async (query: string) => (await api.get(`/api/v1/licenses?${query}`)).body.items.map((l: any) => l.slc)
    t.same(await slcs('q=Professional%2B%202020'), ['A01-C23-456-78-9D0123'], 'product and version')
    t.same(await slcs('q=hq%201'), [SLC], 'description')
    t.same(await slcs('q=glostrup'), ['A01-C23-456-78-9D0123'], 'customer')
    t.same(await slcs('q=premium'), ['A01-C23-456-78-9D0123'], 'Care coverage')
    t.same(await slcs('sort=-customer'), ['A01-C23-456-78-9D0124', 'A01-C23-456-78-9D0123', SLC], 'sort by customer, descending (Unspecified sorts as a name)')
    t.same(await slcs('sort=-servers'), [SLC, 'A01-C23-456-78-9D0124', 'A01-C23-456-78-9D0123'])
    t.same(await slcs('status=upgrade_available'), ['A01-C23-456-78-9D0123'])
    t.same(await slcs('care=renewal_due'), ['A01-C23-456-78-9D0123'])
    t.same(await slcs('care=expired'), [SLC])
    t.same(await slcs('q=xprotect&status=active&care=renewal_due&sort=-slc'), ['A01-C23-456-78-9D0123'], 'search, filter and sort combine')
    const groups = (await api.get('/api/v1/license-groups')).body.items
    t.same(await slcs(`groupId=${groups[0].id}`), [SLC])
    t.same((await api.get('/api/v1/licenses?pageSize=10&page=2')).body, { items: [], total: 3 })
    t.same((await api.get('/api/v1/licenses?sort=color')).body, { error: 'bad_query', message: 'sort: unknown field "color"; expected one of slc, product, customer, servers, activatedDevices, careCoverage, description, registeredAt (prefix - for descending)' })
    t.equal((await api.get('/api/v1/licenses?pageSize=7')).status, 400)
    t.equal((await api.get('/api/v1/licenses?status=gone')).status, 400)
  })

  t.test('details and the pencil icons; Care renewed brings the server back to Monitored, live', async (t) => {
    const details = (await api.get(`/api/v1/licenses/${licenseId}`)).body
    t.match(details, {
      slc: SLC, productLabel: 'XProtect Corporate 2023 R2', description: 'HQ 1', company: { name: null }, aacLicenses: null,
      care: { coverage: 'basic', recorded: true, plusExpiresOn: '2022-06-30', coverages: [{ level: 'basic', expiresOn: null }, { level: 'plus', expiresOn: '2022-06-30', active: false }] },
      upgrades: { available: false, reason: 'No newer release of XProtect Corporate was released on or before Care Plus expiry (2022-06-30)' },
      deviceLicenses: { activated: 0, total: null }, extensions: [], activations: { total: 0 }
    })
    const from = live.messages.length
    const edited = await api.patch(`/api/v1/licenses/${licenseId}`, { care: { plusExpiresOn: addDays(today, 365) }, deviceLicenses: 25, aacLicenses: 2, company: { name: 'Milestone Systems A/S', phone: null, address: 'Banemarksvej 50' } })
    t.equal(edited.status, 200)
    t.match(edited.body, { care: { coverage: 'plus' }, deviceLicenses: { activated: 0, total: 25 }, aacLicenses: 2, company: { name: 'Milestone Systems A/S' } })
    await live.next((m) => m.type === 'event' && m.topic === 'servers' && m.item.monitoringStatus === 'monitored', 3000, from)
    const serverId = details.servers[0].id
    const added = await api.post(`/api/v1/licenses/${licenseId}/activations`, { items: [{ deviceName: 'Camera 1', mac: '00102A3B4501', serverId }, { deviceName: 'Camera 2', licensesUsed: 2 }] })
    t.same(added.body, { added: 2, deviceLicenses: { activated: 3, total: 25 } })
    t.match((await api.get(`/api/v1/licenses/${licenseId}/activations?serverId=${serverId}`)).body, { total: 1, items: [{ deviceName: 'Camera 1', mac: '00:10:2A:3B:45:01', server: 'REC-01', licensesUsed: 1, activatedAt: today }] })
    t.match((await api.get(`/api/v1/licenses/${licenseId}`)).body.servers[0].deviceLicenses, { onServer: 1, relatedServers: 0, onRelated: 2, total: 25 })
    const moved = await api.patch(`/api/v1/servers/${serverId}`, { location: 'Main HQ', description: 'ACME Main HQ' })
    t.match(moved.body, { location: 'Main HQ', description: 'ACME Main HQ' })
    await live.next((m) => m.type === 'event' && m.topic === 'servers' && m.item.location === 'Main HQ', 3000, from)
    t.same((await api.patch(`/api/v1/servers/${serverId}`, { locationId: 999 })).body, { error: 'validation', message: 'locationId: no location 999' })
    const known = await api.post(`/api/v1/licenses/${licenseId}/servers`, { name: 'REC-02', locationId: moved.body.locationId })
    t.match(known.body, { name: 'REC-02', reporting: false, monitoringStatus: 'not_reporting', location: 'Main HQ' })
    t.equal((await api.post(`/api/v1/licenses/${licenseId}/servers`, { name: 'rec-02' })).status, 409)
    t.equal((await api.patch(`/api/v1/licenses/${licenseId}`, { customerId: null })).body.customer, 'Unspecified')
    await live.next((m) => m.type === 'event' && m.topic === 'servers' && m.item.serverId === serverId && m.item.customer === 'Unspecified', 3000, from)
    t.equal((await api.get('/api/v1/licenses/99999')).status, 404)
  })

  t.test('upgrade over REST: preview, the confirmation, the new SLC; the agent\'s server follows', async (t) => {
    const preview = (await api.get(`/api/v1/licenses/${licenseId}/upgrade`)).body
    t.match(preview, { available: true, version: '2023 R2', latestVersion: '2026 R2' })
    t.same((await api.post(`/api/v1/licenses/${licenseId}/upgrade`, {})).body.error, 'validation')
    const res = await api.post(`/api/v1/licenses/${licenseId}/upgrade`, { confirm: true })
    t.equal(res.status, 201)
    t.match(res.body, { previous: { id: licenseId, slc: SLC }, license: { version: '2026 R2', status: 'active', servers: [{ name: 'REC-01' }, { name: 'REC-02' }], upgrades: { upgradedFrom: { slc: SLC } } } })
    await agent.birth({ slc: SLC, macs: [MAC] })
    await waitFor('the reporting server keeps the new SLC', async () => (await server()).slc === res.body.license.slc)
    t.equal((await server()).slc, res.body.license.slc)
    t.equal((await api.get(`/api/v1/licenses/${licenseId}`)).body.status, 'obsolete')
    t.equal((await api.post(`/api/v1/licenses/${licenseId}/upgrade`, { confirm: true })).status, 409)
  })

  t.test('CSV import as text/csv and as JSON', async (t) => {
    const csv = `SLC,MAC,Customer,Description,Group\nA01-C23-456-78-9D0200,${MAC},Beta,"One, two",ACME Main HQ\nA01-C23-456-78-9D0200,${MAC},,,\n`
    const res = await request(`${c.httpUrl}/api/v1/licenses/import`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'text/csv' }, body: csv })
    const report = await res.body.json() as any
    t.equal(res.statusCode, 200)
    t.match(report, { imported: 1, refused: 1, rows: [{ line: 2, result: 'imported' }, { line: 3, result: 'refused', message: `already registered to this account (on ${today})` }] })
    const json = await api.post('/api/v1/licenses/import', { csv: 'A01-C23-456-78-9D0201;00:10:2A:3B:45:67;Beta;;\n' })
    t.match(json.body, { imported: 1, rows: [{ line: 1, slc: 'A01-C23-456-78-9D0201', result: 'imported' }] })
    t.same((await api.post('/api/v1/licenses/import', { csv: '  ' })).body, { error: 'validation', message: 'csv: the file has no license rows' })
    t.match((await api.get('/api/v1/licenses?q=one,%20two')).body.items, [{ customer: 'Beta', description: 'One, two' }])
  })

  t.test('a NOC token scoped to a customer sees that customer\'s licenses only', async (t) => {
    const beta = apiClient(c.httpUrl, { bearer: c.token('noc', { customer: 'Beta' }) })
    const list = (await beta.get('/api/v1/licenses')).body
    t.ok(list.total === 2 && list.items.every((l: any) => l.customer === 'Beta'))
    t.equal((await beta.get(`/api/v1/licenses/${licenseId}`)).status, 404)
    t.same((await beta.get('/api/v1/customers')).body.items.map((x: any) => x.name), ['Beta'])
  })
})
