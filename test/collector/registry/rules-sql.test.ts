import t from 'tap'
import { registryServices } from './helpers.js'
import { clockAt } from '../../../collector/registry/context.js'
import { listLicenses } from '../../../collector/registry/license-list.js'
import { readLicense } from '../../../collector/registry/license-details.js'
import { NO_CARE_PLUS, addDays } from '../../../collector/registry/care.js'
import { nextReleaseOn } from '../../../collector/registry/catalog.js'

/**
 * The Licenses page filters in SQL and the rules of one license in TypeScript must give the same
 * answers: a grid of licenses over every fact the rules read, both ways.
 */
t.test('SQL filters and the rules of one license agree on every combination', async (t) => {
  const { svc, admin, close } = registryServices()
  t.teardown(close)
  const clock = clockAt()
  const today = clock.today
  const cares = [null, NO_CARE_PLUS, addDays(today, -1000), addDays(today, -1), today, addDays(today, 1), addDays(today, 60), addDays(today, 61), addDays(today, 3000)]
  const versions: Array<[string | null, string | null]> = [['XProtect Corporate', '2020 R1'], ['XProtect Corporate', '2026 R2'], ['XProtect Express', '2019 R3'], ['XProtect Foo', '2020 R1'], [null, null]]
  const insert = svc.db.prepare(`INSERT INTO licenses (account_id, slc, product, product_version, care_plus_expires_at, obsolete, expires_on, registered_at,
    next_release_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`)
  let n = 0
  for (const care of cares) {
    for (const [product, version] of versions) {
      for (const [obsolete, expiresOn, registeredAt] of [[0, null, 1], [1, null, 1], [0, today, 1], [0, addDays(today, 5), 1], [0, null, null]] as const) {
        insert.run(admin.accountId, `A01-B01-000-00-${String(n++).padStart(6, '0')}`, product, version, care, obsolete, expiresOn, registeredAt, nextReleaseOn(product, version))
      }
    }
  }
  const all = listLicenses(svc.db, admin, { pageSize: 100 }, clock)
  t.equal(all.total, n)
  const details = new Map<number, ReturnType<typeof readLicense>>()
  for (let page = 1; page <= Math.ceil(n / 100); page++) {
    for (const item of listLicenses(svc.db, admin, { pageSize: 100, page }, clock).items) details.set(item.id, readLicense(svc.db, admin, item.id, clock))
  }
  t.equal(details.size, n, 'pages neither skip nor repeat')
  const ids = (f: Parameters<typeof listLicenses>[2]): number[] => {
    const out: number[] = []
    for (let page = 1; ; page++) {
      const p = listLicenses(svc.db, admin, { ...f, pageSize: 100, page }, clock)
      out.push(...p.items.map((i) => i.id))
      if (out.length >= p.total) return out.sort((a, b) => a - b)
    }
  }
  const expect = (pick: (d: ReturnType<typeof readLicense>) => boolean): number[] => [...details.values()].filter(pick).map((d) => d.id).sort((a, b) => a - b)
  t.same(ids({ status: 'upgrade_available' }), expect((d) => d.upgrades.available), 'Upgrade available')
  t.ok(ids({ status: 'upgrade_available' }).length > 0, 'some are upgradable')
  t.same(ids({ status: 'obsolete' }), expect((d) => d.status === 'obsolete'), 'Obsolete licenses')
  t.same(ids({ status: 'active' }), expect((d) => d.status === 'active'), 'All active licenses')
  t.same(ids({ care: 'expired' }), expect((d) => d.care.plusExpiresOn !== null && d.care.plusExpiresOn <= today), 'Care Plus expired')
  t.same(ids({ care: 'renewal_due' }), expect((d) => d.care.plusExpiresOn !== null && d.care.plusExpiresOn > today && d.care.plusExpiresOn <= addDays(today, 60)), 'Upcoming renewal')
  for (const label of ['Premium', 'Plus', 'Basic', 'Unknown']) {
    t.same(ids({ q: label.toLowerCase() }), expect((d) => d.care.coverage === label.toLowerCase() || `${d.product ?? ''} ${d.version ?? ''}`.toLowerCase().includes(label.toLowerCase())), `search "${label}"`)
  }
  const sorted = listLicenses(svc.db, admin, { sort: '-careCoverage', pageSize: 100 }, clock).items.map((i) => i.careCoverage)
  t.same(sorted, [...sorted].sort((a, b) => ['premium', 'plus', 'basic', 'unknown'].indexOf(a) - ['premium', 'plus', 'basic', 'unknown'].indexOf(b)), 'sorted by Care coverage')
})
