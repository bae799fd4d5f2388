import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { vigilBin } from './paths.js'

/** A `vigil` CLI process started by a test, with its output kept for failure messages. */
export interface VigilProcess {
  child: ChildProcess
  output: () => string
  /** Resolves with the first stdout line that `match` accepts. */
  line (match: (line: string) => boolean, timeoutMs?: number): Promise<string>
  stop (signal?: NodeJS.Signals): Promise<number | null>
  /** Resolves with the exit code once the process ends by itself. */
  exited (): Promise<number | null>
}

export function startVigil (args: string[], env: Record<string, string> = {}): VigilProcess {
  const child = spawn(process.execPath, [vigilBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  const listeners: Array<() => void> = []
  child.stdout!.on('data', (d) => { out += d; for (const l of listeners) l() })
  child.stderr!.on('data', (d) => { err += d })
  const exited = once(child, 'exit')
  return {
    child,
    output: () => `stdout:\n${out}\nstderr:\n${err.slice(-4000)}`,
    line (match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = out.split('\n').find(match)
          if (found !== undefined) { resolve(found); return true }
          return false
        }
        if (check()) return
        const timer = setTimeout(() => reject(new Error(`no matching output within ${timeoutMs} ms\n${out}\n${err.slice(-2000)}`)), timeoutMs)
        listeners.push(() => { if (check()) clearTimeout(timer) })
        child.once('exit', (code) => { if (!check()) { clearTimeout(timer); reject(new Error(`vigil ${args[0]} exited with ${code}\n${out}\n${err.slice(-2000)}`)) } })
      })
    },
    async exited () {
      const [code] = await exited
      return code as number | null
    },
    async stop (signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const [code] = await exited
      return code as number | null
    }
  }
}

/** A TCP port free on 127.0.0.1 right now (for a process that must keep its port across restarts). */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  server.close()
  await once(server, 'close')
  return port
}
