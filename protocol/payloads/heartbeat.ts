import Type, { type Static } from 'typebox'
import { BootId, Seq, ShortText, Timestamp, Version } from './common.js'

export const ServiceState = Type.Union(
  [Type.Literal('running'), Type.Literal('stopped'), Type.Literal('starting'), Type.Literal('stopping'), Type.Literal('unknown')]
)
export type ServiceState = Static<typeof ServiceState>

export const DiskReading = Type.Object({
  mount: ShortText,
  label: Type.Optional(ShortText),
  sizeBytes: Type.Integer({ minimum: 0 }),
  usedBytes: Type.Integer({ minimum: 0 })
})
export type DiskReading = Static<typeof DiskReading>

export const ServiceReading = Type.Object({ name: ShortText, state: ServiceState })
export type ServiceReading = Static<typeof ServiceReading>

export const VmsReading = Type.Object({
  cameras: Type.Optional(Type.Object({
    total: Type.Integer({ minimum: 0 }),
    connected: Type.Integer({ minimum: 0 }),
    recording: Type.Integer({ minimum: 0 })
  })),
  liveFps: Type.Optional(Type.Number({ minimum: 0 })),
  recordingFps: Type.Optional(Type.Number({ minimum: 0 }))
})
export type VmsReading = Static<typeof VmsReading>

export const Heartbeat = Type.Object({
  v: Version,
  bootId: BootId,
  seq: Seq,
  ts: Timestamp,
  cpu: Type.Object({ pct: Type.Number({ minimum: 0, maximum: 100 }) }),
  mem: Type.Object({ usedBytes: Type.Integer({ minimum: 0 }), totalBytes: Type.Integer({ minimum: 0 }) }),
  disks: Type.Optional(Type.Array(DiskReading, { maxItems: 128 })),
  services: Type.Optional(Type.Array(ServiceReading, { maxItems: 256 })),
  vms: Type.Optional(VmsReading)
}, { $id: 'Heartbeat', description: 'Sent every heartbeatIntervalS; buffered ones keep their original ts' })
export type Heartbeat = Static<typeof Heartbeat>
