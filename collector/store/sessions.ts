import { prepared, type Db } from './database.js'
import { randomToken, sha256 } from '../auth/secrets.js'

export interface SessionRow { idHash: string, userId: number, csrfToken: string, createdAt: number, lastSeenAt: number }

export interface SessionLimits { idleMs: number, absoluteMs: number }
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 }

/** Sessions live on the server: the cookie holds a 256-bit id, the database only its hash. */
export class SessionStore {
  constructor (private readonly db: Db, private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS) {}

  create (userId: number): { id: string, csrfToken: string } {
    const id = randomToken()
    const csrfToken = randomToken()
    const now = Date.now()
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256(id), userId, csrfToken, now, now)
    return { id, csrfToken }
  }

  /** The live session for a cookie value, touched; null when unknown, idle too long or too old. */
  find (id: string, now = Date.now()): SessionRow | null {
    const idHash = sha256(id)
    const row = prepared(this.db,
      'SELECT id_hash AS idHash, user_id AS userId, csrf_token AS csrfToken, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?'
    ).get(idHash) as SessionRow | undefined
    if (!row) return null
    if (now - row.lastSeenAt > this.limits.idleMs || now - row.createdAt > this.limits.absoluteMs) {
      this.delete(idHash)
      return null
    }
    // Touch at most once a minute: a dashboard polling every second must not write every second.
    if (now - row.lastSeenAt > 60_000) prepared(this.db, 'UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, idHash)
    return row
  }

  delete (idHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash)
  }
}
