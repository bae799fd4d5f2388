import { usageError } from './args.js'
import { enrollCommand } from './enroll-command.js'
import { runCommand } from './run-command.js'

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  enroll: enrollCommand,
  run: runCommand
}

const HELP = `usage: vigil agent <command> [options]

The Vigil agent, beside an XProtect server: enroll it once, then run it (as a service).

commands:
  enroll   enroll this machine with a collector and write the agent config file
  run      run the agent in the foreground

Run "vigil agent <command> --help" for the options of each.
`

/** `vigil agent …`: argv is what follows "agent". Resolves to the process exit code. */
export async function agentCommand (argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h') {
    process.stdout.write(HELP)
    return 0
  }
  if (name === undefined) return usageError('vigil agent', 'missing command: enroll or run')
  const command = SUBCOMMANDS[name]
  if (command === undefined) return usageError('vigil agent', `unknown command "${name}"; the commands are ${Object.keys(SUBCOMMANDS).join(', ')}`)
  return command(rest)
}
