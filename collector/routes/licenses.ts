import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Activation, ActivationsAdded, ApiError, ImportReport, ImportRequest, LicenseChange, LicenseCheck, LicenseCheckResult, LicenseDetails,
  LicenseItem, LicenseServer, NewActivations, NewLicense, NewLicenseServer, ServerChange, UpgradePreview, UpgradeRequest, UpgradeResult
} from '../../protocol/index.js'
import { InputError } from './input-error.js'
import { ErrorResponses, ListQuerystring, Page } from './schemas.js'
import { ChangeSet, clockAt } from '../registry/context.js'
import { CARE_FILTERS, LICENSE_STATUS_FILTERS, listLicenses } from '../registry/license-list.js'
import { readLicense } from '../registry/license-details.js'
import { checkRegistration, registerLicense } from '../registry/register.js'
import { editLicense } from '../registry/license-edit.js'
import { importLicenses } from '../registry/import.js'
import { addActivations, listActivations } from '../registry/activations.js'
import { addLicenseServer, editServer, serverItem } from '../registry/license-servers.js'
import { previewUpgrade, upgradeLicense } from '../registry/upgrade.js'

const Id = Type.Object({ id: Type.Integer() })
const Conflict = { 409: ApiError }

/** The Licenses page and license details (docs/api/registry.md, "Licenses"). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { vigil } = app
  // The bulk import takes the file as it is.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  /** Runs a change in one transaction, then publishes what it changed to live clients. */
  function change<T> (fn: (changes: ChangeSet) => T): T {
    const changes = new ChangeSet()
    const out = vigil.db.transaction(() => fn(changes))()
    vigil.commit(changes)
    return out
  }

  app.get('/api/v1/licenses', {
    schema: {
      tags: ['licenses'],
      summary: 'The Licenses list: search, sort and filter combined',
      querystring: Type.Object({
        ...ListQuerystring,
        status: Type.Optional(Type.Union(LICENSE_STATUS_FILTERS.map((s) => Type.Literal(s)), { description: 'active | obsolete | upgrade_available; absent: Any' })),
        care: Type.Optional(Type.Union(CARE_FILTERS.map((s) => Type.Literal(s)), { description: 'renewal_due (60 days) | expired; absent: Any' })),
        groupId: Type.Optional(Type.Integer({ description: 'Licenses in this license group' })),
        customerId: Type.Optional(Type.Integer()),
        registered: Type.Optional(Type.Boolean({ description: 'false: discovered from agents, not registered yet' }))
      }),
      response: { 200: Page(LicenseItem), ...ErrorResponses }
    }
  }, async (request) => listLicenses(vigil.db, request.viewer!, request.query, clockAt()))

  app.post('/api/v1/licenses/check', {
    schema: { tags: ['licenses'], summary: 'Register new license, step 1: check the SLC and MAC address', body: LicenseCheck, response: { 200: LicenseCheckResult, ...ErrorResponses, ...Conflict } }
  }, async (request) => {
    const checked = checkRegistration(vigil, request.viewer!, request.body)
    const known = checked.existing
      ? vigil.db.prepare('SELECT id, product, version, servers, customer FROM license_view WHERE id = ?').get(checked.existing.id) as { id: number, product: string | null, version: string | null, servers: number, customer: string }
      : null
    return { slc: checked.slc, mac: checked.mac, discovered: known }
  })

  app.post('/api/v1/licenses', {
    schema: { tags: ['licenses'], summary: 'Register new license (SLC)', body: NewLicense, response: { 201: LicenseDetails, ...ErrorResponses, ...Conflict } }
  }, async (request, reply) => {
    const clock = clockAt()
    const id = change((changes) => registerLicense(vigil, request.viewer!, request.body, clock, changes))
    request.log.info({ licenseId: id, by: request.viewer!.email }, 'license registered')
    return reply.code(201).send(readLicense(vigil.db, request.viewer!, id, clock))
  })

  app.post('/api/v1/licenses/import', {
    schema: {
      tags: ['licenses'],
      summary: 'Register licenses from a CSV file (SLC, MAC, customer, description, group), with a report per row',
      body: Type.Union([Type.String({ maxLength: 1024 * 1024 }), ImportRequest]),
      response: { 200: ImportReport, ...ErrorResponses }
    }
  }, async (request) => {
    const csv = typeof request.body === 'string' ? request.body : request.body.csv
    if (!csv.trim()) throw new InputError('validation', 'csv: the file has no license rows')
    const report = change((changes) => importLicenses(vigil, request.viewer!, csv, clockAt(), changes))
    request.log.info({ imported: report.imported, refused: report.refused, by: request.viewer!.email }, 'licenses imported')
    return report
  })

  app.get('/api/v1/licenses/:id', {
    schema: { tags: ['licenses'], summary: 'License details', params: Id, response: { 200: LicenseDetails, ...ErrorResponses } }
  }, async (request) => readLicense(vigil.db, request.viewer!, request.params.id, clockAt()))

  app.patch('/api/v1/licenses/:id', {
    schema: { tags: ['licenses'], summary: 'Change customer, description, groups, Care or license facts', params: Id, body: LicenseChange, response: { 200: LicenseDetails, ...ErrorResponses } }
  }, async (request) => {
    const clock = clockAt()
    change((changes) => editLicense(vigil, request.viewer!, request.params.id, request.body, clock, changes))
    return readLicense(vigil.db, request.viewer!, request.params.id, clock)
  })

  app.get('/api/v1/licenses/:id/activations', {
    schema: {
      tags: ['licenses'],
      summary: 'Activated device licenses of a license',
      params: Id,
      querystring: Type.Object({ ...ListQuerystring, serverId: Type.Optional(Type.String({ description: 'Only those on this server' })) }),
      response: { 200: Page(Activation), ...ErrorResponses }
    }
  }, async (request) => listActivations(vigil.db, request.viewer!, request.params.id, request.query))

  app.post('/api/v1/licenses/:id/activations', {
    schema: { tags: ['licenses'], summary: 'Record activated devices of a license', params: Id, body: NewActivations, response: { 201: ActivationsAdded, ...ErrorResponses } }
  }, async (request, reply) => {
    const added = vigil.db.transaction(() => addActivations(vigil, request.viewer!, request.params.id, request.body, clockAt()))()
    return reply.code(201).send(added)
  })

  app.post('/api/v1/licenses/:id/servers', {
    schema: { tags: ['licenses'], summary: 'Add a server known from the license (Not reporting until its agent reports)', params: Id, body: NewLicenseServer, response: { 201: LicenseServer, ...ErrorResponses, ...Conflict } }
  }, async (request, reply) => {
    const viewer = request.viewer!
    const license = readLicense(vigil.db, viewer, request.params.id, clockAt())
    const serverId = change((changes) => addLicenseServer(vigil, viewer, license.id, request.body, clockAt(), changes))
    return reply.code(201).send(serverItem(vigil.db, serverId))
  })

  app.patch('/api/v1/servers/:serverId', {
    schema: { tags: ['servers'], summary: 'A server\'s location and description', params: Type.Object({ serverId: Type.String() }), body: ServerChange, response: { 200: LicenseServer, ...ErrorResponses } }
  }, async (request) => {
    change((changes) => editServer(vigil, request.viewer!, request.params.serverId, request.body, clockAt(), changes))
    return serverItem(vigil.db, request.params.serverId)
  })

  app.get('/api/v1/licenses/:id/upgrade', {
    schema: { tags: ['licenses'], summary: 'Upgrade preview: whether, to what, and what moves', params: Id, response: { 200: UpgradePreview, ...ErrorResponses } }
  }, async (request) => previewUpgrade(vigil, request.viewer!, request.params.id, clockAt()))

  app.post('/api/v1/licenses/:id/upgrade', {
    schema: { tags: ['licenses'], summary: 'Upgrade license: register a new SLC and make this one obsolete', params: Id, body: UpgradeRequest, response: { 201: UpgradeResult, ...ErrorResponses, ...Conflict } }
  }, async (request, reply) => {
    const clock = clockAt()
    const viewer = request.viewer!
    const newId = change((changes) => upgradeLicense(vigil, viewer, request.params.id, request.body, clock, changes))
    const license = readLicense(vigil.db, viewer, newId, clock)
    request.log.info({ from: request.params.id, to: newId, by: viewer.email }, 'license upgraded')
    return reply.code(201).send({ previous: license.upgrades.upgradedFrom!, license })
  })
}

export default routes
