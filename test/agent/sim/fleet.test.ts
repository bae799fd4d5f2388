import t from 'tap'
import { catalogEntry, type ErrorSet, type Heartbeat } from '../../../protocol/index.js'
import { startFleet, type ErrorsPublished } from '../../../agent/sim/fleet.js'
import { fleetPlan } from '../../../agent/sim/fleet-plan.js'
import { payloadsOn, startBroker } from '../helpers/broker.js'
import { fakeCollector } from '../helpers/http.js'
import { silentLog } from '../helpers/log.js'
import { waitUntil } from '../helpers/wait.js'

const credentials = (n: number) => Array.from({ length: n }, (_, i) => ({ agentId: `sim-${i}`, secret: `secret-${i}` }))

t.test('each simulated agent is its own connection with its own credentials; setErrors publishes at once', async (t) => {
  const broker = await startBroker()
  t.teardown(() => broker.close())
  const plan = fleetPlan(5)
  const fleet = await startFleet({ plan, credentials: credentials(5), brokerUrl: broker.url, log: silentLog })
  t.teardown(() => fleet.stop())
  await fleet.allConnected()
  t.equal(fleet.connected, 5)
  t.same(broker.logins.map((l) => `${l.clientId}:${l.username}:${l.password}`).sort(), credentials(5).map((c) => `${c.agentId}:${c.agentId}:${c.secret}`).sort())
  await broker.waitFor((m) => payloadsOn(m, 'birth').length === 5)
  const births = broker.messages.filter((m) => m.topic.endsWith('/birth'))
  const birthOf = births.find((m) => m.clientId === 'sim-2')!.payload as { server: { name: string }, slc: string }
  t.equal(birthOf.server.name, plan[2]!.serverName)
  t.equal(birthOf.slc, plan[2]!.slc)

  const published: ErrorsPublished[] = []
  fleet.on('errorsPublished', (event) => published.push(event))
  const before = Date.now()
  fleet.setErrors(2, [{ code: 'cpu_usage_is_high', value: plan[2]!.serverName }])
  const forced = (e: ErrorsPublished): boolean => e.agentId === 'sim-2' && e.codes.includes('cpu_usage_is_high')
  await waitUntil(() => published.some(forced), 'errorsPublished')
  const event = published.find(forced)!
  t.equal(event.serverName, plan[2]!.serverName)
  t.ok(event.publishedAt >= before && event.publishedAt <= Date.now(), 'publishedAt is when it was sent')
  const set = broker.messages.filter((m) => m.clientId === 'sim-2' && m.topic.endsWith('/errors')).at(-1)!.payload as ErrorSet
  t.same(set.errors.map((e) => e.code), ['cpu_usage_is_high'], 'the broker got the forced set')
  t.throws(() => fleet.setErrors(9, []), RangeError)

  const beats = broker.messages.filter((m) => m.topic.endsWith('/heartbeat')).map((m) => m.payload as Heartbeat)
  t.ok(beats.length >= 5, 'every agent sent a heartbeat')

  await fleet.stop()
  const offline = broker.messages.filter((m) => m.topic.endsWith('/state') && (m.payload as { state: string }).state === 'offline')
  t.equal(new Set(offline.map((m) => m.clientId)).size, 5, 'stop: every agent says offline')
  t.equal(broker.clients.size, 0, 'and disconnects')
})

t.test('with a collector and a token, each agent enrolls over HTTP like `vigil agent enroll`', async (t) => {
  const broker = await startBroker()
  t.teardown(() => broker.close())
  const collector = await fakeCollector((body, n) => body.token === 'multi'
    ? { status: 200, body: { agentId: `enrolled-${n}`, secret: `s-${n}`, mqttUrl: broker.url } }
    : { status: 401, body: { error: 'unauthorized', message: 'no' } })
  t.teardown(() => collector.close())
  const plan = fleetPlan(3)
  const fleet = await startFleet({ plan, collectorUrl: collector.url, token: 'multi', log: silentLog })
  t.teardown(() => fleet.stop())
  await fleet.allConnected()
  t.same(collector.requests.map((r) => r.hostname).sort(), plan.map((e) => e.serverName).sort(), 'one enrollment per server, named after it')
  t.same(broker.logins.map((l) => l.clientId).sort(), ['enrolled-1', 'enrolled-2', 'enrolled-3'])
  await t.rejects(startFleet({ plan, collectorUrl: collector.url, token: 'wrong', log: silentLog }), /enrollment token unknown or already used/)
})

t.test('churn: error sets change on their own, with XProtect errors valued by camera or server', async (t) => {
  const broker = await startBroker()
  t.teardown(() => broker.close())
  const plan = fleetPlan(3)
  const fleet = await startFleet({ plan, credentials: credentials(3), brokerUrl: broker.url, churn: 0.05, log: silentLog })
  t.teardown(() => fleet.stop())
  await broker.waitFor((m) => payloadsOn<ErrorSet>(m, 'errors').filter((s) => s.errors.length > 0).length >= 10)
  await fleet.stop()
  for (const message of broker.messages.filter((m) => m.topic.endsWith('/errors'))) {
    const entry = plan[Number(message.clientId!.slice(4))]!
    for (const error of (message.payload as ErrorSet).errors) {
      const known = catalogEntry(error.code)
      t.ok(known?.families.includes('xprotect'), `${error.code} is an XProtect error`)
      if (known?.level === 'Device') t.ok(entry.cameras.includes(error.value), `${error.code} names a camera of ${entry.serverName}`)
      else t.equal(error.value, entry.serverName, `${error.code} names the server`)
    }
  }
})
