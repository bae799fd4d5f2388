import { prepared, type Db } from './database.js'
import { randomToken, sha256 } from '../auth/secrets.js'

export type TokenKind = 'enroll' | 'noc'

export interface TokenRow {
  id: number
  accountId: number
  kind: TokenKind
  label: string | null
  customerId: number | null
  slc: string | null
  usesLeft: number | null
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

const COLUMNS = `id, account_id AS accountId, kind, label, customer_id AS customerId, slc, uses_left AS usesLeft,
  created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt`

export interface NewToken {
  accountId: number
  kind: TokenKind
  label?: string
  customerId?: number | null
  slc?: string | null
  /** Enrollment tokens: how many agents may enroll with it (default 1). */
  uses?: number
}

/** Creates a token and returns its only plaintext copy; the database keeps the hash. */
export function createToken (db: Db, token: NewToken): { token: string, id: number } {
  const plain = `${token.kind === 'enroll' ? 've' : 'vn'}_${randomToken()}`
  const id = Number(db.prepare(
    'INSERT INTO tokens (account_id, kind, token_hash, label, customer_id, slc, uses_left, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  ).run(token.accountId, token.kind, sha256(plain), token.label ?? null, token.customerId ?? null, token.slc ?? null,
    token.kind === 'enroll' ? (token.uses ?? 1) : null, Date.now()).lastInsertRowid)
  return { token: plain, id }
}

/**
 * Takes one use of an enrollment token, atomically: two agents racing for the last use cannot both win.
 * Null when the token is unknown, revoked or used up.
 */
export function consumeEnrollToken (db: Db, plain: string): TokenRow | null {
  return db.transaction(() => {
    const row = db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE token_hash = ? AND kind = 'enroll'`).get(sha256(plain)) as TokenRow | undefined
    if (!row || row.revokedAt !== null || (row.usesLeft ?? 0) <= 0) return null
    db.prepare('UPDATE tokens SET uses_left = uses_left - 1, last_used_at = ? WHERE id = ?').run(Date.now(), row.id)
    return row
  })()
}

/** The NOC token for a bearer value, its last use recorded; null when unknown or revoked. */
export function findNocToken (db: Db, plain: string): TokenRow | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM tokens WHERE token_hash = ? AND kind = 'noc'`).get(sha256(plain)) as TokenRow | undefined
  if (!row || row.revokedAt !== null) return null
  const now = Date.now()
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) prepared(db, 'UPDATE tokens SET last_used_at = ? WHERE id = ?').run(now, row.id)
  return row
}

export function listTokens (db: Db, accountId: number): TokenRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE account_id = ? ORDER BY id DESC`).all(accountId) as TokenRow[]
}

export function revokeToken (db: Db, accountId: number, id: number): boolean {
  return db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL')
    .run(Date.now(), id, accountId).changes === 1
}
