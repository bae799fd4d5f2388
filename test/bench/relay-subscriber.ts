/**
 * The one subscriber of the bare-aedes relay (a child process of run.ts): subscribes to every
 * agent's heartbeat topic at QoS 1, acknowledges each message and counts them, so the bare broker
 * does the same delivery work per message that makes a relay a relay. Reports once a second.
 */
import type { Socket } from 'node:net'
import { DISCONNECT, PUBLISH, SUBACK, openConnection, pubackPacket, subscribePacket, type PacketReader } from './mqtt-wire.js'
import { exitWithParent, report, type SubscriberCommand, type SubscriberReport } from './messages.js'

const CLIENT_ID = 'bench-relay-subscriber'

let received = 0
let duplicates = 0
let socket: Socket | undefined
let ticker: NodeJS.Timeout | undefined
let finished = false

async function start (host: string, port: number, topic: string): Promise<void> {
  const connection = await openConnection({ host, port, clientId: CLIENT_ID, clean: true, keepalive: 0 })
  socket = connection.socket
  const reader: PacketReader = connection.reader
  let subscribed = false
  socket.on('data', (chunk: Buffer) => {
    const acks: Buffer[] = []
    for (const p of reader.push(chunk)) {
      if (p.type === SUBACK) {
        if (p.body[2] === 0x80) return fail(`subscription to ${topic} refused`)
        subscribed = true
        report({ type: 'ready' } satisfies SubscriberReport)
        ticker = setInterval(() => report({ type: 'tick', at: Date.now(), received } satisfies SubscriberReport), 1000)
      } else if (p.type === PUBLISH) {
        received++
        if (p.flags & 0x08) duplicates++
        const qos = (p.flags >> 1) & 0x03
        if (qos > 0) {
          const topicLength = p.body.readUInt16BE(0)
          acks.push(pubackPacket(p.body.readUInt16BE(2 + topicLength)))
        }
      }
    }
    if (acks.length > 0) socket!.write(acks.length === 1 ? acks[0]! : Buffer.concat(acks))
  })
  socket.on('error', (err) => fail(err.message))
  socket.on('close', () => { if (!finished) fail('connection closed by the broker') })
  socket.write(subscribePacket(1, topic, 1))
  setTimeout(() => { if (!subscribed) fail('no SUBACK within 10 s') }, 10_000).unref()
}

function stop (): void {
  if (finished) return
  finished = true
  clearInterval(ticker)
  report({ type: 'done', received, duplicates } satisfies SubscriberReport)
  socket?.end(DISCONNECT)
  setTimeout(() => process.exit(0), 200)
}

function fail (message: string): void {
  if (finished) return
  finished = true
  report({ type: 'failed', message } satisfies SubscriberReport)
  setTimeout(() => process.exit(1), 200)
}

exitWithParent()
process.on('message', (command: SubscriberCommand) => {
  if (command.type === 'init') start(command.host, command.port, command.topic).catch((err: Error) => fail(err.message))
  else if (command.type === 'stop') stop()
})
