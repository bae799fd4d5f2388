import Type, { type Static } from 'typebox'
import { Timestamp, Version } from './common.js'

export const AgentState = Type.Object({
  v: Version,
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  ts: Timestamp
}, { $id: 'AgentState', description: 'Retained; the Last Will carries "offline"' })
export type AgentState = Static<typeof AgentState>
