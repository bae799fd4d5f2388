import { once } from 'node:events'
import t from 'tap'
import { AgentState, Birth, ErrorSet, Heartbeat, agentTopic, validator, type AgentConfig } from '../../../protocol/index.js'
import { Spool } from '../../../agent/spool/spool.js'
import { AGENT_ID, READINGS, SECRET, manualClock, publisherParts } from '../helpers/agent-parts.js'
import { payloadsOn, startBroker, type TestBroker } from '../helpers/broker.js'
import { capturingLog, silentLog } from '../helpers/log.js'
import { tempDir } from '../helpers/temp.js'
import { waitUntil } from '../helpers/wait.js'

async function broker (t: { teardown (fn: () => unknown): void }): Promise<TestBroker> {
  const b = await startBroker()
  t.teardown(() => b.close())
  return b
}

const suffixes = (b: TestBroker): string[] => b.messages.map((m) => m.topic.split('/').pop()!)

t.test('at connect: Birth, state online and the current error set, retained, as agentId/secret', async (t) => {
  const b = await broker(t)
  const { publisher, reporter } = publisherParts(b.url)
  t.teardown(() => publisher.stop())
  reporter.errors([{ code: 'service_unavailable', value: 'Milestone XProtect Event Server' }])
  publisher.start()
  await b.waitFor((m) => payloadsOn(m, 'errors').length >= 2)

  t.same(b.logins[0], { clientId: AGENT_ID, username: AGENT_ID, password: SECRET })
  t.same(suffixes(b).slice(0, 2), ['birth', 'state'], 'Birth first, then state')
  for (const m of b.messages) {
    t.equal(m.retain, true, `${m.topic} is retained`)
    t.equal(m.topic.startsWith(`vigil/v1/agents/${AGENT_ID}/`), true, `${m.topic} is under the agent's own id`)
  }
  t.ok(validator(Birth).check(payloadsOn(b.messages, 'birth')[0]), 'Birth matches the protocol')
  const state = payloadsOn<AgentState>(b.messages, 'state')[0]!
  t.ok(validator(AgentState).check(state))
  t.equal(state.state, 'online')
  const sets = payloadsOn<ErrorSet>(b.messages, 'errors')
  t.ok(sets.every((set) => validator(ErrorSet).check(set)))
  t.same(sets.at(-1)!.errors, [{ code: 'service_unavailable', value: 'Milestone XProtect Event Server' }], 'the current set')
  t.same(sets.map((set) => set.seq), [1, 2], 'error sets have their own seq')
})

t.test('heartbeats: one bootId, seq rising by one; an error set at least every 10 heartbeats', async (t) => {
  const b = await broker(t)
  const { publisher, reporter } = publisherParts(b.url)
  t.teardown(() => publisher.stop())
  publisher.start()
  await once(publisher, 'connect')
  for (let i = 0; i < 12; i++) reporter.heartbeat(READINGS)
  await b.waitFor((m) => payloadsOn(m, 'heartbeat').length === 12)

  const beats = payloadsOn<Heartbeat>(b.messages, 'heartbeat')
  t.ok(beats.every((beat) => validator(Heartbeat).check(beat)), 'heartbeats match the protocol')
  t.same(beats.map((beat) => beat.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  t.same(new Set(beats.map((beat) => beat.bootId)), new Set([reporter.bootId]))
  t.ok(b.messages.filter((m) => m.topic.endsWith('/heartbeat')).every((m) => !m.retain), 'heartbeats are not retained')
  await b.waitFor((m) => payloadsOn(m, 'errors').length === 2)
  const order = suffixes(b).filter((s) => s === 'heartbeat' || s === 'errors')
  t.equal(order.indexOf('errors', 1), 11, 'the periodic error set follows the tenth heartbeat')
})

t.test('Last Will: "offline", retained, when the connection dies; then it reconnects', async (t) => {
  const b = await broker(t)
  const { publisher } = publisherParts(b.url)
  t.teardown(() => publisher.stop())
  publisher.start()
  await once(publisher, 'connect')
  b.clients.get(AGENT_ID)!.conn.destroy()
  await b.waitFor((m) => payloadsOn<AgentState>(m, 'state').some((s) => s.state === 'offline'))
  const will = b.messages.find((m) => m.topic === agentTopic(AGENT_ID, 'state') && (m.payload as AgentState).state === 'offline')!
  t.equal(will.retain, true)
  t.ok(validator(AgentState).check(will.payload))
  await b.waitFor((m) => payloadsOn<AgentState>(m, 'state').at(-1)?.state === 'online')
  // aedes handles the packets of one socket read concurrently, so Birth may land just after the state.
  await b.waitFor((m) => payloadsOn(m, 'birth').length === 2)
  t.equal(payloadsOn(b.messages, 'birth').length, 2, 'Birth again at the reconnect')
})

t.test('clean stop: state offline, then disconnect', async (t) => {
  const b = await broker(t)
  const { publisher } = publisherParts(b.url)
  publisher.start()
  await once(publisher, 'connect')
  await publisher.stop()
  t.equal(payloadsOn<AgentState>(b.messages, 'state').at(-1)!.state, 'offline')
  t.equal(b.clients.has(AGENT_ID), false, 'disconnected')
  t.equal(publisher.connected, false)
})

t.test('outage: heartbeats spooled meanwhile arrive in order, with their original ts', async (t) => {
  const b = await broker(t)
  const clock = manualClock()
  const spool = Spool.open(tempDir(t), { log: silentLog })
  t.teardown(() => spool.close())
  const { publisher, reporter } = publisherParts(b.url, { spool, clock })
  t.teardown(() => publisher.stop())
  publisher.start()
  await once(publisher, 'connect')
  reporter.heartbeat(READINGS)
  await b.waitFor((m) => payloadsOn(m, 'heartbeat').length === 1)

  await b.stop()
  await waitUntil(() => !publisher.connected, 'the publisher to notice the outage')
  const made: string[] = []
  for (let i = 0; i < 5; i++) {
    clock.advance(30_000)
    made.push(new Date(clock.now()).toISOString())
    reporter.heartbeat(READINGS)
  }
  t.equal(spool.size, 5, 'the heartbeats wait in the spool')

  clock.advance(600_000)
  await b.restart()
  await b.waitFor((m) => payloadsOn<Heartbeat>(m, 'heartbeat').some((beat) => beat.seq === 6))
  const beats = payloadsOn<Heartbeat>(b.messages, 'heartbeat')
  t.same(beats.map((beat) => beat.seq), [1, 2, 3, 4, 5, 6], 'in order, none lost, none twice')
  t.same(beats.slice(1).map((beat) => beat.ts), made, 'each with the time it was made')
  await b.waitFor((m) => payloadsOn(m, 'errors').length === 2, 5000)
  await waitUntil(() => spool.size === 0, 'the spool to empty')
  t.pass('acknowledged records left the spool, the error set of the reconnect last')
})

t.test('a backlog is replayed at the configured rate, in order', async (t) => {
  const b = await broker(t)
  const { publisher, reporter } = publisherParts(b.url, { replayPerSecond: 20 })
  t.teardown(() => publisher.stop())
  for (let i = 0; i < 10; i++) reporter.heartbeat(READINGS)
  publisher.start()
  await b.waitFor((m) => payloadsOn(m, 'heartbeat').length === 10)
  const arrivals = b.messages.filter((m) => m.topic.endsWith('/heartbeat')).map((m) => m.at)
  t.ok(arrivals.at(-1)! - arrivals[0]! >= 9 * 50 - 20, `10 records at 20/s take about 450 ms (took ${arrivals.at(-1)! - arrivals[0]!} ms)`)
  t.same(payloadsOn<Heartbeat>(b.messages, 'heartbeat').map((beat) => beat.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
})

t.test('config topic: a valid AgentConfig is handed on, an invalid one is ignored with a warning', async (t) => {
  const b = await broker(t)
  const { log, entries } = capturingLog()
  const { publisher } = publisherParts(b.url, { log })
  t.teardown(() => publisher.stop())
  const configs: AgentConfig[] = []
  publisher.on('config', (config) => configs.push(config))
  publisher.start()
  await waitUntil(() => b.subscriptions.has(agentTopic(AGENT_ID, 'config')), 'the config subscription')
  await b.publish(agentTopic(AGENT_ID, 'config'), { v: 1 }, false)
  await b.publish(agentTopic(AGENT_ID, 'config'), { v: 1, heartbeatIntervalS: 5, thresholds: { cpuPct: 75 } }, true)
  await waitUntil(() => configs.length > 0, 'a config')
  t.same(configs, [{ v: 1, heartbeatIntervalS: 5, thresholds: { cpuPct: 75 } }])
  t.ok(entries.some((e) => /invalid config/.test(String(e.msg))))
})

t.test('a payload the protocol would refuse is not spooled, and not sent', async (t) => {
  const spool = Spool.inMemory({ log: silentLog })
  const { publisher } = publisherParts('mqtt://127.0.0.1:1', { spool })
  t.throws(() => publisher.enqueue({
    topic: 'heartbeat',
    payload: { v: 1, bootId: 'b', seq: 1, ts: '2026-11-23T06:00:00.000Z', cpu: { pct: 150 }, mem: { usedBytes: 1, totalBytes: 2 } }
  }), /refusing to send an invalid heartbeat payload: \/cpu\/pct: must be <= 100/)
  t.equal(spool.size, 0)
})
