import Database, { type Statement } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS } from './migrations.js'

export type Db = Database.Database

export interface OpenOptions {
  /** 'NORMAL' loses nothing on a process crash (WAL); 'FULL' also survives power loss at some write cost. */
  synchronous?: 'NORMAL' | 'FULL'
}

/** Opens (creating if needed) the collector's state database in `dataDir` and brings its schema up to date. */
export function openDatabase (dataDir: string, options: OpenOptions = {}): Db {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'vigil.db'))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  // Another process (the `vigil token` command) may write while the collector runs.
  db.pragma('busy_timeout = 5000')
  migrate(db)
  // Planner statistics for the list queries, refreshed where SQLite finds them stale (cheap when not).
  db.pragma('optimize=0x10002')
  return db
}

function migrate (db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}

/** True for SQLite failures of the storage itself (full disk, I/O, lock), as opposed to bad data. */
export function isStorageFailure (err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? ''
  return /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|CORRUPT|NOMEM)/.test(code)
}

const statements = new WeakMap<Db, Map<string, Statement>>()

/**
 * The prepared statement for `sql`, prepared once per database. For queries built from a few shapes
 * (lists) and for those on every request (sessions, tokens); user text only ever goes in parameters.
 */
export function prepared (db: Db, sql: string): Statement {
  let cache = statements.get(db)
  if (!cache) statements.set(db, cache = new Map())
  let statement = cache.get(sql)
  if (!statement) cache.set(sql, statement = db.prepare(sql))
  return statement
}
