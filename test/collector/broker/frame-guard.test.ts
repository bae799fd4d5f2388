import t from 'tap'
import { createServer, connect as netConnect, type AddressInfo, type Socket } from 'node:net'
import { FrameGuard, HeaderScanner, type FrameRefusal } from '../../../collector/broker/frame-guard.js'
import { eventually, type Scope } from './harness.js'

const limits = { maxConnectBytes: 100, maxPacketBytes: 1000 }

/** One MQTT packet of the given type with a body of `length` zero bytes (the scanner reads headers only). */
function packet (type: number, length: number): Buffer {
  const header = [type << 4]
  let rest = length
  do {
    const digit = rest % 128
    rest = Math.floor(rest / 128)
    header.push(rest > 0 ? digit | 0x80 : digit)
  } while (rest > 0)
  return Buffer.concat([Buffer.from(header), Buffer.alloc(length)])
}

const CONNECT = 1
const PUBLISH = 3
const PINGREQ = 12

t.test('scanner: a stream of good packets passes in any chunking', async (t) => {
  const stream = Buffer.concat([packet(CONNECT, 100), packet(PUBLISH, 1000), packet(PINGREQ, 0), packet(PUBLISH, 200)])
  for (const size of [1, 2, 3, 7, 64, stream.length]) {
    const scanner = new HeaderScanner(limits)
    const refusals: Array<FrameRefusal | null> = []
    for (let i = 0; i < stream.length; i += size) refusals.push(scanner.scan(stream.subarray(i, i + size)))
    t.ok(refusals.every((r) => r === null), `chunks of ${size}`)
    t.ok(scanner.connectReceived)
  }
})

t.test('scanner: the CONNECT counts as received only with its last byte', async (t) => {
  const scanner = new HeaderScanner(limits)
  const connect = packet(CONNECT, 50)
  scanner.scan(connect.subarray(0, connect.length - 1))
  t.notOk(scanner.connectReceived)
  scanner.scan(connect.subarray(connect.length - 1))
  t.ok(scanner.connectReceived)
})

const refused: Array<[string, Buffer[], FrameRefusal]> = [
  ['a PUBLISH first', [packet(PUBLISH, 10)], 'not_connect'],
  ['a PINGREQ first', [packet(PINGREQ, 0)], 'not_connect'],
  ['a CONNECT one byte over its limit', [packet(CONNECT, 101)], 'connect_too_large'],
  ['a CONNECT declaring 200 MB, header only', [Buffer.from([0x10, 0x80, 0x80, 0x80, 0x64])], 'connect_too_large'],
  ['a later packet one byte over the limit', [packet(CONNECT, 10), packet(PUBLISH, 1001)], 'packet_too_large'],
  ['the largest length MQTT can say', [packet(CONNECT, 10), Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f])], 'packet_too_large'],
  ['a fifth length byte', [Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01])], 'bad_length'],
  ['a fifth length byte, split', [Buffer.from([0x10, 0xff, 0xff]), Buffer.from([0xff, 0xff])], 'bad_length']
]

for (const [label, chunks, reason] of refused) {
  t.test(`scanner: ${label} is refused as ${reason} from the header alone`, async (t) => {
    const scanner = new HeaderScanner(limits)
    const results = chunks.map((chunk) => scanner.scan(chunk))
    t.equal(results.at(-1), reason)
    t.ok(results.slice(0, -1).every((r) => r === null))
  })
}

/** A connected pair of sockets on 127.0.0.1: `inner` is the server's end, which the guard wraps. */
async function socketPair (t: Scope): Promise<{ inner: Socket, outer: Socket }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
  const outer = netConnect((server.address() as AddressInfo).port, '127.0.0.1')
  const inner = await accepted
  t.teardown(() => {
    outer.destroy()
    inner.destroy()
    return new Promise((resolve) => server.close(resolve))
  })
  return { inner, outer }
}

const guardLimits = { maxConnectBytes: 100, maxPacketBytes: 20_000, connectTimeoutMs: 5000 }

t.test('guard: reads pass through unchanged, and a reader that stops pauses the socket', { timeout: 10_000 }, async (t) => {
  const { inner, outer } = await socketPair(t)
  const guard = new FrameGuard(inner, guardLimits, () => t.fail('nothing to refuse'))
  const sent = Buffer.concat([packet(CONNECT, 20), ...Array.from({ length: 200 }, (_, i) => {
    const p = packet(PUBLISH, 10_000)
    p.fill(i % 256, 3)
    return p
  })])
  outer.write(sent)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.ok(inner.isPaused(), 'the socket is paused while nobody reads')
  t.ok(guard.readableLength < guard.readableHighWaterMark + 128 * 1024, `buffered ${guard.readableLength} bytes, not the whole 2 MB`)
  const received: Buffer[] = []
  let total = 0
  await new Promise<void>((resolve) => {
    guard.on('data', (chunk: Buffer) => {
      received.push(chunk)
      total += chunk.length
      if (total >= sent.length) resolve()
    })
  })
  t.ok(Buffer.concat(received).equals(sent), 'every byte arrived, in order')
})

t.test('guard: writes reach the socket, and drain follows the peer reading', { timeout: 10_000 }, async (t) => {
  const { inner, outer } = await socketPair(t)
  const guard = new FrameGuard(inner, guardLimits, () => t.fail('nothing to refuse'))
  t.equal(guard.remoteAddress, '127.0.0.1')
  t.equal(guard.remotePort, outer.localPort)
  outer.pause()
  const big = Buffer.alloc(8 * 1024 * 1024, 7)
  t.notOk(guard.write(big), 'write reports a full buffer')
  const drained = new Promise((resolve) => guard.once('drain', resolve))
  let total = 0
  outer.on('data', (chunk: Buffer) => { total += chunk.length })
  outer.resume()
  await drained
  await eventually(() => total >= big.length)
  t.equal(total, big.length)
})

t.test('guard: a refusal destroys the socket before the chunk is passed on', { timeout: 5000 }, async (t) => {
  const { inner, outer } = await socketPair(t)
  const reasons: FrameRefusal[] = []
  const guard = new FrameGuard(inner, guardLimits, (reason) => reasons.push(reason))
  let passed = 0
  guard.on('data', (chunk: Buffer) => { passed += chunk.length })
  outer.on('error', () => {})
  outer.write(packet(PUBLISH, 5))
  await new Promise((resolve) => outer.once('close', resolve))
  t.same(reasons, ['not_connect'])
  t.equal(passed, 0)
  t.ok(guard.destroyed && inner.destroyed)
})

t.test('guard: a socket that never completes its CONNECT is destroyed at the timeout', { timeout: 5000 }, async (t) => {
  const { inner, outer } = await socketPair(t)
  const reasons: FrameRefusal[] = []
  const started = Date.now()
  const guard = new FrameGuard(inner, { ...guardLimits, connectTimeoutMs: 200 }, (reason) => reasons.push(reason))
  guard.resume()
  outer.write(packet(CONNECT, 50).subarray(0, 30))
  await new Promise((resolve) => guard.once('close', resolve))
  t.same(reasons, ['connect_timeout'])
  t.ok(Date.now() - started >= 190)
})

t.test('guard: the peer closing ends and closes the guard', { timeout: 5000 }, async (t) => {
  const { inner, outer } = await socketPair(t)
  const guard = new FrameGuard(inner, guardLimits, () => t.fail('nothing to refuse'))
  guard.resume()
  outer.end()
  await new Promise((resolve) => guard.once('close', resolve))
  t.ok(inner.destroyed)
})

t.test('guard: data sent just before the peer closes is still delivered, then the guard closes', { timeout: 5000 }, async (t) => {
  const { inner, outer } = await socketPair(t)
  const guard = new FrameGuard(inner, guardLimits, () => t.fail('nothing to refuse'))
  const sent = Buffer.concat([packet(CONNECT, 20), packet(PUBLISH, 100), Buffer.from([0xe0, 0x00])])
  outer.end(sent)
  await new Promise((resolve) => inner.once('close', resolve))
  t.notOk(guard.destroyed, 'unread data keeps the guard open')
  const received: Buffer[] = []
  guard.on('data', (chunk: Buffer) => received.push(chunk))
  await new Promise((resolve) => guard.once('close', resolve))
  t.ok(Buffer.concat(received).equals(sent))
  t.ok(guard.readableEnded, 'ended before closing')
})
