/**
 * The grid of the manual's pages: search over every column, filters (select lists), sort by clicking a
 * column header (asc ↔ desc, shown with aria-sort), paging "Previous 1 … 20 21 22 … 70 Next" and
 * "Rows per page" 10/25/50/100 (the user's setting by default).
 *
 * This file is the pure half (rows in, rows out), imported by the Node unit tests; grid.js is the DOM
 * half and re-exports it.
 *
 * A column: { key, label, text?(row) → string shown and searched, sortValue?(row) → string|number|null,
 *             render?(row) → Node|string, numeric?: boolean, className?: string }
 * A filter: { key, label, options: [{ value, label }], value?(row) → the value compared (default row[key]) }
 */

export const PAGE_SIZES = Object.freeze([10, 25, 50, 100])
export const DEFAULT_PAGE_SIZE = 25

export function normalizePageSize (value) {
  const n = Number(value)
  return PAGE_SIZES.includes(n) ? n : DEFAULT_PAGE_SIZE
}

/** Lower case without accents, so "sao" finds "São Paulo". */
export function fold (value) {
  return String(value ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLocaleLowerCase()
}

export function cellText (column, row) {
  const v = column.text ? column.text(row) : row[column.key]
  return v === null || v === undefined ? '' : String(v)
}

/** Rows in which every whitespace-separated term of `query` appears in some column's text. */
export function searchRows (rows, columns, query, cache) {
  const terms = fold(query).split(/\s+/).filter(Boolean)
  if (terms.length === 0) return rows
  return rows.filter((row) => {
    let hay = cache?.get(row)
    if (hay === undefined) {
      hay = columns.map((c) => fold(cellText(c, row))).join('\u0000')
      cache?.set(row, hay)
    }
    return terms.every((t) => hay.includes(t))
  })
}

/** Rows whose filter values equal every chosen value; an empty choice ('' / undefined) lets all through. */
export function filterRows (rows, filters = [], chosen = {}) {
  const active = filters.filter((f) => chosen[f.key] !== undefined && chosen[f.key] !== null && chosen[f.key] !== '')
  if (active.length === 0) return rows
  return rows.filter((row) => active.every((f) => String(f.value ? f.value(row) : row[f.key]) === String(chosen[f.key])))
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function sortValueOf (column, row) {
  const v = column.sortValue ? column.sortValue(row) : column.text ? column.text(row) : row[column.key]
  if (v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v))) return null
  return v
}

/** Compares two sort values; empty ones are not handled here (sortRows keeps them last). */
export function compareValues (a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a), String(b))
}

/**
 * A new array sorted by sort = { key, dir: 'asc' | 'desc' }. Empty values go last in both directions,
 * and ties keep a fixed order (by rowKey) so live updates do not shuffle equal rows.
 */
export function sortRows (rows, columns, sort, rowKey) {
  const column = sort && columns.find((c) => c.key === sort.key)
  if (!column) return rows.slice()
  const sign = sort.dir === 'desc' ? -1 : 1
  const decorated = rows.map((row) => ({ row, v: sortValueOf(column, row), k: rowKey ? String(rowKey(row)) : '' }))
  decorated.sort((x, y) => {
    if (x.v === null || y.v === null) {
      if (x.v === null && y.v !== null) return 1
      if (y.v === null && x.v !== null) return -1
    } else {
      const c = compareValues(x.v, y.v)
      if (c !== 0) return sign * c
    }
    return collator.compare(x.k, y.k)
  })
  return decorated.map((d) => d.row)
}

/** The rows of one page; `page` is clamped to the pages there are (at least one, even when empty). */
export function paginate (rows, page, pageSize) {
  const size = normalizePageSize(pageSize)
  const total = rows.length
  const pageCount = Math.max(1, Math.ceil(total / size))
  const current = Math.min(Math.max(1, Math.floor(Number(page)) || 1), pageCount)
  const start = (current - 1) * size
  const slice = rows.slice(start, start + size)
  return { rows: slice, page: current, pageCount, pageSize: size, total, from: total ? start + 1 : 0, to: start + slice.length }
}

/**
 * The pager's items, as the manual shows them: first, last, the current page and its neighbours, with
 * 'gap' for the pages left out ("1 … 20 21 22 … 70"). A gap never hides just one page.
 */
export function pageItems (page, pageCount, siblings = 1) {
  const wanted = new Set([1, pageCount])
  for (let p = page - siblings; p <= page + siblings; p++) if (p >= 1 && p <= pageCount) wanted.add(p)
  const sorted = [...wanted].sort((a, b) => a - b)
  const out = []
  for (const p of sorted) {
    const prev = out.length ? out[out.length - 1] : null
    if (typeof prev === 'number' && p - prev === 2) out.push(prev + 1)
    else if (typeof prev === 'number' && p - prev > 2) out.push('gap')
    out.push(p)
  }
  return out
}

/** Search, filter, sort and page in one go: what the grid shows for `state`. */
export function applyGridState (rows, { columns, filters = [], rowKey, cache }, state) {
  const matched = sortRows(filterRows(searchRows(rows, columns, state.q ?? '', cache), filters, state.filters ?? {}), columns, state.sort, rowKey)
  return paginate(matched, state.page ?? 1, state.pageSize)
}

/** The API's `sort` parameter for a grid sort: "field" or "-field" (PROTOCOL.md §4). */
export function sortParam (sort) {
  if (!sort || !sort.key) return undefined
  return sort.dir === 'desc' ? `-${sort.key}` : sort.key
}

/**
 * The same shape as paginate() for a page the server cut (server-side paging): `rows` are the page's
 * items and `total` the count of every match.
 */
export function remotePage (rows, total, page, pageSize) {
  const size = normalizePageSize(pageSize)
  const count = Math.max(0, Number(total) || 0)
  const pageCount = Math.max(1, Math.ceil(count / size))
  const current = Math.max(1, Math.floor(Number(page)) || 1)
  const start = (current - 1) * size
  return { rows, page: current, pageCount, pageSize: size, total: count, from: rows.length ? start + 1 : 0, to: start + rows.length }
}
