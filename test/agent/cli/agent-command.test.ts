import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { AgentState } from '../../../protocol/index.js'
import { loadAgentConfig } from '../../../agent/config/load.js'
import { payloadsOn, startBroker } from '../helpers/broker.js'
import { fakeCollector } from '../helpers/http.js'
import { agentCli, startCommand } from '../helpers/run-command.js'
import { tempDir } from '../helpers/temp.js'

const oneLine = (text: string): boolean => text.trim().split('\n').length === 1

t.test('--help for the command and each subcommand', async (t) => {
  const cases = [['--help'], ['enroll', '--help'], ['run', '--help']]
  const results = await Promise.all(cases.map(agentCli))
  for (const [i, argv] of cases.entries()) {
    const result = results[i]!
    t.equal(result.code, 0, `${argv.join(' ')} exits 0`)
    t.match(result.stdout, /^usage: vigil agent/, `${argv.join(' ')} prints the usage`)
  }
})

t.test('bad arguments exit non-zero with a one-line reason', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /^vigil agent: missing command: enroll or run/],
    [['start'], /^vigil agent: unknown command "start"/],
    [['enroll', '--bogus'], /^vigil agent enroll: Unknown option '--bogus'/],
    [['enroll', '--token', 'abc'], /^vigil agent enroll: missing --collector URL/],
    [['enroll', '--collector', 'ftp://x', '--token', 'abc'], /^vigil agent enroll: --collector must be an http/],
    [['run', 'extra'], /^vigil agent run: Unexpected argument 'extra'/]
  ]
  const results = await Promise.all(cases.map(([argv]) => agentCli(argv)))
  for (const [i, [argv, reason]] of cases.entries()) {
    const result = results[i]!
    t.equal(result.code, 2, `${argv.join(' ') || '(nothing)'} exits 2`)
    t.match(result.stderr, reason)
    t.ok(oneLine(result.stderr), 'one line')
  }
})

t.test('enroll: posts token and name, writes the config with mode 0600, keeps settings already there', async (t) => {
  const collector = await fakeCollector(() => ({ status: 200, body: { agentId: 'agt-42', secret: 'the-secret', mqttUrl: 'mqtt://collector:1883' } }))
  t.teardown(() => collector.close())
  const config = join(tempDir(t), 'agent.json')
  writeFileSync(config, JSON.stringify({ services: ['Milestone XProtect Recording Server'] }))

  const result = await agentCli(['enroll', '--collector', `${collector.url}/`, '--token', 'tok-1', '--config', config,
    '--name', 'ACME-REC-01', '--slc', 'M01-C01-123-45-6A7890', '--location', 'Copenhagen HQ'])
  t.equal(result.code, 0, result.stderr)
  t.match(result.stdout, /enrolled as agt-42; config written to /)
  t.same(collector.requests, [{ token: 'tok-1', hostname: 'ACME-REC-01' }])
  t.notMatch(result.stdout + result.stderr, /the-secret/, 'the secret is not printed')
  if (process.platform !== 'win32') t.equal(statSync(config).mode & 0o777, 0o600)

  const written = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>
  t.match(written, {
    collectorUrl: `${collector.url}/`,
    agentId: 'agt-42',
    secret: 'the-secret',
    mqttUrl: 'mqtt://collector:1883',
    heartbeatIntervalS: 30,
    server: { name: 'ACME-REC-01' },
    slc: 'M01-C01-123-45-6A7890',
    location: 'Copenhagen HQ',
    services: ['Milestone XProtect Recording Server']
  })
  t.equal(loadAgentConfig(config).agentId, 'agt-42', 'the written file loads')
})

t.test('enroll: a 401 says the token is unknown or used, and writes nothing', async (t) => {
  const collector = await fakeCollector(() => ({ status: 401, body: { error: 'unauthorized', message: 'bad token' } }))
  t.teardown(() => collector.close())
  const config = join(tempDir(t), 'agent.json')
  const result = await agentCli(['enroll', '--collector', collector.url, '--token', 'used', '--config', config])
  t.equal(result.code, 1)
  t.equal(result.stderr, 'vigil agent enroll: enrollment token unknown or already used\n')
  t.throws(() => statSync(config), 'no file')
})

t.test('enroll: an unreachable collector is named', async (t) => {
  const result = await agentCli(['enroll', '--collector', 'http://127.0.0.1:1', '--token', 'x', '--config', join(tempDir(t), 'a.json')])
  t.equal(result.code, 1)
  t.match(result.stderr, /^vigil agent enroll: cannot reach the collector at http:\/\/127\.0\.0\.1:1\/api\/v1\/agents\/enroll/)
})

t.test('run: a missing config says how to enroll', async (t) => {
  const config = join(tempDir(t), 'missing.json')
  const result = await agentCli(['run', '--config', config])
  t.equal(result.code, 1)
  t.match(result.stderr, /not found\. Enroll this machine first: vigil agent enroll/)
})

t.test('run: connects, logs JSON to stderr without the secret, and stops cleanly on SIGTERM', async (t) => {
  const broker = await startBroker()
  t.teardown(() => broker.close())
  const dir = tempDir(t)
  const config = join(dir, 'agent.json')
  writeFileSync(config, JSON.stringify({ agentId: 'agt-run', secret: 'run-secret-123', mqttUrl: broker.url, server: { name: 'CLI-REC-01' } }))

  const run = startCommand('agent/cli/agent-command.js', 'agentCommand', ['run', '--config', config])
  t.teardown(() => run.child.kill('SIGKILL'))
  await broker.waitFor((m) => payloadsOn(m, 'heartbeat').length >= 1 && payloadsOn(m, 'errors').length >= 1, 30_000)
  run.child.kill('SIGTERM')
  const result = await run.done
  t.equal(result.code, 0, 'exit 0 after SIGTERM')
  t.equal(payloadsOn<AgentState>(broker.messages, 'state').at(-1)!.state, 'offline', 'offline published before leaving')
  const lines = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
  t.ok(lines.some((line) => line.msg === 'connected to the broker'), 'JSON log lines')
  t.notMatch(result.stderr, /run-secret-123/, 'the secret is never logged')
  t.ok(statSync(join(dir, 'agent-data')).isDirectory(), 'the spool lives in the data dir beside the config')
})
