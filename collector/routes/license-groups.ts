import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, LicenseGroup, LicenseGroupChange, LicenseGroupDetails, NewLicenseGroup } from '../../protocol/index.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { clockAt } from '../registry/context.js'
import { createGroup, deleteGroup, editGroup, listGroups, readGroup } from '../registry/license-groups.js'

const Id = Type.Object({ id: Type.Integer() })

/** The License groups page (docs/api/registry.md, "License groups"). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { vigil } = app

  app.get('/api/v1/license-groups', {
    schema: { tags: ['license groups'], summary: 'License groups with their numbers of licenses and servers', querystring: Type.Object(ListQuerystring), response: { 200: Page(LicenseGroup), ...ErrorResponses } }
  }, async (request) => listGroups(vigil.db, request.viewer!, request.query))

  app.post('/api/v1/license-groups', {
    schema: { tags: ['license groups'], summary: 'Create license group', body: NewLicenseGroup, response: { 201: LicenseGroupDetails, ...ErrorResponses, 409: ApiError } }
  }, async (request, reply) => {
    const id = vigil.db.transaction(() => createGroup(vigil, request.viewer!, request.body, clockAt()))()
    return reply.code(201).send(readGroup(vigil.db, request.viewer!, id))
  })

  app.get('/api/v1/license-groups/:id', {
    schema: { tags: ['license groups'], summary: 'A license group and its licenses', params: Id, response: { 200: LicenseGroupDetails, ...ErrorResponses } }
  }, async (request) => readGroup(vigil.db, request.viewer!, request.params.id))

  app.patch('/api/v1/license-groups/:id', {
    schema: { tags: ['license groups'], summary: 'Edit license group: name, description, licenses', params: Id, body: LicenseGroupChange, response: { 200: LicenseGroupDetails, ...ErrorResponses, 409: ApiError } }
  }, async (request) => {
    vigil.db.transaction(() => editGroup(vigil, request.viewer!, request.params.id, request.body))()
    return readGroup(vigil.db, request.viewer!, request.params.id)
  })

  app.delete('/api/v1/license-groups/:id', {
    schema: { tags: ['license groups'], summary: 'Delete license group (its licenses stay)', params: Id, response: { 204: Type.Null(), ...ErrorResponses } }
  }, async (request, reply) => {
    vigil.db.transaction(() => deleteGroup(vigil, request.viewer!, request.params.id))()
    return reply.code(204).send(null)
  })
}

export default routes
