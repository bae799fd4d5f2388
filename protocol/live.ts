import Type, { type Static } from 'typebox'
import { ErrorItem } from './views/error-item.js'
import { ServerStatus } from './views/server-status.js'

/** WebSocket live feed of PROTOCOL.md §2, on `GET /api/v1/live`. */
export const LIVE_TOPICS = ['servers', 'errors', 'monitor'] as const
export const LiveTopic = Type.Union([Type.Literal('servers'), Type.Literal('errors'), Type.Literal('monitor')])
export type LiveTopic = (typeof LIVE_TOPICS)[number]

export const SubscribeMessage = Type.Object({
  type: Type.Literal('subscribe'),
  topics: Type.Array(LiveTopic, { minItems: 1, maxItems: LIVE_TOPICS.length }),
  since: Type.Optional(Type.Integer({ minimum: 0 }))
}, { $id: 'SubscribeMessage' })
export type SubscribeMessage = Static<typeof SubscribeMessage>

export const MonitorState = Type.Object({
  state: Type.Union([Type.Literal('error'), Type.Literal('ok')]),
  latest: Type.Union([ErrorItem, Type.Null()])
}, { $id: 'MonitorState' })
export type MonitorState = Static<typeof MonitorState>

export interface LiveItems {
  servers: ServerStatus
  errors: ErrorItem
  monitor: MonitorState
}

export type SnapshotMessage<T extends LiveTopic = LiveTopic> = { type: 'snapshot', topic: T, seq: number, items: LiveItems[T][] }
export type EventMessage<T extends LiveTopic = LiveTopic> = { type: 'event', topic: T, seq: number, item: LiveItems[T] }
export type PingMessage = { type: 'ping' }
export type ErrorMessage = { type: 'error', error: string, message: string }
export type ServerMessage = SnapshotMessage | EventMessage | PingMessage | ErrorMessage
