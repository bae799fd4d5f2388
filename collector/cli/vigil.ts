#!/usr/bin/env node
import { usageError } from '../../agent/cli/args.js'
import { collectorCommand } from './collector-command.js'
import { tokenCommand } from './token-command.js'
import { demoCommand } from './demo-command.js'
import { agentCommand } from '../../agent/cli/agent-command.js'
import { simCommand } from '../../agent/sim/sim-command.js'

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>, summary: string }> = {
  collector: { run: collectorCommand, summary: 'run the collector (broker, store, API, dashboard)' },
  token: { run: tokenCommand, summary: 'create or list enrollment and NOC tokens' },
  agent: { run: agentCommand, summary: 'enroll this machine, or run the agent' },
  sim: { run: simCommand, summary: 'run N simulated agents (demos and load)' },
  demo: { run: demoCommand, summary: 'collector + an agent for this machine + a simulated fleet (npm start)' }
}

const HELP = `usage: vigil <command> [options]

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Run "vigil <command> --help" for the options of each.
`

async function main (argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h') {
    process.stdout.write(HELP)
    return 0
  }
  if (name === undefined) return usageError('vigil', 'missing command')
  const command = COMMANDS[name]
  if (!command) return usageError('vigil', `unknown command "${name}"`)
  return command.run(rest)
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`vigil: ${(err as Error)?.stack ?? String(err)}\n`)
  process.exitCode = 1
})
