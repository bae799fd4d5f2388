/**
 * The list conventions of the stub API's registry half (PROTOCOL.md §4, docs/api/registry.md): search
 * terms, sort with its "unknown field" message, paging with the allowed sizes, query and body values, and
 * the SLC and MAC formats.
 */
import { HttpError, type Row } from './stub-errors.js'

export const fold = (s: unknown): string => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
export const coll = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
export const bad = (message: string): HttpError => new HttpError(400, 'validation', message)
export const SLC_RE = /^([a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{2}-[a-z0-9]{6}|[a-z0-9]{3}-[a-z0-9]{4}-[a-z0-9]{4})$/i
export const MAC_RE = /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i

export function sortBy<T> (items: T[], sort: string | null, table: Record<string, (x: T) => string | number>, fallback: string, id: (x: T) => number | string): T[] {
  const s = sort || fallback
  const desc = s.startsWith('-')
  const key = table[desc ? s.slice(1) : s]
  if (!key) throw new HttpError(400, 'bad_query', `sort: unknown field "${desc ? s.slice(1) : s}"; expected one of ${Object.keys(table).join(', ')}`)
  return [...items].sort((a, b) => {
    const x = key(a); const y = key(b)
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : coll.compare(String(x), String(y))
    return (desc ? -c : c) || coll.compare(String(id(a)), String(id(b)))
  })
}

export function paged<T> (items: T[], url: URL): { items: T[], total: number } {
  const size = Number(url.searchParams.get('pageSize') ?? 25)
  if (![10, 25, 50, 100].includes(size)) throw new HttpError(400, 'bad_query', 'pageSize: expected 10, 25, 50 or 100')
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  return { items: items.slice((page - 1) * size, page * size), total: items.length }
}

export const terms = (url: URL): string[] => fold(url.searchParams.get('q')).split(/\s+/).filter(Boolean)
export const matchesAll = (hay: string, ts: string[]): boolean => { const f = fold(hay); return ts.every((t) => f.includes(t)) }
export function intParam (url: URL, name: string): number | null {
  const v = url.searchParams.get(name)
  if (v === null || v === '') return null
  if (!/^\d+$/.test(v)) throw new HttpError(400, 'bad_query', `${name}: expected an integer`)
  return Number(v)
}
export function oneOf (url: URL, name: string, values: string[]): string | null {
  const v = url.searchParams.get(name)
  if (v === null || v === '') return null
  if (!values.includes(v)) throw new HttpError(400, 'bad_query', `${name}: unknown value "${v}"; expected one of ${values.join(', ')}`)
  return v
}
export function str (body: Row, key: string, max = 500): string | null | undefined {
  const v = body[key]
  if (v === undefined) return undefined
  if (v === null) return null
  if (typeof v !== 'string') throw bad(`${key}: expected a string`)
  const t = v.trim()
  if (t.length > max) throw bad(`${key}: at most ${max} characters`)
  return t
}

