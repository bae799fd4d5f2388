import mqtt, { type MqttClient } from 'mqtt'
import { randomUUID } from 'node:crypto'
import { agentTopic, type Birth, type Heartbeat, type ReportedError, type AgentTopicSuffix } from '../../protocol/index.js'

/**
 * A hand-driven agent for collector tests: speaks PROTOCOL.md §1 with its own counters, so a test says
 * "heartbeat" or "errors [...]" and checks what the collector made of it.
 */
export class FakeAgent {
  readonly bootId = randomUUID()
  private heartbeatSeq = 0
  errorsSeq = 0
  client!: MqttClient

  constructor (readonly creds: { agentId: string, secret: string, mqttUrl: string }, readonly name = creds.agentId) {}

  async connect (opts: { will?: boolean } = {}): Promise<this> {
    const ts = new Date().toISOString()
    this.client = mqtt.connect(this.creds.mqttUrl, {
      clientId: this.creds.agentId,
      username: this.creds.agentId,
      password: this.creds.secret,
      clean: false,
      protocolVersion: 4,
      keepalive: 30,
      reconnectPeriod: 0,
      will: opts.will === false
        ? undefined
        : { topic: agentTopic(this.creds.agentId, 'state'), payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', ts })), qos: 1, retain: true }
    })
    await new Promise<void>((resolve, reject) => {
      this.client.once('connect', () => resolve())
      this.client.once('error', reject)
      this.client.once('close', () => reject(new Error('connection closed before CONNACK')))
    })
    return this
  }

  publishRaw (suffix: AgentTopicSuffix, payload: string | Buffer, topic = agentTopic(this.creds.agentId, suffix)): Promise<unknown> {
    return this.client.publishAsync(topic, payload, { qos: 1 })
  }

  birth (extra: Partial<Birth> = {}, intervalS = 30): Promise<unknown> {
    const birth: Birth = {
      v: 1, bootId: this.bootId, ts: new Date().toISOString(), heartbeatIntervalS: intervalS,
      agent: { version: '0.1.0', os: 'Windows Server 2022', hostname: this.name },
      server: { name: this.name, role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' },
      ...extra
    }
    return this.publishRaw('birth', JSON.stringify(birth))
  }

  online (): Promise<unknown> {
    return this.publishRaw('state', JSON.stringify({ v: 1, state: 'online', ts: new Date().toISOString() }))
  }

  heartbeat (extra: Partial<Heartbeat> = {}): Promise<unknown> {
    const hb: Heartbeat = {
      v: 1, bootId: this.bootId, seq: ++this.heartbeatSeq, ts: new Date().toISOString(),
      cpu: { pct: 12.5 }, mem: { usedBytes: 8e9, totalBytes: 16e9 },
      disks: [{ mount: 'D:\\', label: 'Recording', sizeBytes: 4e12, usedBytes: 3e12 }],
      ...extra
    }
    return this.publishRaw('heartbeat', JSON.stringify(hb))
  }

  errors (errors: ReportedError[]): Promise<unknown> {
    return this.publishRaw('errors', JSON.stringify({ v: 1, bootId: this.bootId, seq: ++this.errorsSeq, ts: new Date().toISOString(), errors }))
  }

  /** Dies without DISCONNECT: the broker publishes the Last Will. */
  crash (): void {
    this.client.stream.destroy()
    this.client.end(true)
  }

  async end (): Promise<void> {
    await this.client.endAsync()
  }
}
