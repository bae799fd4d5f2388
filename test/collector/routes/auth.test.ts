import t from 'tap'
import mqtt from 'mqtt'
import { startTestCollector } from '../../helpers/collector.js'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { apiClient } from '../../helpers/api.js'
import { LiveClient } from '../../helpers/live-client.js'
import { waitFor } from '../../helpers/wait.js'

t.test('authentication and authorisation', async (t) => {
  const c = await startTestCollector()
  t.teardown(() => c.close())
  const anonymous = apiClient(c.httpUrl)

  t.test('REST and the live feed refuse requests without credentials', async (t) => {
    for (const path of ['/api/v1/servers', '/api/v1/errors', '/api/v1/session', '/api/v1/tokens']) {
      const res = await anonymous.get(path)
      t.equal(res.status, 401, path)
      t.match(res.body, { error: 'unauthorized', message: /log in/ })
    }
    const live = new LiveClient(c.httpUrl)
    await t.rejects(live.opened(), /401/)
    const forged = new LiveClient(c.httpUrl, { cookie: 'vigil_session=forged' })
    await t.rejects(forged.opened(), /401/)
    t.equal((await anonymous.get('/healthz')).status, 200, 'health needs no login')
  })

  t.test('login: wrong password refused with a clear message; session works; logout ends it', async (t) => {
    const bad = await anonymous.post('/api/v1/session', { email: c.admin.email, password: 'wrong' })
    t.equal(bad.status, 401)
    t.equal(bad.body.message, 'wrong e-mail or password')
    const unknown = await anonymous.post('/api/v1/session', { email: 'nobody@example.com', password: 'x' })
    t.equal(unknown.status, 401)
    const missing = await anonymous.post('/api/v1/session', { email: c.admin.email })
    t.equal(missing.status, 400)
    t.match(missing.body.message, /password/, 'the missing field is named')

    const session = await c.login()
    const me = await apiClient(c.httpUrl, { cookie: session.cookie }).get('/api/v1/session')
    t.equal(me.status, 200)
    t.match(me.body, { csrfToken: session.csrfToken, user: { email: c.admin.email, role: 'license_admin', settings: { rowsPerPage: 25 } } })

    const noCsrf = await apiClient(c.httpUrl, { cookie: session.cookie }).post('/api/v1/tokens', { kind: 'noc' })
    t.equal(noCsrf.status, 403, 'a state change with the cookie needs x-csrf-token')
    t.equal(noCsrf.body.error, 'csrf')
    const withCsrf = await apiClient(c.httpUrl, session).post('/api/v1/tokens', { kind: 'noc' })
    t.equal(withCsrf.status, 200)

    t.equal((await apiClient(c.httpUrl, session).delete('/api/v1/session')).status, 204)
    t.equal((await apiClient(c.httpUrl, { cookie: session.cookie }).get('/api/v1/servers')).status, 401, 'the session is gone on the server')
  })

  t.test('enrollment tokens work once; unknown and used ones get 401', async (t) => {
    const token = c.token('enroll')
    const first = await anonymous.post('/api/v1/agents/enroll', { token, hostname: 'REC-01' })
    t.equal(first.status, 200)
    t.match(first.body, { agentId: /^[A-Za-z0-9._-]{1,64}$/, secret: /.{32,}/, mqttUrl: c.mqttUrl })
    const again = await anonymous.post('/api/v1/agents/enroll', { token, hostname: 'REC-02' })
    t.equal(again.status, 401)
    t.equal((await anonymous.post('/api/v1/agents/enroll', { token: 'made-up', hostname: 'X' })).status, 401)
    const fleet = c.token('enroll', { uses: 2 })
    t.equal((await anonymous.post('/api/v1/agents/enroll', { token: fleet, hostname: 'A' })).status, 200)
    t.equal((await anonymous.post('/api/v1/agents/enroll', { token: fleet, hostname: 'B' })).status, 200)
    t.equal((await anonymous.post('/api/v1/agents/enroll', { token: fleet, hostname: 'C' })).status, 401, 'an N-use token stops after N')
  })

  t.test('MQTT: a wrong secret is refused; agent B cannot publish for agent A', async (t) => {
    const a = await c.enrollAgent('REC-A')
    const b = await c.enrollAgent('REC-B')
    const intruder = mqtt.connect(c.mqttUrl, { clientId: a.agentId, username: a.agentId, password: 'not-the-secret', protocolVersion: 4, reconnectPeriod: 0 })
    const refused = await new Promise<Error>((resolve) => intruder.once('error', resolve))
    t.match(refused.message, /Not authorized|Bad username or password/i)
    intruder.end(true)

    const agentB = await new FakeAgent(b).connect()
    const closed = new Promise<void>((resolve) => agentB.client.once('close', () => resolve()))
    agentB.publishRaw('heartbeat', JSON.stringify({ v: 1 }), `vigil/v1/agents/${a.agentId}/heartbeat`).catch(() => {})
    await closed
    t.pass('publishing on another agent\'s topic disconnects')
    const api = apiClient(c.httpUrl, await c.login())
    t.equal((await api.get('/api/v1/servers')).body.items.filter((s: any) => s.name === 'REC-A').length, 0, 'nothing was stored for A')
    t.match((await api.get('/metrics')).body, /vigil_mqtt_denied_total/)
    agentB.client.end(true)
  })

  t.test('NOC tokens are read-only and see only their customer', async (t) => {
    const acme = await new FakeAgent(await c.enrollAgent('ACME-REC-01', { customer: 'ACME Retail' }), 'ACME-REC-01').connect()
    const other = await new FakeAgent(await c.enrollAgent('GLO-REC-01', { customer: 'Glostrup Airport' }), 'GLO-REC-01').connect()
    t.teardown(async () => { await acme.end(); await other.end() })
    await acme.birth()
    await other.birth()
    await other.errors([{ code: 'archive_unavailable', value: 'GLO-REC-01' }])
    const admin = apiClient(c.httpUrl, await c.login())
    const created = await c.token('noc', { customer: 'ACME Retail' })
    const noc = apiClient(c.httpUrl, { bearer: created })
    const servers = (await noc.get('/api/v1/servers')).body
    t.same(servers.items.map((s: any) => s.name), ['ACME-REC-01'], 'only its customer\'s servers')
    t.equal((await noc.get('/api/v1/errors')).body.total, 0, 'no errors of other customers')
    t.equal((await noc.post('/api/v1/tokens', { kind: 'noc' })).status, 403, 'read-only')
    const otherServer = (await admin.get('/api/v1/servers?q=GLO')).body.items[0]
    t.equal((await noc.get(`/api/v1/servers/${otherServer.serverId}`)).status, 404, 'another customer\'s server does not exist for it')

    const live = new LiveClient(c.httpUrl, {}, `?token=${created}`)
    t.teardown(() => live.close())
    await live.opened()
    live.subscribe(['servers', 'monitor'])
    t.same((await live.next((m) => m.type === 'snapshot' && m.topic === 'servers')).items.map((s: any) => s.name), ['ACME-REC-01'])
    t.same((await live.next((m) => m.type === 'snapshot' && m.topic === 'monitor')).items, [{ state: 'ok', latest: null }], 'monitor mode ignores other customers\' errors')
    const from = live.messages.length
    await other.errors([{ code: 'archive_unavailable', value: 'GLO-REC-01' }, { code: 'failover_started', value: 'GLO-REC-01' }])
    await acme.heartbeat()
    await live.next((m) => m.type === 'event' && m.topic === 'servers' && m.item.name === 'ACME-REC-01', 2000, from)
    t.notOk(live.messages.some((m) => m.item?.name === 'GLO-REC-01' || m.item?.server === 'GLO-REC-01'), 'no event of another customer reached it')
    await waitFor('other customer errors committed', async () => (await admin.get('/api/v1/errors?q=GLO-REC-01')).body.total === 2)
  })
})
