import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, Location, LocationInput } from '../../protocol/index.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { createLocation, listLocations } from '../registry/locations.js'

/** Server locations: the choices of the Location pencil, and "New location". */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { vigil } = app

  app.get('/api/v1/locations', {
    schema: { tags: ['locations'], summary: 'Locations with their numbers of servers', querystring: Type.Object(ListQuerystring), response: { 200: Page(Location), ...ErrorResponses } }
  }, async (request) => listLocations(vigil.db, request.viewer!, request.query))

  app.post('/api/v1/locations', {
    schema: { tags: ['locations'], summary: 'New location', body: LocationInput, response: { 201: Location, ...ErrorResponses, 409: ApiError } }
  }, async (request, reply) => reply.code(201).send(vigil.db.transaction(() => createLocation(vigil, request.viewer!, request.body.name))()))
}

export default routes
