/**
 * What the registry stub (stub-registry.ts) answers, derived from its state as docs/api/registry.md
 * words it: Care coverage, license status, the upgrade preview, list items and details of licenses,
 * customers, license groups and test licenses, and the test license pool.
 */
import type { Row } from './stub-errors.js'
import { PRODUCTS, type RegState, type RegLicense, type RegServer } from './stub-demo-registry.js'

const coll = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
export const CARE_LABELS: Record<string, string> = { premium: 'Premium', plus: 'Plus', basic: 'Basic', unknown: 'Unknown' }
export const CARE_RANK: Record<string, number> = { premium: 3, plus: 2, basic: 1, unknown: 0 }

export type RegistryViews = ReturnType<typeof registryViews>

/** `servers`: the stub's ServerStatus rows (monitoring status and error state of a license's servers). */
export function registryViews (st: RegState, servers: Map<string, Row>, today: () => string) {
  const addDays = (ymd: string, days: number): string => new Date(Date.parse(`${ymd}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10)
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
    if (!l.care.recorded) return no('No Milestone Care is recorded for this license: record its Care Plus to see upgrades')
    const until = plusUntil(l)
    if (!until) return no('This license has never had Care Plus')
    const p = catalog(l.product)
    const own = p?.versions.find((v) => v.version === l.version)
    if (!p || !own) return no('The product or version of this license is not in the product catalog')
    const released = p.versions.filter((v) => v.releasedOn <= today())
    if (released[0]?.version === own.version) return no(`${p.name} ${own.version} is the latest release`)
    const versions = released.filter((v) => v.releasedOn > own.releasedOn && v.releasedOn <= until)
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
    const row = servers.get(s.id)
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

  /** Licenses in use: not upgraded to another SLC, not a deactivated test license. */
  const inUse = (l: RegLicense): boolean => l.upgradedTo === null && !(l.kind === 'test' && l.deactivatedAt !== null)
  function customerItem (id: number): Row {
    const ls = [...st.licenses.values()].filter((l) => l.customerId === id && inUse(l))
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


  return {
    addDays, customerName, productLabel, plusUntil, coverage, testInactive, licenseStatus, serversOf, activationsOf, activated, ref,
    groupRefs, catalog, upgradeInfo, listItem, serverItem, details, testStatus, testItem, testDetails, summary, inUse, customerItem,
    groupItem, groupDetails
  }
}
