import type { AedesOptions, AuthenticateError, Client, PublishPacket } from 'aedes'
import type { Socket } from 'node:net'
import { agentTopic, isAgentId, parseAgentTopic } from '../../protocol/topics.js'
import type { AgentMessage, BrokerHooks } from './types.js'
import type { Incidents } from './incidents.js'

/** aedes keeps the CONNECT's will on the client (lib/client.js) and hands that object to authorizePublish. */
type AedesClient = Client & { will: PublishPacket | null }

export interface PolicyContext {
  hooks: BrokerHooks
  incidents: Incidents
  /** True once the broker is closing: wills published then are not the agents' doing. */
  closing: () => boolean
  /** The connected client with this id, if any. */
  clientFor: (agentId: string) => Client | undefined
}

type Policy = Required<Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>>

/**
 * PROTOCOL.md §1 as aedes hooks: who may connect (client id = username = agentId, the agent's secret)
 * and what an agent may do (publish its own four topics, subscribe to its own config).
 */
export function agentPolicy ({ hooks, incidents, closing, clientFor }: PolicyContext): Policy {
  // Connections replaced by a newer one of the same agent (a reconnect before the old socket timed
  // out). aedes publishes the old connection's will as it closes it; that will is not news: the agent
  // is online on the new connection, and recording it would raise a false "No heartbeat from site".
  const superseded = new WeakSet<Client>()
  return {
    // preConnect runs for every protocol version; aedes refuses MQTT 5 and checks id length for 3.1
    // only after it, so the agent-id rule is applied (and counted) here.
    preConnect (client, packet, callback) {
      if (isAgentId(packet.clientId)) return callback(null, true)
      incidents.refused('bad_client_id', {
        clientId: packet.clientId.slice(0, 80), protocolVersion: packet.protocolVersion, remote: remoteOf(client)
      })
      // aedes's preConnect has no return code of its own: a refusal there closes the socket silently.
      client.conn.write(identifierRejected(packet.protocolVersion))
      callback(new Error('client id is not an agent id'), false)
    },

    authenticate (client, username, password, callback) {
      const agentId = client.id
      let valid = false
      if (username === agentId && password !== undefined) {
        try {
          valid = hooks.authenticateAgent(agentId, password.toString('utf8'))
        } catch (err) {
          incidents.refused('auth_unavailable', { agentId, err })
          return callback(authError(3, 'agent store unavailable'), null)
        }
      }
      if (valid) {
        const previous = clientFor(agentId)
        if (previous && previous !== client) superseded.add(previous)
        return callback(null, true)
      }
      incidents.refused('bad_credentials', { agentId, usernameMatches: username === agentId, remote: remoteOf(client) })
      callback(authError(4, 'bad agent id or secret'), null)
    },

    authorizePublish (client, packet, callback) {
      // Only aedes's sweep of wills left by a broker that stopped (aedes.js _clearWills) publishes with
      // no client; this broker keeps wills in memory, so those come from nowhere it trusts.
      if (client === null) return callback(new Error('publish without a client'))
      const agentId = client.id
      const will = packet === (client as AedesClient).will
      const target = parseAgentTopic(packet.topic)
      if (target === null || target.agentId !== agentId || target.suffix === 'config') {
        const other = target !== null && target.agentId !== agentId
        incidents.denied(other ? 'publish_other_agent' : 'publish_bad_topic', { agentId, topic: packet.topic.slice(0, 200), will })
        // An error from authorizePublish makes aedes drop the packet and close the client (3.1.1 has no
        // PUBACK refusal). For a will the client is already gone; the will is dropped.
        return callback(new Error('topic not allowed'))
      }
      // The collector going down says nothing about its agents: their wills are not recorded.
      if (will && closing()) return callback(new Error('broker closing'))
      if (will && superseded.has(client)) return callback(new Error('connection superseded'))
      // The collector keeps agent state in SQLite, so aedes must not keep its own retained copy of
      // every birth, state and error set in memory (10,000 agents); nobody subscribes to them anyway.
      packet.retain = false
      const message: AgentMessage = {
        agentId,
        suffix: target.suffix,
        payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
        receivedAt: Date.now(),
        will
      }
      // aedes writes the QoS 1 PUBACK as soon as this callback succeeds (lib/handlers/publish.js), so
      // the callback waits for ingest to commit: a PUBACK means the message is stored.
      commit(hooks, incidents, message, callback)
    },

    authorizeSubscribe (client, subscription, callback) {
      const agentId = client.id
      if (subscription.topic === agentTopic(agentId, 'config')) return callback(null, subscription)
      const target = parseAgentTopic(subscription.topic)
      const other = target !== null && target.agentId !== agentId
      incidents.denied(other ? 'subscribe_other_agent' : 'subscribe_bad_topic', { agentId, topic: subscription.topic.slice(0, 200) })
      // A null subscription is MQTT 3.1.1's refusal of one topic: SUBACK 0x80, the session stays up.
      callback(null, null)
    }
  }
}

function commit (hooks: BrokerHooks, incidents: Incidents, message: AgentMessage, callback: (err?: Error | null) => void): void {
  let settled = false
  const done = (err?: Error): void => {
    if (settled) return
    settled = true
    if (err) incidents.ingestFailed(err, { agentId: message.agentId, suffix: message.suffix, will: message.will })
    callback(err ?? null)
  }
  try {
    hooks.ingest(message, done)
  } catch (err) {
    // After done() the callback has run aedes's continuation (the PUBACK) inside this try: a throw
    // from there is not an ingest failure and must not be swallowed.
    if (settled) throw err
    done(err instanceof Error ? err : new Error(String(err)))
  }
}

function authError (returnCode: 3 | 4, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError
}

/** CONNACK "identifier rejected": 0x02 in MQTT 3.1/3.1.1; 0x85 with empty properties in MQTT 5. */
function identifierRejected (protocolVersion: number | undefined): Buffer {
  return protocolVersion === 5 ? Buffer.from([0x20, 0x03, 0x00, 0x85, 0x00]) : Buffer.from([0x20, 0x02, 0x00, 0x02])
}

function remoteOf (client: Client): string | undefined {
  return (client.conn as Partial<Socket>).remoteAddress
}
