/**
 * The registry of the stub API (stub-registry.ts): its state, the product catalog, and a made-up
 * account built on a demoServers() fleet: each SLC of the fleet is a license of its customer, with Care
 * of every kind (Premium, Plus, renewal due within 60 days, expired, never recorded), upgrades
 * available, one license already upgraded (obsolete), one discovered from an agent but not registered,
 * licenses without servers, license groups, locations, device activations and test licenses.
 * Deterministic: the same fleet and clock make the same registry.
 */
import type { Row } from './stub-errors.js'

export interface RegCustomer { id: number, name: string }
export interface RegLicense {
  id: number, slc: string, kind: 'standard' | 'test', registered: boolean, registeredAt: string | null, createdAt: string
  obsolete: boolean, activationMac: string | null, customerId: number | null
  company: { name: string | null, phone: string | null, address: string | null } | null
  product: string | null, version: string | null, description: string | null
  care: { recorded: boolean, plusExpiresOn: string | null, premiumExpiresOn: string | null }
  upgradedFrom: number | null, upgradedTo: number | null, upgradedAt: string | null
  aacLicenses: number | null, deviceTotal: number | null, expiresOn: string | null
  /** MAC addresses agents of this SLC reported (the MAC of a registration must be one of them). */
  macs: string[]
  extensions: Row[]
  deactivatedAt: string | null, expirationReminder: boolean
}
export interface RegServer { id: string, name: string, licenseId: number, locationId: number | null, description: string | null, reporting: boolean }
export interface RegGroup { id: number, name: string, description: string | null, licenseIds: number[] }
export interface RegState {
  customers: Map<number, RegCustomer>
  licenses: Map<number, RegLicense>
  servers: Map<string, RegServer>
  groups: Map<number, RegGroup>
  locations: Map<number, { id: number, name: string }>
  activations: Row[]
  pool: number
  nextId: number
}

const v = (version: string, releasedOn: string, reportingSupported = true): { version: string, releasedOn: string, reportingSupported: boolean } => ({ version, releasedOn, reportingSupported })
const XPROTECT = [
  v('2024 R1', '2024-02-20'), v('2023 R3', '2023-10-17'), v('2023 R2', '2023-06-20'), v('2023 R1', '2023-02-21'), v('2022 R3', '2022-10-18'),
  v('2022 R2', '2022-06-14'), v('2022 R1', '2022-02-15'), v('2021 R2', '2021-06-15'), v('2021 R1', '2021-02-16'), v('2020 R3', '2020-10-20'),
  v('2020 R2', '2020-06-16'), v('2020 R1', '2020-02-18'), v('2019 R3', '2019-10-15'), v('2018 R3', '2018-10-16'), v('2017 R3', '2017-10-17'),
  v('2013', '2013-05-01', false)
]
export const PRODUCTS = [
  { id: 'xprotect-corporate', name: 'XProtect Corporate', family: 'XProtect', testLicense: true, versions: XPROTECT },
  { id: 'xprotect-expert', name: 'XProtect Expert', family: 'XProtect', testLicense: true, versions: XPROTECT },
  { id: 'xprotect-professional-plus', name: 'XProtect Professional+', family: 'XProtect', testLicense: true, versions: XPROTECT },
  { id: 'xprotect-express-plus', name: 'XProtect Express+', family: 'XProtect', testLicense: true, versions: XPROTECT },
  { id: 'xprotect-essential-plus', name: 'XProtect Essential+', family: 'XProtect', testLicense: false, versions: XPROTECT },
  { id: 'husky-x8', name: 'Husky X8', family: 'Husky', testLicense: false, versions: [v('2023 R2', '2023-06-20'), v('2022 R1', '2022-02-15')] }
]

export const todayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const plusDays = (ms: number, days: number): string => todayOf(ms + days * 86400e3)

export function emptyRegistry (pool = 15): RegState {
  return { customers: new Map(), licenses: new Map(), servers: new Map(), groups: new Map(), locations: new Map(), activations: [], pool, nextId: 1 }
}

function blankLicense (id: number, slc: string, createdAt: string): RegLicense {
  return {
    id, slc, kind: 'standard', registered: true, registeredAt: createdAt, createdAt, obsolete: false, activationMac: null, customerId: null,
    company: null, product: null, version: null, description: null, care: { recorded: false, plusExpiresOn: null, premiumExpiresOn: null },
    upgradedFrom: null, upgradedTo: null, upgradedAt: null, aacLicenses: null, deviceTotal: null, expiresOn: null, macs: [], extensions: [],
    deactivatedAt: null, expirationReminder: false
  }
}

/**
 * A registry for the fleet in `servers` (ServerStatus rows with customer, slc, location): customers by
 * name ("Unspecified" = none), a license per SLC, locations by name, then the extras described above.
 */
export function demoRegistry (servers: Iterable<Row>, now = Date.now(), opts: { pool?: number, testLicenses?: number } = {}): RegState {
  const st = emptyRegistry(opts.pool ?? 15)
  const id = (): number => ++st.nextId
  const iso = (daysAgo: number): string => new Date(now - daysAgo * 86400e3).toISOString()
  const customerId = (name: string): number | null => {
    if (!name || name === 'Unspecified') return null
    const found = [...st.customers.values()].find((c) => c.name === name)
    if (found) return found.id
    const c = { id: id(), name }
    st.customers.set(c.id, c)
    return c.id
  }
  const locationId = (name: unknown): number | null => {
    if (typeof name !== 'string' || !name) return null
    const found = [...st.locations.values()].find((l) => l.name === name)
    if (found) return found.id
    const l = { id: id(), name }
    st.locations.set(l.id, l)
    return l.id
  }
  const products = ['XProtect Corporate', 'XProtect Expert', 'XProtect Professional+', 'XProtect Express+']
  const versions = ['2020 R2', '2022 R1', '2023 R2', '2021 R1', '2020 R1', '2019 R3']
  const bySlc = new Map<string, RegLicense>()
  let n = 0
  for (const s of servers) {
    const slc = String(s.slc ?? '')
    if (!slc) continue
    let l = bySlc.get(slc)
    if (!l) {
      l = blankLicense(id(), slc, iso(400 - n * 7))
      l.customerId = customerId(String(s.customer ?? ''))
      l.product = products[n % products.length]!
      l.version = versions[n % versions.length]!
      l.description = n % 3 === 0 ? `${['HQ', 'Site', 'Depot'][n % 3]} ${1 + (n % 5)}` : null
      l.activationMac = `00:10:2A:3B:${String(10 + n).padStart(2, '0')}:67`
      l.aacLicenses = n % 4 === 0 ? 2 : null
      l.deviceTotal = 25 + (n % 4) * 25
      l.company = n % 2 === 0 ? { name: `${String(s.customer)} A/S`, phone: n % 4 === 0 ? '+45 88 30 03 00' : null, address: 'Banemarksvej 50, Brøndby, Denmark' } : null
      // Care of every kind: Premium, Plus, Plus due within 60 days, Plus expired (Basic), never recorded
      const kind = n % 6
      l.care = kind === 5
        ? { recorded: false, plusExpiresOn: null, premiumExpiresOn: null }
        : {
            recorded: true,
            plusExpiresOn: kind === 0 ? null : kind === 1 ? plusDays(now, 40) : kind === 2 ? '2022-06-30' : plusDays(now, 400 + n),
            premiumExpiresOn: kind === 0 ? plusDays(now, 500) : null
          }
      if (n % 5 === 0) l.extensions = [{ product: 'XProtect Access', slc: `M01-P03-${String(100 + n)}-45-6P${7890 + n}`, expiresOn: null, developedBy: 'Milestone Systems' }]
      st.licenses.set(l.id, l)
      bySlc.set(slc, l)
      n++
    }
    st.servers.set(String(s.serverId), {
      id: String(s.serverId), name: String(s.name), licenseId: l.id, locationId: locationId(s.location),
      description: null, reporting: s.monitoringStatus !== 'not_reporting' && s.monitoringStatus !== 'reporting_not_supported'
    })
  }
  // device activations: a few per server
  let a = 0
  for (const s of st.servers.values()) {
    const count = 1 + (a % 4)
    for (let i = 0; i < count; i++) {
      a++
      st.activations.push({
        id: a, licenseId: s.licenseId, serverId: s.id, activatedAt: plusDays(now, -30 - a * 3), mac: `00:10:2A:3B:${(a % 256).toString(16).padStart(2, '0').toUpperCase()}:${(a * 7 % 256).toString(16).padStart(2, '0').toUpperCase()}`,
        dlkDescription: a % 5 === 0 ? 'Entrance' : null, deviceName: `Camera ${a}`, licensesUsed: 1
      })
    }
  }

  // an upgraded license (obsolete) and the SLC it was upgraded to; a discovered one; licenses without servers
  const first = [...st.licenses.values()][0]
  const acme = customerId('ACME Retail')!
  const old = blankLicense(id(), 'M01-C01-099-45-6A1000', iso(900))
  Object.assign(old, { customerId: acme, product: 'XProtect Expert', version: '2019 R3', obsolete: true, care: { recorded: true, plusExpiresOn: '2021-12-31', premiumExpiresOn: null }, description: 'Before the 2021 upgrade' })
  const upgraded = blankLicense(id(), 'M01-C01-099-45-6A1001', iso(700))
  Object.assign(upgraded, { customerId: acme, product: 'XProtect Expert', version: '2021 R1', care: { recorded: true, plusExpiresOn: '2021-12-31', premiumExpiresOn: null }, upgradedFrom: old.id, deviceTotal: 16 })
  old.upgradedTo = upgraded.id
  old.upgradedAt = iso(700)
  st.licenses.set(old.id, old)
  st.licenses.set(upgraded.id, upgraded)
  const discovered = blankLicense(id(), 'M01-D01-555-45-6D5555', iso(3))
  Object.assign(discovered, { registered: false, registeredAt: null, product: 'XProtect Professional+', version: '2023 R2', macs: ['00:10:2A:3B:55:55'] })
  st.licenses.set(discovered.id, discovered)
  st.servers.set('srv-disc-1', { id: 'srv-disc-1', name: 'REC-DISC-01', licenseId: discovered.id, locationId: null, description: null, reporting: true })
  for (const [i, name] of ['Glostrup Airport', 'MegaBig Supermarkets', 'Keegan Self Storage'].entries()) {
    const l = blankLicense(id(), `M01-C0${i + 2}-777-45-6B77${70 + i}`, iso(200 + i))
    Object.assign(l, { customerId: customerId(name), product: products[i]!, version: '2022 R1', care: { recorded: true, plusExpiresOn: plusDays(now, 90 + i * 200), premiumExpiresOn: null }, deviceTotal: 10 })
    st.licenses.set(l.id, l)
  }

  // license groups
  const standard = [...st.licenses.values()].filter((l) => l.kind === 'standard' && l.registered)
  const group = (name: string, description: string | null, members: RegLicense[]): void => {
    const g = { id: id(), name, description, licenseIds: members.map((l) => l.id) }
    st.groups.set(g.id, g)
  }
  group('Main Group', 'Central office licenses', standard.filter((_, i) => i % 4 === 0))
  group('Airports', 'Terminals and parking', standard.filter((l) => /Tailspin|Glostrup/.test(st.customers.get(l.customerId ?? -1)?.name ?? '')))
  group('Renewals 2025', null, standard.filter((_, i) => i % 6 === 1))
  if (first) group('Test group', 'test group', [])

  // test licenses: most active, one about to expire, one deactivated, one expired
  const tl = opts.testLicenses ?? 12
  const customers = [...st.customers.values()]
  for (let i = 0; i < tl; i++) {
    const created = i === 0 ? 350 : i === tl - 1 ? 380 : 20 + i * 15
    const l = blankLicense(id(), `A01-B01-234-05-6C${7890 + i}`, iso(created))
    Object.assign(l, {
      kind: 'test', customerId: customers[i % customers.length]!.id, product: products[i % products.length]!, version: ['2018 R3', '2017 R3', '2018 R1', '2023 R2'][i % 4]!,
      expiresOn: todayOf(Date.parse(iso(created)) + 365 * 86400e3), deviceTotal: 8, expirationReminder: i % 2 === 0,
      deactivatedAt: i === 3 ? iso(5) : null
    })
    st.licenses.set(l.id, l)
  }
  return st
}
