/** MQTT topic layout of PROTOCOL.md §1: every agent topic is `vigil/v1/agents/{agentId}/{suffix}`. */
export const TOPIC_ROOT = 'vigil/v1/agents'

export const AGENT_TO_COLLECTOR = ['birth', 'state', 'heartbeat', 'errors'] as const
export type AgentTopicSuffix = (typeof AGENT_TO_COLLECTOR)[number]
export type TopicSuffix = AgentTopicSuffix | 'config'

export const AGENT_ID_PATTERN = '^[A-Za-z0-9._-]{1,64}$'
const agentIdRe = new RegExp(AGENT_ID_PATTERN)

export function isAgentId (value: string): boolean {
  return agentIdRe.test(value)
}

export function agentTopic (agentId: string, suffix: TopicSuffix): string {
  return `${TOPIC_ROOT}/${agentId}/${suffix}`
}

export interface ParsedTopic {
  agentId: string
  suffix: TopicSuffix
}

/** Parses an agent topic; null for anything outside the layout (wrong root, depth or suffix). */
export function parseAgentTopic (topic: string): ParsedTopic | null {
  const parts = topic.split('/')
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}/${parts[2]}` !== TOPIC_ROOT) return null
  const agentId = parts[3]!
  const suffix = parts[4]!
  if (!isAgentId(agentId)) return null
  if (suffix !== 'config' && !(AGENT_TO_COLLECTOR as readonly string[]).includes(suffix)) return null
  return { agentId, suffix: suffix as TopicSuffix }
}

/** Subscription filters an external-broker collector uses (`$share/` for several collectors). */
export function collectorSubscriptions (shareGroup?: string): string[] {
  return AGENT_TO_COLLECTOR.map((suffix) => {
    const filter = `${TOPIC_ROOT}/+/${suffix}`
    return shareGroup ? `$share/${shareGroup}/${filter}` : filter
  })
}
