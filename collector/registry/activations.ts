import type { Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import { InputError } from '../routes/input-error.js'
import type { ListQuery, Page } from '../store/lists.js'
import type { Activation, NewActivations } from '../../protocol/index.js'
import { checkDay } from './care.js'
import { checkMac } from './codes.js'
import { notFound, type Clock, type RegistryContext } from './context.js'
import { visibleLicense } from './license-list.js'
import { cleanText, like, pageOf, sortClause } from './sql.js'

/**
 * "Activated device licenses" of a license: date, MAC address, DLK description, device name and
 * licenses used, per device. The license's counts (activated devices, N of "N out of M") follow by
 * trigger.
 */
const SORT: Record<string, string> = {
  activatedAt: 'v.activated_on', mac: 'v.mac', deviceName: 'v.device_name COLLATE NOCASE',
  dlkDescription: 'v.dlk_description COLLATE NOCASE', licensesUsed: 'v.licenses_used'
}

export function listActivations (db: Db, viewer: Viewer, licenseId: number, q: ListQuery & { serverId?: string }): Page<Activation> {
  if (!visibleLicense(db, viewer, licenseId)) notFound('license', licenseId)
  const where = ['v.license_id = ?']
  const params: unknown[] = [licenseId]
  if (q.serverId !== undefined) { where.push('v.server_id = ?'); params.push(q.serverId) }
  if (q.q?.trim()) {
    where.push("(v.device_name LIKE ? ESCAPE '\\' OR v.mac LIKE ? ESCAPE '\\' OR v.dlk_description LIKE ? ESCAPE '\\')")
    const p = like(q.q)
    params.push(p, p, p)
  }
  return pageOf<Activation>(db, {
    select: `v.id, v.activated_on AS activatedAt, v.mac, v.dlk_description AS dlkDescription, v.device_name AS deviceName,
      v.licenses_used AS licensesUsed, v.server_id AS serverId, s.name AS server`,
    from: 'device_activations v LEFT JOIN servers s ON s.id = v.server_id',
    where,
    params,
    order: sortClause(q.sort, SORT, 'v.activated_on DESC', 'v.id DESC')
  }, q)
}

export function addActivations (ctx: RegistryContext, viewer: Viewer, licenseId: number, body: NewActivations, clock: Clock): { added: number, deviceLicenses: { activated: number, total: number | null } } {
  if (!visibleLicense(ctx.db, viewer, licenseId)) notFound('license', licenseId)
  const servers = new Set((ctx.db.prepare('SELECT id FROM servers WHERE license_id = ?').all(licenseId) as Array<{ id: string }>).map((s) => s.id))
  const insert = ctx.db.prepare(`INSERT INTO device_activations (license_id, server_id, activated_on, mac, dlk_description, device_name, licenses_used)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  body.items.forEach((item, i) => {
    const field = `items/${i}`
    if (item.serverId != null && !servers.has(item.serverId)) throw new InputError('validation', `${field}/serverId: not a server of this license`)
    insert.run(licenseId, item.serverId ?? null, item.activatedAt ? checkDay(item.activatedAt, `${field}/activatedAt`) : clock.today,
      item.mac ? checkMac(item.mac, `${field}/mac`) : null, cleanText(item.dlkDescription), item.deviceName.trim(), item.licensesUsed ?? 1)
  })
  const counts = ctx.db.prepare('SELECT device_licenses_used AS activated, device_licenses AS total FROM licenses WHERE id = ?').get(licenseId) as { activated: number, total: number | null }
  return { added: body.items.length, deviceLicenses: counts }
}
