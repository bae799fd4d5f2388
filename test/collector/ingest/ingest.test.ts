import t from 'tap'
import { startTestCollector } from '../../helpers/collector.js'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { apiClient } from '../../helpers/api.js'
import { waitFor } from '../../helpers/wait.js'

t.test('agent messages through the embedded broker', async (t) => {
  const c = await startTestCollector({ config: { watchdogTickMs: 50 } })
  t.teardown(() => c.close())
  const api = apiClient(c.httpUrl, await c.login())
  const agent = await new FakeAgent(await c.enrollAgent('REC-01', { customer: 'ACME Retail' }), 'REC-01').connect()
  t.teardown(() => agent.end().catch(() => {}))
  const server = async () => (await api.get('/api/v1/servers?q=REC-01')).body.items[0]

  await agent.birth({ slc: 'M01-C01-123-45-6A7890', location: 'Main HQ' })
  await agent.heartbeat()
  await agent.errors([])

  t.test('a reporting server is monitored with no errors, under its enrollment customer', async (t) => {
    const s = await server()
    t.match(s, { name: 'REC-01', customer: 'ACME Retail', slc: 'M01-C01-123-45-6A7890', location: 'Main HQ', monitoringStatus: 'monitored', errorState: 'no_errors', cpuPct: 12.5, memPct: 50, diskFreePct: 25 })
  })

  t.test('error lifecycle: new, repeated keeps first time, cleared closes', async (t) => {
    await agent.errors([{ code: 'cpu_usage_is_high', value: 'REC-01', since: '2026-11-23T05:54:00.000Z' }])
    t.equal((await server()).errorState, 'error_detected')
    const first = (await api.get('/api/v1/errors')).body.items
    t.equal(first.length, 1)
    t.match(first[0], { status: 'new', code: 'cpu_usage_is_high', description: 'CPU usage is high', type: 'System', level: 'System', customer: 'ACME Retail', server: 'REC-01', occurredAt: '2026-11-23T05:54:00.000Z' })

    await agent.errors([{ code: 'cpu_usage_is_high', value: 'REC-01', since: '2026-11-23T06:10:00.000Z' }])
    const repeated = (await api.get('/api/v1/errors')).body.items
    t.same(repeated.map((e: any) => [e.id, e.occurredAt]), [[first[0].id, '2026-11-23T05:54:00.000Z']], 'same error, first occurrence kept')

    await agent.errors([])
    t.equal((await api.get('/api/v1/errors')).body.total, 0, 'cleared error leaves the list')
    const closed = (await api.get('/api/v1/errors?status=closed')).body.items
    t.equal(closed[0].id, first[0].id)
    t.equal(closed[0].status, 'closed')
    t.ok(closed[0].closedAt)
    t.equal((await server()).errorState, 'no_errors')
  })

  t.test('a repeat of an applied error set changes nothing', async (t) => {
    agent.errorsSeq = 1000
    const set = JSON.stringify({ v: 1, bootId: agent.bootId, seq: agent.errorsSeq, ts: new Date().toISOString(), errors: [{ code: 'service_unavailable', value: 'Recording Server' }] })
    await agent.publishRaw('errors', set)
    const before = (await api.get('/api/v1/errors')).body.items
    t.equal(before.length, 1)
    await agent.errors([]) // seq 1001 → closes
    await agent.publishRaw('errors', set) // seq 1000 again: a resend, must not reopen
    t.equal((await api.get('/api/v1/errors')).body.total, 0)
    await agent.errors([])
  })

  t.test('bad input is dropped and counted by reason; the next valid message applies', async (t) => {
    await agent.publishRaw('heartbeat', 'not json {')
    await agent.publishRaw('heartbeat', Buffer.alloc(100 * 1024, 'x'))
    await agent.publishRaw('heartbeat', JSON.stringify({ v: 1, bootId: agent.bootId, seq: 'seven', ts: 'yesterday', cpu: { pct: 'high' }, mem: {} }))
    await agent.publishRaw('errors', JSON.stringify([1, 2, 3]))
    await agent.publishRaw('birth', JSON.stringify({ v: 2 }))
    await agent.heartbeat({ cpu: { pct: 77 } })
    await agent.errors([{ code: 'flux_capacitor_overheated', value: 'REC-01' }])
    t.equal((await server()).cpuPct, 77, 'the valid heartbeat after the bad ones applied')
    const unknown = (await api.get('/api/v1/errors')).body.items[0]
    t.match(unknown, { code: 'flux_capacitor_overheated', type: 'Unknown error type', description: 'Flux capacitor overheated' }, 'unknown code kept')
    const metrics = (await api.get('/metrics')).body as string
    t.match(metrics, /vigil_ingest_rejected_total\{reason="not_json",topic="heartbeat"\} 1/)
    t.match(metrics, /vigil_ingest_rejected_total\{reason="too_large",topic="heartbeat"\} 1/)
    t.match(metrics, /vigil_ingest_rejected_total\{reason="invalid",topic="heartbeat"\} 1/)
    t.match(metrics, /vigil_ingest_rejected_total\{reason="not_object",topic="errors"\} 1/)
    t.match(metrics, /vigil_ingest_rejected_total\{reason="invalid",topic="birth"\} 1/)
    t.ok(agent.client.connected, 'the connection stayed up')
    await agent.errors([])
  })

  t.test('Last Will: not reporting and "No heartbeat from site" at once; closed when heartbeats resume', async (t) => {
    agent.crash()
    const silent = await waitFor('not reporting', async () => {
      const s = await server()
      return s.monitoringStatus === 'not_reporting' && s
    }, 3000)
    t.equal(silent.errorState, 'none')
    const open = (await api.get('/api/v1/errors')).body.items
    t.match(open, [{ code: 'no_heartbeat_from_site', description: 'No heartbeat from site', value: 'REC-01' }])

    await agent.connect()
    await agent.birth({ slc: 'M01-C01-123-45-6A7890' })
    await agent.heartbeat()
    t.equal((await server()).monitoringStatus, 'monitored')
    t.equal((await api.get('/api/v1/errors')).body.total, 0, 'no heartbeat error closed')
  })

  t.test('a reconnect that replaces a half-dead connection raises no false "No heartbeat from site"', async (t) => {
    const replacement = await new FakeAgent(agent.creds, 'REC-01').connect()
    await replacement.birth({ slc: 'M01-C01-123-45-6A7890' })
    await replacement.heartbeat()
    t.equal((await server()).monitoringStatus, 'monitored')
    t.equal((await api.get('/api/v1/errors')).body.total, 0, 'the replaced connection\'s will was not taken as news')
    t.match((await api.get('/metrics')).body, /vigil_mqtt_denied_total|vigil_ingest_messages_total/)
    await replacement.end()
    await agent.connect()
    await agent.birth({ slc: 'M01-C01-123-45-6A7890' })
  })

  t.test('an overdue heartbeat raises "No heartbeat from site" after two intervals', async (t) => {
    await agent.birth({}, 1)
    await agent.heartbeat()
    const started = Date.now()
    await waitFor('overdue heartbeat', async () => (await server()).monitoringStatus === 'not_reporting', 5000)
    t.ok(Date.now() - started >= 1500, 'not before two intervals have passed')
    t.match((await api.get('/api/v1/errors')).body.items, [{ code: 'no_heartbeat_from_site' }])
    await agent.heartbeat()
    t.equal((await server()).monitoringStatus, 'monitored', 'a live heartbeat brings it back')
    await agent.birth({}, 30)
  })

  t.test('a buffered heartbeat is stored at its time and is no sign of life', async (t) => {
    await agent.heartbeat()
    const s1 = await server()
    await agent.heartbeat({ ts: '2026-01-01T00:00:00.000Z', cpu: { pct: 1 } })
    const s2 = await server()
    t.equal(s2.cpuPct, s1.cpuPct, 'an older heartbeat does not replace the current reading')
    const stored = c.running.services.db.prepare("SELECT count(*) AS n FROM heartbeats WHERE ts = '2026-01-01T00:00:00.000Z'").get() as { n: number }
    t.equal(stored.n, 1, 'stored at its own time')
  })
})
