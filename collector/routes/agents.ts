import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, EnrollRequest, EnrollResponse } from '../../protocol/index.js'
import { consumeEnrollToken } from '../store/tokens.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/agents/enroll', {
    config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
    schema: {
      tags: ['agents'],
      summary: 'Enroll an agent with a one-time (or N-use) enrollment token',
      security: [],
      body: EnrollRequest,
      response: { 200: EnrollResponse, 400: ApiError, 401: ApiError, 503: ApiError }
    }
  }, async (request, reply) => {
    const { vigil } = app
    const token = consumeEnrollToken(vigil.db, request.body.token)
    if (!token) {
      vigil.metrics.inc('vigil_enroll_refused_total')
      return reply.code(401).send({ error: 'bad_token', message: 'enrollment token unknown, revoked or already used' })
    }
    const mqttUrl = vigil.config.publicMqttUrl ?? vigil.broker?.url
    if (!mqttUrl) return reply.code(503).send({ error: 'no_broker', message: 'the collector has no MQTT broker running' })
    const agent = vigil.agents.create({ accountId: token.accountId, hostname: request.body.hostname, customerId: token.customerId, slc: token.slc })
    request.log.info({ agentId: agent.agentId, hostname: request.body.hostname }, 'agent enrolled')
    return { agentId: agent.agentId, secret: agent.secret, mqttUrl }
  })
}

export default routes
