import t from 'tap'
import { agentTopic, type Birth, type ErrorSet, type Heartbeat } from '../../../protocol/index.js'
import type { AgentSettings } from '../../../agent/config/schema.js'
import type { SystemSource } from '../../../agent/probes/probe.js'
import { Agent } from '../../../agent/runner/agent.js'
import { Spool } from '../../../agent/spool/spool.js'
import { AGENT_ID, SECRET } from '../helpers/agent-parts.js'
import { payloadsOn, startBroker } from '../helpers/broker.js'
import { silentLog } from '../helpers/log.js'
import { waitUntil } from '../helpers/wait.js'

const GIB = 1024 ** 3

/** A machine at 70 % CPU with one recording disk and one stopped service. */
function busyMachine (): SystemSource {
  return {
    platform: 'win32',
    now: () => Date.now(),
    currentLoad: async () => ({ currentLoad: 70 }),
    mem: async () => ({ total: 16 * GIB, available: 8 * GIB }),
    fsSize: async () => [{ fs: 'D:', type: 'NTFS', size: 1000 * GIB, used: 500 * GIB, available: 500 * GIB, mount: 'D:' }],
    blockDevices: async () => [{ name: 'D:', type: 'disk', mount: 'D:', label: 'Recording', physical: 'Local', removable: false }],
    services: async () => [{ name: 'milestone xprotect event server', running: false, startmode: 'Auto' }]
  }
}

function settings (mqttUrl: string): AgentSettings {
  return {
    configPath: '/nowhere/agent.json',
    dataDir: '/nowhere/agent-data',
    agentId: AGENT_ID,
    secret: SECRET,
    mqttUrl,
    heartbeatIntervalS: 3600,
    server: { name: 'ACME-REC-01', role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' },
    slc: 'M01-C01-123-45-6A7890',
    location: 'Copenhagen HQ',
    services: ['Milestone XProtect Event Server'],
    recordingDisks: [],
    thresholds: {}
  }
}

t.test('the agent reports what the probes read, and applies the collector\'s config without a restart', async (t) => {
  const broker = await startBroker()
  t.teardown(() => broker.close())
  const agent = new Agent({
    settings: settings(broker.url),
    sys: busyMachine(),
    host: { hostname: 'acme-rec-01', os: 'Microsoft Windows Server 2022 Standard', macs: ['00:10:2A:3B:45:67'] },
    spool: Spool.inMemory({ log: silentLog }),
    log: silentLog,
    backoff: { minMs: 50, maxMs: 200 }
  })
  t.teardown(() => agent.stop())
  await agent.start()
  await broker.waitFor((m) => payloadsOn(m, 'heartbeat').length === 1 && payloadsOn(m, 'errors').length >= 1)

  const birth = payloadsOn<Birth>(broker.messages, 'birth')[0]!
  t.same(birth.server, { name: 'ACME-REC-01', role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' })
  t.equal(birth.slc, 'M01-C01-123-45-6A7890')
  t.equal(birth.location, 'Copenhagen HQ')
  t.equal(birth.bootId, agent.bootId)
  t.equal(birth.heartbeatIntervalS, 3600)

  const first = payloadsOn<Heartbeat>(broker.messages, 'heartbeat')[0]!
  t.same(first.cpu, { pct: 70 })
  t.same(first.mem, { usedBytes: 8 * GIB, totalBytes: 16 * GIB })
  t.same(first.disks, [{ mount: 'D:\\', label: 'Recording', sizeBytes: 1000 * GIB, usedBytes: 500 * GIB }])
  t.same(first.services, [{ name: 'Milestone XProtect Event Server', state: 'stopped' }])
  t.same(payloadsOn<ErrorSet>(broker.messages, 'errors').at(-1)!.errors.map((e) => `${e.code}=${e.value}`),
    ['service_unavailable=Milestone XProtect Event Server'], '70 % CPU is no error under the default 90 %')

  await waitUntil(() => broker.subscriptions.has(agentTopic(AGENT_ID, 'config')), 'the config subscription')
  const configuredAt = Date.now()
  await broker.publish(agentTopic(AGENT_ID, 'config'), { v: 1, heartbeatIntervalS: 1, thresholds: { cpuPct: 50, cpuHoldS: 0 } }, true)
  await broker.waitFor((m) => payloadsOn(m, 'heartbeat').length >= 3, 5000)
  const elapsed = Date.now() - configuredAt
  t.ok(elapsed < 4000, `heartbeats every second now (3 heartbeats ${elapsed} ms after the config)`)
  const errors = payloadsOn<ErrorSet>(broker.messages, 'errors').at(-1)!.errors
  t.same(errors.map((e) => `${e.code}=${e.value}`).sort(),
    ['cpu_usage_is_high=ACME-REC-01', 'service_unavailable=Milestone XProtect Event Server'], 'the new CPU threshold applies')

  await agent.stop()
  t.equal(payloadsOn<{ state: string }>(broker.messages, 'state').at(-1)!.state, 'offline', 'a clean stop says offline')
})
