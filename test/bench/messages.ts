/** What the benchmark's worker processes and the orchestrator (run.ts) say to each other over IPC. */

export interface LoadClient {
  clientId: string
  username?: string
  password?: string
  /** The simulated server this connection speaks for (Birth and heartbeat readings). */
  serverName: string
}

export type LoadCommand =
  | {
    type: 'init'
    host: string
    port: number
    clients: LoadClient[]
    /** QoS 1 heartbeats each connection keeps in flight. */
    window: number
    /** Birth and state "online" before the load, as an agent does at connect. */
    birth: boolean
    /** Hard bounds of the load, whatever the orchestrator says. */
    maxSeconds: number
    maxMessages: number
    seed: number
  }
  | { type: 'start' }
  | { type: 'stop' }

export type LoadReport =
  | { type: 'ready', connections: number }
  /** Once a second from 'start' on: cumulative PUBACKs of heartbeats. */
  | { type: 'tick', index: number, at: number, acked: number }
  | { type: 'done', acked: number, sent: number, unacked: number, reason: string }
  | { type: 'failed', message: string }

export type SubscriberCommand =
  | { type: 'init', host: string, port: number, topic: string }
  | { type: 'stop' }

export type SubscriberReport =
  | { type: 'ready' }
  | { type: 'tick', at: number, received: number }
  | { type: 'done', received: number, duplicates: number }
  | { type: 'failed', message: string }

export type FleetCommand =
  | {
    type: 'init'
    brokerUrl: string
    credentialsFile: string
    agents: number
    seed: number
    heartbeatIntervalS: number
    churnS: number
  }
  | { type: 'stop' }

export type FleetReport =
  | { type: 'progress', connected: number, everConnected: number }
  /** An error set the broker acknowledged; `publishedAt` is when it was handed to the connection. */
  | { type: 'published', serverName: string, codes: string[], publishedAt: number }
  | { type: 'stopped' }
  | { type: 'failed', message: string }

/** Sends to the parent; a worker whose parent is gone has nothing left to do. */
export function report (message: object): void {
  if (process.send === undefined || !process.connected) return
  process.send(message)
}

/** Workers end when the orchestrator does, whatever way it ended. */
export function exitWithParent (): void {
  process.on('disconnect', () => process.exit(1))
}
