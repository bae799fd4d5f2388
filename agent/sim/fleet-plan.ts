import type { ServerRole } from '../../protocol/index.js'
import { between, pick, seededRandom, type Random } from './random.js'

export type SimulatedProduct = 'XProtect Corporate' | 'XProtect Expert' | 'XProtect Professional+'

/** One simulated server: who owns it, under which license, what it runs and where it stands. */
export interface FleetPlanEntry {
  customer: string
  /** Software license code, e.g. M01-C01-123-45-6A7890; shared by the servers of one license. */
  slc: string
  /** End of the license's Care Plus, as an ISO date (YYYY-MM-DD). */
  carePlusExpiresAt: string
  product: SimulatedProduct
  /** "2023 R2"; "2013 R2" for a server too old to report. */
  productVersion: string
  /** e.g. ACME-REC-01 */
  serverName: string
  role: ServerRole
  location: string
  /** The names device-level errors are reported under; empty for servers that record nothing. */
  cameras: string[]
}

interface Customer { name: string, prefix: string, sites: readonly string[] }

const CUSTOMERS: readonly Customer[] = [
  { name: 'Acme Logistics', prefix: 'ACME', sites: ['Copenhagen HQ', 'Aarhus distribution centre', 'Odense warehouse'] },
  { name: 'Northwind Retail', prefix: 'NWR', sites: ['Oslo flagship store', 'Bergen city mall', 'Trondheim outlet'] },
  { name: 'Harbor City Transit', prefix: 'HCT', sites: ['Central station', 'North bus depot', 'Ferry terminal'] },
  { name: 'St. Olav Hospital', prefix: 'SOH', sites: ['Main building', 'Emergency wing', 'Parking structure'] },
  { name: 'Granite Savings Bank', prefix: 'GSB', sites: ['Head office', 'Malmö branch', 'Data centre'] },
  { name: 'Sunrise Airport', prefix: 'SRA', sites: ['Terminal 1', 'Terminal 2', 'Cargo area'] }
]

const PRODUCTS: readonly SimulatedProduct[] = ['XProtect Corporate', 'XProtect Expert', 'XProtect Professional+']
const VERSIONS = ['2022 R3', '2023 R1', '2023 R2', '2023 R3', '2024 R1', '2024 R2'] as const
/** Before 2014 R1 XProtect cannot report: such servers show as "reporting not supported". */
const TOO_OLD_VERSION = '2013 R2'
const TOO_OLD_SERVERS = new Set([4, 9])
const CAMERA_AREAS = ['Entrance', 'Lobby', 'Parking', 'Loading dock', 'Corridor', 'Stairwell', 'Perimeter', 'Cash desk', 'Gate', 'Server room']
type SimulatedRole = Extract<ServerRole, 'management' | 'recording' | 'mobile' | 'event'>
const ROLE_CODES: Record<SimulatedRole, string> = { management: 'MGT', recording: 'REC', mobile: 'MOB', event: 'EVT' }
const DAY_MS = 86_400_000

interface License { customer: Customer, site: string, slc: string, product: SimulatedProduct, version: string, carePlusExpiresAt: string, servers: number }

/**
 * A deterministic fleet of `count` servers for demos, tests and load: about six customers with one to
 * three licenses each, servers handed to the licenses in turn (customers interleaved, so that a small
 * fleet still spans several). Care Plus dates count from `today`: one license has expired, one is
 * within the 20-day reminder, the rest run for months or years.
 */
export function fleetPlan (count: number, seed = 1, today: Date = new Date()): FleetPlanEntry[] {
  const random = seededRandom(seed)
  const licenses = planLicenses(random, today)
  const serials = new Map<string, number>()
  const entries: FleetPlanEntry[] = []
  for (let i = 0; i < count; i++) {
    const license = licenses[i % licenses.length]!
    const role = roleOf(license.servers++)
    const code = `${license.customer.prefix}-${ROLE_CODES[role]}`
    const serial = (serials.get(code) ?? 0) + 1
    serials.set(code, serial)
    entries.push({
      customer: license.customer.name,
      slc: license.slc,
      carePlusExpiresAt: license.carePlusExpiresAt,
      product: license.product,
      productVersion: TOO_OLD_SERVERS.has(i) ? TOO_OLD_VERSION : license.version,
      serverName: `${code}-${String(serial).padStart(2, '0')}`,
      role,
      location: role === 'management' ? license.site : `${license.site}, rack ${1 + Math.floor(serial / 8)}`,
      cameras: role === 'recording' ? cameraNames(random) : []
    })
  }
  return entries
}

function planLicenses (random: Random, today: Date): License[] {
  const slcs = new Set<string>()
  const perCustomer = CUSTOMERS.map((customer) => Array.from({ length: between(random, 1, 3) }, (_, n) => {
    let slc: string
    do slc = licenseCode(random); while (slcs.has(slc))
    slcs.add(slc)
    const license: License = {
      customer,
      site: customer.sites[n % customer.sites.length]!,
      slc,
      product: pick(random, PRODUCTS),
      version: pick(random, VERSIONS),
      carePlusExpiresAt: isoDate(today, between(random, 60, 900)),
      servers: 0
    }
    return license
  }))
  // Interleaved: first license of every customer, then the second ones, and so on.
  const licenses: License[] = []
  for (let round = 0; round < 3; round++) for (const own of perCustomer) if (own[round]) licenses.push(own[round]!)
  // Among the first six, so that any fleet of six servers or more has them.
  const expired = Math.floor(random() * Math.min(6, licenses.length))
  licenses[expired]!.carePlusExpiresAt = isoDate(today, -45)
  licenses[(expired + 1) % licenses.length]!.carePlusExpiresAt = isoDate(today, 18)
  return licenses
}

/** The first server of a license manages it; the rest record, with the odd mobile or event server. */
function roleOf (position: number): SimulatedRole {
  if (position === 0) return 'management'
  if (position % 10 === 9) return 'mobile'
  if (position % 15 === 14) return 'event'
  return 'recording'
}

/** M01-C01-123-45-6A7890 */
function licenseCode (random: Random): string {
  const digits = (n: number): string => Array.from({ length: n }, () => between(random, 0, 9)).join('')
  const letter = String.fromCharCode(65 + between(random, 0, 25))
  return `M${digits(2)}-C${digits(2)}-${digits(3)}-${digits(2)}-${digits(1)}${letter}${digits(4)}`
}

function cameraNames (random: Random): string[] {
  return Array.from({ length: between(random, 4, 16) }, (_, n) => `Cam ${String(n + 1).padStart(2, '0')} ${pick(random, CAMERA_AREAS)}`)
}

function isoDate (today: Date, days: number): string {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  return new Date(midnight + days * DAY_MS).toISOString().slice(0, 10)
}
