import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: { access: 'public' },
    schema: {
      tags: ['operations'],
      summary: 'Health of the collector and its dependencies',
      security: [],
      response: { 200: Type.Object({ status: Type.String(), checks: Type.Record(Type.String(), Type.String()) }), 503: Type.Object({ status: Type.String(), checks: Type.Record(Type.String(), Type.String()) }) }
    }
  }, async (_request, reply) => {
    const { vigil } = app
    const checks: Record<string, string> = {}
    try {
      vigil.db.prepare('SELECT 1').get()
      checks.database = 'ok'
    } catch (err) {
      checks.database = `down: ${(err as Error).message}`
    }
    checks.broker = vigil.broker ? 'ok' : 'down: not started'
    const ok = Object.values(checks).every((c) => c === 'ok')
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks })
  })

  app.get('/metrics', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics', security: [] } }, async (_request, reply) => {
    const { vigil } = app
    vigil.metrics.set('vigil_mqtt_connected_agents', vigil.broker?.connectedAgents() ?? 0)
    return reply.type('text/plain; version=0.0.4').send(vigil.metrics.render())
  })
}

export default routes
