import { canSee, type Viewer } from '../auth/viewer.js'
import { randomToken } from '../auth/secrets.js'
import type { LicenseServer, NewLicenseServer, ServerChange } from '../../protocol/index.js'
import { RegistryError, notFound, settleServers, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { pickLocation } from './picks.js'
import { cleanText } from './sql.js'
import type { Db } from '../store/database.js'

/**
 * The servers of a license: those its agents report, and those known from the license alone (the
 * server used for activation, servers a person adds). A server known from the license has no agent and
 * is "Not reporting" (or "Reporting not supported" before 2014 R1) until an agent of that name reports
 * and takes the row over (ServerStore.forAgent adopts agent-less servers by name).
 */

interface ServerRow {
  id: string
  name: string
  locationId: number | null
  location: string | null
  description: string | null
  reporting: number
  monitoringStatus: LicenseServer['monitoringStatus']
  errorState: LicenseServer['errorState']
  onServer: number
  total: number | null
  used: number | null
  servers: number | null
}

function serverItems (db: Db, where: string, params: unknown[]): LicenseServer[] {
  const rows = db.prepare(`SELECT s.id, s.name, s.location_id AS locationId, loc.name AS location, s.description, s.reporting,
      s.monitoring_status AS monitoringStatus, s.error_state AS errorState, l.device_licenses AS total, l.device_licenses_used AS used,
      l.server_count AS servers,
      (SELECT COALESCE(sum(d.licenses_used), 0) FROM device_activations d WHERE d.license_id = s.license_id AND d.server_id = s.id) AS onServer
    FROM servers s LEFT JOIN locations loc ON loc.id = s.location_id LEFT JOIN licenses l ON l.id = s.license_id
    WHERE ${where} ORDER BY s.name COLLATE NOCASE, s.id`).all(...params) as ServerRow[]
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    locationId: s.locationId,
    location: s.location,
    description: s.description,
    reporting: s.reporting === 1,
    monitoringStatus: s.monitoringStatus,
    errorState: s.errorState,
    deviceLicenses: { onServer: s.onServer, relatedServers: Math.max(0, (s.servers ?? 1) - 1), onRelated: (s.used ?? 0) - s.onServer, total: s.total }
  }))
}

/** The servers list of the license details page. */
export function licenseServers (db: Db, licenseId: number): LicenseServer[] {
  return serverItems(db, 's.license_id = ?', [licenseId])
}

/** One server as the license details page lists it (with or without a license). */
export function serverItem (db: Db, serverId: string): LicenseServer {
  return serverItems(db, 's.id = ?', [serverId])[0]!
}

/**
 * Adds a server known from the license. An agent-less server of that name without a license in the
 * account is attached rather than duplicated.
 */
export function addLicenseServer (ctx: RegistryContext, viewer: Viewer, licenseId: number, input: NewLicenseServer, clock: Clock, changes: ChangeSet): string {
  const name = input.name.trim()
  const taken = ctx.db.prepare('SELECT 1 FROM servers WHERE license_id = ? AND name = ? COLLATE NOCASE').get(licenseId, name)
  if (taken) throw new RegistryError(409, 'server_exists', `name: the license already has a server named ${name}`)
  const locationId = pickLocation(ctx, viewer, input)
  const license = ctx.db.prepare('SELECT product, product_version AS version FROM licenses WHERE id = ?').get(licenseId) as { product: string | null, version: string | null }
  const loose = ctx.db.prepare('SELECT id FROM servers WHERE account_id = ? AND name = ? AND license_id IS NULL AND agent_id IS NULL').get(viewer.accountId, name) as { id: string } | undefined
  const id = loose?.id ?? `srv-${randomToken(9)}`
  if (loose) {
    ctx.db.prepare('UPDATE servers SET license_id = ?, location_id = COALESCE(?, location_id), description = COALESCE(?, description) WHERE id = ?')
      .run(licenseId, locationId ?? null, cleanText(input.description), id)
  } else {
    ctx.db.prepare(`INSERT INTO servers (id, account_id, name, license_id, location_id, description, product, product_version, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, viewer.accountId, name, licenseId, locationId ?? null, cleanText(input.description), license.product, license.version, clock.now)
  }
  syncKnownServers(ctx.db, licenseId)
  settleServers(ctx, [{ id, accountId: viewer.accountId }], clock.now, changes)
  return id
}

/**
 * Servers that never reported take their product and version from their license: that is all that is
 * known of them, and what "Reporting not supported" is decided on. A server's own report wins.
 */
export function syncKnownServers (db: Db, licenseId: number): void {
  db.prepare(`UPDATE servers SET product = (SELECT product FROM licenses WHERE id = ?), product_version = (SELECT product_version FROM licenses WHERE id = ?)
    WHERE license_id = ? AND birth IS NULL`).run(licenseId, licenseId, licenseId)
}

/** Location and description of a server (pencil icons of the license details page). */
export function editServer (ctx: RegistryContext, viewer: Viewer, serverId: string, change: ServerChange, clock: Clock, changes: ChangeSet): void {
  const view = ctx.servers.view(serverId)
  if (!view || !canSee(viewer, view)) notFound('server', serverId)
  const locationId = pickLocation(ctx, viewer, change)
  if (locationId !== undefined) ctx.db.prepare('UPDATE servers SET location_id = ? WHERE id = ?').run(locationId, serverId)
  if (change.description !== undefined) ctx.db.prepare('UPDATE servers SET description = ? WHERE id = ?').run(cleanText(change.description), serverId)
  settleServers(ctx, [{ id: serverId, accountId: view.accountId }], clock.now, changes)
}
