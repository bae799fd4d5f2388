/**
 * Max-rate load generator (a child process of run.ts, so it never shares the broker's event loop):
 * one raw MQTT 3.1.1 connection per client, each keeping `window` QoS 1 heartbeats in flight and
 * sending the next one as each PUBACK comes back. Reports cumulative PUBACKs once a second.
 * Bounded by maxSeconds and maxMessages whatever the orchestrator does, and ends with it.
 */
import type { Socket } from 'node:net'
import { agentTopic } from '../../protocol/index.js'
import { fleetPlan } from '../../agent/sim/fleet-plan.js'
import { DISCONNECT, PUBACK, openConnection, publishQos1, topicField, type PacketReader } from './mqtt-wire.js'
import { HeartbeatSource } from './payloads.js'
import { exitWithParent, report, type LoadCommand, type LoadReport } from './messages.js'

type Init = Extract<LoadCommand, { type: 'init' }>

const DRAIN_TIMEOUT_MS = 5000

class LoadConnection {
  inflight = 0
  private nextId = 0
  private readonly heartbeatTopic: Buffer
  private waiters: Array<() => void> = []

  constructor (
    private readonly socket: Socket,
    reader: PacketReader,
    readonly clientId: string,
    private readonly source: HeartbeatSource,
    private readonly load: Load
  ) {
    this.heartbeatTopic = topicField(agentTopic(clientId, 'heartbeat'))
    socket.on('data', (chunk: Buffer) => {
      let acks = 0
      for (const p of reader.push(chunk)) if (p.type === PUBACK) acks++
      if (acks === 0) return
      this.inflight -= acks
      this.load.acked(this, acks)
      for (const w of this.waiters.splice(0)) w()
    })
    socket.on('error', (err) => load.fail(`${clientId}: ${err.message}`))
    socket.on('close', () => { if (!load.stopping) load.fail(`${clientId}: connection closed by the broker`) })
  }

  /** Birth and state "online", each acknowledged, before any heartbeat (what an agent does at connect). */
  async announce (): Promise<void> {
    this.socket.write(Buffer.concat([
      publishQos1(topicField(agentTopic(this.clientId, 'birth')), this.id(), this.source.birth(10)),
      publishQos1(topicField(agentTopic(this.clientId, 'state')), this.id(), this.source.online())
    ]))
    this.inflight += 2
    await this.settled(10_000)
  }

  /** Tops the window up: one write for everything this turn sends. */
  fill (window: number): void {
    const packets: Buffer[] = []
    while (this.inflight < window && this.load.mayPublish()) {
      packets.push(publishQos1(this.heartbeatTopic, this.id(), this.source.next()))
      this.inflight++
    }
    if (packets.length > 0) this.socket.write(packets.length === 1 ? packets[0]! : Buffer.concat(packets))
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`. */
  settled (timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const deadline = Date.now() + timeoutMs
      const check = (): void => {
        if (this.inflight <= 0 || Date.now() >= deadline) return resolve()
        this.waiters.push(check)
        setTimeout(check, Math.max(0, deadline - Date.now())).unref()
      }
      check()
    })
  }

  close (): void {
    this.socket.end(DISCONNECT)
  }

  private id (): number {
    this.nextId = this.nextId % 65535 + 1
    return this.nextId
  }
}

class Load {
  stopping = false
  private running = false
  private sent = 0
  private ackedTotal = 0
  private connections: LoadConnection[] = []
  private ticker: NodeJS.Timeout | undefined
  private deadline: NodeJS.Timeout | undefined
  private finished = false

  constructor (private readonly o: Init) {}

  async connect (): Promise<void> {
    const plan = fleetPlan(this.o.clients.length, this.o.seed)
    this.connections = await Promise.all(this.o.clients.map(async (client, index) => {
      const { socket, reader } = await openConnection({
        host: this.o.host,
        port: this.o.port,
        clientId: client.clientId,
        ...(client.username !== undefined ? { username: client.username } : {}),
        ...(client.password !== undefined ? { password: client.password } : {}),
        clean: false,
        keepalive: 0
      })
      const entry = plan[index]!
      return new LoadConnection(socket, reader, client.clientId, new HeartbeatSource({ ...entry, serverName: client.serverName }, index), this)
    }))
    if (this.o.birth) await Promise.all(this.connections.map((c) => c.announce()))
    report({ type: 'ready', connections: this.connections.length } satisfies LoadReport)
  }

  start (): void {
    this.running = true
    let index = 0
    this.ticker = setInterval(() => {
      report({ type: 'tick', index: ++index, at: Date.now(), acked: this.ackedTotal } satisfies LoadReport)
    }, 1000)
    this.deadline = setTimeout(() => { void this.stop(`time bound of ${this.o.maxSeconds} s reached`) }, this.o.maxSeconds * 1000)
    for (const c of this.connections) c.fill(this.o.window)
  }

  mayPublish (): boolean {
    if (!this.running) return false
    if (this.sent >= this.o.maxMessages) {
      void this.stop(`message bound of ${this.o.maxMessages} reached`)
      return false
    }
    this.sent++
    return true
  }

  acked (connection: LoadConnection, count: number): void {
    if (this.running || this.stopping) this.ackedTotal += count
    if (this.running) connection.fill(this.o.window)
  }

  async stop (reason: string): Promise<void> {
    if (this.stopping) return
    this.running = false
    this.stopping = true
    clearTimeout(this.deadline)
    await Promise.all(this.connections.map((c) => c.settled(DRAIN_TIMEOUT_MS)))
    clearInterval(this.ticker)
    const unacked = this.connections.reduce((sum, c) => sum + Math.max(0, c.inflight), 0)
    for (const c of this.connections) c.close()
    this.finish({ type: 'done', acked: this.ackedTotal, sent: this.sent, unacked, reason })
  }

  fail (message: string): void {
    if (this.finished) return
    this.running = false
    this.finish({ type: 'failed', message })
  }

  private finish (message: LoadReport): void {
    if (this.finished) return
    this.finished = true
    report(message)
    setTimeout(() => process.exit(message.type === 'done' ? 0 : 1), 200)
  }
}

exitWithParent()
let load: Load | undefined
process.on('message', (command: LoadCommand) => {
  if (command.type === 'init') {
    load = new Load(command)
    load.connect().catch((err: Error) => load!.fail(err.message))
  } else if (command.type === 'start') {
    load?.start()
  } else if (command.type === 'stop') {
    void load?.stop('stopped by the orchestrator')
  }
})
