import Type, { type Static } from 'typebox'
import { ShortText, Version } from './common.js'

export const Thresholds = Type.Object({
  cpuPct: Type.Number({ minimum: 1, maximum: 100, default: 90 }),
  cpuHoldS: Type.Integer({ minimum: 0, default: 300 }),
  memPct: Type.Number({ minimum: 1, maximum: 100, default: 90 }),
  memHoldS: Type.Integer({ minimum: 0, default: 300 }),
  diskFreePct: Type.Number({ minimum: 0, maximum: 100, default: 5 })
})
export type Thresholds = Static<typeof Thresholds>

export const DEFAULT_THRESHOLDS: Thresholds = { cpuPct: 90, cpuHoldS: 300, memPct: 90, memHoldS: 300, diskFreePct: 5 }

export const AgentConfig = Type.Object({
  v: Version,
  version: Type.Optional(ShortText),
  heartbeatIntervalS: Type.Integer({ minimum: 1, maximum: 3600 }),
  thresholds: Type.Optional(Type.Partial(Thresholds))
}, { $id: 'AgentConfig', description: 'Collector → agent, retained on the agent\'s config topic' })
export type AgentConfig = Static<typeof AgentConfig>
