import {
  AgentState, Birth, ErrorSet, Heartbeat, parsePayload, validator,
  type AgentTopicSuffix, type Validator
} from '../../protocol/index.js'

const VALIDATORS: Record<AgentTopicSuffix, Validator<unknown>> = {
  birth: validator(Birth),
  state: validator(AgentState),
  heartbeat: validator(Heartbeat),
  errors: validator(ErrorSet)
}

/**
 * The payload as it goes on the wire, checked exactly as the collector will check it (size, JSON,
 * schema). Throws on a payload the collector would drop: that is a bug in the agent, and it must
 * surface here rather than as garbage on the wire.
 */
export function wirePayload (topic: AgentTopicSuffix, payload: unknown): string {
  const text = JSON.stringify(payload)
  const parsed = parsePayload(text, VALIDATORS[topic])
  if (!parsed.ok) throw new Error(`refusing to send an invalid ${topic} payload: ${parsed.message}`)
  return text
}
