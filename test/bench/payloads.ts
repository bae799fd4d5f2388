import { randomUUID } from 'node:crypto'
import type { Birth } from '../../protocol/index.js'
import type { FleetPlanEntry } from '../../agent/sim/fleet-plan.js'
import { seededRandom } from '../../agent/sim/random.js'
import { SimulatedMachine } from '../../agent/sim/readings.js'

/** New readings every this many heartbeats: enough change to be honest, little CPU per message. */
const READINGS_EVERY = 100

/**
 * Valid Heartbeat payloads of one simulated server, as fast as a load generator needs them: the
 * readings (what `vigil sim` sends) are serialised once per READINGS_EVERY messages, `seq` and `ts`
 * are spliced in per message.
 */
export class HeartbeatSource {
  readonly bootId = randomUUID()
  private seq = 0
  private readonly machine: SimulatedMachine
  private readingsJson = ''

  constructor (readonly entry: FleetPlanEntry, index: number) {
    this.machine = new SimulatedMachine(entry, seededRandom(index + 1))
  }

  next (): Buffer {
    if (this.seq % READINGS_EVERY === 0) this.readingsJson = JSON.stringify(this.machine.read()).slice(1, -1)
    const seq = ++this.seq
    return Buffer.from(`{"v":1,"bootId":"${this.bootId}","seq":${seq},"ts":"${new Date().toISOString()}",${this.readingsJson}}`)
  }

  birth (heartbeatIntervalS: number): Buffer {
    const { entry } = this
    const birth: Birth = {
      v: 1,
      bootId: this.bootId,
      ts: new Date().toISOString(),
      heartbeatIntervalS,
      agent: { version: '0.1.0', os: 'Microsoft Windows Server 2022 Standard 10.0.20348', hostname: entry.serverName },
      server: { name: entry.serverName, role: entry.role, product: entry.product, productVersion: entry.productVersion },
      slc: entry.slc,
      location: entry.location
    }
    return Buffer.from(JSON.stringify(birth))
  }

  online (): Buffer {
    return Buffer.from(JSON.stringify({ v: 1, state: 'online', ts: new Date().toISOString() }))
  }
}
