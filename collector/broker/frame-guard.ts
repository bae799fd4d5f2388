import { Duplex } from 'node:stream'
import type { Socket } from 'node:net'

/** Why the guard destroyed a socket before aedes saw the offending packet. */
export type FrameRefusal = 'not_connect' | 'connect_too_large' | 'packet_too_large' | 'bad_length' | 'connect_timeout'

export interface FrameLimits {
  /** Largest remaining length accepted for the first packet, the CONNECT. */
  maxConnectBytes: number
  /** Largest remaining length accepted for any later packet. */
  maxPacketBytes: number
  /** Time a socket has to deliver its whole CONNECT. */
  connectTimeoutMs: number
}

const CONNECT = 1
/** MQTT's remaining length takes at most 4 bytes of 7 bits; a 4th byte with the continuation bit is malformed. */
const MAX_LENGTH_BYTES = 4

/**
 * Follows MQTT fixed headers through a byte stream, one chunk at a time, keeping only counters: the
 * parser behind aedes (mqtt-packet) collects a whole packet before it looks at it, so the limits have
 * to be applied from the header alone, before the body arrives.
 */
export class HeaderScanner {
  /** True once every byte of the first packet (the CONNECT) has gone past. */
  connectReceived = false
  private headers = 0
  private type = -1
  private length = 0
  private lengthBytes = 0
  private bodyLeft = 0

  constructor (private readonly limits: Pick<FrameLimits, 'maxConnectBytes' | 'maxPacketBytes'>) {}

  /** Scans one chunk; a refusal as soon as a header breaks a rule, else null. */
  scan (chunk: Buffer): FrameRefusal | null {
    let i = 0
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const skipped = Math.min(this.bodyLeft, chunk.length - i)
        this.bodyLeft -= skipped
        i += skipped
        if (this.bodyLeft === 0) this.packetEnded()
      } else if (this.type < 0) {
        this.type = chunk[i++]! >> 4
        if (this.headers === 0 && this.type !== CONNECT) return 'not_connect'
      } else {
        const byte = chunk[i++]!
        this.length += (byte & 0x7f) * 128 ** this.lengthBytes++
        if (byte & 0x80) {
          if (this.lengthBytes === MAX_LENGTH_BYTES) return 'bad_length'
        } else {
          const refusal = this.headerEnded()
          if (refusal) return refusal
        }
      }
    }
    return null
  }

  private headerEnded (): FrameRefusal | null {
    const first = this.headers++ === 0
    if (first && this.length > this.limits.maxConnectBytes) return 'connect_too_large'
    if (this.length > this.limits.maxPacketBytes) return 'packet_too_large'
    this.bodyLeft = this.length
    this.type = -1
    this.length = 0
    this.lengthBytes = 0
    if (this.bodyLeft === 0) this.packetEnded()
    return null
  }

  private packetEnded (): void {
    if (this.headers === 1) this.connectReceived = true
  }
}

/**
 * The stream aedes gets instead of the TCP socket. Reads pass through unchanged (the same Buffers, no
 * copies) after the scanner has seen their headers; a chunk that breaks a rule is never passed on and
 * the socket is destroyed at once. Writes go straight to the socket. Backpressure holds both ways: a
 * full read buffer pauses the socket, and a write completes only when the socket has taken it.
 */
export class FrameGuard extends Duplex {
  private readonly scanner: HeaderScanner
  private handshakeTimer: NodeJS.Timeout | null

  constructor (
    private readonly socket: Socket,
    limits: FrameLimits,
    private readonly onRefuse: (reason: FrameRefusal) => void
  ) {
    // decodeStrings: false lets mqtt-packet's string writes reach the socket as they are, converted once there.
    super({ allowHalfOpen: false, decodeStrings: false })
    this.scanner = new HeaderScanner(limits)
    this.handshakeTimer = setTimeout(() => this.refuse('connect_timeout'), limits.connectTimeoutMs)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('end', () => this.push(null))
    socket.on('error', (err) => this.destroy(err))
    // As with a plain socket, what arrived before the peer's FIN is still delivered: with data left
    // to read the guard closes itself once it has been read (autoDestroy after 'end').
    socket.on('close', (hadError) => {
      if (hadError || this.readableLength === 0) this.destroy()
    })
  }

  // Read by loggers the way they would read a net.Socket's.
  get remoteAddress (): string | undefined { return this.socket.remoteAddress }
  get remotePort (): number | undefined { return this.socket.remotePort }
  get remoteFamily (): string | undefined { return this.socket.remoteFamily }

  override _read (): void {
    this.socket.resume()
  }

  override _write (chunk: Buffer | string, encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback)
  }

  /** mqtt-packet corks around each packet; writing the pieces corked makes one syscall of them. */
  override _writev (chunks: Array<{ chunk: Buffer | string, encoding: BufferEncoding }>, callback: (err?: Error | null) => void): void {
    this.socket.cork()
    chunks.forEach(({ chunk, encoding }, i) => {
      this.socket.write(chunk, encoding, i === chunks.length - 1 ? callback : undefined)
    })
    this.socket.uncork()
  }

  override _final (callback: (err?: Error | null) => void): void {
    // Without a callback, end() on a socket the peer already closed is a no-op rather than an error.
    this.socket.end()
    callback()
  }

  override _destroy (err: Error | null, callback: (err?: Error | null) => void): void {
    this.stopHandshakeTimer()
    this.socket.destroy()
    callback(err)
  }

  private onData (chunk: Buffer): void {
    if (this.destroyed) return
    const refusal = this.scanner.scan(chunk)
    if (refusal) {
      this.refuse(refusal)
      return
    }
    if (this.scanner.connectReceived) this.stopHandshakeTimer()
    if (!this.push(chunk)) this.socket.pause()
  }

  private refuse (reason: FrameRefusal): void {
    this.onRefuse(reason)
    this.destroy()
  }

  private stopHandshakeTimer (): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer)
    this.handshakeTimer = null
  }
}
