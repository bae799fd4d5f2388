import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, Customer, CustomerDetails, CustomerInput, CustomerRemoval, CustomerServer } from '../../protocol/index.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { ChangeSet, clockAt } from '../registry/context.js'
import {
  createCustomer, customerLicenses, customerServers, listCustomers, readCustomer, removalPreview, removeCustomer, renameCustomer
} from '../registry/customers.js'

const Id = Type.Object({ id: Type.Integer() })

/** The Customers page (docs/api/registry.md, "Customers"). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { vigil } = app

  app.get('/api/v1/customers', {
    schema: { tags: ['customers'], summary: 'Customers with their numbers of licenses, servers and activated hardware devices', querystring: Type.Object(ListQuerystring), response: { 200: Page(Customer), ...ErrorResponses } }
  }, async (request) => listCustomers(vigil.db, request.viewer!, request.query))

  app.post('/api/v1/customers', {
    schema: { tags: ['customers'], summary: 'Add customer', body: CustomerInput, response: { 201: Customer, ...ErrorResponses, 409: ApiError } }
  }, async (request, reply) => {
    const id = vigil.db.transaction(() => createCustomer(vigil, request.viewer!, request.body.name, clockAt()))()
    return reply.code(201).send(readCustomer(vigil.db, request.viewer!, id))
  })

  app.get('/api/v1/customers/:id', {
    schema: { tags: ['customers'], summary: 'Customer details with its licenses', params: Id, response: { 200: CustomerDetails, ...ErrorResponses } }
  }, async (request) => {
    const customer = readCustomer(vigil.db, request.viewer!, request.params.id)
    return { ...customer, licenseList: customerLicenses(vigil.db, customer.id, clockAt()) }
  })

  app.get('/api/v1/customers/:id/servers', {
    schema: {
      tags: ['customers'],
      summary: 'The customer\'s servers: location, server, product, SLC, Care coverage, license groups',
      params: Id,
      querystring: Type.Object(ListQuerystring),
      response: { 200: Page(CustomerServer), ...ErrorResponses }
    }
  }, async (request) => customerServers(vigil.db, request.viewer!, request.params.id, request.query, clockAt()))

  app.patch('/api/v1/customers/:id', {
    schema: { tags: ['customers'], summary: 'Rename a customer', params: Id, body: CustomerInput, response: { 200: Customer, ...ErrorResponses, 409: ApiError } }
  }, async (request) => {
    const changes = new ChangeSet()
    vigil.db.transaction(() => renameCustomer(vigil, request.viewer!, request.params.id, request.body.name, changes))()
    vigil.commit(changes)
    return readCustomer(vigil.db, request.viewer!, request.params.id)
  })

  app.get('/api/v1/customers/:id/removal', {
    schema: { tags: ['customers'], summary: 'What removing the customer affects (for the confirmation)', params: Id, response: { 200: CustomerRemoval, ...ErrorResponses } }
  }, async (request) => removalPreview(vigil, request.viewer!, request.params.id))

  app.delete('/api/v1/customers/:id', {
    schema: { tags: ['customers'], summary: 'Remove customer: its licenses become Unspecified', params: Id, response: { 204: Type.Null(), ...ErrorResponses } }
  }, async (request, reply) => {
    const changes = new ChangeSet()
    vigil.db.transaction(() => removeCustomer(vigil, request.viewer!, request.params.id, clockAt(), changes))()
    vigil.commit(changes)
    request.log.info({ customerId: request.params.id, by: request.viewer!.email }, 'customer removed')
    return reply.code(204).send(null)
  })
}

export default routes
