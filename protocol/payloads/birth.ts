import Type, { type Static } from 'typebox'
import { BootId, ShortText, Timestamp, Version } from './common.js'

export const ServerRole = Type.Union([
  Type.Literal('recording'), Type.Literal('management'), Type.Literal('event'), Type.Literal('mobile'),
  Type.Literal('log'), Type.Literal('combined'), Type.Literal('other')
])
export type ServerRole = Static<typeof ServerRole>

export const Birth = Type.Object({
  v: Version,
  bootId: BootId,
  ts: Timestamp,
  heartbeatIntervalS: Type.Integer({ minimum: 1, maximum: 3600 }),
  agent: Type.Object({ version: ShortText, os: ShortText, hostname: ShortText }),
  server: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 256 }),
    role: ServerRole,
    product: Type.Optional(ShortText),
    productVersion: Type.Optional(ShortText)
  }),
  slc: Type.Optional(ShortText),
  macs: Type.Optional(Type.Array(ShortText, { maxItems: 64 })),
  hardware: Type.Optional(Type.Object({
    vendor: Type.Optional(ShortText),
    model: Type.Optional(ShortText),
    serviceTag: Type.Optional(ShortText),
    disks: Type.Optional(Type.Array(Type.Object({
      model: Type.Optional(ShortText),
      serial: Type.Optional(ShortText),
      sizeBytes: Type.Optional(Type.Integer({ minimum: 0 }))
    }), { maxItems: 128 }))
  })),
  location: Type.Optional(Type.String({
    maxLength: 256,
    description: 'Extension: the site the agent was configured with; used until a person sets a location'
  }))
}, { $id: 'Birth', description: 'Sent at every (re)connect, retained' })
export type Birth = Static<typeof Birth>
