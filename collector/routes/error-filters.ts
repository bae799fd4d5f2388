import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ERROR_CATALOG, ErrorFilter, ErrorFilterChange, NewErrorFilter } from '../../protocol/index.js'
import { canSee, visibilityWhere, type Viewer } from '../auth/viewer.js'
import { NotFoundError } from './input-error.js'
import type { FilterView } from '../filters/filter-store.js'
import { ChangeSet } from '../store/changes.js'
import { settle } from '../status/settle.js'
import { ACTIONS, DURATIONS, THRESHOLDS, expiryOf } from '../filters/actions.js'
import { checkFilter } from '../filters/check.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { vigil } = app

  app.get('/api/v1/error-filters', {
    schema: { tags: ['error filters'], summary: 'Error filters, newest first', querystring: Type.Object(ListQuerystring), response: { 200: Page(ErrorFilter), ...ErrorResponses } }
  }, async (request) => vigil.filters.list(request.viewer!, request.query, Date.now()))

  app.get('/api/v1/error-filters/choices', {
    schema: {
      tags: ['error filters'],
      summary: 'What the filter form offers: customers → licenses → servers, durations, thresholds, actions, error descriptions'
    }
  }, async (request) => {
    const vis = visibilityWhere(request.viewer!, 'v')
    const rows = vigil.db.prepare(`SELECT v.customerId, v.customer, v.licenseId, v.slc, v.serverId, v.name FROM server_view v
      WHERE ${vis.sql} AND v.customerId IS NOT NULL AND v.licenseId IS NOT NULL ORDER BY v.customer, v.slc, v.name`).all(...vis.params) as
      Array<{ customerId: number, customer: string, licenseId: number, slc: string, serverId: string, name: string }>
    const customers = new Map<number, { id: number, name: string, licenses: Map<number, { id: number, slc: string, servers: Array<{ id: string, name: string }> }> }>()
    for (const r of rows) {
      const customer = customers.get(r.customerId) ?? customers.set(r.customerId, { id: r.customerId, name: r.customer, licenses: new Map() }).get(r.customerId)!
      const license = customer.licenses.get(r.licenseId) ?? customer.licenses.set(r.licenseId, { id: r.licenseId, slc: r.slc, servers: [] }).get(r.licenseId)!
      license.servers.push({ id: r.serverId, name: r.name })
    }
    return {
      customers: [...customers.values()].map((c) => ({ id: c.id, name: c.name, licenses: [...c.licenses.values()] })),
      durations: DURATIONS.map(({ id, label }) => ({ id, label })),
      thresholds: THRESHOLDS,
      actions: Object.values(ACTIONS).map(({ id, label, levels, needsValue, needsCode }) => ({ id, label, levels, needsValue, needsCode })),
      descriptions: ERROR_CATALOG.map(({ code, description, level }) => ({ code, description, level }))
    }
  })

  app.get('/api/v1/error-filters/:id', {
    schema: { tags: ['error filters'], summary: 'One error filter', params: Type.Object({ id: Type.Integer() }), response: { 200: ErrorFilter, ...ErrorResponses } }
  }, async (request) => {
    return visibleFilter(request.params.id, request.viewer!, Date.now())
  })

  app.post('/api/v1/error-filters', {
    schema: { tags: ['error filters'], summary: 'Create an error filter, from scratch or from an error', body: NewErrorFilter, response: { 201: ErrorFilter, ...ErrorResponses } }
  }, async (request, reply) => {
    const viewer = request.viewer!
    const now = Date.now()
    const checked = checkFilter(vigil, viewer, request.body)
    const changes = new ChangeSet()
    const id = vigil.db.transaction(() => {
      const created = vigil.filters.create({
        ...checked, accountId: viewer.accountId, createdAt: now, expiresAt: expiryOf(checked.duration, now), createdBy: viewer.userId ?? null
      })
      settle(vigil, checked.serverId, viewer.accountId, now, changes)
      return created
    })()
    vigil.commit(changes)
    request.log.info({ filterId: id, serverId: checked.serverId, action: checked.action, by: viewer.email }, 'error filter created')
    return reply.code(201).send(vigil.filters.get(id, now)!)
  })

  app.patch('/api/v1/error-filters/:id', {
    schema: { tags: ['error filters'], summary: 'Change an error filter', params: Type.Object({ id: Type.Integer() }), body: ErrorFilterChange, response: { 200: ErrorFilter, ...ErrorResponses } }
  }, async (request) => {
    const viewer = request.viewer!
    const now = Date.now()
    const current = visibleFilter(request.params.id, viewer, now)
    const duration = request.body.duration ?? current.duration
    const checked = checkFilter(vigil, viewer, {
      customerId: current.customerId, licenseId: current.licenseId, serverId: current.serverId,
      code: request.body.code === undefined ? current.code : request.body.code,
      value: current.value,
      action: request.body.action ?? current.action,
      duration,
      thresholdS: request.body.thresholdS ?? current.thresholdS
    })
    const changes = new ChangeSet()
    vigil.db.transaction(() => {
      // A new duration runs from the filter's creation, as the manual's expiration date does.
      vigil.filters.update({ id: current.id, code: checked.code, action: checked.action, duration, thresholdS: checked.thresholdS, expiresAt: expiryOf(duration, Date.parse(current.createdAt)) })
      settle(vigil, current.serverId, viewer.accountId, now, changes)
    })()
    vigil.commit(changes)
    return vigil.filters.get(current.id, now)!
  })

  app.delete('/api/v1/error-filters/:id', {
    schema: { tags: ['error filters'], summary: 'Delete an error filter for good; the errors it hid come back', params: Type.Object({ id: Type.Integer() }), response: { 204: Type.Null(), ...ErrorResponses } }
  }, async (request, reply) => {
    const viewer = request.viewer!
    const now = Date.now()
    const current = visibleFilter(request.params.id, viewer, now)
    const changes = new ChangeSet()
    vigil.db.transaction(() => {
      for (const errorId of vigil.filters.delete(current.id)) changes.error(errorId, viewer.accountId)
      settle(vigil, current.serverId, viewer.accountId, now, changes)
    })()
    vigil.commit(changes)
    return reply.code(204).send(null)
  })

  function visibleFilter (id: number, viewer: Viewer, now: number): FilterView {
    const filter = vigil.filters.get(id, now)
    if (!filter || !canSee(viewer, filter)) throw new NotFoundError(`no error filter ${id}`)
    return filter
  }
}

export default routes
