import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { startTestCollector } from '../../helpers/collector.js'
import { startVigil } from '../../helpers/processes.js'
import { apiClient } from '../../helpers/api.js'
import { waitFor } from '../../helpers/wait.js'

/** Keeps one core busy, so "CPU usage is high" has something to see whatever else the machine does. */
function burnCpu (): Worker {
  return new Worker('const end = Date.now() + 60000; while (Date.now() < end) {}', { eval: true })
}

t.test('a real agent process: enroll, run, report, clear, die', async (t) => {
  const c = await startTestCollector({ config: { watchdogTickMs: 100 } })
  t.teardown(() => c.close())
  const api = apiClient(c.httpUrl, await c.login())
  const dir = t.testdir()
  const configFile = join(dir, 'agent.json')

  const enroll = startVigil(['agent', 'enroll', '--collector', c.httpUrl, '--token', c.token('enroll', { customer: 'ACME Retail' }), '--config', configFile, '--name', 'REC-IT-01'])
  t.equal(await enroll.exited(), 0, 'enroll exits 0')
  const config = JSON.parse(readFileSync(configFile, 'utf8'))
  t.match(config, { agentId: /^[A-Za-z0-9._-]+$/, mqttUrl: c.mqttUrl })
  // Fast heartbeats, and a CPU threshold nothing reaches until the collector lowers it.
  writeFileSync(configFile, JSON.stringify({ ...config, heartbeatIntervalS: 1, thresholds: { cpuPct: 100, cpuHoldS: 0 } }))

  const agent = startVigil(['agent', 'run', '--config', configFile])
  t.teardown(() => agent.stop('SIGKILL'))
  const server = async () => (await api.get('/api/v1/servers?q=REC-IT-01')).body.items[0]

  const monitored = await waitFor('the agent\'s server to be monitored', async () => {
    const s = await server()
    return s?.monitoringStatus === 'monitored' && s.lastHeartbeat !== null && s
  }, 15_000).catch((err) => { throw new Error(`${err.message}\n${agent.output()}`) })
  t.match(monitored, { name: 'REC-IT-01', customer: 'ACME Retail', errorState: 'no_errors' })
  t.type(monitored.cpuPct, 'number', 'CPU reading arrived')

  const burner = burnCpu()
  t.teardown(() => burner.terminate())
  await c.running.services.broker!.publishConfig(config.agentId, { v: 1, heartbeatIntervalS: 1, thresholds: { cpuPct: 1, cpuHoldS: 0 } })
  const detected = await waitFor('cpu_usage_is_high', async () => (await server()).errorState === 'error_detected', 15_000)
  t.ok(detected, 'a lowered threshold pushed on the config topic applies without restart')
  t.match((await api.get('/api/v1/errors?q=REC-IT-01')).body.items, [{ code: 'cpu_usage_is_high', description: 'CPU usage is high', server: 'REC-IT-01' }])

  await burner.terminate()
  await c.running.services.broker!.publishConfig(config.agentId, { v: 1, heartbeatIntervalS: 1, thresholds: { cpuPct: 100, cpuHoldS: 0 } })
  await waitFor('the error to clear', async () => (await server()).errorState === 'no_errors', 30_000)
  t.equal((await api.get('/api/v1/errors?q=REC-IT-01')).body.total, 0, 'an empty error set closes it')

  await agent.stop('SIGKILL')
  const silent = await waitFor('not reporting after the agent died', async () => {
    const s = await server()
    return s.monitoringStatus === 'not_reporting' && s
  }, 5000)
  t.equal(silent.errorState, 'none')
  t.match((await api.get('/api/v1/errors?q=REC-IT-01')).body.items, [{ code: 'no_heartbeat_from_site' }])
})
