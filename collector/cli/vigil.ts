#!/usr/bin/env node
import { UsageError } from './args.js'
import { ConfigError } from '../config.js'
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

const USAGE = `Usage: vigil <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`vigil <command> --help\` for a command's options.
`

async function main (argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(USAGE)
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) throw new UsageError(`unknown command "${name}"; run \`vigil --help\``)
  return command.run(rest)
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`vigil: ${err.message}\n`)
    process.exitCode = 2
  } else {
    process.stderr.write(`vigil: ${(err as Error)?.stack ?? String(err)}\n`)
    process.exitCode = 1
  }
})
