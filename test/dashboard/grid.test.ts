import t from 'tap'
import { importStatic } from './static-modules.js'

// The pure half of dashboard-static/lib/grid.js: search, filter, sort, paginate and the pager's items.
interface Column { key: string, label: string, text?: (r: Row) => string, sortValue?: (r: Row) => unknown }
interface Filter { key: string, label: string, options: { value: string, label: string }[], value?: (r: Row) => unknown }
type Row = Record<string, unknown>
interface Page { rows: Row[], page: number, pageCount: number, pageSize: number, total: number, from: number, to: number }
interface Grid {
  PAGE_SIZES: readonly number[]
  normalizePageSize (n: unknown): number
  fold (s: unknown): string
  searchRows (rows: Row[], columns: Column[], q: string, cache?: WeakMap<object, string>): Row[]
  filterRows (rows: Row[], filters: Filter[], chosen: Record<string, string>): Row[]
  sortRows (rows: Row[], columns: Column[], sort: { key: string, dir: 'asc' | 'desc' } | null, rowKey?: (r: Row) => string): Row[]
  paginate (rows: Row[], page: number, pageSize: number): Page
  pageItems (page: number, pageCount: number): (number | 'gap')[]
  applyGridState (rows: Row[], cfg: { columns: Column[], filters?: Filter[], rowKey?: (r: Row) => string }, state: Record<string, unknown>): Page
}

const grid = await importStatic<Grid>('lib/grid.js')

const LABELS: Record<string, string> = { monitored: 'Monitored', not_reporting: 'Not reporting' }
const columns: Column[] = [
  { key: 'customer', label: 'Customer' },
  { key: 'name', label: 'Server' },
  { key: 'monitoringStatus', label: 'Monitoring status', text: (r) => LABELS[r.monitoringStatus as string] ?? '' },
  { key: 'location', label: 'Location', text: (r) => (r.location as string | null) ?? '' },
  { key: 'cpuPct', label: 'CPU %', sortValue: (r) => r.cpuPct }
]
const rows: Row[] = [
  { id: 'a', customer: 'Contoso', name: 'REC-10', monitoringStatus: 'monitored', location: 'São Paulo', cpuPct: 50 },
  { id: 'b', customer: 'contoso', name: 'REC-2', monitoringStatus: 'not_reporting', location: null, cpuPct: null },
  { id: 'c', customer: 'Aarhus', name: 'MGMT-1', monitoringStatus: 'monitored', location: 'Harbour', cpuPct: 5 },
  { id: 'd', customer: 'Bergen', name: 'REC-1', monitoringStatus: 'not_reporting', location: 'Depot', cpuPct: 97.5 }
]
const ids = (rs: Row[]): unknown[] => rs.map((r) => r.id)
const rowKey = (r: Row): string => String(r.id)

t.test('search looks in every column, by the text shown, without case or accents', async (t) => {
  t.same(ids(grid.searchRows(rows, columns, '')), ['a', 'b', 'c', 'd'], 'empty query keeps all')
  t.same(ids(grid.searchRows(rows, columns, 'sao')), ['a'], 'accents folded')
  t.same(ids(grid.searchRows(rows, columns, 'NOT REPORTING')), ['b', 'd'], 'label, not the code')
  t.same(ids(grid.searchRows(rows, columns, 'not_reporting')), [], 'the raw code is not shown, so not searched')
  t.same(ids(grid.searchRows(rows, columns, 'rec contoso')), ['a', 'b'], 'every term must match, in any column')
  t.same(ids(grid.searchRows(rows, columns, 'harbour mgmt')), ['c'])
  const cache = new WeakMap<object, string>()
  grid.searchRows(rows, columns, 'x', cache)
  t.ok(cache.has(rows[0]!), 'row text is cached per row object')
})

t.test('filters compare exact values and ignore empty choices', async (t) => {
  const filters: Filter[] = [{ key: 'monitoringStatus', label: 'Monitoring status', options: [] }]
  t.same(ids(grid.filterRows(rows, filters, { monitoringStatus: '' })), ['a', 'b', 'c', 'd'])
  t.same(ids(grid.filterRows(rows, filters, { monitoringStatus: 'monitored' })), ['a', 'c'])
  t.same(ids(grid.filterRows(rows, filters, { monitoringStatus: 'care_expired' })), [])
  const derived: Filter[] = [{ key: 'hasLocation', label: 'x', options: [], value: (r) => (r.location ? 'yes' : 'no') }]
  t.same(ids(grid.filterRows(rows, derived, { hasLocation: 'no' })), ['b'])
})

t.test('sort: natural text order, numbers, empty values last both ways, stable ties', async (t) => {
  t.same(ids(grid.sortRows(rows, columns, { key: 'name', dir: 'asc' }, rowKey)), ['c', 'd', 'b', 'a'], 'REC-2 before REC-10')
  t.same(ids(grid.sortRows(rows, columns, { key: 'name', dir: 'desc' }, rowKey)), ['a', 'b', 'd', 'c'])
  t.same(ids(grid.sortRows(rows, columns, { key: 'cpuPct', dir: 'asc' }, rowKey)), ['c', 'a', 'd', 'b'], 'null last')
  t.same(ids(grid.sortRows(rows, columns, { key: 'cpuPct', dir: 'desc' }, rowKey)), ['d', 'a', 'c', 'b'], 'null still last')
  t.same(ids(grid.sortRows(rows, columns, { key: 'location', dir: 'asc' }, rowKey)), ['d', 'c', 'a', 'b'], 'empty text last')
  t.same(ids(grid.sortRows(rows, columns, { key: 'customer', dir: 'asc' }, rowKey)), ['c', 'd', 'a', 'b'], 'case-insensitive tie broken by key')
  t.same(ids(grid.sortRows([...rows].reverse(), columns, { key: 'customer', dir: 'asc' }, rowKey)), ['c', 'd', 'a', 'b'], 'same order whatever the input order')
  t.same(ids(grid.sortRows(rows, columns, { key: 'nope', dir: 'asc' })), ['a', 'b', 'c', 'd'], 'unknown column: unchanged')
  t.not(grid.sortRows(rows, columns, null), rows, 'always a new array')
})

t.test('paginate clamps the page and reports the range shown', async (t) => {
  const many = Array.from({ length: 70 }, (_, i) => ({ id: i + 1 }))
  const p = grid.paginate(many, 3, 25)
  t.same([p.page, p.pageCount, p.from, p.to, p.rows.length, p.total], [3, 3, 51, 70, 20, 70])
  t.equal(grid.paginate(many, 99, 10).page, 7, 'past the end: last page')
  t.equal(grid.paginate(many, 0, 10).page, 1, 'before the start: first page')
  t.equal(grid.paginate(many, 2, 33).pageSize, 25, 'only 10/25/50/100; else 25')
  const empty = grid.paginate([], 4, 10)
  t.same([empty.page, empty.pageCount, empty.from, empty.to], [1, 1, 0, 0])
  t.same(grid.PAGE_SIZES, [10, 25, 50, 100])
  t.equal(grid.normalizePageSize('50'), 50)
  t.equal(grid.normalizePageSize(undefined), 25)
})

t.test('pager items as the manual shows them: Previous 1 … 20 21 22 … 70 Next', async (t) => {
  t.same(grid.pageItems(21, 70), [1, 'gap', 20, 21, 22, 'gap', 70])
  t.same(grid.pageItems(1, 1), [1])
  t.same(grid.pageItems(1, 3), [1, 2, 3])
  t.same(grid.pageItems(1, 7), [1, 2, 'gap', 7])
  t.same(grid.pageItems(3, 7), [1, 2, 3, 4, 'gap', 7], 'a gap never hides a single page')
  t.same(grid.pageItems(7, 7), [1, 'gap', 6, 7])
})

t.test('applyGridState chains search, filter, sort and page', async (t) => {
  const filters: Filter[] = [{ key: 'monitoringStatus', label: 'Monitoring status', options: [] }]
  const view = grid.applyGridState(rows, { columns, filters, rowKey }, {
    q: 'rec', filters: { monitoringStatus: 'not_reporting' }, sort: { key: 'name', dir: 'desc' }, page: 1, pageSize: 10
  })
  t.same(ids(view.rows), ['b', 'd'])
  t.equal(view.total, 2)
})
