import type { Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import { InputError } from '../routes/input-error.js'
import type { ListQuery, Page } from '../store/lists.js'
import type { LicenseGroup, LicenseGroupChange, LicenseGroupDetails, NewLicenseGroup } from '../../protocol/index.js'
import { productLabel } from './catalog.js'
import { RegistryError, notFound, type Clock, type RegistryContext } from './context.js'
import { cleanText, like, pageOf, placeholders, sortClause } from './sql.js'

/**
 * License groups: named sets of licenses (a license may be in several) that error reports and Care
 * reminders are set up for. Counts are of the licenses the viewer may see.
 */
const SORT: Record<string, string> = { name: 'v.name COLLATE NOCASE', description: 'v.description COLLATE NOCASE', licenses: 'v.licenses', servers: 'v.servers' }

/**
 * Groups with their numbers of licenses and servers: kept on the group row by triggers for a viewer
 * who sees the whole account; for one scoped to a customer, summed over that customer's licenses.
 */
function groupsFrom (viewer: Viewer, inner: string): { from: string, params: unknown[] } {
  if (viewer.customerId === null) {
    return {
      from: `(SELECT g.id AS id, g.name AS name, g.description AS description, g.license_count AS licenses, g.server_count AS servers
        FROM license_groups g WHERE g.account_id = ? AND ${inner}) v`,
      params: [viewer.accountId]
    }
  }
  return {
    from: `(SELECT g.id AS id, g.name AS name, g.description AS description, COALESCE(mine.licenses, 0) AS licenses, COALESCE(mine.servers, 0) AS servers
      FROM license_groups g LEFT JOIN (SELECT m.group_id AS groupId, count(*) AS licenses, sum(l.server_count) AS servers
        FROM licenses l JOIN license_group_members m ON m.license_id = l.id WHERE l.customer_id = ? GROUP BY m.group_id) mine ON mine.groupId = g.id
      WHERE g.account_id = ? AND ${inner}) v`,
    params: [viewer.customerId, viewer.accountId]
  }
}

export function listGroups (db: Db, viewer: Viewer, q: ListQuery): Page<LicenseGroup> {
  const search = q.q?.trim() ? "(g.name LIKE ? ESCAPE '\\' OR g.description LIKE ? ESCAPE '\\')" : '1'
  const { from, params } = groupsFrom(viewer, search)
  if (q.q?.trim()) params.push(like(q.q), like(q.q))
  return pageOf<LicenseGroup>(db, { select: 'v.*', from, where: [], params, order: sortClause(q.sort, SORT, 'v.name COLLATE NOCASE', 'v.id') }, q)
}

export function readGroup (db: Db, viewer: Viewer, id: number): LicenseGroupDetails {
  const { from, params } = groupsFrom(viewer, 'g.id = ?')
  const group = db.prepare(`SELECT v.* FROM ${from}`).get(...params, id) as LicenseGroup | undefined
  if (!group) notFound('license group', id)
  const scope = viewer.customerId === null ? '' : ' AND v.customerId = ?'
  const members = db.prepare(`SELECT v.id, v.slc, v.product, v.version, v.kind, v.customer, v.description FROM license_group_members m
    JOIN license_view v ON v.id = m.license_id WHERE m.group_id = ?${scope} ORDER BY v.slc`)
    .all(...(viewer.customerId === null ? [id] : [id, viewer.customerId])) as Array<{ id: number, slc: string, product: string | null, version: string | null,
      kind: string, customer: string, description: string | null }>
  return {
    ...group,
    licenseList: members.map((l) => ({ id: l.id, slc: l.slc, productLabel: productLabel(l.product, l.version, l.kind === 'test'), customer: l.customer, description: l.description }))
  }
}

function checkName (ctx: RegistryContext, accountId: number, raw: string, except?: number): string {
  const name = raw.trim()
  if (!name) throw new InputError('validation', 'name is required')
  const other = ctx.db.prepare('SELECT id FROM license_groups WHERE account_id = ? AND name = ?').get(accountId, name) as { id: number } | undefined
  if (other && other.id !== except) throw new RegistryError(409, 'group_exists', `name: a license group named "${name}" already exists`)
  return name
}

/** Licenses of the account the viewer may see; 400 naming the first that is not. */
function checkLicenseIds (ctx: RegistryContext, viewer: Viewer, ids: number[], field: string): number[] {
  const unique = [...new Set(ids)]
  const found = new Set<number>()
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500)
    const scope = viewer.customerId === null ? '' : ' AND customer_id = ?'
    for (const r of ctx.db.prepare(`SELECT id FROM licenses WHERE account_id = ?${scope} AND id IN (${placeholders(chunk.length)})`)
      .all(viewer.accountId, ...(viewer.customerId === null ? [] : [viewer.customerId]), ...chunk) as Array<{ id: number }>) found.add(r.id)
  }
  const missing = unique.find((id) => !found.has(id))
  if (missing !== undefined) throw new InputError('validation', `${field}: no license ${missing}`)
  return unique
}

export function createGroup (ctx: RegistryContext, viewer: Viewer, body: NewLicenseGroup, clock: Clock): number {
  const name = checkName(ctx, viewer.accountId, body.name)
  const licenseIds = checkLicenseIds(ctx, viewer, body.licenseIds ?? [], 'licenseIds')
  const id = Number(ctx.db.prepare('INSERT INTO license_groups (account_id, name, description, created_at) VALUES (?, ?, ?, ?)')
    .run(viewer.accountId, name, cleanText(body.description), clock.now).lastInsertRowid)
  addMembers(ctx, id, licenseIds)
  return id
}

function addMembers (ctx: RegistryContext, groupId: number, licenseIds: number[]): void {
  const add = ctx.db.prepare('INSERT OR IGNORE INTO license_group_members (group_id, license_id) VALUES (?, ?)')
  for (const l of licenseIds) add.run(groupId, l)
}

export function editGroup (ctx: RegistryContext, viewer: Viewer, id: number, change: LicenseGroupChange): void {
  readGroup(ctx.db, viewer, id)
  if (change.name !== undefined) ctx.db.prepare('UPDATE license_groups SET name = ? WHERE id = ?').run(checkName(ctx, viewer.accountId, change.name, id), id)
  if (change.description !== undefined) ctx.db.prepare('UPDATE license_groups SET description = ? WHERE id = ?').run(cleanText(change.description), id)
  if (change.licenseIds !== undefined) {
    const ids = checkLicenseIds(ctx, viewer, change.licenseIds, 'licenseIds')
    ctx.db.prepare('DELETE FROM license_group_members WHERE group_id = ?').run(id)
    addMembers(ctx, id, ids)
  }
  if (change.add !== undefined) addMembers(ctx, id, checkLicenseIds(ctx, viewer, change.add, 'add'))
  if (change.remove !== undefined) {
    const remove = ctx.db.prepare('DELETE FROM license_group_members WHERE group_id = ? AND license_id = ?')
    for (const l of new Set(change.remove)) remove.run(id, l)
  }
}

export function deleteGroup (ctx: RegistryContext, viewer: Viewer, id: number): void {
  readGroup(ctx.db, viewer, id)
  ctx.db.prepare('DELETE FROM license_groups WHERE id = ?').run(id)
}
