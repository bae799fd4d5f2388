import type { EventEmitter } from 'node:events'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes, type Client } from 'aedes'
import type { AgentConfig } from '../../protocol/index.js'
import { agentTopic, isAgentId } from '../../protocol/topics.js'
import type { Metrics } from '../metrics/counters.js'
import { agentPolicy } from './agent-policy.js'
import { FrameGuard, type FrameLimits } from './frame-guard.js'
import { Incidents, type BrokerLog } from './incidents.js'
import type { Broker, BrokerHooks } from './types.js'

export type { BrokerLog }

export interface EmbeddedBrokerOptions {
  host: string
  /** 0 picks a free port; `Broker.port` tells which. */
  port: number
  hooks: BrokerHooks
  metrics: Metrics
  log: BrokerLog
  /** Time a socket has to deliver its CONNECT (default 10 s). */
  connectTimeoutMs?: number
  /** Largest remaining length of any packet (default: a 64 KiB payload plus 1 KiB of header and topic). */
  maxPacketBytes?: number
  /** Largest remaining length of the CONNECT (default 2048: id, credentials and the will fit well within). */
  maxConnectBytes?: number
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_PACKET_BYTES = 64 * 1024 + 1024
const DEFAULT_MAX_CONNECT_BYTES = 2048

const CONNECTED_GAUGE = 'vigil_mqtt_connected_agents'

/** Starts aedes behind a TCP server whose sockets all pass through a FrameGuard. */
export async function startEmbeddedBroker (options: EmbeddedBrokerOptions): Promise<Broker> {
  const { hooks, metrics, log } = options
  const limits: FrameLimits = {
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxPacketBytes: options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES,
    maxConnectBytes: options.maxConnectBytes ?? DEFAULT_MAX_CONNECT_BYTES
  }
  const incidents = new Incidents(metrics, log)
  let closing = false

  const aedes = await Aedes.createBroker({
    ...agentPolicy({ hooks, incidents, closing: () => closing, clientFor: (id) => (aedes as unknown as { clients: Record<string, Client> }).clients[id] }),
    // aedes applies this to MQTT 3.1 only (lib/handlers/connect.js); agent ids may be 64 long.
    maxClientsIdLength: 64,
    // The guard's timer fires first and counts the refusal; aedes's own is only a backstop.
    connectTimeout: limits.connectTimeoutMs + 1000
  })

  const agents = new Map<string, Client>()
  metrics.describe(CONNECTED_GAUGE, 'gauge', 'Agents with an open MQTT session on the embedded broker')
  metrics.set(CONNECTED_GAUGE, 0)
  aedes.on('client', (client) => {
    agents.set(client.id, client)
    metrics.set(CONNECTED_GAUGE, agents.size)
  })
  aedes.on('clientDisconnect', (client) => {
    // A takeover registers the new client only after the old one is gone, but compare to be sure.
    if (agents.get(client.id) === client) agents.delete(client.id)
    metrics.set(CONNECTED_GAUGE, agents.size)
  })
  aedes.on('clientError', (client, err) => log.debug({ agentId: client.id, err: err.message }, 'mqtt client closed on error'))
  // aedes reports persistence failures as 'error'; unheard, that event would end the process. Its
  // typings list no 'error' event, hence the plain EventEmitter view.
  const emitter: EventEmitter = aedes
  emitter.on('error', (err: Error) => log.error({ err }, 'mqtt broker error'))

  const sockets = new Set<FrameGuard>()
  const server = createServer({ noDelay: true }, (socket) => {
    const conn = new FrameGuard(socket, limits, (reason) => incidents.refused(reason, { remote: socket.remoteAddress }))
    sockets.add(conn)
    conn.once('close', () => sockets.delete(conn))
    aedes.handle(conn)
  })
  server.on('error', (err) => log.error({ err }, 'mqtt listener error'))
  let port: number
  try {
    port = await listen(server, options.host, options.port)
  } catch (err) {
    // aedes runs heartbeat timers from createBroker on; a broker that cannot listen must not keep them.
    aedes.close()
    throw err
  }
  const url = `mqtt://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  log.info({ url }, 'embedded mqtt broker listening')

  let closed: Promise<void> | null = null
  return {
    url,
    port,

    publishConfig (agentId: string, config: AgentConfig): Promise<void> {
      if (!isAgentId(agentId)) return Promise.reject(new Error(`not an agent id: ${agentId}`))
      return new Promise((resolve, reject) => {
        aedes.publish({
          cmd: 'publish',
          topic: agentTopic(agentId, 'config'),
          payload: Buffer.from(JSON.stringify(config)),
          qos: 1,
          retain: true,
          dup: false
        }, (err) => err ? reject(err) : resolve())
      })
    },

    disconnectAgent (agentId: string): void {
      const client = agents.get(agentId)
      if (!client) return
      log.info({ agentId }, 'agent disconnected by the collector')
      client.close()
    },

    connectedAgents: () => agents.size,

    close (): Promise<void> {
      closed ??= (async () => {
        closing = true
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
        await new Promise<void>((resolve) => aedes.close(() => resolve()))
        // aedes closes the sessions it registered; sockets still before or inside CONNECT are ours.
        for (const conn of sockets) conn.destroy()
        await serverClosed
      })()
      return closed
    }
  }
}

function listen (server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}
