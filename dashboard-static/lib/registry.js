/**
 * The pure half of the registry pages (Licenses, Customers, License groups, Test licenses): the manual's
 * filter choices and words, CSV reading for the bulk import, and small date sums. No DOM: importable in
 * Node (test/dashboard/registry-lib.test.ts).
 */

/** Licenses page, Filter → Status (manual, "Search for, sort, and filter licenses"). "" = Any. */
export const LICENSE_STATUS_FILTER = Object.freeze([
  { value: 'active', label: 'All active licenses' },
  { value: 'obsolete', label: 'Obsolete licenses' },
  { value: 'upgrade_available', label: 'Upgrade available' }
])

/** Licenses page, Filter → Care Plus status. "" = Any. */
export const CARE_PLUS_FILTER = Object.freeze([
  { value: 'renewal_due', label: 'Upcoming renewal (60 days)' },
  { value: 'expired', label: 'Milestone Care Plus expired' }
])

/** Test licenses page, Filter → Status. "" = all. */
export const TEST_LICENSE_FILTER = Object.freeze([
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
  { value: 'about_to_expire', label: 'About to expire' }
])

export const UNSPECIFIED = 'Unspecified'

/** SLC and MAC formats as the collector checks them (docs/api/registry.md), for the first hint only. */
export const SLC_RE = /^([a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{2}-[a-z0-9]{6}|[a-z0-9]{3}-[a-z0-9]{4}-[a-z0-9]{4})$/i
export const MAC_RE = /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i

/** A label from a list of { value, label } (or the value itself when unknown). */
export function optionLabel (list, value) {
  return list.find((o) => o.value === value)?.label ?? String(value ?? '')
}

const DAY_MS = 86400e3

/** Whole days from `now` to `when` (negative: past); null without a date. */
export function daysUntil (when, now = Date.now()) {
  if (when === null || when === undefined || when === '') return null
  const t = when instanceof Date ? when.getTime() : Date.parse(when)
  if (Number.isNaN(t)) return null
  return Math.ceil((t - now) / DAY_MS)
}

/**
 * Reads CSV text (RFC 4180: quoted fields, "" inside quotes, CRLF or LF; a leading BOM is dropped; the
 * delimiter is "," or ";" as the header line uses). Returns the rows as arrays of strings, blank lines left out.
 */
export function parseCsv (text) {
  let src = String(text ?? '')
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1)
  const firstLine = src.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  let i = 0
  const endRow = () => {
    row.push(field)
    field = ''
    if (row.length > 1 || row[0].trim() !== '') rows.push(row)
    row = []
  }
  while (i < src.length) {
    const c = src[i]
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i += 2; continue }
        quoted = false
        i += 1
        continue
      }
      field += c
      i += 1
      continue
    }
    if (c === '"' && field.trim() === '') { quoted = true; field = ''; i += 1; continue }
    if (c === delimiter) { row.push(field); field = ''; i += 1; continue }
    if (c === '\r' && src[i + 1] === '\n') { endRow(); i += 2; continue }
    if (c === '\n' || c === '\r') { endRow(); i += 1; continue }
    field += c
    i += 1
  }
  if (field !== '' || row.length) endRow()
  return rows
}

/** Header words of the import file (docs/api/registry.md, "POST /licenses/import"), folded. */
const HEADER_WORDS = new Set(['slc', 'licenseslc', 'mac', 'macaddress', 'customer', 'description', 'licensedescription', 'group', 'licensegroup'])
const foldWord = (w) => String(w ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '')

/**
 * What an import file holds before it is sent: the number of license rows and whether its first line
 * names the columns (otherwise the columns are SLC, MAC, customer, description, group in that order).
 * The collector checks every row; this is only the preview of the dialog.
 */
export function importPreview (text) {
  const rows = parseCsv(text)
  // like the collector: the first line names the columns when its first cell is a column's name
  const header = rows.length > 0 && HEADER_WORDS.has(foldWord(rows[0][0]))
  const data = header ? rows.slice(1) : rows
  const slcAt = header ? rows[0].findIndex((c) => ['slc', 'licenseslc'].includes(foldWord(c))) : 0
  return { rows: data.length, header, sample: slcAt < 0 ? [] : data.slice(0, 3).map((r) => String(r[slcAt] ?? '').trim()) }
}

/** The "Milestone Care coverage" column (careCoverage codes) and the tone of its chip. */
export const CARE_COVERAGE_LABELS = Object.freeze({ premium: 'Premium', plus: 'Plus', basic: 'Basic', unknown: 'Unknown' })
export const CARE_COVERAGE_TONES = Object.freeze({ premium: 'ok', plus: 'ok', basic: 'muted', unknown: 'neutral' })
export const CARE_LEVEL_NAMES = Object.freeze({ basic: 'Care Basic', plus: 'Care Plus', premium: 'Care Premium' })

/** Test license status (list item `status`). */
export const TEST_LICENSE_STATUS_LABELS = Object.freeze({ active: 'Active', about_to_expire: 'About to expire', inactive: 'Inactive' })
export const TEST_LICENSE_STATUS_TONES = Object.freeze({ active: 'ok', about_to_expire: 'warn', inactive: 'muted' })

/** "17 out of 25" (or "17" when the total is unknown). */
export function outOf (activated, total, fmtNumber = String) {
  const a = fmtNumber(Number(activated) || 0)
  return total === null || total === undefined ? a : `${a} out of ${fmtNumber(Number(total) || 0)}`
}

/** Sorts names the way the lists do (numbers in order, case and accents ignored). */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
export function byName (a, b) {
  return collator.compare(String(a ?? ''), String(b ?? ''))
}
