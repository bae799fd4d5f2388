import t from 'tap'
import { fleetPlan } from '../../../agent/sim/fleet-plan.js'

const TODAY = new Date('2026-11-23T12:00:00.000Z')

t.test('deterministic: the same count, seed and day give the same fleet; another seed another', async (t) => {
  t.same(fleetPlan(40, 7, TODAY), fleetPlan(40, 7, TODAY))
  t.notSame(fleetPlan(40, 7, TODAY), fleetPlan(40, 8, TODAY))
  t.same(fleetPlan(10, 7, TODAY), fleetPlan(40, 7, TODAY).slice(0, 10), 'a larger fleet starts with the smaller one')
  t.equal(fleetPlan(1000).length, 1000)
  t.same(fleetPlan(0), [])
})

t.test('about six customers, each with one to three licenses of one product', async (t) => {
  const plan = fleetPlan(200, 1, TODAY)
  const customers = new Map<string, Set<string>>()
  const productOf = new Map<string, string>()
  for (const entry of plan) {
    if (!customers.has(entry.customer)) customers.set(entry.customer, new Set())
    customers.get(entry.customer)!.add(entry.slc)
    t.equal(productOf.get(entry.slc) ?? entry.product, entry.product, `${entry.slc} has one product`)
    productOf.set(entry.slc, entry.product)
  }
  t.equal(customers.size, 6)
  for (const [customer, slcs] of customers) t.ok(slcs.size >= 1 && slcs.size <= 3, `${customer}: ${slcs.size} licenses`)
  const owners = new Map(plan.map((entry) => [entry.slc, entry.customer]))
  t.equal(owners.size, new Set(plan.map((e) => e.slc)).size, 'a license belongs to one customer')
})

t.test('fields look like the real thing', async (t) => {
  const plan = fleetPlan(200, 1, TODAY)
  t.equal(new Set(plan.map((e) => e.serverName)).size, plan.length, 'server names are unique')
  for (const entry of plan) {
    t.match(entry.slc, /^M\d\d-C\d\d-\d{3}-\d\d-\d[A-Z]\d{4}$/)
    t.match(entry.serverName, /^[A-Z]{2,4}-(MGT|REC|MOB|EVT)-\d{2,}$/)
    t.ok(['XProtect Corporate', 'XProtect Expert', 'XProtect Professional+'].includes(entry.product))
    t.match(entry.productVersion, /^20\d\d R[1-3]$/)
    t.match(entry.carePlusExpiresAt, /^\d{4}-\d\d-\d\d$/)
    t.ok(entry.location.length > 0)
    t.equal(entry.cameras.length > 0, entry.role === 'recording', 'recording servers have cameras')
  }
  t.same(plan.filter((e) => e.productVersion === '2013 R2').map((e) => plan.indexOf(e)), [4, 9], 'a couple too old to report')
  const roles = new Set(plan.map((e) => e.role))
  t.ok(roles.has('management') && roles.has('recording') && roles.has('mobile'), 'several roles')
})

t.test('Care Plus: exactly one license expired, already within the first six servers', async (t) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const plan = fleetPlan(200, seed, TODAY)
    const expiry = new Map(plan.map((e) => [e.slc, e.carePlusExpiresAt]))
    const expired = [...expiry.values()].filter((date) => date < '2026-11-23')
    t.equal(expired.length, 1, `seed ${seed}: one expired license`)
    t.ok(fleetPlan(6, seed, TODAY).some((e) => e.carePlusExpiresAt < '2026-11-23'), `seed ${seed}: six servers include it`)
  }
})
