import Type, { type Static } from 'typebox'
import { ErrorItem } from '../views/error-item.js'

const NullableString = Type.Union([Type.String(), Type.Null()])

/** GET /api/v1/errors/{id}: the list item plus what the details page shows. */
export const ErrorDetails = Type.Intersect([ErrorItem, Type.Object({
  solution: Type.String({ description: 'The catalog\'s solution text' }),
  detail: NullableString,
  filterId: Type.Union([Type.Integer(), Type.Null()], { description: 'The error filter that hides it now' }),
  hiddenUntil: Type.Union([Type.String(), Type.Null()], { description: 'When a threshold filter stops hiding it' })
})], { $id: 'ErrorDetails' })
export type ErrorDetails = Static<typeof ErrorDetails>

/** GET /api/v1/errors/summary: the Errors page's summary box and 30-day chart. */
export const ErrorSummary = Type.Object({
  newErrors: Type.Integer(),
  servers: Type.Integer({ description: 'Servers with active errors' }),
  updatedAt: Type.String(),
  timeZone: Type.String(),
  days: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() }), { description: '30 days, oldest first' })
}, { $id: 'ErrorSummary' })
export type ErrorSummary = Static<typeof ErrorSummary>

export const FilterActionId = Type.Union([
  Type.Literal('ignore_error_from_device'), Type.Literal('ignore_error_on_server'), Type.Literal('ignore_all_from_device'),
  Type.Literal('ignore_all_from_server'), Type.Literal('do_not_monitor')
])
export const DurationId = Type.Union([
  Type.Literal('1h'), Type.Literal('8h'), Type.Literal('24h'), Type.Literal('3d'), Type.Literal('7d'),
  Type.Literal('14d'), Type.Literal('30d'), Type.Literal('90d'), Type.Literal('forever')
])

export const ErrorFilter = Type.Object({
  id: Type.Integer(),
  createdAt: Type.String(),
  customerId: Type.Integer(),
  customer: Type.String(),
  licenseId: Type.Integer(),
  slc: Type.String(),
  serverId: Type.String(),
  server: Type.String(),
  code: NullableString,
  description: Type.String({ description: '"All errors" when code is null' }),
  value: NullableString,
  action: FilterActionId,
  duration: DurationId,
  expiresAt: NullableString,
  thresholdS: Type.Integer(),
  active: Type.Boolean()
}, { $id: 'ErrorFilter' })
export type ErrorFilter = Static<typeof ErrorFilter>

/** POST /api/v1/error-filters. Customer, license and server are checked by hand for the manual's messages. */
export const NewErrorFilter = Type.Object({
  customerId: Type.Optional(Type.Integer()),
  licenseId: Type.Optional(Type.Integer()),
  serverId: Type.Optional(Type.String()),
  // Null first: with a string first, Fastify's type coercion would turn null into "".
  code: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 100 })])),
  errorId: Type.Optional(Type.Integer({ description: 'Create from this error: its value (read-only) and, unless given, its code' })),
  action: Type.Optional(FilterActionId),
  duration: DurationId,
  thresholdS: Type.Optional(Type.Integer({ minimum: 0 }))
}, { $id: 'NewErrorFilter' })
export type NewErrorFilter = Static<typeof NewErrorFilter>

export const ErrorFilterChange = Type.Object({
  // Null first: with a string first, Fastify's type coercion would turn null into "".
  code: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 100 })])),
  action: Type.Optional(FilterActionId),
  duration: Type.Optional(DurationId),
  thresholdS: Type.Optional(Type.Integer({ minimum: 0 }))
}, { $id: 'ErrorFilterChange' })
export type ErrorFilterChange = Static<typeof ErrorFilterChange>
