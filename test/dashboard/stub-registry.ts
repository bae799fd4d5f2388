/**
 * The registry half of the stub API (stub-api.ts): licenses, customers, license groups, test licenses,
 * products and locations as docs/api/registry.md words them: the same paths, queries, shapes and
 * messages, so the registry pages can be driven end to end without the collector. A customer renamed or
 * removed, a license given another customer, or a server given another location changes the stub's
 * ServerStatus rows too, with a live `servers` event, as the collector does. The data come from
 * stub-demo-registry.ts (made up, deterministic).
 */
import { HttpError, type Row } from './stub-errors.js'
import { PRODUCTS, type RegState, type RegLicense, type RegServer, todayOf } from './stub-demo-registry.js'

const DAY = 86400e3
const fold = (s: unknown): string => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
const coll = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
const bad = (message: string): HttpError => new HttpError(400, 'validation', message)
const CARE_LABELS: Record<string, string> = { premium: 'Premium', plus: 'Plus', basic: 'Basic', unknown: 'Unknown' }
const CARE_RANK: Record<string, number> = { premium: 3, plus: 2, basic: 1, unknown: 0 }
const SLC_RE = /^([a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{2}-[a-z0-9]{6}|[a-z0-9]{3}-[a-z0-9]{4}-[a-z0-9]{4})$/i
const MAC_RE = /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i

function sortBy<T> (items: T[], sort: string | null, table: Record<string, (x: T) => string | number>, fallback: string, id: (x: T) => number | string): T[] {
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

function paged<T> (items: T[], url: URL): { items: T[], total: number } {
  const size = Number(url.searchParams.get('pageSize') ?? 25)
  if (![10, 25, 50, 100].includes(size)) throw new HttpError(400, 'bad_query', 'pageSize: expected 10, 25, 50 or 100')
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  return { items: items.slice((page - 1) * size, page * size), total: items.length }
}

const terms = (url: URL): string[] => fold(url.searchParams.get('q')).split(/\s+/).filter(Boolean)
const matchesAll = (hay: string, ts: string[]): boolean => { const f = fold(hay); return ts.every((t) => f.includes(t)) }
function intParam (url: URL, name: string): number | null {
  const v = url.searchParams.get(name)
  if (v === null || v === '') return null
  if (!/^\d+$/.test(v)) throw new HttpError(400, 'bad_query', `${name}: expected an integer`)
  return Number(v)
}
function oneOf (url: URL, name: string, values: string[]): string | null {
  const v = url.searchParams.get(name)
  if (v === null || v === '') return null
  if (!values.includes(v)) throw new HttpError(400, 'bad_query', `${name}: unknown value "${v}"; expected one of ${values.join(', ')}`)
  return v
}
function str (body: Row, key: string, max = 500): string | null | undefined {
  const v = body[key]
  if (v === undefined) return undefined
  if (v === null) return null
  if (typeof v !== 'string') throw bad(`${key}: expected a string`)
  const t = v.trim()
  if (t.length > max) throw bad(`${key}: at most ${max} characters`)
  return t
}

export interface RegistryStubOptions {
  state: RegState
  /** The stub's ServerStatus rows (stub-api.ts), kept in step with customers and locations. */
  servers: Map<string, Row>
  emit (topic: 'servers', item: unknown): void
  now?: () => number
}

export type RegistryStub = ReturnType<typeof createRegistryStub>

export function createRegistryStub (opts: RegistryStubOptions) {
  const now = opts.now ?? Date.now
  const st = opts.state
  const today = (): string => todayOf(now())
  const addDays = (ymd: string, days: number): string => new Date(Date.parse(`${ymd}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
  const requests: { method: string, path: string, query: string, body: unknown }[] = []

  // ---- derived values
  const customerName = (id: number | null): string => (id === null ? 'Unspecified' : st.customers.get(id)?.name ?? 'Unspecified')
  const productLabel = (l: RegLicense): string => {
    const base = [l.product, l.version].filter(Boolean).join(' ') || 'Unknown product'
    return l.kind === 'test' ? `${base} Test` : base
  }
  const plusUntil = (l: RegLicense): string | null => [l.care.plusExpiresOn, l.care.premiumExpiresOn].filter(Boolean).sort().at(-1) ?? null
  function coverage (l: RegLicense): string {
    if (!l.care.recorded) return 'unknown'
    if (l.care.premiumExpiresOn && l.care.premiumExpiresOn >= today()) return 'premium'
    const plus = plusUntil(l)
    return plus && plus >= today() ? 'plus' : 'basic'
  }
  const testInactive = (l: RegLicense): boolean => l.deactivatedAt !== null || (l.expiresOn !== null && l.expiresOn < today())
  const licenseStatus = (l: RegLicense): string => (l.obsolete || l.upgradedTo !== null || (l.expiresOn !== null && l.expiresOn < today()) || (l.kind === 'test' && testInactive(l)) ? 'obsolete' : 'active')
  const serversOf = (l: RegLicense): RegServer[] => [...st.servers.values()].filter((s) => s.licenseId === l.id)
  const activationsOf = (l: RegLicense): Row[] => st.activations.filter((a) => a.licenseId === l.id)
  const activated = (l: RegLicense): number => activationsOf(l).reduce((n, a) => n + Number(a.licensesUsed ?? 1), 0)
  const ref = (l: RegLicense): Row => ({ id: l.id, slc: l.slc })
  const groupRefs = (l: RegLicense): Row[] => [...st.groups.values()].filter((g) => g.licenseIds.includes(l.id)).sort((a, b) => coll.compare(a.name, b.name)).map((g) => ({ id: g.id, name: g.name }))
  const catalog = (name: string | null): typeof PRODUCTS[number] | undefined => PRODUCTS.find((p) => p.name === name || p.id === name)

  function upgradeInfo (l: RegLicense): Row {
    const base = { license: ref(l), product: l.product, version: l.version, carePlusExpiresOn: plusUntil(l), versions: [] as Row[], latestVersion: null as string | null }
    const no = (reason: string): Row => ({ ...base, available: false, reason })
    if (l.upgradedTo !== null) return no(`This license has been upgraded to ${st.licenses.get(l.upgradedTo)?.slc ?? '?'}`)
    if (licenseStatus(l) === 'obsolete') return no('This license is obsolete')
    if (l.kind === 'test') return no('Test licenses cannot be upgraded')
    if (!l.registered) return no('Register this license before upgrading it')
    const until = plusUntil(l)
    if (!until) return no('This license has never had Care Plus')
    const p = catalog(l.product)
    const own = p?.versions.find((v) => v.version === l.version)
    if (!p || !own) return no('The product or version of this license is not in the product catalog')
    const versions = p.versions.filter((v) => v.releasedOn > own.releasedOn && v.releasedOn <= until && v.releasedOn <= today())
    if (versions.length === 0) return no(`No newer release of ${p.name} was released on or before Care Plus expiry (${until})`)
    return { ...base, available: true, reason: null, versions: versions.map((v) => ({ version: v.version, releasedOn: v.releasedOn })), latestVersion: versions[0]!.version }
  }

  function listItem (l: RegLicense): Row {
    return {
      id: l.id, slc: l.slc, product: l.product, version: l.version, productLabel: productLabel(l),
      customerId: l.customerId, customer: customerName(l.customerId), description: l.description,
      servers: serversOf(l).length, activatedDevices: activated(l),
      careCoverage: coverage(l), carePlusExpiresOn: l.care.plusExpiresOn, carePremiumExpiresOn: l.care.premiumExpiresOn,
      status: licenseStatus(l), registered: l.registered, upgradeAvailable: upgradeInfo(l).available === true
    }
  }

  function serverItem (s: RegServer): Row {
    const l = st.licenses.get(s.licenseId)!
    const all = serversOf(l)
    const onServer = activationsOf(l).filter((a) => a.serverId === s.id).reduce((n, a) => n + Number(a.licensesUsed ?? 1), 0)
    const row = opts.servers.get(s.id)
    return {
      id: s.id, name: s.name, locationId: s.locationId, location: s.locationId === null ? null : st.locations.get(s.locationId)?.name ?? null,
      description: s.description, reporting: s.reporting,
      monitoringStatus: row?.monitoringStatus ?? (s.reporting ? 'monitored' : 'not_reporting'), errorState: row?.errorState ?? 'none',
      deviceLicenses: { onServer, relatedServers: all.length - 1, onRelated: activated(l) - onServer, total: l.deviceTotal }
    }
  }

  function details (l: RegLicense): Row {
    const up = upgradeInfo(l)
    const cov = coverage(l)
    const coverages: Row[] = []
    if (l.care.recorded) {
      coverages.push({ level: 'basic', expiresOn: null, active: true })
      const plus = plusUntil(l)
      if (plus) coverages.push({ level: 'plus', expiresOn: plus, active: plus >= today() })
      if (l.care.premiumExpiresOn) coverages.push({ level: 'premium', expiresOn: l.care.premiumExpiresOn, active: l.care.premiumExpiresOn >= today() })
    }
    return {
      id: l.id, slc: l.slc, kind: l.kind, registered: l.registered, registeredAt: l.registeredAt, createdAt: l.createdAt,
      status: licenseStatus(l), activationMac: l.activationMac, customerId: l.customerId, customer: customerName(l.customerId),
      company: l.company ?? { name: null, phone: null, address: null },
      product: l.product, version: l.version, productLabel: productLabel(l), description: l.description, groups: groupRefs(l),
      care: { coverage: cov, recorded: l.care.recorded, plusExpiresOn: l.care.plusExpiresOn, premiumExpiresOn: l.care.premiumExpiresOn, coverages },
      upgrades: {
        upgradedFrom: l.upgradedFrom === null ? null : ref(st.licenses.get(l.upgradedFrom)!),
        upgradedTo: l.upgradedTo === null ? null : ref(st.licenses.get(l.upgradedTo)!),
        upgradedAt: l.upgradedAt, available: up.available, latestVersion: up.latestVersion, reason: up.reason
      },
      aacLicenses: l.aacLicenses, deviceLicenses: { activated: activated(l), total: l.deviceTotal }, expiresOn: l.expiresOn,
      servers: serversOf(l).sort((a, b) => coll.compare(a.name, b.name)).map(serverItem),
      extensions: l.extensions, activations: { total: activationsOf(l).length }
    }
  }

  function testStatus (l: RegLicense): string {
    if (testInactive(l)) return 'inactive'
    return l.expiresOn! <= addDays(today(), 30) ? 'about_to_expire' : 'active'
  }
  function testItem (l: RegLicense): Row {
    return {
      id: l.id, slc: l.slc, product: l.product, version: l.version, productLabel: productLabel(l), customerId: l.customerId,
      customer: customerName(l.customerId), description: l.description, createdAt: l.createdAt, expiresOn: l.expiresOn,
      status: testStatus(l), deactivatedAt: l.deactivatedAt, expirationReminder: l.expirationReminder
    }
  }
  function testDetails (l: RegLicense): Row {
    const notice = l.deactivatedAt !== null
      ? `This test license was deactivated on ${l.deactivatedAt.slice(0, 10)} and is no longer active`
      : l.expiresOn! < today() ? `This test license expired on ${l.expiresOn}` : null
    return { ...testItem(l), groups: groupRefs(l), deviceLicenses: { activated: activated(l), total: l.deviceTotal }, servers: serversOf(l).map(serverItem), notice }
  }
  function summary (): Row {
    const tests = [...st.licenses.values()].filter((l) => l.kind === 'test')
    const active = tests.filter((l) => testStatus(l) !== 'inactive').length
    return { pool: st.pool, available: Math.max(0, st.pool - active), active, aboutToExpire: tests.filter((l) => testStatus(l) === 'about_to_expire').length }
  }

  function customerItem (id: number): Row {
    const ls = [...st.licenses.values()].filter((l) => l.customerId === id)
    return { id, name: st.customers.get(id)!.name, licenses: ls.length, servers: ls.reduce((n, l) => n + serversOf(l).length, 0), activatedDevices: ls.reduce((n, l) => n + activated(l), 0) }
  }
  function groupItem (id: number): Row {
    const g = st.groups.get(id)!
    const ls = g.licenseIds.map((x) => st.licenses.get(x)).filter((l): l is RegLicense => Boolean(l))
    return { id, name: g.name, description: g.description, licenses: ls.length, servers: ls.reduce((n, l) => n + serversOf(l).length, 0) }
  }
  function groupDetails (id: number): Row {
    const g = st.groups.get(id)!
    const ls = g.licenseIds.map((x) => st.licenses.get(x)).filter((l): l is RegLicense => Boolean(l)).sort((a, b) => coll.compare(a.slc, b.slc))
    return { ...groupItem(id), licenseList: ls.map((l) => ({ id: l.id, slc: l.slc, productLabel: productLabel(l), customer: customerName(l.customerId), description: l.description })) }
  }

  // ---- keeping the ServerStatus rows in step
  function syncServerRows (licenseIds: Set<number> | null = null): void {
    for (const s of st.servers.values()) {
      if (licenseIds && !licenseIds.has(s.licenseId)) continue
      const row = opts.servers.get(s.id)
      if (!row) continue
      const l = st.licenses.get(s.licenseId)!
      const next = { ...row, customer: customerName(l.customerId), slc: l.slc, location: s.locationId === null ? null : st.locations.get(s.locationId)?.name ?? null }
      if (next.customer !== row.customer || next.location !== row.location || next.slc !== row.slc) {
        opts.servers.set(s.id, next)
        opts.emit('servers', next)
      }
    }
  }

  // ---- inputs
  function needLicense (id: string | undefined, kind: 'standard' | 'test' | null = 'standard'): RegLicense {
    const l = st.licenses.get(Number(id))
    if (!l || (kind && l.kind !== kind)) throw new HttpError(404, 'not_found', `no ${kind === 'test' ? 'test license' : 'license'} ${id}`)
    return l
  }
  function slcOf (value: unknown): string {
    const v = String(value ?? '').trim()
    if (!SLC_RE.test(v)) throw bad(`slc: "${v}" is not a software license code (SLC); expected letters and digits like M01-C01-123-45-6A7890 or 7A1-2345-B678`)
    return v.toUpperCase()
  }
  function macOf (value: unknown): string {
    const v = String(value ?? '').trim()
    if (!MAC_RE.test(v)) throw bad(`mac: "${v}" is not a MAC address; expected six pairs of hex digits like 00:10:2A:3B:45:67`)
    return v.replace(/[:-]/g, '').toUpperCase().match(/../g)!.join(':')
  }
  function checkMac (slc: string, mac: string): RegLicense | undefined {
    const found = [...st.licenses.values()].find((l) => l.slc === slc)
    if (found && found.registered) throw new HttpError(409, 'already_registered', `slc: ${slc} is already registered to this account (on ${found.registeredAt!.slice(0, 10)})`)
    if (found && found.macs.length && !found.macs.includes(mac)) throw bad(`mac: ${mac} is not the MAC address of a server activated with this license`)
    return found
  }
  function customerOf (body: Row, { required = false } = {}): number | null | undefined {
    if (body.customerId !== undefined && body.customer !== undefined) throw bad('customer: give customerId or customer, not both')
    if (body.customer !== undefined) {
      const name = str(body, 'customer', 200)
      if (!name) throw bad(required ? 'customer: choose a customer or add one' : 'customer: a name is required')
      const existing = [...st.customers.values()].find((c) => fold(c.name) === fold(name))
      if (existing) return existing.id
      const id = ++st.nextId
      st.customers.set(id, { id, name })
      return id
    }
    if (body.customerId === undefined) { if (required) throw bad('customer: choose a customer or add one'); return undefined }
    if (body.customerId === null) { if (required) throw bad('customer: choose a customer or add one'); return null }
    if (!st.customers.has(Number(body.customerId))) throw bad(`customerId: no customer ${String(body.customerId)}`)
    return Number(body.customerId)
  }
  function groupIdsOf (body: Row): number[] | undefined {
    if (body.groupIds === undefined) return undefined
    if (!Array.isArray(body.groupIds)) throw bad('groupIds: expected an array of license group ids')
    for (const g of body.groupIds) if (!st.groups.has(Number(g))) throw bad(`groupIds: no license group ${String(g)}`)
    return body.groupIds.map(Number)
  }
  function setGroups (l: RegLicense, ids: number[]): void {
    for (const g of st.groups.values()) {
      const has = g.licenseIds.includes(l.id)
      if (ids.includes(g.id) && !has) g.licenseIds.push(l.id)
      if (!ids.includes(g.id) && has) g.licenseIds = g.licenseIds.filter((x) => x !== l.id)
    }
  }

  // ---- licenses
  function listLicenses (url: URL): Row {
    const status = oneOf(url, 'status', ['active', 'obsolete', 'upgrade_available'])
    const care = oneOf(url, 'care', ['renewal_due', 'expired'])
    const groupId = intParam(url, 'groupId')
    const customerId = intParam(url, 'customerId')
    const registered = oneOf(url, 'registered', ['true', 'false'])
    const ts = terms(url)
    const soon = addDays(today(), 60)
    const list = [...st.licenses.values()].filter((l) => {
      if (l.kind !== 'standard') return false
      const item = listItem(l)
      if (status === 'upgrade_available' ? !item.upgradeAvailable : status && item.status !== status) return false
      const plus = plusUntil(l)
      if (care === 'renewal_due' && !(plus && plus >= today() && plus <= soon)) return false
      if (care === 'expired' && !(l.care.plusExpiresOn && plus! < today())) return false
      if (groupId !== null && !st.groups.get(groupId)?.licenseIds.includes(l.id)) return false
      if (customerId !== null && l.customerId !== customerId) return false
      if (registered !== null && String(l.registered) !== registered) return false
      return matchesAll(`${l.slc} ${item.productLabel} ${l.description ?? ''} ${item.customer} ${CARE_LABELS[item.careCoverage as string]}`, ts)
    })
    const sorted = sortBy(list, url.searchParams.get('sort'), {
      slc: (l) => l.slc, product: (l) => productLabel(l), customer: (l) => customerName(l.customerId), servers: (l) => serversOf(l).length,
      activatedDevices: (l) => activated(l), careCoverage: (l) => CARE_RANK[coverage(l)]!, description: (l) => l.description ?? '', registeredAt: (l) => l.registeredAt ?? ''
    }, 'slc', (l) => l.slc)
    const page = paged(sorted, url)
    return { items: page.items.map(listItem), total: page.total }
  }

  function register (body: Row): Row {
    if (body.slc === undefined) throw bad('slc is required')
    if (body.mac === undefined) throw bad('mac is required')
    const slc = slcOf(body.slc)
    const mac = macOf(body.mac)
    const found = checkMac(slc, mac)
    const groupIds = groupIdsOf(body) ?? []
    let product: string | null = null
    let version: string | null = null
    if (body.product !== undefined && body.product !== null) {
      const p = catalog(String(body.product))
      if (!p) throw bad(`product: "${String(body.product)}" is not in the product catalog`)
      product = p.name
      if (body.version !== undefined && body.version !== null) {
        if (!p.versions.some((v) => v.version === body.version)) throw bad(`version: ${p.name} has no release "${String(body.version)}"`)
        version = String(body.version)
      }
    }
    const customerId = customerOf(body) ?? null
    const description = str(body, 'description') || null
    const t = new Date(now()).toISOString()
    const l: RegLicense = found ?? {
      id: ++st.nextId, slc, kind: 'standard', registered: true, registeredAt: t, createdAt: t, obsolete: false, activationMac: mac,
      customerId: null, company: null, product: null, version: null, description: null,
      care: { recorded: false, plusExpiresOn: null, premiumExpiresOn: null }, upgradedFrom: null, upgradedTo: null, upgradedAt: null,
      aacLicenses: null, deviceTotal: null, expiresOn: null, macs: [], extensions: [], deactivatedAt: null, expirationReminder: false
    }
    l.registered = true
    l.registeredAt = t
    l.activationMac = mac
    if (customerId !== null) l.customerId = customerId
    if (description) l.description = description
    if (product) { l.product = product; l.version = version }
    if (body.care && typeof body.care === 'object') {
      const c = body.care as Row
      l.care = { recorded: true, plusExpiresOn: (c.plusExpiresOn as string | null) ?? null, premiumExpiresOn: (c.premiumExpiresOn as string | null) ?? null }
    }
    if (typeof body.deviceLicenses === 'number') l.deviceTotal = body.deviceLicenses
    if (typeof body.aacLicenses === 'number') l.aacLicenses = body.aacLicenses
    if (body.company && typeof body.company === 'object') l.company = body.company as RegLicense['company']
    st.licenses.set(l.id, l)
    setGroups(l, [...new Set([...groupRefs(l).map((g) => Number(g.id)), ...groupIds])])
    syncServerRows(new Set([l.id]))
    return details(l)
  }

  function importCsv (body: Row): Row {
    const text = typeof body.csv === 'string' ? body.csv.replace(/^\uFEFF/, '') : ''
    const lines = text.split(/\r?\n/)
    const delim = ((lines[0] ?? '').split(';').length > (lines[0] ?? '').split(',').length) ? ';' : ','
    const parse = (line: string): string[] => {
      const out: string[] = []; let f = ''; let q = false
      for (let i = 0; i < line.length; i++) {
        const c = line[i]
        if (q) { if (c === '"' && line[i + 1] === '"') { f += '"'; i++ } else if (c === '"') q = false; else f += c } else if (c === '"') q = true; else if (c === delim) { out.push(f); f = '' } else f += c
      }
      out.push(f)
      return out.map((x) => x.trim())
    }
    const rows = lines.map((l, i) => ({ line: i + 1, cells: parse(l) })).filter((r) => r.cells.some((c) => c !== ''))
    const words: Record<string, string> = { slc: 'slc', 'license (slc)': 'slc', mac: 'mac', 'mac address': 'mac', customer: 'customer', description: 'description', 'license description': 'description', group: 'group', 'license group': 'group' }
    let cols = ['slc', 'mac', 'customer', 'description', 'group']
    if (rows[0] && rows[0].cells.some((c) => words[c.toLowerCase()] === 'slc')) { cols = rows[0].cells.map((c) => words[c.toLowerCase()] ?? ''); rows.shift() }
    if (rows.length === 0) throw bad('csv: the file has no license rows')
    const report: Row[] = []
    let imported = 0
    for (const r of rows) {
      const rec: Record<string, string> = {}
      cols.forEach((k, i) => { if (k) rec[k] = r.cells[i] ?? '' })
      try {
        const groupIds = (rec.group ?? '').split('|').map((g) => g.trim()).filter(Boolean).map((name) => {
          const g = [...st.groups.values()].find((x) => fold(x.name) === fold(name))
          if (!g) throw bad(`group: no license group named "${name}"`)
          return g.id
        })
        const made = register({ slc: rec.slc ?? '', mac: rec.mac ?? '', ...(rec.customer ? { customer: rec.customer } : {}), ...(rec.description ? { description: rec.description } : {}), groupIds })
        imported++
        report.push({ line: r.line, slc: made.slc, result: 'imported', licenseId: made.id, message: null })
      } catch (err) {
        if (!(err instanceof HttpError)) throw err
        const message = err.status === 409 ? err.message.replace(/^slc: \S+ is /, '') : err.message
        report.push({ line: r.line, slc: rec.slc ?? '', result: 'refused', licenseId: null, message })
      }
    }
    return { imported, refused: report.length - imported, rows: report }
  }

  function patchLicense (l: RegLicense, body: Row): void {
    const customerId = customerOf(body)
    const groupIds = groupIdsOf(body)
    if (customerId !== undefined) l.customerId = customerId
    if (body.description !== undefined) l.description = str(body, 'description') || null
    if (groupIds) setGroups(l, groupIds)
    if (body.care && typeof body.care === 'object') {
      const c = body.care as Row
      l.care = { recorded: true, plusExpiresOn: (c.plusExpiresOn as string | null) ?? null, premiumExpiresOn: (c.premiumExpiresOn as string | null) ?? null }
    }
    if (body.deviceLicenses !== undefined) l.deviceTotal = body.deviceLicenses as number | null
    if (body.aacLicenses !== undefined) l.aacLicenses = body.aacLicenses as number | null
    if (body.expirationReminder !== undefined) l.expirationReminder = Boolean(body.expirationReminder)
    syncServerRows(new Set([l.id]))
  }

  function upgrade (l: RegLicense, body: Row): Row {
    if (body.confirm !== true) throw bad('confirm: tick "I understand that once upgraded the current license (SLC) will be deactivated" (send confirm: true)')
    const info = upgradeInfo(l)
    if (!info.available) throw new HttpError(409, 'upgrade_not_available', String(info.reason))
    const version = body.version === undefined ? String(info.latestVersion) : String(body.version)
    if (!(info.versions as Row[]).some((v) => v.version === version)) throw bad(`version: ${l.product} ${version} is not a release this license may be upgraded to`)
    let slc: string
    if (body.slc !== undefined) {
      slc = slcOf(body.slc)
      if ([...st.licenses.values()].some((x) => x.slc === slc)) throw new HttpError(409, 'already_registered', `slc: ${slc} is already registered to this account`)
    } else {
      slc = `M01-U${String(st.nextId % 100).padStart(2, '0')}-${String(100 + (st.nextId % 900)).padStart(3, '0')}-45-7B${String(1000 + st.nextId).slice(-4)}`
    }
    const t = new Date(now()).toISOString()
    const n: RegLicense = { ...l, id: ++st.nextId, slc, version, registeredAt: t, createdAt: t, upgradedFrom: l.id, upgradedTo: null, upgradedAt: null, extensions: [...l.extensions], macs: [...l.macs] }
    st.licenses.set(n.id, n)
    setGroups(n, groupRefs(l).map((g) => Number(g.id)))
    setGroups(l, [])
    for (const s of st.servers.values()) if (s.licenseId === l.id) s.licenseId = n.id
    for (const a of st.activations) if (a.licenseId === l.id) a.licenseId = n.id
    l.upgradedTo = n.id
    l.upgradedAt = t
    l.obsolete = true
    syncServerRows(new Set([n.id]))
    return { previous: ref(l), license: details(n) }
  }

  // ---- the router
  function handle (method: string, url: URL, body: Row | null): { status: number, body?: unknown } | null {
    const p = url.pathname
    const seg = p.split('/').slice(3) // after /api/v1
    const b = body ?? {}
    const ok = (x: unknown, status = 200): { status: number, body?: unknown } => ({ status, body: x })
    requests.push({ method, path: p, query: url.search, body })

    if (p === '/api/v1/products' && method === 'GET') return ok({ items: PRODUCTS, total: PRODUCTS.length })

    if (seg[0] === 'licenses') {
      if (seg.length === 1 && method === 'GET') return ok(listLicenses(url))
      if (seg.length === 1 && method === 'POST') return ok(register(b), 201)
      if (seg[1] === 'check' && method === 'POST') {
        const slc = slcOf(b.slc); const mac = macOf(b.mac)
        const found = checkMac(slc, mac)
        return ok({ slc, mac, discovered: found ? { id: found.id, product: found.product, version: found.version, servers: serversOf(found).length, customer: customerName(found.customerId) } : null })
      }
      if (seg[1] === 'import' && method === 'POST') return ok(importCsv(b))
      const l = needLicense(seg[1], null)
      if (seg.length === 2 && method === 'GET') return ok(l.kind === 'test' ? { ...details(l), kind: 'test' } : details(l))
      if (seg.length === 2 && method === 'PATCH') { patchLicense(l, b); return ok(details(l)) }
      if (seg[2] === 'upgrade' && method === 'GET') return ok({ ...upgradeInfo(l), moves: { customer: customerName(l.customerId), groups: groupRefs(l), servers: serversOf(l).length, description: l.description } })
      if (seg[2] === 'upgrade' && method === 'POST') return ok(upgrade(l, b), 201)
      if (seg[2] === 'activations' && method === 'GET') {
        const ts = terms(url)
        const serverId = url.searchParams.get('serverId')
        const list = activationsOf(l).filter((a) => (!serverId || a.serverId === serverId) && matchesAll(`${String(a.deviceName)} ${String(a.mac)} ${String(a.dlkDescription ?? '')}`, ts))
        const sorted = sortBy(list, url.searchParams.get('sort'), {
          activatedAt: (a) => String(a.activatedAt), mac: (a) => String(a.mac), deviceName: (a) => String(a.deviceName), dlkDescription: (a) => String(a.dlkDescription ?? ''), licensesUsed: (a) => Number(a.licensesUsed)
        }, '-activatedAt', (a) => Number(a.id))
        const page = paged(sorted, url)
        return ok({ items: page.items.map((a) => ({ ...a, server: st.servers.get(String(a.serverId))?.name ?? null, licenseId: undefined })), total: page.total })
      }
    }

    if (seg[0] === 'servers' && seg.length === 2 && method === 'PATCH') {
      const s = st.servers.get(seg[1]!)
      if (!s) throw new HttpError(404, 'not_found', `no server ${seg[1]}`)
      if (b.locationId !== undefined && b.location !== undefined) throw bad('location: give locationId or location, not both')
      if (b.locationId !== undefined) {
        if (b.locationId !== null && !st.locations.has(Number(b.locationId))) throw bad(`locationId: no location ${String(b.locationId)}`)
        s.locationId = b.locationId === null ? null : Number(b.locationId)
      }
      if (b.location !== undefined) {
        const name = str(b, 'location', 200)
        if (!name) throw bad('location: a name is required')
        const found = [...st.locations.values()].find((x) => fold(x.name) === fold(name))
        s.locationId = found ? found.id : (() => { const id = ++st.nextId; st.locations.set(id, { id, name }); return id })()
      }
      if (b.description !== undefined) s.description = str(b, 'description') || null
      syncServerRows(new Set([s.licenseId]))
      return ok(serverItem(s))
    }

    if (seg[0] === 'locations') {
      if (seg.length === 1 && method === 'GET') {
        const ts = terms(url)
        const list = [...st.locations.values()].filter((x) => matchesAll(x.name, ts)).map((x) => ({ id: x.id, name: x.name, servers: [...st.servers.values()].filter((s) => s.locationId === x.id).length }))
        const page = paged(sortBy(list, url.searchParams.get('sort'), { name: (x) => String(x.name), servers: (x) => Number(x.servers) }, 'name', (x) => Number(x.id)), url)
        return ok(page)
      }
      if (seg.length === 1 && method === 'POST') {
        const name = str(b, 'name', 200)
        if (!name) throw bad('name is required')
        if ([...st.locations.values()].some((x) => fold(x.name) === fold(name))) throw new HttpError(409, 'location_exists', `name: a location named "${name}" already exists`)
        const id = ++st.nextId
        st.locations.set(id, { id, name })
        return ok({ id, name, servers: 0 }, 201)
      }
    }

    if (seg[0] === 'customers') {
      if (seg.length === 1 && method === 'GET') {
        const ts = terms(url)
        const list = [...st.customers.keys()].map(customerItem).filter((c) => matchesAll(String(c.name), ts))
        return ok(paged(sortBy(list, url.searchParams.get('sort'), { name: (c) => String(c.name), licenses: (c) => Number(c.licenses), servers: (c) => Number(c.servers), activatedDevices: (c) => Number(c.activatedDevices) }, 'name', (c) => Number(c.id)), url))
      }
      if (seg.length === 1 && method === 'POST') {
        const name = str(b, 'name', 200)
        if (!name) throw bad('name is required')
        if ([...st.customers.values()].some((c) => fold(c.name) === fold(name))) throw new HttpError(409, 'customer_exists', `name: a customer named "${name}" already exists`)
        const id = ++st.nextId
        st.customers.set(id, { id, name })
        return ok(customerItem(id), 201)
      }
      const id = Number(seg[1])
      const c = st.customers.get(id)
      if (!c) throw new HttpError(404, 'not_found', `no customer ${seg[1]}`)
      const mine = (): RegLicense[] => [...st.licenses.values()].filter((l) => l.customerId === id).sort((a, b2) => coll.compare(a.slc, b2.slc))
      if (seg.length === 2 && method === 'GET') {
        return ok({ ...customerItem(id), licenseList: mine().map((l) => ({ id: l.id, slc: l.slc, productLabel: productLabel(l), careCoverage: coverage(l), status: licenseStatus(l), kind: l.kind, servers: serversOf(l).length })) })
      }
      if (seg.length === 2 && method === 'PATCH') {
        const name = str(b, 'name', 200)
        if (!name) throw bad('name is required')
        if ([...st.customers.values()].some((x) => x.id !== id && fold(x.name) === fold(name))) throw new HttpError(409, 'customer_exists', `name: a customer named "${name}" already exists`)
        c.name = name
        syncServerRows(new Set(mine().map((l) => l.id)))
        return ok(customerItem(id))
      }
      if (seg.length === 2 && method === 'DELETE') {
        const ids = new Set(mine().map((l) => l.id))
        for (const l of mine()) l.customerId = null
        st.customers.delete(id)
        syncServerRows(ids)
        return { status: 204 }
      }
      if (seg[2] === 'removal' && method === 'GET') {
        return ok({ customer: { id, name: c.name }, licenses: mine().map(ref), servers: mine().reduce((n, l) => n + serversOf(l).length, 0), errorFilters: 0, tokens: 0 })
      }
      if (seg[2] === 'servers' && method === 'GET') {
        const ts = terms(url)
        const rows = mine().flatMap((l) => serversOf(l).map((s) => ({
          serverId: s.id, location: s.locationId === null ? null : st.locations.get(s.locationId)?.name ?? null, server: s.name,
          product: productLabel(l), licenseId: l.id, slc: l.slc, careCoverage: coverage(l), groups: groupRefs(l)
        }))).filter((r) => matchesAll(`${r.location ?? ''} ${r.server} ${r.product} ${r.slc} ${r.groups.map((g) => g.name).join(' ')}`, ts))
        return ok(paged(sortBy(rows, url.searchParams.get('sort'), {
          location: (r) => r.location ?? '', server: (r) => r.server, product: (r) => r.product, slc: (r) => r.slc, careCoverage: (r) => CARE_RANK[r.careCoverage]!, group: (r) => String(r.groups[0]?.name ?? '')
        }, 'server', (r) => r.serverId), url))
      }
    }

    if (seg[0] === 'license-groups') {
      const nameOf = (id: number | null): string => {
        const name = str(b, 'name', 200)
        if (!name) throw bad('name is required')
        if ([...st.groups.values()].some((g) => g.id !== id && fold(g.name) === fold(name))) throw new HttpError(409, 'group_exists', `name: a license group named "${name}" already exists`)
        return name
      }
      const idsOf = (key: string): number[] | undefined => {
        const v = b[key]
        if (v === undefined) return undefined
        if (!Array.isArray(v)) throw bad(`${key}: expected an array of license ids`)
        for (const x of v) if (!st.licenses.has(Number(x))) throw bad(`${key}: no license ${String(x)}`)
        return v.map(Number)
      }
      if (seg.length === 1 && method === 'GET') {
        const ts = terms(url)
        const list = [...st.groups.keys()].map(groupItem).filter((g) => matchesAll(`${String(g.name)} ${String(g.description ?? '')}`, ts))
        return ok(paged(sortBy(list, url.searchParams.get('sort'), { name: (g) => String(g.name), description: (g) => String(g.description ?? ''), licenses: (g) => Number(g.licenses), servers: (g) => Number(g.servers) }, 'name', (g) => Number(g.id)), url))
      }
      if (seg.length === 1 && method === 'POST') {
        const name = nameOf(null)
        const id = ++st.nextId
        st.groups.set(id, { id, name, description: str(b, 'description') || null, licenseIds: [...new Set(idsOf('licenseIds') ?? [])] })
        return ok(groupDetails(id), 201)
      }
      const id = Number(seg[1])
      const g = st.groups.get(id)
      if (!g) throw new HttpError(404, 'not_found', `no license group ${seg[1]}`)
      if (method === 'GET') return ok(groupDetails(id))
      if (method === 'PATCH') {
        if (b.name !== undefined) g.name = nameOf(id)
        if (b.description !== undefined) g.description = str(b, 'description') || null
        const set = idsOf('licenseIds'); const add = idsOf('add'); const remove = idsOf('remove')
        if (set) g.licenseIds = [...new Set(set)]
        if (add) g.licenseIds = [...new Set([...g.licenseIds, ...add])]
        if (remove) g.licenseIds = g.licenseIds.filter((x) => !remove.includes(x))
        return ok(groupDetails(id))
      }
      if (method === 'DELETE') { st.groups.delete(id); return { status: 204 } }
    }

    if (seg[0] === 'test-licenses') {
      if (seg[1] === 'summary' && method === 'GET') return ok(summary())
      if (seg[1] === 'products' && method === 'GET') { const items = PRODUCTS.filter((x) => x.testLicense); return ok({ items, total: items.length }) }
      if (seg[1] === 'pool' && method === 'PUT') {
        const size = Number(b.size)
        if (!Number.isInteger(size) || size < 0 || size > 1000) throw bad('size: expected an integer from 0 to 1000')
        st.pool = size
        return ok(summary())
      }
      if (seg.length === 1 && method === 'GET') {
        const status = oneOf(url, 'status', ['active', 'inactive', 'about_to_expire'])
        const ts = terms(url)
        const list = [...st.licenses.values()].filter((l) => l.kind === 'test' &&
          (!status || (status === 'active' ? testStatus(l) !== 'inactive' : testStatus(l) === status)) &&
          matchesAll(`${customerName(l.customerId)} ${productLabel(l)} ${l.slc}`, ts))
        const page = paged(sortBy(list, url.searchParams.get('sort'), {
          expiresOn: (l) => l.expiresOn ?? '', customer: (l) => customerName(l.customerId), product: (l) => productLabel(l), slc: (l) => l.slc, createdAt: (l) => l.createdAt
        }, 'expiresOn', (l) => l.slc), url)
        return ok({ items: page.items.map(testItem), total: page.total })
      }
      if (seg.length === 1 && method === 'POST') {
        if (summary().available === 0) throw new HttpError(409, 'no_test_licenses_available', '0 test licenses available: deactivate a test license to create another')
        const p = catalog(String(b.product ?? ''))
        if (!p) throw bad(`product: "${String(b.product ?? '')}" is not in the product catalog`)
        if (!p.testLicense) throw bad(`product: ${p.name} is not offered as a test license`)
        if (!p.versions.some((v) => v.version === b.version)) throw bad(`version: ${p.name} has no release "${String(b.version ?? '')}"`)
        const customerId = customerOf(b, { required: true })!
        const groupIds = groupIdsOf(b) ?? []
        const t = new Date(now()).toISOString()
        const n = st.nextId + 1
        const l: RegLicense = {
          id: ++st.nextId, slc: `T01-B01-${String(200 + (n % 800)).padStart(3, '0')}-05-6C${String(7000 + n).slice(-4)}`, kind: 'test', registered: true, registeredAt: t, createdAt: t,
          obsolete: false, activationMac: null, customerId, company: null, product: p.name, version: String(b.version), description: str(b, 'description') || null,
          care: { recorded: false, plusExpiresOn: null, premiumExpiresOn: null }, upgradedFrom: null, upgradedTo: null, upgradedAt: null,
          aacLicenses: null, deviceTotal: 8, expiresOn: addDays(today(), 365), macs: [], extensions: [], deactivatedAt: null, expirationReminder: b.expirationReminder === true
        }
        st.licenses.set(l.id, l)
        setGroups(l, groupIds)
        return ok(testDetails(l), 201)
      }
      const l = needLicense(seg[1], 'test')
      if (seg.length === 2 && method === 'GET') return ok(testDetails(l))
      if (seg.length === 2 && method === 'PATCH') { patchLicense(l, b); return ok(testDetails(l)) }
      if (seg[2] === 'deactivate' && method === 'POST') {
        if (testInactive(l)) throw new HttpError(409, 'not_active', 'this test license is already inactive')
        l.deactivatedAt = new Date(now()).toISOString()
        return ok(testDetails(l))
      }
    }
    return null
  }

  return {
    state: st,
    requests,
    handle,
    summary,
    /** The path of a request this stub answers. */
    owns: (p: string): boolean => /^\/api\/v1\/(licenses|customers|license-groups|test-licenses|products|locations)(\/|$)/.test(p) || /^\/api\/v1\/servers\/[^/]+$/.test(p),
    listItem,
    details,
    customerName
  }
}
