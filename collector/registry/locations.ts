import type { Viewer } from '../auth/viewer.js'
import type { Db } from '../store/database.js'
import { InputError } from '../routes/input-error.js'
import type { ListQuery, Page } from '../store/lists.js'
import type { Location } from '../../protocol/index.js'
import { RegistryError, type RegistryContext } from './context.js'
import { like, pageOf, sortClause } from './sql.js'

/**
 * Locations of servers ("Set the location of different servers"): chosen from the existing ones or
 * created with "New location". The server count is of the servers the viewer may see.
 */
const SORT: Record<string, string> = { name: 'v.name COLLATE NOCASE', servers: 'v.servers' }

export function listLocations (db: Db, viewer: Viewer, q: ListQuery): Page<Location> {
  const scope = viewer.customerId === null ? '' : ' AND sv.customerId = ?'
  const params: unknown[] = viewer.customerId === null ? [viewer.accountId] : [viewer.customerId, viewer.accountId]
  const search = q.q?.trim() ? " AND loc.name LIKE ? ESCAPE '\\'" : ''
  if (search) params.push(like(q.q!))
  return pageOf<Location>(db, {
    select: 'v.*',
    from: `(SELECT loc.id AS id, loc.name AS name, count(sv.serverId) AS servers FROM locations loc
      LEFT JOIN servers s ON s.location_id = loc.id LEFT JOIN server_view sv ON sv.serverId = s.id${scope}
      WHERE loc.account_id = ?${search} GROUP BY loc.id) v`,
    where: [],
    params,
    order: sortClause(q.sort, SORT, 'v.name COLLATE NOCASE', 'v.id')
  }, q)
}

export function createLocation (ctx: RegistryContext, viewer: Viewer, raw: string): Location {
  const name = raw.trim()
  if (!name) throw new InputError('validation', 'name: a location name cannot be blank')
  if (ctx.db.prepare('SELECT 1 FROM locations WHERE account_id = ? AND name = ?').get(viewer.accountId, name)) {
    throw new RegistryError(409, 'location_exists', `name: a location named "${name}" already exists`)
  }
  const id = Number(ctx.db.prepare('INSERT INTO locations (account_id, name) VALUES (?, ?)').run(viewer.accountId, name).lastInsertRowid)
  return { id, name, servers: 0 }
}
