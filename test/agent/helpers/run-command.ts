import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { repoRoot } from '../../helpers/paths.js'

export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface RunningCommand {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  done: Promise<CommandResult>
}

/**
 * Runs an exported command function (`agentCommand`, `simCommand`) of the compiled tree in a child
 * process, as the `vigil` binary would, so that exit codes, stdout, stderr and signals are real.
 */
export function startCommand (module: string, exportName: string, argv: string[], env: Record<string, string> = {}): RunningCommand {
  const url = pathToFileURL(join(repoRoot, 'dist', module)).href
  const script = `import { ${exportName} } from ${JSON.stringify(url)}; process.exitCode = await ${exportName}(process.argv.slice(1))`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }))
  return { child, stdout: () => stdout, stderr: () => stderr, done }
}

export function runCommand (module: string, exportName: string, argv: string[]): Promise<CommandResult> {
  return startCommand(module, exportName, argv).done
}

export const agentCli = (argv: string[]): Promise<CommandResult> => runCommand('agent/cli/agent-command.js', 'agentCommand', argv)
