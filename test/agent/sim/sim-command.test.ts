import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { payloadsOn, startBroker } from '../helpers/broker.js'
import { runCommand, startCommand } from '../helpers/run-command.js'
import { tempDir } from '../helpers/temp.js'

const sim = (argv: string[]) => runCommand('agent/sim/sim-command.js', 'simCommand', argv)

t.test('--help', async (t) => {
  const result = await sim(['--help'])
  t.equal(result.code, 0)
  t.match(result.stdout, /^usage: vigil sim --agents N/)
})

t.test('bad arguments exit 2 with a one-line reason', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /--agents must be a whole number of at least 1/],
    [['--agents', '0', '--collector', 'http://x', '--token', 't'], /--agents must be/],
    [['--agents', '3'], /give either --collector and --token, or --broker and --credentials/],
    [['--agents', '3', '--collector', 'http://x'], /--collector and --token go together/],
    [['--agents', '3', '--credentials', 'c.json'], /--credentials needs --broker/],
    [['--agents', '3', '--collector', 'http://x', '--token', 't', '--interval', 'fast'], /--interval must be/],
    [['--agents', '3', '--frobnicate'], /Unknown option '--frobnicate'/]
  ]
  const results = await Promise.all(cases.map(([argv]) => sim(argv)))
  for (const [i, [argv, reason]] of cases.entries()) {
    const result = results[i]!
    t.equal(result.code, 2, argv.join(' '))
    t.match(result.stderr, reason)
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line')
  }
})

t.test('runs a fleet from a credentials file, shows progress, stops on SIGINT', async (t) => {
  const broker = await startBroker()
  t.teardown(() => broker.close())
  const file = join(tempDir(t), 'credentials.json')
  writeFileSync(file, JSON.stringify([{ agentId: 'c-1', secret: 'x1' }, { agentId: 'c-2', secret: 'x2' }]))
  const run = startCommand('agent/sim/sim-command.js', 'simCommand', ['--agents', '2', '--broker', broker.url, '--credentials', file, '--churn', '0'])
  t.teardown(() => run.child.kill('SIGKILL'))
  await broker.waitFor((m) => payloadsOn(m, 'birth').length === 2, 20_000)
  const deadline = Date.now() + 10_000
  while (!run.stderr().includes('2/2 agents connected') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  run.child.kill('SIGINT')
  const result = await run.done
  t.equal(result.code, 0)
  t.match(result.stderr, /vigil sim: 2\/2 agents connected/)
  t.equal(payloadsOn<{ state: string }>(broker.messages, 'state').filter((s) => s.state === 'offline').length, 2, 'both said offline')
})
