import type { AgentConfig, AgentTopicSuffix } from '../../protocol/index.js'

/** One publish from an agent on one of its own topics, as the broker hands it to ingest. */
export interface AgentMessage {
  agentId: string
  suffix: AgentTopicSuffix
  payload: Buffer
  /** Date.now() when the broker received it. */
  receivedAt: number
  /** True for the Last Will the broker publishes on the agent's behalf. */
  will: boolean
}

/**
 * What the broker needs from the rest of the collector. The broker owns the wire (framing limits,
 * CONNECT checks, topic ACL); the collector owns identity and storage.
 */
export interface BrokerHooks {
  /** True when the secret belongs to this agent and the agent is not revoked. Synchronous: SQLite. */
  authenticateAgent (agentId: string, secret: string): boolean
  /**
   * Commits the message. `done()` once it is durable: only then does the broker acknowledge (PUBACK).
   * A bad payload is counted and dropped by ingest and still ends in `done()`, so the agent moves on;
   * `done(err)` means storage failed: the message is not acknowledged and the agent will send it again.
   */
  ingest (message: AgentMessage, done: (err?: Error) => void): void
}

export interface Broker {
  /** MQTT URL agents should use, e.g. mqtt://127.0.0.1:1883 (the port actually bound). */
  readonly url: string
  readonly port: number
  /** Publishes the retained config of one agent. */
  publishConfig (agentId: string, config: AgentConfig): Promise<void>
  /** Drops an agent's connection at once (revocation). */
  disconnectAgent (agentId: string): void
  connectedAgents (): number
  close (): Promise<void>
}
