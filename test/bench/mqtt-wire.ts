import { connect, type Socket } from 'node:net'

/**
 * Just enough MQTT 3.1.1 for the max-rate load generator and the relay subscriber: CONNECT, PUBLISH
 * (QoS 1), PUBACK, SUBSCRIBE and DISCONNECT, encoded by hand over a plain socket. A benchmark client
 * must cost as little CPU per message as possible, so that what it measures is the broker, not
 * itself: mqtt.js (what the agents use) spends several times more per message than this.
 */

export const CONNACK = 2
export const PUBLISH = 3
export const PUBACK = 4
export const SUBACK = 9

export interface ConnectOptions {
  host: string
  port: number
  clientId: string
  username?: string
  password?: string
  clean: boolean
  /** Seconds; 0 turns the broker's keepalive timeout off. */
  keepalive?: number
}

export interface Packet {
  type: number
  flags: number
  body: Buffer
}

function remainingLength (length: number): Buffer {
  const bytes: number[] = []
  do {
    let byte = length % 128
    length = Math.floor(length / 128)
    if (length > 0) byte |= 0x80
    bytes.push(byte)
  } while (length > 0)
  return Buffer.from(bytes)
}

function utf8Field (text: string): Buffer {
  const value = Buffer.from(text, 'utf8')
  const field = Buffer.allocUnsafe(2 + value.length)
  field.writeUInt16BE(value.length, 0)
  value.copy(field, 2)
  return field
}

function packet (first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first]), remainingLength(body.length), body])
}

export function connectPacket (o: ConnectOptions): Buffer {
  let flags = o.clean ? 0x02 : 0
  if (o.username !== undefined) flags |= 0x80
  if (o.password !== undefined) flags |= 0x40
  const header = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, flags, 0, 0])
  header.writeUInt16BE(o.keepalive ?? 0, 8)
  const parts = [header, utf8Field(o.clientId)]
  if (o.username !== undefined) parts.push(utf8Field(o.username))
  if (o.password !== undefined) parts.push(utf8Field(o.password))
  return packet(0x10, Buffer.concat(parts))
}

/** A QoS 1 PUBLISH; `topicField` is the topic already encoded with `utf8Field`, reused across messages. */
export function publishQos1 (topicField: Buffer, messageId: number, payload: Buffer): Buffer {
  const length = topicField.length + 2 + payload.length
  const lengthBytes = remainingLength(length)
  const out = Buffer.allocUnsafe(1 + lengthBytes.length + length)
  out[0] = 0x32
  let at = 1
  at += lengthBytes.copy(out, at)
  at += topicField.copy(out, at)
  out.writeUInt16BE(messageId, at)
  at += 2
  payload.copy(out, at)
  return out
}

export function topicField (topic: string): Buffer {
  return utf8Field(topic)
}

export function pubackPacket (messageId: number): Buffer {
  return Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff])
}

export function subscribePacket (messageId: number, topic: string, qos: 0 | 1): Buffer {
  const id = Buffer.from([messageId >> 8, messageId & 0xff])
  return packet(0x82, Buffer.concat([id, utf8Field(topic), Buffer.from([qos])]))
}

export const DISCONNECT = Buffer.from([0xe0, 0x00])

/** Splits a byte stream into MQTT packets. */
export class PacketReader {
  private pending: Buffer = Buffer.alloc(0)

  /** Every whole packet in what has arrived so far; a partial one waits for more bytes. */
  push (chunk: Buffer): Packet[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const packets: Packet[] = []
    let at = 0
    for (;;) {
      if (data.length - at < 2) break
      let length = 0
      let multiplier = 1
      let i = at + 1
      let complete = false
      for (let n = 0; n < 4 && i < data.length; n++) {
        const byte = data[i++]!
        length += (byte & 0x7f) * multiplier
        multiplier *= 128
        if ((byte & 0x80) === 0) { complete = true; break }
      }
      if (!complete) break
      if (data.length - i < length) break
      packets.push({ type: data[at]! >> 4, flags: data[at]! & 0x0f, body: data.subarray(i, i + length) })
      at = i + length
    }
    this.pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at))
    return packets
  }
}

/** Opens a socket and completes CONNECT/CONNACK; rejects on a refusal, a close or `timeoutMs`. */
export function openConnection (o: ConnectOptions, timeoutMs = 10_000): Promise<{ socket: Socket, reader: PacketReader }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: o.host, port: o.port, noDelay: true })
    const reader = new PacketReader()
    const timer = setTimeout(() => fail(new Error(`no CONNACK for ${o.clientId} within ${timeoutMs} ms`)), timeoutMs)
    const fail = (err: Error): void => {
      clearTimeout(timer)
      socket.destroy()
      reject(err)
    }
    const onClose = (): void => fail(new Error(`connection of ${o.clientId} closed before CONNACK`))
    const onData = (chunk: Buffer): void => {
      const packets = reader.push(chunk)
      const connack = packets[0]
      if (connack === undefined) return
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('error', fail)
      socket.off('close', onClose)
      if (connack.type !== CONNACK || connack.body[1] !== 0) return fail(new Error(`CONNECT of ${o.clientId} refused (return code ${connack.body[1]})`))
      resolve({ socket, reader })
    }
    socket.on('data', onData)
    socket.once('error', fail)
    socket.once('close', onClose)
    socket.once('connect', () => socket.write(connectPacket(o)))
  })
}
