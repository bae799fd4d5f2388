import t from 'tap'
import { agentTopic } from '../../../protocol/topics.js'
import { closedWithin, connectAgent, eventually, rawSocket, startHarness } from './harness.js'

const opts = { timeout: 15_000 }
const refused = (reason: string): { reason: string } => ({ reason })

/** Bytes of a CONNECT fixed header declaring 200 MB (209,715,200 = 0x64 · 128³). */
const HUGE_CONNECT = Buffer.from([0x10, 0x80, 0x80, 0x80, 0x64])
/** A remaining length whose 4th byte still says "more follows": malformed. */
const FIVE_BYTE_LENGTH = Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01])
const PUBLISH_FIRST = Buffer.from([0x30, 0x05, 0x00, 0x01, 0x61, 0x68, 0x69])
const PINGREQ = Buffer.from([0xc0, 0x00])
/** The start of a CONNECT declaring 60 bytes, of which only these 12 ever arrive. */
const PARTIAL_CONNECT = Buffer.from([0x10, 0x3c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0xc2, 0x00, 0x1e])

function heapBytes (): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

t.test('a CONNECT declaring 200 MB is destroyed on its header, allocating nothing', opts, async (t) => {
  // A CONNECT timeout far beyond the bound below, so a close within it can only be the header check.
  const h = await startHarness(t, { connectTimeoutMs: 30_000 })
  const warmup = await rawSocket(t, h.broker.port)
  warmup.write(PINGREQ)
  await closedWithin(warmup, 1000)
  const before = heapBytes()
  const sockets = await Promise.all(Array.from({ length: 5 }, () => rawSocket(t, h.broker.port)))
  for (const socket of sockets) socket.write(HUGE_CONNECT)
  const elapsed = await Promise.all(sockets.map((socket) => closedWithin(socket, 1000)))
  const grown = heapBytes() - before
  t.ok(Math.max(...elapsed) < 3000, `closed after ${Math.max(...elapsed)} ms, without waiting for a body`)
  t.ok(grown < 4 * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(2)} MB`)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', refused('connect_too_large')), 5)
})

const firstPackets: Array<[string, Buffer, string]> = [
  ['a PUBLISH', PUBLISH_FIRST, 'not_connect'],
  ['a PINGREQ', PINGREQ, 'not_connect'],
  ['a malformed 5-byte length', FIVE_BYTE_LENGTH, 'bad_length'],
  ['a CONNECT over 2048 bytes', Buffer.from([0x10, 0xa0, 0x1f]), 'connect_too_large']
]

for (const [label, bytes, reason] of firstPackets) {
  t.test(`a socket that starts with ${label} is destroyed at once`, opts, async (t) => {
    const h = await startHarness(t, { connectTimeoutMs: 30_000 })
    const socket = await rawSocket(t, h.broker.port)
    socket.write(bytes)
    const elapsed = await closedWithin(socket, 3000)
    t.ok(elapsed < 3000, `closed after ${elapsed} ms`)
    t.equal(h.metrics.get('vigil_mqtt_refused_total', refused(reason)), 1)
    t.match(h.logs.find((l) => l.reason === reason), { msg: 'mqtt connection refused', remote: '127.0.0.1' })
  })
}

t.test('silent and half-sent CONNECTs are destroyed after connectTimeoutMs', opts, async (t) => {
  const h = await startHarness(t, { connectTimeoutMs: 300 })
  const silent = await rawSocket(t, h.broker.port)
  const slow = await rawSocket(t, h.broker.port)
  slow.write(PARTIAL_CONNECT)
  const [a, b] = await Promise.all([closedWithin(silent, 2000), closedWithin(slow, 2000)])
  for (const elapsed of [a!, b!]) t.ok(elapsed >= 250 && elapsed < 1000, `closed after ${elapsed} ms`)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', refused('connect_timeout')), 2)
})

t.test('an agent sending a packet over maxPacketBytes is disconnected before its body is read', opts, async (t) => {
  const h = await startHarness(t)
  h.hooks.secrets.set('agent-a', 'secret-a')
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  const closed = new Promise<void>((resolve) => a.once('close', () => resolve()))
  a.on('error', () => {})
  a.publish(agentTopic('agent-a', 'heartbeat'), Buffer.alloc(66 * 1024, 0x20), { qos: 1 })
  await closed
  t.equal(h.metrics.get('vigil_mqtt_refused_total', refused('packet_too_large')), 1)
  t.equal(h.hooks.messages.length, 0)
})

t.test('an agent keeps working while 200 bad sockets attack; each refusal is counted, the log is not flooded', opts, async (t) => {
  const h = await startHarness(t, { connectTimeoutMs: 3000 })
  h.hooks.secrets.set('agent-a', 'secret-a')
  const attacks: Array<Buffer | null> = [null, PARTIAL_CONNECT, PUBLISH_FIRST, FIVE_BYTE_LENGTH]
  const sockets = await Promise.all(attacks.flatMap((bytes) => Array.from({ length: 50 }, async () => {
    const socket = await rawSocket(t, h.broker.port)
    if (bytes) socket.write(bytes)
    return socket
  })))
  const started = Date.now()
  const a = await connectAgent(t, h.broker.url, 'agent-a', 'secret-a')
  await a.publishAsync(agentTopic('agent-a', 'heartbeat'), '{"v":1}', { qos: 1 })
  const elapsed = Date.now() - started
  t.ok(elapsed < 1000, `the agent connected and published in ${elapsed} ms`)
  t.ok(sockets.slice(0, 100).every((s) => !s.closed), 'the silent and half-sent sockets were still open meanwhile')
  await Promise.all(sockets.map((socket) => closedWithin(socket, 10_000)))
  t.equal(h.metrics.get('vigil_mqtt_refused_total', refused('connect_timeout')), 100)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', refused('not_connect')), 50)
  t.equal(h.metrics.get('vigil_mqtt_refused_total', refused('bad_length')), 50)
  t.equal(h.hooks.messages.length, 1)
  t.ok(a.connected, 'the agent is still connected')
  for (const reason of ['connect_timeout', 'not_connect', 'bad_length']) {
    const times = h.logs.filter((l) => l.reason === reason).map((l) => l.time as number)
    t.ok(times.length >= 1, `${times.length} log line(s) for 50+ ${reason} refusals`)
    t.ok(times.every((time, i) => i === 0 || time - times[i - 1]! >= 1000), 'at most one a second')
  }
  await eventually(() => h.broker.connectedAgents() === 1)
})
