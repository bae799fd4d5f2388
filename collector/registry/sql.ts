import { prepared, type Db } from '../store/database.js'
import { ListError, likePattern, type ListQuery, type Page } from '../store/lists.js'

/**
 * One page of a registry list and its total, from `from` (a view or join aliased `v`) under `where`.
 * Every column name and ORDER BY here comes from our own maps; user text only ever arrives as parameters.
 */
export function pageOf<T> (db: Db, spec: { select: string, from: string, where: string[], params: unknown[], order: string }, q: ListQuery): Page<T> {
  const where = spec.where.length ? spec.where.join(' AND ') : '1'
  const total = (prepared(db, `SELECT count(*) AS n FROM ${spec.from} WHERE ${where}`).get(...spec.params) as { n: number }).n
  const size = q.pageSize ?? 25
  const offset = ((q.page ?? 1) - 1) * size
  const items = prepared(db, `SELECT ${spec.select} FROM ${spec.from} WHERE ${where} ORDER BY ${spec.order} LIMIT ? OFFSET ?`)
    .all(...spec.params, size, offset) as T[]
  return { items, total }
}

export function placeholders (n: number): string {
  return Array.from({ length: n }, () => '?').join(',')
}

export function iso (ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

/** Trimmed text, or null when blank: a description of spaces is no description. */
export function cleanText (text: string | null | undefined): string | null {
  const t = text?.trim()
  return t ? t : null
}

/**
 * ORDER BY for `sort` (`field` or `-field`) from a map of the API's field names to SQL (each with its
 * own collation), then `tieBreak` so pages never overlap. An unknown field is a 400 naming the choices.
 */
export function sortClause (sort: string | undefined, columns: Record<string, string>, fallback: string, tieBreak: string): string {
  if (!sort) return `${fallback}, ${tieBreak}`
  const desc = sort.startsWith('-')
  const column = columns[desc ? sort.slice(1) : sort]
  if (!column) throw new ListError(`sort: unknown field "${sort}"; expected one of ${Object.keys(columns).join(', ')} (prefix - for descending)`)
  // The tie-break runs the same way, so an index on (…, column, rowid) can deliver the whole order.
  const tie = desc && !/\s(ASC|DESC)$/i.test(tieBreak) ? `${tieBreak} DESC` : tieBreak
  return `${column} ${desc ? 'DESC' : 'ASC'}, ${tie}`
}

/** Search text as a LIKE pattern (case-insensitive for ASCII, as SQLite's LIKE is). */
export function like (q: string): string {
  return likePattern(q.trim())
}
