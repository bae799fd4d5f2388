import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, ErrorDetails, ErrorItem, ErrorSummary, describeError } from '../../protocol/index.js'
import { ERROR_LIST_STATUSES, ListError, errorSummary, listErrors } from '../store/lists.js'
import { toErrorItem } from '../store/errors.js'
import { canSee } from '../auth/viewer.js'
import { ChangeSet } from '../store/changes.js'
import { settle } from '../status/settle.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { dailyCounts, checkTimeZone } from './days.js'

const PageFilters = {
  obsolete: Type.Optional(Type.Boolean({ description: 'Include errors of obsolete (upgraded or expired) licenses' })),
  inactive: Type.Optional(Type.Boolean({ description: 'Include servers with no heartbeat for 30 days' })),
  code: Type.Optional(Type.String({ maxLength: 100, description: 'One error description, by its catalog code' }))
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/errors', {
    schema: {
      tags: ['errors'],
      summary: 'The Errors list, latest first',
      description: 'By default the active errors (New and Being fixed, not hidden by a filter) of active licenses whose server sent a heartbeat within 30 days.',
      querystring: Type.Object({
        ...ListQuerystring,
        ...PageFilters,
        status: Type.Optional(Type.Union(ERROR_LIST_STATUSES.map((s) => Type.Literal(s)), { description: 'active (default), new, being_fixed, filtered, closed' })),
        serverId: Type.Optional(Type.String({ description: 'One server\'s errors (Related errors), whatever its license or last heartbeat' }))
      }),
      response: { 200: Page(ErrorItem), ...ErrorResponses }
    }
  }, async (request) => {
    const page = listErrors(app.vigil.db, request.viewer!, { ...request.query, status: request.query.status as typeof ERROR_LIST_STATUSES[number] | undefined })
    return { items: page.items.map(toErrorItem), total: page.total }
  })

  app.get('/api/v1/errors/summary', {
    schema: {
      tags: ['errors'],
      summary: 'Number of new errors, servers with errors, and new errors per day for the last 30 days',
      querystring: Type.Object({ ...PageFilters, tz: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone of the days (default UTC)' })) }),
      response: { 200: ErrorSummary, ...ErrorResponses }
    }
  }, async (request) => {
    const timeZone = request.query.tz ?? 'UTC'
    if (!checkTimeZone(timeZone)) throw new ListError(`tz: unknown time zone "${timeZone}"`)
    const now = Date.now()
    const summary = errorSummary(app.vigil.db, request.viewer!, { ...request.query, now })
    return { newErrors: summary.newErrors, servers: summary.servers, updatedAt: new Date(now).toISOString(), timeZone, days: dailyCounts(summary.hourly, timeZone, now, 30) }
  })

  app.get('/api/v1/errors/:id', {
    schema: { tags: ['errors'], summary: 'One error with its solution text', params: Type.Object({ id: Type.Integer() }), response: { 200: ErrorDetails, ...ErrorResponses } }
  }, async (request, reply) => {
    const view = app.vigil.errors.view(request.params.id)
    if (!view || !canSee(request.viewer!, view)) return reply.code(404).send({ error: 'not_found', message: `no error ${request.params.id}` })
    return {
      ...toErrorItem(view),
      solution: describeError(view.code).solution,
      detail: view.detail,
      filterId: view.filterId,
      hiddenUntil: view.hiddenUntil === null ? null : new Date(view.hiddenUntil).toISOString()
    }
  })

  app.patch('/api/v1/errors/:id', {
    schema: {
      tags: ['errors'],
      summary: 'Mark an open error Being fixed, or New again',
      params: Type.Object({ id: Type.Integer() }),
      body: Type.Object({ status: Type.Union([Type.Literal('new'), Type.Literal('being_fixed')]) }),
      response: { 200: ErrorItem, 409: ApiError, ...ErrorResponses }
    }
  }, async (request, reply) => {
    const { vigil } = app
    const view = vigil.errors.view(request.params.id)
    if (!view || !canSee(request.viewer!, view)) return reply.code(404).send({ error: 'not_found', message: `no error ${request.params.id}` })
    if (view.lifecycle === 'closed') return reply.code(409).send({ error: 'closed', message: 'a closed error has no status to change' })
    const changes = new ChangeSet()
    vigil.db.transaction(() => {
      if (vigil.errors.setStatus(view.id, request.body.status)) changes.error(view.id, view.accountId)
      settle(vigil, view.serverId, view.accountId, Date.now(), changes)
    })()
    vigil.commit(changes)
    return toErrorItem(vigil.errors.view(view.id)!)
  })
}

export default routes
