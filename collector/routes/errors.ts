import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorItem } from '../../protocol/index.js'
import { listErrors } from '../store/lists.js'
import { toErrorItem } from '../store/errors.js'
import { canSee } from '../auth/viewer.js'
import { ChangeSet } from '../store/changes.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { splitList } from './query.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/errors', {
    schema: {
      tags: ['errors'],
      summary: 'Errors, latest first (open ones unless status says otherwise)',
      querystring: Type.Object({
        ...ListQuerystring,
        status: Type.Optional(Type.String({ description: 'Comma-separated: new, being_fixed, closed (default: new,being_fixed)' })),
        serverId: Type.Optional(Type.String())
      }),
      response: { 200: Page(ErrorItem), ...ErrorResponses }
    }
  }, async (request) => {
    const { status, ...list } = request.query
    const page = listErrors(app.vigil.db, request.viewer!, { ...list, status: splitList('status', status, ['new', 'being_fixed', 'closed'] as const) })
    return { items: page.items.map(toErrorItem), total: page.total }
  })

  app.get('/api/v1/errors/:id', {
    schema: { tags: ['errors'], summary: 'One error', params: Type.Object({ id: Type.Integer() }), response: { 200: ErrorItem, ...ErrorResponses } }
  }, async (request, reply) => {
    const view = app.vigil.errors.view(request.params.id)
    if (!view || !canSee(request.viewer!, view)) return reply.code(404).send({ error: 'not_found', message: `no error ${request.params.id}` })
    return toErrorItem(view)
  })

  app.patch('/api/v1/errors/:id', {
    schema: {
      tags: ['errors'],
      summary: 'Mark an open error Being fixed, or New again',
      params: Type.Object({ id: Type.Integer() }),
      body: Type.Object({ status: Type.Union([Type.Literal('new'), Type.Literal('being_fixed')]) }),
      response: { 200: ErrorItem, 409: ErrorResponses[404], ...ErrorResponses }
    }
  }, async (request, reply) => {
    const { vigil } = app
    const view = vigil.errors.view(request.params.id)
    if (!view || !canSee(request.viewer!, view)) return reply.code(404).send({ error: 'not_found', message: `no error ${request.params.id}` })
    if (view.status === 'closed') return reply.code(409).send({ error: 'closed', message: 'a closed error has no status to change' })
    const changes = new ChangeSet()
    vigil.db.transaction(() => {
      if (vigil.errors.setStatus(view.id, request.body.status)) changes.error(view.id, view.accountId)
      if (vigil.servers.refreshStatus(view.serverId, Date.now())) changes.server(view.serverId, view.accountId)
    })()
    vigil.commit(changes)
    return toErrorItem(vigil.errors.view(view.id)!)
  })
}

export default routes
