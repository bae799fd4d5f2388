/**
 * `npm run bench:licenses`: the Licenses page at distributor scale, in-process on the registry's own
 * code (what GET /api/v1/licenses calls). 100,000 licenses of 2,000 customers, 20,000 servers, 300
 * license groups, 200,000 activated devices: search, filter and sort, alone and combined, each under
 * 100 ms for a page of 25. Also the Customers and License groups lists.
 * Results go into the "Licenses page" section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { resolveConfig } from '../../collector/config.js'
import { createServices, type Services } from '../../collector/services.js'
import { listLicenses } from '../../collector/registry/license-list.js'
import { listCustomers } from '../../collector/registry/customers.js'
import { listGroups } from '../../collector/registry/license-groups.js'
import { clockAt } from '../../collector/registry/context.js'
import { addDays, dayOf } from '../../collector/registry/care.js'
import { nextReleaseOn, releasesOf } from '../../collector/registry/catalog.js'
import { PRODUCTS } from '../../collector/registry/products.js'
import type { Viewer } from '../../collector/auth/viewer.js'
import { timeIt, writeDocSection } from './in-process.js'

const WHY = 'Why these figures: the per-license numbers the list shows (servers, activated devices) are columns kept by triggers, and every rule the filters apply (obsolete, upgrade available, Care Plus windows) is a comparison on the license row, so search, filter and sort are one pass over the licenses, never a count of servers per row.'
const START = '<!-- bench:licenses:start (rewritten by `npm run bench:licenses`) -->'
const END = '<!-- bench:licenses:end -->'
const TARGET_MS = 100

interface Scale { licenses: number, customers: number, servers: number, groups: number, devices: number }

function seed (svc: Services, scale: Scale, log: (line: string) => void): void {
  const { db } = svc
  const account = svc.defaultAccountId
  const now = Date.now()
  const today = dayOf(now)
  const products = PRODUCTS.filter((p) => p.family === 'XProtect')
  db.transaction(() => {
    const customer = db.prepare('INSERT INTO customers (account_id, name, created_at) VALUES (?, ?, ?)')
    for (let c = 1; c <= scale.customers; c++) customer.run(account, `Customer ${String(c).padStart(4, '0')}`, now)
    const license = db.prepare(`INSERT INTO licenses (account_id, slc, customer_id, product, product_version, description, care_plus_expires_at,
      care_premium_expires_at, obsolete, registered_at, next_release_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    for (let l = 0; l < scale.licenses; l++) {
      const product = products[l % products.length]!
      const releases = releasesOf(product)
      const version = releases[(l * 7) % releases.length]!.version
      // Care spread from 3 years ago to 3 years ahead; one in ten Basic only, one in twenty unknown (discovered).
      const care = l % 20 === 0 ? null : l % 10 === 1 ? '0000-01-01' : addDays(today, ((l * 37) % 2190) - 1095)
      license.run(account, `M${String(l % 100).padStart(2, '0')}-C01-${String(l).padStart(6, '0').slice(0, 3)}-${String(l).padStart(6, '0').slice(3, 5)}-${String(l).padStart(6, '0')}`,
        l % 50 === 0 ? null : 1 + (l % scale.customers), product.name, version, l % 3 === 0 ? `Site ${l % 500}` : null, care,
        l % 15 === 0 && care !== null && care > today ? care : null, l % 40 === 0 ? 1 : 0, l % 20 === 0 ? null : now, nextReleaseOn(product.name, version), now)
    }
  })()
  log(`seeded ${scale.licenses.toLocaleString('en')} licenses`)
  db.transaction(() => {
    const server = db.prepare(`INSERT INTO servers (id, account_id, name, license_id, reporting, last_seen_at, heartbeat_interval_s, created_at)
      VALUES (?, ?, ?, ?, 1, ?, 30, ?)`)
    for (let s = 0; s < scale.servers; s++) server.run(`srv-${s}`, account, `REC-${String(s).padStart(5, '0')}`, 1 + ((s * 5) % scale.licenses), now, now)
    const device = db.prepare(`INSERT INTO device_activations (license_id, server_id, activated_on, mac, device_name, licenses_used) VALUES (?, ?, ?, ?, ?, 1)`)
    for (let d = 0; d < scale.devices; d++) {
      const s = d % scale.servers
      device.run(1 + ((s * 5) % scale.licenses), `srv-${s}`, today, null, `Camera ${d}`)
    }
    const group = db.prepare('INSERT INTO license_groups (account_id, name, description, created_at) VALUES (?, ?, ?, ?)')
    const member = db.prepare('INSERT OR IGNORE INTO license_group_members (group_id, license_id) VALUES (?, ?)')
    for (let g = 1; g <= scale.groups; g++) {
      group.run(account, `Group ${g}`, `Region ${g % 12}`, now)
      // Groups of 50 to 2,000 licenses; together about 200,000 memberships.
      const size = 50 + ((g * 97) % 1950)
      for (let i = 0; i < size; i++) member.run(g, 1 + ((g * 331 + i * 17) % scale.licenses))
    }
  })()
  db.exec('ANALYZE')
  log(`seeded ${scale.servers.toLocaleString('en')} servers, ${scale.devices.toLocaleString('en')} devices, ${scale.groups} groups`)
}


async function main (): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } } })
  const scale: Scale = values.quick
    ? { licenses: 10_000, customers: 200, servers: 2_000, groups: 30, devices: 20_000 }
    : { licenses: 100_000, customers: 2_000, servers: 20_000, groups: 300, devices: 200_000 }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-licenses-'))
  const log = (line: string): void => { process.stderr.write(`bench:licenses ${line}\n`) }
  const svc = createServices(resolveConfig({ env: {}, overrides: { dataDir: dir } }), pino({ level: 'silent' }))
  try {
    const t0 = Date.now()
    seed(svc, scale, log)
    log(`seeding took ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const admin: Viewer = { kind: 'user', accountId: svc.defaultAccountId, customerId: null, readOnly: false, userId: 1, role: 'license_admin' }
    const scoped: Viewer = { kind: 'noc', accountId: svc.defaultAccountId, customerId: 7, readOnly: true }
    const clock = clockAt()
    const page = { pageSize: 25 as const }
    const cases: Record<string, () => unknown> = {
      'first page (sorted by SLC)': () => listLicenses(svc.db, admin, page, clock),
      'last page (sorted by SLC)': () => listLicenses(svc.db, admin, { ...page, page: Math.floor(scale.licenses / 25) }, clock),
      'search "Professional+ 2020" (product and version)': () => listLicenses(svc.db, admin, { ...page, q: 'Professional+ 2020' }, clock),
      'search "Customer 0042" (customer)': () => listLicenses(svc.db, admin, { ...page, q: 'Customer 0042' }, clock),
      'search "premium" (Care coverage)': () => listLicenses(svc.db, admin, { ...page, q: 'premium' }, clock),
      'sorted by customer': () => listLicenses(svc.db, admin, { ...page, sort: 'customer' }, clock),
      'sorted by number of servers, descending': () => listLicenses(svc.db, admin, { ...page, sort: '-servers' }, clock),
      'sorted by Care coverage': () => listLicenses(svc.db, admin, { ...page, sort: 'careCoverage' }, clock),
      'filter Upgrade available': () => listLicenses(svc.db, admin, { ...page, status: 'upgrade_available' }, clock),
      'filter Upcoming renewal (60 days)': () => listLicenses(svc.db, admin, { ...page, care: 'renewal_due' }, clock),
      'filter Obsolete licenses': () => listLicenses(svc.db, admin, { ...page, status: 'obsolete' }, clock),
      'filter license group': () => listLicenses(svc.db, admin, { ...page, groupId: 150 }, clock),
      'search + all three filters + sort by customer': () => listLicenses(svc.db, admin, { ...page, q: 'XProtect', status: 'active', care: 'expired', groupId: 150, sort: '-customer' }, clock),
      'search "Site 1" + Upgrade available + sort by product': () => listLicenses(svc.db, admin, { ...page, q: 'Site 1', status: 'upgrade_available', sort: 'product' }, clock),
      'NOC token scoped to one customer, first page': () => listLicenses(svc.db, scoped, page, clock),
      'Customers list, first page': () => listCustomers(svc.db, admin, page),
      'Customers list sorted by activated devices': () => listCustomers(svc.db, admin, { ...page, sort: '-activatedDevices' }),
      'License groups list, first page': () => listGroups(svc.db, admin, page)
    }
    const rows: string[] = []
    let failed = 0
    for (const [name, fn] of Object.entries(cases)) {
      const r = timeIt(20, fn)
      if (r.median >= TARGET_MS) failed++
      log(`${name}: median ${r.median.toFixed(1)} ms`)
      rows.push(`| ${name} | ${r.first.toFixed(1)} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.median < TARGET_MS ? 'yes' : '**no**'} |`)
    }
    const section = [
      START,
      `### Licenses page (${new Date().toISOString().slice(0, 10)}, Node ${process.version}${values.quick ? ', --quick scale' : ''})`,
      '',
      `Data: ${scale.licenses.toLocaleString('en')} licenses of ${scale.customers.toLocaleString('en')} customers, ${scale.servers.toLocaleString('en')} servers, ${scale.devices.toLocaleString('en')} activated devices, ${scale.groups} license groups, in the collector's SQLite store; timed in-process on the registry code the REST routes call (page of 25 with its total), 20 runs each (first run, median, p95).`,
      '',
      `| query | first (ms) | median (ms) | p95 (ms) | under ${TARGET_MS} ms |`,
      '|---|---|---|---|---|',
      ...rows,
      '',
      END
    ].join('\n')
    log('\n' + section)
    if (!values.quick && !values['no-write']) writeDocSection({ start: START, end: END }, section, 'Licenses page', WHY)
    if (failed > 0) process.exitCode = 1
  } finally {
    svc.close()
    // --keep leaves the seeded database for a look at query plans.
    if (values.keep) log(`kept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}


main().catch((err) => {
  process.stderr.write(`bench:licenses failed: ${(err as Error).stack}\n`)
  process.exitCode = 1
})
