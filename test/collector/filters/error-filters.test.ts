import t from 'tap'
import { startTestCollector } from '../../helpers/collector.js'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { apiClient } from '../../helpers/api.js'
import { LiveClient } from '../../helpers/live-client.js'
import { waitFor } from '../../helpers/wait.js'

const SLC = 'M01-C01-123-45-6A7890'

t.test('error filters end to end: MQTT in, REST and live feed out', async (t) => {
  const c = await startTestCollector({ config: { watchdogTickMs: 50 } })
  t.teardown(() => c.close())
  const svc = c.running.services
  svc.registry.registerLicense({ accountId: svc.defaultAccountId, slc: SLC, customer: 'ACME Retail', product: 'XProtect Corporate', productVersion: '2023 R2' })
  const session = await c.login()
  const api = apiClient(c.httpUrl, session)
  const agent = await new FakeAgent(await c.enrollAgent('REC-01'), 'REC-01').connect()
  t.teardown(() => agent.end().catch(() => {}))
  await agent.birth({ slc: SLC })
  await agent.heartbeat()
  await agent.errors([{ code: 'cannot_retrieve_images', value: 'Camera 3' }, { code: 'cpu_usage_is_high', value: 'REC-01' }])

  const live = new LiveClient(c.httpUrl, { cookie: session.cookie })
  t.teardown(() => live.close())
  await live.opened()
  live.subscribe(['errors', 'servers', 'monitor'])
  await live.next((m) => m.type === 'snapshot' && m.topic === 'monitor')

  const server = async () => (await api.get('/api/v1/servers?q=REC-01')).body.items[0]
  const active = async () => (await api.get('/api/v1/errors')).body.items.map((e: any) => e.code).sort()
  const camera = (await api.get('/api/v1/errors?code=cannot_retrieve_images')).body.items[0]
  const { serverId } = await server()
  const choices = (await api.get('/api/v1/error-filters/choices')).body
  const customer = choices.customers.find((x: any) => x.name === 'ACME Retail')
  const ids = { customerId: customer.id, licenseId: customer.licenses[0].id, serverId }
  t.equal(customer.licenses[0].servers[0].id, serverId, 'choices cascade customer → license → server')

  t.test('customer, license and server are required, each with its own message', async (t) => {
    for (const [missing, message] of [['customerId', 'customer is required'], ['licenseId', 'license is required'], ['serverId', 'server is required']] as const) {
      const body: Record<string, unknown> = { ...ids, duration: 'forever' }
      delete body[missing]
      const res = await api.post('/api/v1/error-filters', body)
      t.equal(res.status, 400)
      t.same(res.body, { error: 'validation', message })
    }
    const wrong = await api.post('/api/v1/error-filters', { ...ids, licenseId: 999, duration: 'forever' })
    t.match(wrong.body.message, /license: not a license of this customer/)
    const device = await api.post('/api/v1/error-filters', { ...ids, code: 'cannot_retrieve_images', action: 'ignore_error_from_device', duration: 'forever' })
    t.match(device.body.message, /needs an error value, which only a filter made from an error has/)
    const level = await api.post('/api/v1/error-filters', { ...ids, errorId: (await api.get('/api/v1/errors?code=cpu_usage_is_high')).body.items[0].id, action: 'ignore_all_from_device', duration: 'forever' })
    t.match(level.body.message, /not offered for system-level errors/)
  })

  let deviceFilter: any
  t.test('a filter made from an error hides it everywhere but under Filtered, live, and it stays logged', async (t) => {
    const from = live.messages.length
    const res = await api.post('/api/v1/error-filters', { ...ids, errorId: camera.id, action: 'ignore_error_from_device', duration: 'forever' })
    t.equal(res.status, 201)
    deviceFilter = res.body
    t.match(deviceFilter, { customer: 'ACME Retail', slc: SLC, server: 'REC-01', code: 'cannot_retrieve_images', description: 'Cannot retrieve images', value: 'Camera 3', action: 'ignore_error_from_device', duration: 'forever', expiresAt: null, active: true })
    const event = await live.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.id === camera.id, 1000, from)
    t.equal(event.item.status, 'filtered', 'the live feed says it is filtered within a second')
    t.same(await active(), ['cpu_usage_is_high'], 'not on the Errors page')
    t.same((await api.get('/api/v1/errors?status=filtered')).body.items.map((e: any) => e.id), [camera.id], 'shown under Filtered errors')
    t.match((await api.get(`/api/v1/errors/${camera.id}`)).body, { status: 'filtered', filterId: deviceFilter.id, solution: /camera/ }, 'still logged, with its filter')
    t.equal((await server()).errorState, 'error_detected', 'the CPU error still counts')
    t.equal((await api.get('/api/v1/error-filters')).body.items[0].id, deviceFilter.id, 'listed, newest first')
  })

  t.test('a new error matching a filter arrives filtered and never counts', async (t) => {
    const from = live.messages.length
    await agent.errors([{ code: 'cannot_retrieve_images', value: 'Camera 3' }, { code: 'cpu_usage_is_high', value: 'REC-01' }, { code: 'cannot_retrieve_images', value: 'Camera 4' }])
    const event = await live.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.value === 'Camera 4', 1000, from)
    t.equal(event.item.status, 'new', 'another camera is not covered by a device filter')
    await agent.errors([{ code: 'cannot_retrieve_images', value: 'Camera 3' }, { code: 'cpu_usage_is_high', value: 'REC-01' }])
  })

  let serverFilter: any
  t.test('"Ignore all errors from this server": All errors filtered, Filtered error, monitor green', async (t) => {
    const res = await api.post('/api/v1/error-filters', { ...ids, code: null, duration: '24h' })
    t.equal(res.status, 201)
    serverFilter = res.body
    t.match(serverFilter, { action: 'ignore_all_from_server', description: 'All errors', code: null, value: null })
    t.ok(Date.parse(serverFilter.expiresAt) - Date.parse(serverFilter.createdAt) === 24 * 3600_000, 'expiry from the duration')
    t.match(await server(), { monitoringStatus: 'all_errors_filtered', errorState: 'filtered_error' })
    t.same(await active(), [])
    const monitor = await live.next((m) => m.type === 'event' && m.topic === 'monitor' && m.item.state === 'ok', 1000)
    t.equal(monitor.item.latest, null, 'Monitor mode ignores filtered errors')
  })

  t.test('deleting filters brings their errors back at once, live', async (t) => {
    const from = live.messages.length
    t.equal((await api.delete(`/api/v1/error-filters/${serverFilter.id}`)).status, 204)
    t.equal((await api.delete(`/api/v1/error-filters/${deviceFilter.id}`)).status, 204)
    await live.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.id === camera.id && m.item.status === 'new', 1000, from)
    t.same(await active(), ['cannot_retrieve_images', 'cpu_usage_is_high'])
    t.match(await server(), { monitoringStatus: 'monitored', errorState: 'error_detected' })
    t.equal((await api.get(`/api/v1/error-filters/${deviceFilter.id}`)).status, 404, 'gone for good')
  })

  t.test('a threshold hides an error until it has lasted that long, then it appears live', async (t) => {
    const filter = (await api.post('/api/v1/error-filters', { ...ids, code: 'memory_usage_is_high', duration: 'forever', thresholdS: 300 })).body
    t.equal(filter.action, 'ignore_error_on_server', 'from scratch, one description: ignore that error for the server')
    const from = live.messages.length
    const since = new Date(Date.now() - 300_000 + 700).toISOString()
    await agent.errors([{ code: 'cannot_retrieve_images', value: 'Camera 3' }, { code: 'cpu_usage_is_high', value: 'REC-01' }, { code: 'memory_usage_is_high', value: 'REC-01', since }])
    const first = await live.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.code === 'memory_usage_is_high', 1000, from)
    t.equal(first.item.status, 'filtered', 'younger than the threshold: filtered')
    const later = await live.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.code === 'memory_usage_is_high' && m.item.status === 'new', 2000, from)
    t.ok(later, 'once it has lasted 5 minutes it counts, without any new report')
    t.ok((await active()).includes('memory_usage_is_high'))
    await api.delete(`/api/v1/error-filters/${filter.id}`)
  })

  t.test('an expired filter lets its errors back in, live', async (t) => {
    const filter = (await api.post('/api/v1/error-filters', { ...ids, code: 'cpu_usage_is_high', duration: '1h' })).body
    t.notOk((await active()).includes('cpu_usage_is_high'))
    // An hour is long for a test: move the expiry close instead.
    svc.db.prepare('UPDATE error_filters SET expires_at = ? WHERE id = ?').run(Date.now() + 300, filter.id)
    const from = live.messages.length
    await live.next((m) => m.type === 'event' && m.topic === 'errors' && m.item.code === 'cpu_usage_is_high' && m.item.status === 'new', 2000, from)
    t.ok((await active()).includes('cpu_usage_is_high'))
    t.equal((await api.get(`/api/v1/error-filters/${filter.id}`)).body.active, false, 'an expired filter is listed as not active')
  })

  t.test('a filter made from a device error can be edited and keeps its device', async (t) => {
    const camera4 = (await api.get('/api/v1/errors?code=cannot_retrieve_images')).body.items[0]
    const filter = (await api.post('/api/v1/error-filters', { ...ids, errorId: camera4.id, action: 'ignore_all_from_device', duration: 'forever' })).body
    t.match(filter, { action: 'ignore_all_from_device', value: camera4.value, code: null })
    const changed = await api.patch(`/api/v1/error-filters/${filter.id}`, { duration: '7d', thresholdS: 900 })
    t.equal(changed.status, 200, JSON.stringify(changed.body))
    t.match(changed.body, { value: camera4.value, duration: '7d', thresholdS: 900 })
    t.equal((await api.delete(`/api/v1/error-filters/${filter.id}`)).status, 204)
    t.equal((await api.delete(`/api/v1/error-filters/${filter.id}`)).status, 404, 'gone')
  })

  t.test('editing a filter re-evaluates at once', async (t) => {
    const filter = (await api.post('/api/v1/error-filters', { ...ids, code: 'cpu_usage_is_high', duration: 'forever' })).body
    t.notOk((await active()).includes('cpu_usage_is_high'))
    const changed = await api.patch(`/api/v1/error-filters/${filter.id}`, { code: 'archive_unavailable' })
    t.equal(changed.status, 200)
    t.equal(changed.body.description, 'Archive unavailable')
    t.ok((await active()).includes('cpu_usage_is_high'), 'no longer covered')
    await waitFor('server back to error detected', async () => (await server()).errorState === 'error_detected')
  })

  t.test('the counters behind list totals agree with the errors themselves', async (t) => {
    const counted = svc.db.prepare('SELECT bucket, sum(n) AS n FROM error_counts GROUP BY bucket HAVING sum(n) <> 0 ORDER BY bucket').all()
    const actual = svc.db.prepare(`SELECT CASE WHEN status = 'closed' THEN 'closed' WHEN filter_id IS NOT NULL THEN 'filtered' ELSE status END AS bucket,
      count(*) AS n FROM errors GROUP BY bucket ORDER BY bucket`).all()
    t.same(counted, actual)
    t.equal((await api.get('/api/v1/errors?status=closed')).body.total, (actual as Array<{ bucket: string, n: number }>).find((r) => r.bucket === 'closed')?.n ?? 0)
  })
})
