/**
 * The registry half of the stub API (stub-api.ts): licenses, customers, license groups, test licenses,
 * products and locations as docs/api/registry.md words them: the same paths, queries, shapes and
 * messages, so the registry pages can be driven end to end without the collector. A customer renamed or
 * removed, a license given another customer, or a server given another location changes the stub's
 * ServerStatus rows too, with a live `servers` event, as the collector does. The data come from
 * stub-demo-registry.ts (made up, deterministic); the answers are shaped in stub-registry-views.ts, the
 * Customers, License groups and Test licenses routes live in stub-registry-routes.ts, and the list
 * conventions (search, sort, paging) in stub-query.ts.
 */
import { HttpError, type Row } from './stub-errors.js'
import { PRODUCTS, type RegState, type RegLicense, todayOf } from './stub-demo-registry.js'
import { CARE_LABELS, CARE_RANK, registryViews } from './stub-registry-views.js'
import { otherRoutes, type RouteContext } from './stub-registry-routes.js'
import { MAC_RE, SLC_RE, bad, fold, intParam, matchesAll, oneOf, paged, sortBy, str, terms } from './stub-query.js'

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
  const requests: { method: string, path: string, query: string, body: unknown }[] = []

  const v = registryViews(st, opts.servers, today)
  const {
    addDays, customerName, productLabel, plusUntil, coverage, serversOf, activationsOf, activated, ref,
    groupRefs, catalog, upgradeInfo, listItem, serverItem, details, summary
  } = v

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
      if (!name) throw bad(required ? 'customer: choose a customer or add one' : 'customer: a customer name cannot be blank')
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
      if (body.version === undefined || body.version === null || body.version === '') throw bad(`version: choose a release of ${p.name}`)
      if (!p.versions.some((v) => v.version === body.version)) throw bad(`version: ${p.name} has no release "${String(body.version)}"`)
      version = String(body.version)
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
    if (rows[0] && words[rows[0].cells[0]!.toLowerCase()]) { cols = rows[0].cells.map((c) => words[c.toLowerCase()] ?? ''); rows.shift() }
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
    const offered = (info.versions as Row[]).map((v) => String(v.version))
    if (!offered.includes(version)) throw bad(`version: ${l.product} ${version} is not a release this license may be upgraded to (${offered.slice(0, 2).join(', ')}${offered.length > 2 ? ', …' : ''})`)
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

  const ctx: RouteContext = { st, v, now, today, customerOf, groupIdsOf, setGroups, patchLicense, needLicense, syncServerRows }

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

    return otherRoutes(ctx, method, url, seg, b)
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
