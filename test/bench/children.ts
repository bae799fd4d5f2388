import { fork, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

const STOP_GRACE_MS = 10_000

/** A process the benchmark started, with the tail of its stderr kept for failure messages. */
export interface Child {
  name: string
  process: ChildProcess
  pid: number
  /** Last lines of stderr. */
  stderrTail: () => string
  /** pino lines on stderr at warn (40) and at error or fatal (50, 60) so far. */
  logged: () => { warnings: number, errors: number }
  /** Resolves with the first stdout line `match` accepts. */
  line: (match: (line: string) => boolean, timeoutMs: number) => Promise<string>
  /** Resolves with the first IPC message `match` accepts. */
  message: <T>(match: (m: T) => boolean, timeoutMs: number) => Promise<T>
  send: (message: object) => void
  exited: () => boolean
}

/**
 * Every process the benchmark starts, so that every one of them is ended: after each phase, on a
 * failure, and on Ctrl+C. Ended by pid, SIGTERM first and SIGKILL after a grace period.
 */
export class Children {
  private readonly running = new Set<Child>()

  /** A plain process (the collector, the bare broker). */
  spawn (name: string, args: string[], env: Record<string, string> = {}): Child {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    return this.track(name, child)
  }

  /** A worker with an IPC channel (fleet, load generator, subscriber). */
  fork (name: string, modulePath: string): Child {
    const child = fork(modulePath, [], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    return this.track(name, child)
  }

  async stop (child: Child, graceMs = STOP_GRACE_MS): Promise<void> {
    if (!child.exited()) {
      const exit = once(child.process, 'exit')
      child.process.kill('SIGTERM')
      const timer = setTimeout(() => { if (!child.exited()) child.process.kill('SIGKILL') }, graceMs)
      await exit
      clearTimeout(timer)
    }
    this.running.delete(child)
  }

  /** Waits for a child that was asked to end on its own (IPC 'stop'); kills it if it does not. */
  async waitExit (child: Child, timeoutMs: number): Promise<void> {
    if (!child.exited()) {
      const exit = once(child.process, 'exit')
      const timer = setTimeout(() => { if (!child.exited()) child.process.kill('SIGTERM') }, timeoutMs)
      const killer = setTimeout(() => { if (!child.exited()) child.process.kill('SIGKILL') }, timeoutMs + STOP_GRACE_MS)
      await exit
      clearTimeout(timer)
      clearTimeout(killer)
    }
    this.running.delete(child)
  }

  /** This process and every child still running. */
  pids (): number[] {
    return [process.pid, ...[...this.running].filter((c) => !c.exited()).map((c) => c.pid)]
  }

  async stopAll (): Promise<void> {
    await Promise.all([...this.running].map((child) => this.stop(child, 3000)))
  }

  /** Last resort on the way out (synchronous): SIGKILL to whatever is still running. */
  killAllNow (): void {
    for (const child of this.running) if (!child.exited()) child.process.kill('SIGKILL')
  }

  private track (name: string, child: ChildProcess): Child {
    if (child.pid === undefined) throw new Error(`could not start ${name}`)
    let out = ''
    const errLines: string[] = []
    const lineListeners = new Set<() => void>()
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (d: string) => {
      out = (out + d).slice(-64 * 1024)
      for (const l of lineListeners) l()
    })
    let partial = ''
    const logged = { warnings: 0, errors: 0 }
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (d: string) => {
      const lines = (partial + d).split('\n')
      partial = lines.pop()!
      for (const l of lines) {
        if (l.includes('"level":40')) logged.warnings++
        else if (l.includes('"level":50') || l.includes('"level":60')) logged.errors++
      }
      errLines.push(...lines)
      if (errLines.length > 40) errLines.splice(0, errLines.length - 40)
    })
    const exited = (): boolean => child.exitCode !== null || child.signalCode !== null
    const tracked: Child = {
      name,
      process: child,
      pid: child.pid,
      stderrTail: () => [...errLines, partial].join('\n').slice(-4000),
      logged: () => ({ ...logged }),
      exited,
      send: (message) => { if (child.connected) child.send(message) },
      line: (match, timeoutMs) => new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = out.split('\n').find(match)
          if (found === undefined) return false
          done()
          resolve(found)
          return true
        }
        const onExit = (): void => { if (!check()) { done(); reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing the expected line\n${tracked.stderrTail()}`)) } }
        const timer = setTimeout(() => { done(); reject(new Error(`${name}: no expected output within ${timeoutMs} ms\n${tracked.stderrTail()}`)) }, timeoutMs)
        const done = (): void => { clearTimeout(timer); lineListeners.delete(listener); child.off('exit', onExit) }
        const listener = (): void => { check() }
        lineListeners.add(listener)
        child.once('exit', onExit)
        if (!check() && exited()) onExit()
      }),
      message: <T>(match: (m: T) => boolean, timeoutMs: number) => new Promise<T>((resolve, reject) => {
        const onMessage = (m: T): void => { if (match(m)) { done(); resolve(m) } }
        const onExit = (): void => { done(); reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before the expected message\n${tracked.stderrTail()}`)) }
        const timer = setTimeout(() => { done(); reject(new Error(`${name}: no expected message within ${timeoutMs} ms\n${tracked.stderrTail()}`)) }, timeoutMs)
        const done = (): void => { clearTimeout(timer); child.off('message', onMessage); child.off('exit', onExit) }
        child.on('message', onMessage)
        child.once('exit', onExit)
      })
    }
    this.running.add(tracked)
    return tracked
  }
}
