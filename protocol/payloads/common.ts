import Type from 'typebox'

/** ISO 8601 UTC with optional fraction; PROTOCOL.md asks senders for milliseconds, we accept any precision. */
export const Timestamp = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
  description: 'ISO 8601 UTC timestamp, e.g. 2026-11-23T06:00:00.000Z'
})

export const Version = Type.Literal(1, { description: 'Payload version' })
export const BootId = Type.String({ minLength: 1, maxLength: 64, description: 'New at every agent start' })
export const Seq = Type.Integer({ minimum: 0, description: 'Rises by one per message of this kind within one bootId' })
export const ShortText = Type.String({ maxLength: 256 })

/** Largest payload accepted on any agent topic (PROTOCOL.md §1). */
export const MAX_PAYLOAD_BYTES = 64 * 1024
