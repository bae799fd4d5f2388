import t from 'tap'
import { connectAgent, connectRefusal, startHarness } from './harness.js'

const opts = { timeout: 10_000 }

t.test('an agent with its secret connects and is counted', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('rec-01', 'secret-1')
  const client = await connectAgent(t, h.broker.url, 'rec-01', 'secret-1')
  t.ok(client.connected)
  t.equal(h.broker.connectedAgents(), 1)
  t.equal(h.metrics.get('vigil_mqtt_connected_agents'), 1)
  t.equal(h.metrics.total('vigil_mqtt_refused_total'), 0)
})

t.test('a 64-character agent id connects over MQTT 3.1 too (aedes defaults to 23)', opts, async (t) => {
  const h = await startHarness(t)
  const agentId = 'a'.repeat(64)
  h.hooks.secrets.set(agentId, 's')
  const client = await connectAgent(t, h.broker.url, agentId, 's', { protocolId: 'MQIsdp', protocolVersion: 3 })
  t.ok(client.connected)
})

t.test('a wrong secret gets CONNACK 4, is counted and the secret is never logged', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('rec-01', 'secret-1')
  const err = await connectRefusal(h.broker.url, { clientId: 'rec-01', username: 'rec-01', password: 'guess-123', clean: false })
  t.equal(err.code, 4)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', { reason: 'bad_credentials' }), 1)
  t.equal(h.broker.connectedAgents(), 0)
  const line = h.logs.find((l) => l.reason === 'bad_credentials')
  t.match(line, { agentId: 'rec-01' })
  t.notOk(JSON.stringify(h.logs).includes('guess-123'), 'the password is not in the log')
})

t.test('a missing password is refused like a wrong one', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('rec-01', 'secret-1')
  const err = await connectRefusal(h.broker.url, { clientId: 'rec-01', username: 'rec-01', clean: false })
  t.equal(err.code, 4)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', { reason: 'bad_credentials' }), 1)
})

t.test('a username other than the client id is refused even with that agent\'s secret', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('rec-01', 'secret-1')
  h.hooks.secrets.set('rec-02', 'secret-2')
  const err = await connectRefusal(h.broker.url, { clientId: 'rec-01', username: 'rec-02', password: 'secret-2', clean: false })
  t.equal(err.code, 4)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', { reason: 'bad_credentials' }), 1)
})

t.test('a store that throws refuses with CONNACK 3 instead of crashing', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.authenticateAgent = () => { throw new Error('database is locked') }
  const err = await connectRefusal(h.broker.url, { clientId: 'rec-01', username: 'rec-01', password: 'x', clean: false })
  t.equal(err.code, 3)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', { reason: 'auth_unavailable' }), 1)
})

const badIds = [['not a pattern', 'rec 01!'], ['65 characters', 'a'.repeat(65)]] as const
const versions = [
  { protocolVersion: 3, protocolId: 'MQIsdp', code: 2 },
  { protocolVersion: 4, protocolId: 'MQTT', code: 2 },
  { protocolVersion: 5, protocolId: 'MQTT', code: 0x85 }
] as const

for (const [label, clientId] of badIds) {
  for (const { protocolVersion, protocolId, code } of versions) {
    t.test(`a client id of ${label} is refused on MQTT ${protocolVersion}`, opts, async (t) => {
      const h = await startHarness(t)
      h.hooks.secrets.set(clientId, 'secret')
      const err = await connectRefusal(h.broker.url, { clientId, username: clientId, password: 'secret', protocolVersion, protocolId, clean: false })
      t.equal(err.code, code, 'CONNACK says identifier rejected')
      t.equal(h.metrics.get('vigil_mqtt_refused_total', { reason: 'bad_client_id' }), 1)
      t.equal(h.broker.connectedAgents(), 0)
    })
  }
}
