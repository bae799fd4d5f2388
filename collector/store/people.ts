import { prepared, type Db } from './database.js'
import type { Role } from '../auth/viewer.js'
import { hashPassword } from '../auth/secrets.js'

export interface UserSettings {
  rowsPerPage: 10 | 25 | 50 | 100
  timeZone: string | null
  dateFormat: string
  language: string
}

export const DEFAULT_SETTINGS: UserSettings = { rowsPerPage: 25, timeZone: null, dateFormat: 'dd/mm/yyyy', language: 'en' }

export interface UserRow {
  id: number
  accountId: number
  email: string
  name: string
  role: Role
  passwordHash: string
  settings: UserSettings
  disabled: boolean
}

interface RawUser { id: number, accountId: number, email: string, name: string, role: Role, passwordHash: string, settings: string, disabled: number }

const USER_COLUMNS = 'id, account_id AS accountId, email, name, role, password_hash AS passwordHash, settings, disabled'

function toUser (raw: RawUser | undefined): UserRow | null {
  if (!raw) return null
  return { ...raw, settings: { ...DEFAULT_SETTINGS, ...JSON.parse(raw.settings) as Partial<UserSettings> }, disabled: raw.disabled === 1 }
}

/** The first account is created on an empty database; one collector may later serve several. */
export function ensureDefaultAccount (db: Db, name = 'Default account'): number {
  const row = db.prepare('SELECT id FROM accounts ORDER BY id LIMIT 1').get() as { id: number } | undefined
  if (row) return row.id
  return Number(db.prepare('INSERT INTO accounts (name, created_at) VALUES (?, ?)').run(name, Date.now()).lastInsertRowid)
}

export function countUsers (db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
}

export async function createUser (db: Db, user: { accountId: number, email: string, name: string, role: Role, password: string }): Promise<number> {
  const hash = await hashPassword(user.password)
  return Number(db.prepare(
    'INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  ).run(user.accountId, user.email, user.name, user.role, hash, Date.now()).lastInsertRowid)
}

export function findUserByEmail (db: Db, email: string): UserRow | null {
  return toUser(db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`).get(email) as RawUser | undefined)
}

export function getUser (db: Db, id: number): UserRow | null {
  return toUser(prepared(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as RawUser | undefined)
}
