import t from 'tap'
import { createServer } from 'node:net'
import { connect } from 'mqtt'
import { agentTopic } from '../../../protocol/topics.js'
import { closedWithin, connectAgent, eventually, rawSocket, startHarness } from './harness.js'

const opts = { timeout: 10_000 }

t.test('url and port name the port actually bound', opts, async (t) => {
  const h = await startHarness(t)
  t.ok(h.broker.port > 0)
  t.equal(h.broker.url, `mqtt://127.0.0.1:${h.broker.port}`)
})

t.test('disconnectAgent drops that agent at once and leaves the others', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  h.hooks.secrets.set('agent-b', 'secret-b')
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const b = await connectAgent(t, h.broker.url, 'agent-b', 'secret-b')
  t.equal(h.metrics.get('vigil_mqtt_connected_agents'), 2)
  const closed = new Promise<void>((resolve) => a.once('close', () => resolve()))
  h.broker.disconnectAgent('agent-a')
  await closed
  await eventually(() => h.broker.connectedAgents() === 1)
  t.equal(h.metrics.get('vigil_mqtt_connected_agents'), 1)
  t.ok(b.connected)
  h.broker.disconnectAgent('nobody')
  t.equal(h.broker.connectedAgents(), 1, 'an unknown id is a no-op')
})

t.test('a second connection with the same agent id takes over the session', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const first = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const firstClosed = new Promise<void>((resolve) => first.once('close', () => resolve()))
  const second = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  await firstClosed
  t.ok(second.connected)
  t.equal(h.broker.connectedAgents(), 1)
  t.equal(h.metrics.get('vigil_mqtt_connected_agents'), 1)
})

t.test('a config published while the agent is offline reaches its persistent session', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const first = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  await first.subscribeAsync(agentTopic('agent-a', 'config'), { qos: 1 })
  await first.endAsync()
  await eventually(() => h.broker.connectedAgents() === 0)
  await h.broker.publishConfig('agent-a', { v: 1, heartbeatIntervalS: 45 })
  const bodies: unknown[] = []
  // Listening before the CONNECT: the queued config may come in the same read as the CONNACK.
  const again = connect(h.broker.url, { clientId: 'agent-a', username: 'agent-a', password: 'secret-a', clean: false, reconnectPeriod: 0 })
  t.teardown(() => again.endAsync(true))
  again.on('message', (_topic, payload) => bodies.push(JSON.parse(payload.toString())))
  await eventually(() => bodies.length > 0)
  t.same(bodies[0], { v: 1, heartbeatIntervalS: 45 })
})

t.test('close() resolves with agents and half-open sockets attached, and frees the port', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const silent = await rawSocket(t, h.broker.port)
  const agentClosed = new Promise<void>((resolve) => a.once('close', () => resolve()))
  const started = Date.now()
  await h.broker.close()
  t.ok(Date.now() - started < 1000, `closed in ${Date.now() - started} ms`)
  await agentClosed
  await closedWithin(silent, 1000)
  t.equal(h.broker.connectedAgents(), 0)
  t.equal(h.metrics.get('vigil_mqtt_connected_agents'), 0)
  await h.broker.close()
  t.pass('a second close() resolves too')
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(h.broker.port, '127.0.0.1', resolve)
  })
  t.pass('the port can be bound again')
  await new Promise((resolve) => server.close(resolve))
})

t.test('a port already in use rejects the start', opts, async (t) => {
  const h = await startHarness(t)
  await t.rejects(startHarness(t, { port: h.broker.port }), { code: 'EADDRINUSE' })
})
