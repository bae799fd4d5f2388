import Type, { type Static } from 'typebox'
import { BootId, Seq, ShortText, Timestamp, Version } from './common.js'

export const ERROR_CODE_PATTERN = '^[a-z0-9_]{1,100}$'

export const ReportedError = Type.Object({
  code: Type.String({ pattern: ERROR_CODE_PATTERN, description: 'Catalog code: the manual\'s description in lower snake_case' }),
  value: ShortText,
  since: Type.Optional(Timestamp),
  detail: Type.Optional(Type.String({ maxLength: 1024 }))
})
export type ReportedError = Static<typeof ReportedError>

export const ErrorSet = Type.Object({
  v: Version,
  bootId: BootId,
  seq: Seq,
  ts: Timestamp,
  errors: Type.Array(ReportedError, { maxItems: 1000 })
}, { $id: 'ErrorSet', description: 'The full set of errors the server reports now; an absent error has cleared' })
export type ErrorSet = Static<typeof ErrorSet>
