/**
 * `npm run bench:errors`: the Errors page and error filters at distributor scale, in-process on the
 * collector's own store code. 10,000 servers, 1,000,000 error rows (100,000 open), 5,000 filters:
 *  - the Errors list's first page (default view, and closed history, a search, a sort), under 50 ms;
 *  - re-evaluating after a filter change (create, then delete), under 200 ms.
 * Results go into the "Errors page and filters" section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { resolveConfig } from '../../collector/config.js'
import { createServices, type Services } from '../../collector/services.js'
import { listErrors, errorSummary, latestOpenError } from '../../collector/store/lists.js'
import { ChangeSet } from '../../collector/store/changes.js'
import { settle } from '../../collector/status/settle.js'
import { checkFilter } from '../../collector/filters/check.js'
import { expiryOf } from '../../collector/filters/actions.js'
import type { Viewer } from '../../collector/auth/viewer.js'
import { ERROR_CATALOG } from '../../protocol/index.js'
import { timeIt, writeDocSection } from './in-process.js'

const WHY = 'Why these figures: a filter belongs to one server, so a filter change re-evaluates that server\'s open errors only, whatever the fleet\'s size; the list pages, sorts and searches in SQLite.'
const START = '<!-- bench:errors:start (rewritten by `npm run bench:errors`) -->'
const END = '<!-- bench:errors:end -->'
const TARGET_LIST_MS = 50
const TARGET_FILTER_MS = 200

interface Scale { servers: number, errors: number, open: number, filters: number }

function seed (svc: Services, scale: Scale, log: (line: string) => void): void {
  const { db } = svc
  const account = svc.defaultAccountId
  const now = Date.now()
  db.transaction(() => {
    const customer = db.prepare('INSERT INTO customers (account_id, name, created_at) VALUES (?, ?, ?)')
    const license = db.prepare('INSERT INTO licenses (account_id, slc, customer_id, product, product_version, obsolete, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    const server = db.prepare(`INSERT INTO servers (id, account_id, name, license_id, reporting, last_seen_at, heartbeat_interval_s, created_at)
      VALUES (?, ?, ?, ?, 1, ?, 30, ?)`)
    for (let c = 1; c <= 100; c++) customer.run(account, `Customer ${String(c).padStart(3, '0')}`, now)
    for (let l = 1; l <= 1000; l++) license.run(account, `M01-C01-${String(l).padStart(6, '0')}`, 1 + (l % 100), 'XProtect Corporate', '2023 R2', l % 50 === 0 ? 1 : 0, now)
    for (let s = 0; s < scale.servers; s++) {
      // One server in twenty has been silent for more than 30 days: "Inactive servers".
      server.run(`srv-${s}`, account, `REC-${String(s).padStart(5, '0')}`, 1 + (s % 1000), s % 20 === 0 ? now - 40 * 86_400_000 : now, now)
    }
  })()
  log(`seeded ${scale.servers} servers`)
  const codes = ERROR_CATALOG.map((e) => e.code)
  const insert = db.prepare(`INSERT INTO errors (server_id, code, value, status, raised_by, occurred_at, last_reported_at, closed_at)
    VALUES (?, ?, ?, ?, 'agent', ?, ?, ?)`)
  const batch = 100_000
  for (let done = 0; done < scale.errors; done += batch) {
    db.transaction(() => {
      for (let i = done; i < Math.min(done + batch, scale.errors); i++) {
        const open = i < scale.open
        // Spread over 13 months, newest last: the history of a large partner.
        const at = new Date(now - (scale.errors - i) * (395 * 86_400_000 / scale.errors)).toISOString()
        // Open errors: one per (server, code, value), as the unique index demands.
        insert.run(`srv-${i % scale.servers}`, codes[i % codes.length]!, `Camera ${Math.floor(i / scale.servers)}`, open ? (i % 7 === 0 ? 'being_fixed' : 'new') : 'closed', at, at, open ? null : at)
      }
    })()
    log(`seeded ${Math.min(done + batch, scale.errors).toLocaleString('en')} errors`)
  }
  const filter = db.prepare(`INSERT INTO error_filters (account_id, customer_id, license_id, server_id, code, value, action, duration, threshold_s, created_at, expires_at)
    VALUES (?, ?, ?, ?, ?, NULL, 'ignore_error_on_server', 'forever', 0, ?, NULL)`)
  db.transaction(() => {
    for (let f = 0; f < scale.filters; f++) {
      const s = (f * 2) % scale.servers
      filter.run(account, 1 + ((1 + (s % 1000)) % 100), 1 + (s % 1000), `srv-${s}`, codes[f % codes.length]!, now)
    }
  })()
  const changes = new ChangeSet()
  db.transaction(() => {
    for (let f = 0; f < scale.filters; f++) settle(svc, `srv-${(f * 2) % scale.servers}`, account, now, changes)
  })()
  db.exec('ANALYZE')
  log(`seeded ${scale.filters} filters (${changes.errors.size} errors hidden)`)
}


async function main (): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } } })
  const scale: Scale = values.quick ? { servers: 1000, errors: 100_000, open: 10_000, filters: 500 } : { servers: 10_000, errors: 1_000_000, open: 100_000, filters: 5_000 }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-errors-'))
  const log = (line: string): void => { process.stderr.write(`bench:errors ${line}\n`) }
  const svc = createServices(resolveConfig({ env: {}, overrides: { dataDir: dir } }), pino({ level: 'silent' }))
  try {
    const t0 = Date.now()
    seed(svc, scale, log)
    log(`seeding took ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const admin: Viewer = { kind: 'user', accountId: svc.defaultAccountId, customerId: null, readOnly: false, userId: 1, role: 'license_admin' }
    const lists = {
      'default view (active errors, active licenses, servers seen in 30 days), first page of 25': () => listErrors(svc.db, admin, { pageSize: 25 }),
      'closed errors (history), first page of 25': () => listErrors(svc.db, admin, { status: 'closed', pageSize: 25 }),
      'search "REC-0042", first page': () => listErrors(svc.db, admin, { q: 'REC-0042', pageSize: 25 }),
      'sorted by customer, first page': () => listErrors(svc.db, admin, { sort: 'customer', pageSize: 25 }),
      'with obsolete licenses and inactive servers, first page': () => listErrors(svc.db, admin, { obsolete: true, inactive: true, pageSize: 25 }),
      'filtered errors, first page': () => listErrors(svc.db, admin, { status: 'filtered', pageSize: 25 }),
      'summary box and 30-day chart': () => errorSummary(svc.db, admin, {}),
      'Monitor mode: the latest active error (after every error change)': () => latestOpenError(svc.db, admin)
    }
    const listRows: string[] = []
    for (const [name, fn] of Object.entries(lists)) {
      const r = timeIt(20, fn)
      log(`${name}: median ${r.median.toFixed(1)} ms`)
      listRows.push(`| ${name} | ${r.first.toFixed(1)} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.median < TARGET_LIST_MS ? 'yes' : '**no**'} |`)
    }

    const now = Date.now()
    const target = svc.db.prepare(`SELECT s.id, l.id AS licenseId, l.customer_id AS customerId FROM servers s JOIN licenses l ON l.id = s.license_id WHERE s.id = 'srv-1'`).get() as { id: string, licenseId: number, customerId: number }
    let created = 0
    const change = timeIt(50, () => {
      const changes = new ChangeSet()
      svc.db.transaction(() => {
        const checked = checkFilter(svc, admin, { customerId: target.customerId, licenseId: target.licenseId, serverId: target.id, duration: 'forever' })
        created = svc.filters.create({ ...checked, accountId: admin.accountId, createdAt: now, expiresAt: expiryOf('forever', now), createdBy: null })
        settle(svc, target.id, admin.accountId, now, changes)
      })()
      svc.hub.publish(changes)
      svc.db.transaction(() => {
        for (const id of svc.filters.delete(created)) changes.error(id, admin.accountId)
        settle(svc, target.id, admin.accountId, now, changes)
      })()
      svc.hub.publish(changes)
    })
    log(`filter create + delete with re-evaluation: median ${change.median.toFixed(2)} ms`)

    const section = [
      START,
      `### Errors page and filters (${new Date().toISOString().slice(0, 10)}, Node ${process.version}${values.quick ? ', --quick scale' : ''})`,
      '',
      `Data: ${scale.servers.toLocaleString('en')} servers, ${scale.errors.toLocaleString('en')} error rows (${scale.open.toLocaleString('en')} open), ${scale.filters.toLocaleString('en')} error filters, in the collector's SQLite store; timed in-process on the store code the REST routes call, 20 runs each (first run, median, p95).`,
      '',
      `| Errors list query | first (ms) | median (ms) | p95 (ms) | under ${TARGET_LIST_MS} ms |`,
      '|---|---|---|---|---|',
      ...listRows,
      '',
      `| filter change | median (ms) | p95 (ms) | under ${TARGET_FILTER_MS} ms |`,
      '|---|---|---|---|',
      `| create a filter on a server and re-evaluate, then delete it and re-evaluate (both, with the live-feed events) | ${change.median.toFixed(2)} | ${change.p95.toFixed(2)} | ${change.median < TARGET_FILTER_MS ? 'yes' : '**no**'} |`,
      '',
      END
    ].join('\n')
    log('\n' + section)
    if (!values.quick && !values['no-write']) writeDocSection({ start: START, end: END }, section, 'Errors page and filters', WHY)
  } finally {
    svc.close()
    rmSync(dir, { recursive: true, force: true })
  }
}


main().catch((err) => {
  process.stderr.write(`bench:errors failed: ${(err as Error).stack}\n`)
  process.exitCode = 1
})
