import t from 'tap'
import { startTestCollector } from '../../helpers/collector.js'
import { FakeAgent } from '../../helpers/fake-agent.js'
import { LiveClient } from '../../helpers/live-client.js'

const SLC = 'M01-C01-123-45-6A7891'

t.test('when a license\'s Care Plus ends, its servers turn "Milestone Care expired" live, with no report needed', async (t) => {
  const c = await startTestCollector({ config: { watchdogTickMs: 50 } })
  t.teardown(() => c.close())
  const svc = c.running.services
  const licenseId = svc.registry.registerLicense({ accountId: svc.defaultAccountId, slc: SLC, customer: 'ACME Retail', carePlusExpiresAt: '2099-01-01' })
  const agent = await new FakeAgent(await c.enrollAgent('REC-07'), 'REC-07').connect()
  t.teardown(() => agent.end().catch(() => {}))
  await agent.birth({ slc: SLC })
  await agent.heartbeat()
  const live = new LiveClient(c.httpUrl, { cookie: (await c.login()).cookie })
  t.teardown(() => live.close())
  await live.opened()
  live.subscribe(['servers'])
  const snapshot = await live.next((m) => m.type === 'snapshot')
  t.equal(snapshot.items[0].monitoringStatus, 'monitored')

  svc.db.prepare('UPDATE licenses SET care_plus_expires_at = ? WHERE id = ?').run(new Date(Date.now() + 300).toISOString(), licenseId)
  const expired = await live.next((m) => m.type === 'event' && m.item.monitoringStatus === 'care_expired', 2000)
  t.match(expired.item, { name: 'REC-07', errorState: 'none' })
})
