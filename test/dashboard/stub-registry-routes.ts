/**
 * The Customers, License groups and Test licenses routes of the registry stub (stub-registry.ts), as
 * docs/api/registry.md words them. `ctx` is the stub's state, its views and the inputs it shares.
 */
import { HttpError, type Row } from './stub-errors.js'
import { PRODUCTS, type RegLicense, type RegState } from './stub-demo-registry.js'
import { CARE_RANK, type RegistryViews } from './stub-registry-views.js'
import { bad, coll, fold, matchesAll, oneOf, paged, sortBy, str, terms } from './stub-query.js'

export interface RouteContext {
  st: RegState
  v: RegistryViews
  now: () => number
  today: () => string
  customerOf (body: Row, opts?: { required?: boolean }): number | null | undefined
  groupIdsOf (body: Row): number[] | undefined
  setGroups (l: RegLicense, ids: number[]): void
  patchLicense (l: RegLicense, body: Row): void
  needLicense (id: string | undefined, kind?: 'standard' | 'test' | null): RegLicense
  syncServerRows (licenseIds?: Set<number> | null): void
}

type Answer = { status: number, body?: unknown } | null

export function otherRoutes (ctx: RouteContext, method: string, url: URL, seg: string[], b: Row): Answer {
  const { st, now, today, customerOf, groupIdsOf, setGroups, patchLicense, needLicense, syncServerRows } = ctx
  const {
    addDays, customerName, productLabel, coverage, testInactive, licenseStatus, serversOf, ref, groupRefs, catalog,
    testStatus, testItem, testDetails, summary, customerItem, groupItem, groupDetails
  } = ctx.v
  const ok = (x: unknown, status = 200): Answer => ({ status, body: x })

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
    if (seg[1] === 'pool' && method === 'PATCH') {
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
    if (seg.length === 2 && method === 'PATCH') {
      if (b.customerId === null) throw bad('customerId: a test license needs a customer')
      patchLicense(l, b)
      return ok(testDetails(l))
    }
    if (seg[2] === 'deactivate' && method === 'POST') {
      if (testInactive(l)) throw new HttpError(409, 'not_active', 'this test license is already inactive')
      l.deactivatedAt = new Date(now()).toISOString()
      return ok(testDetails(l))
    }
  }
  return null
}
