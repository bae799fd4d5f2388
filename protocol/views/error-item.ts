import Type, { type Static } from 'typebox'

export const ERROR_STATUSES = ['new', 'being_fixed', 'closed', 'filtered'] as const
export const ErrorStatus = Type.Union([Type.Literal('new'), Type.Literal('being_fixed'), Type.Literal('closed'), Type.Literal('filtered')])
export type ErrorStatus = (typeof ERROR_STATUSES)[number]

export const ERROR_STATUS_LABELS: Record<ErrorStatus, string> = {
  new: 'New', being_fixed: 'Being fixed', closed: 'Closed', filtered: 'Filtered'
}

const NullableString = Type.Union([Type.String(), Type.Null()])

export const ErrorItem = Type.Object({
  id: Type.Integer(),
  status: ErrorStatus,
  code: Type.String(),
  description: Type.String(),
  type: Type.String({ description: 'Camera failure, Disk failure, System or Unknown error type' }),
  level: Type.String({ description: 'Device or System' }),
  value: Type.String(),
  customer: Type.String(),
  slc: NullableString,
  serverId: Type.String(),
  server: Type.String(),
  location: NullableString,
  occurredAt: Type.String(),
  closedAt: NullableString
}, { $id: 'ErrorItem' })
export type ErrorItem = Static<typeof ErrorItem>
