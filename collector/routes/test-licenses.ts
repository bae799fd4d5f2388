import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, NewTestLicense, Product, TestLicense, TestLicenseChange, TestLicenseDetails, TestLicenseSummary } from '../../protocol/index.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { ChangeSet, clockAt } from '../registry/context.js'
import { catalogView } from '../registry/catalog.js'
import {
  TEST_STATUS_FILTERS, createTestLicense, deactivateTestLicense, editTestLicense, listTestLicenses, readTestLicense, setTestPool, testSummary
} from '../registry/test-licenses.js'

const Id = Type.Object({ id: Type.Integer() })

/** The Test licenses page (docs/api/registry.md, "Test licenses"). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { vigil } = app

  app.get('/api/v1/test-licenses/summary', {
    schema: { tags: ['test licenses'], summary: 'Available, Active and About to expire (30 days) test licenses', response: { 200: TestLicenseSummary, ...ErrorResponses } }
  }, async (request) => testSummary(vigil.db, request.viewer!.accountId, clockAt()))

  app.patch('/api/v1/test-licenses/pool', {
    config: { access: 'admin' },
    schema: { tags: ['test licenses'], summary: 'Set the account\'s pool of test licenses', body: Type.Object({ size: Type.Integer({ minimum: 0, maximum: 1000 }) }), response: { 200: TestLicenseSummary, ...ErrorResponses } }
  }, async (request) => {
    setTestPool(vigil.db, request.viewer!.accountId, request.body.size)
    return testSummary(vigil.db, request.viewer!.accountId, clockAt())
  })

  app.get('/api/v1/test-licenses/products', {
    schema: { tags: ['test licenses'], summary: 'Products and versions offered as test licenses', response: { 200: Page(Product), ...ErrorResponses } }
  }, async () => {
    const items = catalogView(clockAt().today, true)
    return { items, total: items.length }
  })

  app.get('/api/v1/test-licenses', {
    schema: {
      tags: ['test licenses'],
      summary: 'Test licenses, by expiration date',
      querystring: Type.Object({ ...ListQuerystring, status: Type.Optional(Type.Union(TEST_STATUS_FILTERS.map((s) => Type.Literal(s)))) }),
      response: { 200: Page(TestLicense), ...ErrorResponses }
    }
  }, async (request) => listTestLicenses(vigil.db, request.viewer!, request.query, clockAt()))

  app.post('/api/v1/test-licenses', {
    schema: { tags: ['test licenses'], summary: 'Create test license (365 days)', body: NewTestLicense, response: { 201: TestLicenseDetails, ...ErrorResponses, 409: ApiError } }
  }, async (request, reply) => {
    const clock = clockAt()
    const id = vigil.db.transaction(() => createTestLicense(vigil, request.viewer!, request.body, clock))()
    request.log.info({ licenseId: id, by: request.viewer!.email }, 'test license created')
    return reply.code(201).send(readTestLicense(vigil.db, request.viewer!, id, clock))
  })

  app.get('/api/v1/test-licenses/:id', {
    schema: { tags: ['test licenses'], summary: 'Test license details', params: Id, response: { 200: TestLicenseDetails, ...ErrorResponses } }
  }, async (request) => readTestLicense(vigil.db, request.viewer!, request.params.id, clockAt()))

  app.patch('/api/v1/test-licenses/:id', {
    schema: { tags: ['test licenses'], summary: 'Change customer, description, groups or expiration reminder', params: Id, body: TestLicenseChange, response: { 200: TestLicenseDetails, ...ErrorResponses } }
  }, async (request) => {
    const clock = clockAt()
    const changes = new ChangeSet()
    vigil.db.transaction(() => editTestLicense(vigil, request.viewer!, request.params.id, request.body, clock, changes))()
    vigil.commit(changes)
    return readTestLicense(vigil.db, request.viewer!, request.params.id, clock)
  })

  app.post('/api/v1/test-licenses/:id/deactivate', {
    schema: { tags: ['test licenses'], summary: 'Deactivate license: returns one to the pool', params: Id, response: { 200: TestLicenseDetails, ...ErrorResponses, 409: ApiError } }
  }, async (request) => {
    const clock = clockAt()
    const changes = new ChangeSet()
    vigil.db.transaction(() => deactivateTestLicense(vigil, request.viewer!, request.params.id, clock, changes))()
    vigil.commit(changes)
    return readTestLicense(vigil.db, request.viewer!, request.params.id, clock)
  })
}

export default routes
