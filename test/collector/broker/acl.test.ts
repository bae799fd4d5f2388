import t from 'tap'
import type { MqttClient } from 'mqtt'
import { agentTopic } from '../../../protocol/topics.js'
import { connectAgent, eventually, startHarness, type Harness, type Scope } from './harness.js'

const opts = { timeout: 10_000 }

async function twoAgents (t: Scope): Promise<Harness> {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  h.hooks.secrets.set('agent-b', 'secret-b')
  return h
}

/** The SUBACK return codes; mqtt.js rejects a refused subscribe with the SUBACK attached. */
function subackCodes (client: MqttClient, filter: string): Promise<number[] | undefined> {
  return client.subscribeAsync(filter, { qos: 1 }).then(
    (granted) => granted.map((g) => g.qos),
    (err: { packet?: { granted?: number[] } }) => err.packet?.granted)
}

t.test('an agent publishes its own four topics; each reaches ingest', opts, async (t) => {
  const h = await twoAgents(t)
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  for (const suffix of ['birth', 'state', 'heartbeat', 'errors'] as const) {
    await a.publishAsync(agentTopic('agent-a', suffix), `{"v":1,"s":"${suffix}"}`, { qos: 1, retain: suffix !== 'heartbeat' })
  }
  t.same(h.hooks.messages.map((m) => [m.agentId, m.suffix, m.payload.toString(), m.will]), [
    ['agent-a', 'birth', '{"v":1,"s":"birth"}', false],
    ['agent-a', 'state', '{"v":1,"s":"state"}', false],
    ['agent-a', 'heartbeat', '{"v":1,"s":"heartbeat"}', false],
    ['agent-a', 'errors', '{"v":1,"s":"errors"}', false]
  ])
  t.ok(h.hooks.messages.every((m) => typeof m.receivedAt === 'number' && m.receivedAt <= Date.now()))
  t.equal(h.metrics.total('vigil_mqtt_denied_total'), 0)
})

const deniedPublishes = [
  ['another agent\'s heartbeat', agentTopic('agent-a', 'heartbeat'), 'publish_other_agent'],
  ['its own config', agentTopic('agent-b', 'config'), 'publish_bad_topic'],
  ['a topic outside the layout', 'vigil/v1/agents/agent-b/heartbeat/extra', 'publish_bad_topic'],
  ['an unrelated topic', 'factory/reset', 'publish_bad_topic']
] as const

for (const [label, topic, reason] of deniedPublishes) {
  t.test(`a publish to ${label} is dropped, counted, logged and the agent disconnected`, opts, async (t) => {
    const h = await twoAgents(t)
    const b = await connectAgent(t, h.broker.url, 'agent-b', 'secret-b')
    const closed = new Promise<void>((resolve) => b.once('close', () => resolve()))
    b.publish(topic, '{"v":1}', { qos: 1 })
    await closed
    t.equal(h.hooks.messages.length, 0, 'nothing ingested')
    t.equal(h.metrics.get('vigil_mqtt_denied_total', { reason }), 1)
    t.match(h.logs.find((l) => l.reason === reason), { agentId: 'agent-b', topic })
    t.notOk(JSON.stringify(h.logs).includes('secret-b'), 'the secret is not in the log')
    await eventually(() => h.broker.connectedAgents() === 0)
  })
}

t.test('a subscribe to another agent\'s config is refused (SUBACK 0x80) and counted', opts, async (t) => {
  const h = await twoAgents(t)
  await h.broker.publishConfig('agent-a', { v: 1, heartbeatIntervalS: 30 })
  const b = await connectAgent(t, h.broker.url, 'agent-b', 'secret-b')
  let received = 0
  b.on('message', () => { received++ })
  t.same(await subackCodes(b, agentTopic('agent-a', 'config')), [0x80])
  t.equal(h.metrics.get('vigil_mqtt_denied_total', { reason: 'subscribe_other_agent' }), 1)
  for (const filter of ['vigil/v1/agents/+/config', '#']) {
    t.same(await subackCodes(b, filter), [0x80], `${filter} refused`)
  }
  t.equal(h.metrics.get('vigil_mqtt_denied_total', { reason: 'subscribe_bad_topic' }), 2)
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(received, 0, 'no config of another agent delivered')
})

t.test('an agent subscribed to its own config gets the retained config, and updates', opts, async (t) => {
  const h = await twoAgents(t)
  await h.broker.publishConfig('agent-a', { v: 1, heartbeatIntervalS: 60 })
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const messages: Array<{ topic: string, body: unknown, retain: boolean }> = []
  a.on('message', (topic, payload, packet) => messages.push({ topic, body: JSON.parse(payload.toString()), retain: packet.retain }))
  const granted = await a.subscribeAsync(agentTopic('agent-a', 'config'), { qos: 1 })
  t.equal(granted[0]?.qos, 1)
  await eventually(() => messages.length === 1)
  t.same(messages[0], { topic: agentTopic('agent-a', 'config'), body: { v: 1, heartbeatIntervalS: 60 }, retain: true })
  await h.broker.publishConfig('agent-a', { v: 1, heartbeatIntervalS: 15 })
  await eventually(() => messages.length === 2)
  t.same(messages[1]?.body, { v: 1, heartbeatIntervalS: 15 })
  t.equal(h.metrics.total('vigil_mqtt_denied_total'), 0)
})

t.test('publishConfig rejects a string that is not an agent id', opts, async (t) => {
  const h = await startHarness(t)
  await t.rejects(h.broker.publishConfig('+', { v: 1, heartbeatIntervalS: 30 }))
})
