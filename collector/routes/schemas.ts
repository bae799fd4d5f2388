import Type from 'typebox'
import { ApiError } from '../../protocol/index.js'

/** Query parameters every list takes (PROTOCOL.md §4). */
export const ListQuerystring = {
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Search text' })),
  sort: Type.Optional(Type.String({ maxLength: 40, description: '`field` or `-field` for descending' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Union([Type.Literal(10), Type.Literal(25), Type.Literal(50), Type.Literal(100)], { default: 25 }))
}

export const ErrorResponses = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError
}

export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() })
