import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createToken, listTokens, revokeToken } from '../store/tokens.js'
import { ErrorResponses } from './schemas.js'

const TokenView = Type.Object({
  id: Type.Integer(), kind: Type.String(), label: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.Integer(), Type.Null()]), slc: Type.Union([Type.String(), Type.Null()]),
  usesLeft: Type.Union([Type.Integer(), Type.Null()]), createdAt: Type.Integer(),
  lastUsedAt: Type.Union([Type.Integer(), Type.Null()]), revokedAt: Type.Union([Type.Integer(), Type.Null()])
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/tokens', {
    config: { access: 'admin' },
    schema: { tags: ['tokens'], summary: 'Enrollment and NOC tokens, with when each was last used', response: { 200: Type.Object({ items: Type.Array(TokenView), total: Type.Integer() }), ...ErrorResponses } }
  }, async (request) => {
    const items = listTokens(app.vigil.db, request.viewer!.accountId)
    return { items, total: items.length }
  })

  app.post('/api/v1/tokens', {
    config: { access: 'admin' },
    schema: {
      tags: ['tokens'],
      summary: 'Create a token; its value is shown only in this answer',
      body: Type.Object({
        kind: Type.Union([Type.Literal('enroll'), Type.Literal('noc')]),
        label: Type.Optional(Type.String({ maxLength: 200 })),
        customer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        slc: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        uses: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 }))
      }),
      response: { 200: Type.Object({ id: Type.Integer(), token: Type.String() }), ...ErrorResponses }
    }
  }, async (request, reply) => {
    const { vigil } = app
    const accountId = request.viewer!.accountId
    let customerId: number | null = null
    if (request.body.customer) {
      customerId = vigil.registry.findCustomerId(accountId, request.body.customer)
      if (customerId === null) return reply.code(400).send({ error: 'unknown_customer', message: `customer: no customer named "${request.body.customer}"` })
    }
    return createToken(vigil.db, { accountId, kind: request.body.kind, label: request.body.label, customerId, slc: request.body.slc, uses: request.body.uses })
  })

  app.delete('/api/v1/tokens/:id', {
    config: { access: 'admin' },
    schema: { tags: ['tokens'], summary: 'Revoke a token', params: Type.Object({ id: Type.Integer() }), response: { 204: Type.Null(), ...ErrorResponses } }
  }, async (request, reply) => {
    if (!revokeToken(app.vigil.db, request.viewer!.accountId, request.params.id)) return reply.code(404).send({ error: 'not_found', message: `no active token ${request.params.id}` })
    return reply.code(204).send(null)
  })
}

export default routes
