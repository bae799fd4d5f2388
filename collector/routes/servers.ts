import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ERROR_STATES, MONITORING_STATUSES, ServerStatus } from '../../protocol/index.js'
import { listServers } from '../store/lists.js'
import { toServerStatus } from '../store/servers.js'
import { canSee } from '../auth/viewer.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { splitList } from './query.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/servers', {
    schema: {
      tags: ['servers'],
      summary: 'Server status list',
      querystring: Type.Object({
        ...ListQuerystring,
        monitoringStatus: Type.Optional(Type.String({ description: `Comma-separated: ${MONITORING_STATUSES.join(', ')}` })),
        errorState: Type.Optional(Type.String({ description: `Comma-separated: ${ERROR_STATES.join(', ')}` }))
      }),
      response: { 200: Page(ServerStatus), ...ErrorResponses }
    }
  }, async (request) => {
    const { monitoringStatus, errorState, ...list } = request.query
    const page = listServers(app.vigil.db, request.viewer!, {
      ...list,
      monitoringStatus: splitList('monitoringStatus', monitoringStatus, MONITORING_STATUSES),
      errorState: splitList('errorState', errorState, ERROR_STATES)
    })
    return { items: page.items.map(toServerStatus), total: page.total }
  })

  app.get('/api/v1/servers/:id', {
    schema: { tags: ['servers'], summary: 'One server', params: Type.Object({ id: Type.String() }), response: { 200: ServerStatus, ...ErrorResponses } }
  }, async (request, reply) => {
    const view = app.vigil.servers.view(request.params.id)
    if (!view || !canSee(request.viewer!, view)) return reply.code(404).send({ error: 'not_found', message: `no server ${request.params.id}` })
    return toServerStatus(view)
  })
}

export default routes
