import t from 'tap'
import type { Client, PublishPacket } from 'aedes'
import { pino } from 'pino'
import { agentPolicy } from '../../../collector/broker/agent-policy.js'
import { Incidents } from '../../../collector/broker/incidents.js'
import { Metrics } from '../../../collector/metrics/counters.js'
import { agentTopic } from '../../../protocol/topics.js'
import { connectAgent, eventually, FakeHooks, startHarness } from './harness.js'

const opts = { timeout: 10_000 }
const heartbeat = agentTopic('agent-a', 'heartbeat')
const state = agentTopic('agent-a', 'state')
const offline = '{"v":1,"state":"offline","ts":"2026-01-01T00:00:00.000Z"}'

t.test('the PUBACK waits for ingest\'s done', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const order: string[] = []
  h.hooks.onIngest = (_message, done) => {
    order.push('ingest')
    setTimeout(() => { order.push('done'); done() }, 300)
  }
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const started = Date.now()
  await a.publishAsync(heartbeat, '{"v":1,"seq":1}', { qos: 1 })
  order.push('puback')
  t.same(order, ['ingest', 'done', 'puback'])
  t.ok(Date.now() - started >= 290, 'the publish resolved no earlier than done')
})

t.test('done(err): no PUBACK, the agent is disconnected, and its resend after reconnecting is ingested', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const order: string[] = []
  h.hooks.onIngest = (message, done) => {
    const first = h.hooks.messages.length === 1
    order.push(first ? 'ingest failed' : `ingest ${message.payload.toString()}`)
    done(first ? new Error('disk full') : undefined)
  }
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a', { reconnectPeriod: 100 })
  a.on('close', () => order.push('close'))
  await a.publishAsync(heartbeat, '{"v":1,"seq":7}', { qos: 1 })
  order.push('puback')
  // mqtt.js announces 'connect' only after it has resent its unacknowledged publishes.
  t.same(order, ['ingest failed', 'close', 'ingest {"v":1,"seq":7}', 'puback'])
  t.ok(a.connected, 'reconnected')
  t.equal(h.metrics.get('vigil_mqtt_ingest_failed_total'), 1)
  t.match(h.logs.find((l) => l.msg?.toString().startsWith('ingest failed')), { agentId: 'agent-a', suffix: 'heartbeat' })
})

t.test('an ingest that throws counts as a failure, not a crash', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  h.hooks.onIngest = () => { throw new Error('bug') }
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const closed = new Promise<void>((resolve) => a.once('close', () => resolve()))
  a.publish(heartbeat, '{"v":1}', { qos: 1 })
  await closed
  t.equal(h.metrics.get('vigil_mqtt_ingest_failed_total'), 1)
})

t.test('the Last Will reaches ingest with will=true when the socket dies', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a', {
    will: { topic: state, payload: Buffer.from(offline), qos: 1, retain: true }
  })
  a.stream.destroy()
  await eventually(() => h.hooks.messages.length === 1)
  const [message] = h.hooks.messages
  t.match(message, { agentId: 'agent-a', suffix: 'state', will: true })
  t.equal(message?.payload.toString(), offline)
})

t.test('a clean DISCONNECT sends no will', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a', {
    will: { topic: state, payload: Buffer.from(offline), qos: 1, retain: true }
  })
  await a.endAsync()
  await eventually(() => h.broker.connectedAgents() === 0)
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(h.hooks.messages.length, 0)
})

t.test('a will on another agent\'s topic is denied, not ingested', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-b', 'secret-b')
  const b = await connectAgent(t, h.broker.url, 'agent-b', 'secret-b', {
    will: { topic: state, payload: Buffer.from(offline), qos: 1, retain: true }
  })
  b.stream.destroy()
  await eventually(() => h.metrics.get('vigil_mqtt_denied_total', { reason: 'publish_other_agent' }) === 1)
  t.equal(h.hooks.messages.length, 0)
  t.match(h.logs.find((l) => l.reason === 'publish_other_agent'), { agentId: 'agent-b', topic: state, will: true })
})

t.test('closing the broker does not record the agents\' wills', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  await connectAgent(t, h.broker.url, 'agent-a', 'secret-a', {
    will: { topic: state, payload: Buffer.from(offline), qos: 1, retain: true }
  })
  await h.broker.close()
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(h.hooks.messages.length, 0)
})

t.test('agent publishes are stripped of retain before aedes stores anything', opts, async (t) => {
  const hooks = new FakeHooks()
  const policy = agentPolicy({ hooks, incidents: new Incidents(new Metrics(), pino({ level: 'silent' })), closing: () => false, clientFor: () => undefined })
  const client = { id: 'agent-a', will: null } as unknown as Client
  const packet: PublishPacket = { cmd: 'publish', topic: agentTopic('agent-a', 'birth'), payload: Buffer.from('{"v":1}'), qos: 1, retain: true, dup: false }
  const err = await new Promise((resolve) => policy.authorizePublish(client, packet, resolve))
  t.notOk(err)
  t.equal(packet.retain, false)
  t.equal(hooks.messages.length, 1)
})
