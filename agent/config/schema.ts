import Type, { type Static } from 'typebox'
import { AGENT_ID_PATTERN, ServerRole, ShortText, Thresholds } from '../../protocol/index.js'
import { ProbeOptions } from '../probes/index.js'

export const DEFAULT_HEARTBEAT_INTERVAL_S = 30

/**
 * The agent config file (`vigil agent enroll` writes it; `vigil agent run` reads it). Unknown keys
 * are refused, so that a misspelt option is an error rather than a silent default.
 */
export const AgentFileConfig = Type.Object({
  collectorUrl: Type.Optional(Type.String({ minLength: 1, description: 'The collector this agent enrolled with' })),
  agentId: Type.String({ pattern: AGENT_ID_PATTERN, description: 'Issued at enrollment' }),
  secret: Type.String({ minLength: 1, description: 'Issued at enrollment; the MQTT password' }),
  mqttUrl: Type.String({ pattern: '^mqtts?://', description: 'The broker, e.g. mqtt://collector:1883' }),
  dataDir: Type.Optional(Type.String({
    minLength: 1,
    description: 'Where the spool lives; relative to the config file. Default: the config file\'s name with "-data"'
  })),
  heartbeatIntervalS: Type.Integer({ minimum: 1, maximum: 3600, default: DEFAULT_HEARTBEAT_INTERVAL_S }),
  server: Type.Object({
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Default: the host name' })),
    role: Type.Optional(ServerRole),
    product: Type.Optional(ShortText),
    productVersion: Type.Optional(ShortText)
  }, { additionalProperties: false, default: {} }),
  slc: Type.Optional(ShortText),
  location: Type.Optional(Type.String({ maxLength: 256 })),
  ...ProbeOptions.properties,
  thresholds: Type.Partial(Thresholds, { additionalProperties: false, default: {} })
}, { additionalProperties: false })
export type AgentFileConfig = Static<typeof AgentFileConfig>

/** The config as the agent runs with it: defaults applied, paths absolute. */
export interface AgentSettings extends Omit<AgentFileConfig, 'server' | 'dataDir'> {
  configPath: string
  dataDir: string
  server: { name: string, role: ServerRole, product?: string, productVersion?: string }
}
