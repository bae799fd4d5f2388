import t from 'tap'
import { checkMac, checkSlc, generateSlc, normalizeMac } from '../../../collector/registry/codes.js'
import { NO_CARE_PLUS, addDays, careColumns, coverage, coverageList, hadCarePlus } from '../../../collector/registry/care.js'
import {
  availableTestLicenses, isObsolete, testLicenseExpiry, testLicenseState, upgradeOptions, type LicenseFacts
} from '../../../collector/registry/rules.js'
import { nextReleaseOn } from '../../../collector/registry/catalog.js'
import { carePlusActive, monitoringStatus } from '../../../collector/status/compute.js'
import { InputError } from '../../../collector/routes/input-error.js'

const TODAY = '2026-11-23'
const NOW = Date.parse(`${TODAY}T12:00:00.000Z`)

t.test('SLC: the manual\'s two forms, upper-cased; anything else is refused with a message naming the field', async (t) => {
  t.equal(checkSlc(' m01-c01-123-45-6a7890 '), 'M01-C01-123-45-6A7890')
  t.equal(checkSlc('7A1-2345-B678'), '7A1-2345-B678')
  for (const bad of ['M01-C01', 'M01C01123456A7890', 'M01-C01-123-45-6A789', 'M01-C01-123-45-6A78901', 'M01_C01_123_45_6A7890', '']) {
    t.throws(() => checkSlc(bad), new InputError('validation', `slc: ${JSON.stringify(bad)} is not a software license code (SLC); expected letters and digits like M01-C01-123-45-6A7890 or 7A1-2345-B678`), bad)
  }
  for (let i = 0; i < 50; i++) t.equal(checkSlc(generateSlc()).length, 21, 'generated codes pass the check')
})

t.test('MAC address: colons, dashes or none; stored with colons', async (t) => {
  t.equal(checkMac('00-10-2a-3b-45-67'), '00:10:2A:3B:45:67')
  t.equal(checkMac('00102A3B4567'), '00:10:2A:3B:45:67')
  t.equal(checkMac('00:10:2A:3B:45:67'), '00:10:2A:3B:45:67')
  t.equal(normalizeMac('00:10-2A:3B:45:67'), null, 'separators must agree')
  t.equal(normalizeMac('00:10:2A:3B:45'), null)
  t.throws(() => checkMac('zz:10:2A:3B:45:67'), /mac: "zz:10:2A:3B:45:67" is not a MAC address; expected six pairs of hex digits/)
})

t.test('Care: coverage from the dates, Premium includes Plus, Basic never expires', async (t) => {
  t.same(careColumns({ plusExpiresOn: '2027-01-01' }), { carePlus: '2027-01-01', carePremium: null })
  t.same(careColumns({ premiumExpiresOn: '2027-06-01', plusExpiresOn: '2027-01-01' }), { carePlus: '2027-06-01', carePremium: '2027-06-01' }, 'Plus runs at least as long as Premium')
  t.same(careColumns({}), { carePlus: NO_CARE_PLUS, carePremium: null }, 'Care recorded without Plus: Basic only')
  t.throws(() => careColumns({ plusExpiresOn: '2027-02-30' }), /care.plusExpiresOn: "2027-02-30" is not a date/)
  t.equal(coverage({ carePlus: null, carePremium: null }, TODAY), 'unknown')
  t.equal(coverage({ carePlus: NO_CARE_PLUS, carePremium: null }, TODAY), 'basic')
  t.equal(coverage({ carePlus: '2026-11-24', carePremium: null }, TODAY), 'plus')
  t.equal(coverage({ carePlus: TODAY, carePremium: null }, TODAY), 'basic', 'Care Plus ending today has ended')
  t.equal(coverage({ carePlus: '2027-06-01', carePremium: '2027-06-01' }, TODAY), 'premium')
  t.equal(coverage({ carePlus: '2027-06-01', carePremium: '2026-01-01' }, TODAY), 'plus', 'Premium over, Plus still on')
  t.same(coverageList({ carePlus: '2026-01-01', carePremium: null }, TODAY), [{ level: 'basic', expiresOn: null, active: true }, { level: 'plus', expiresOn: '2026-01-01', active: false }])
  t.same(coverageList({ carePlus: null, carePremium: null }, TODAY), [])
  t.notOk(hadCarePlus(NO_CARE_PLUS))
  t.ok(hadCarePlus('2020-01-01'))
})

t.test('the status rules read Care the same way: Basic only is "Milestone Care expired", unknown is not held against the server', async (t) => {
  const facts = { productVersion: '2023 R2', reporting: true, ignoreAllErrorsFilter: false, openErrors: [], filteredErrors: 0, now: NOW }
  t.equal(monitoringStatus({ ...facts, carePlusExpiresAt: NO_CARE_PLUS }), 'care_expired')
  t.equal(monitoringStatus({ ...facts, carePlusExpiresAt: null }), 'monitored')
  for (const day of ['2026-11-22', TODAY, '2026-11-24']) {
    t.equal(carePlusActive(day, NOW), coverage({ carePlus: day, carePremium: null }, TODAY) === 'plus', `${day}: status and coverage agree`)
  }
})

const license = (over: Partial<LicenseFacts & { upgradedTo: string | null }> = {}): LicenseFacts & { upgradedTo: string | null } => ({
  kind: 'standard', registeredAt: 1, obsolete: 0, expiresOn: null, deactivatedAt: null, product: 'XProtect Corporate', version: '2020 R1',
  carePlus: '2022-06-30', nextReleaseOn: nextReleaseOn('XProtect Corporate', '2020 R1'), upgradedTo: null, ...over
})

t.test('upgrades: to releases of the product released on or before Care Plus expiry, for a license that has or had Care Plus', async (t) => {
  const o = upgradeOptions(license(), TODAY)
  t.ok(o.available, 'Care Plus expired in 2022, still upgradable to what came out before')
  t.same(o.versions.map((v) => v.version), ['2022 R2', '2022 R1', '2021 R2', '2021 R1', '2020 R3', '2020 R2'], 'newest first, none after 2022-06-30')
  t.same(upgradeOptions(license({ carePlus: '2022-06-14' }), TODAY).versions[0], { version: '2022 R2', releasedOn: '2022-06-14' }, 'a release on the expiry day counts')
  t.same(upgradeOptions(license({ carePlus: '2022-06-13' }), TODAY).versions[0]?.version, '2022 R1')
  t.match(upgradeOptions(license({ carePlus: '2020-03-01' }), TODAY), { available: false, reason: 'No newer release of XProtect Corporate was released on or before Care Plus expiry (2020-03-01)' })
  t.match(upgradeOptions(license({ carePlus: NO_CARE_PLUS }), TODAY), { available: false, reason: 'This license has never had Care Plus' })
  t.match(upgradeOptions(license({ carePlus: null }), TODAY), { available: false, reason: /No Milestone Care is recorded/ })
  t.match(upgradeOptions(license({ upgradedTo: 'M01-C01-999-99-9Z9999' }), TODAY), { available: false, reason: 'This license has been upgraded to M01-C01-999-99-9Z9999' })
  t.match(upgradeOptions(license({ obsolete: 1 }), TODAY), { available: false, reason: 'This license is obsolete' })
  t.match(upgradeOptions(license({ kind: 'test' }), TODAY), { available: false, reason: 'Test licenses cannot be upgraded' })
  t.match(upgradeOptions(license({ registeredAt: null }), TODAY), { available: false, reason: 'Register this license before upgrading it' })
  t.match(upgradeOptions(license({ product: 'XProtect Foo', nextReleaseOn: null }), TODAY), { available: false, reason: /not in the product catalog/ })
  const latest = license({ version: '2026 R2', carePlus: '2030-01-01', nextReleaseOn: null })
  t.match(upgradeOptions(latest, TODAY), { available: false, reason: 'XProtect Corporate 2026 R2 is the latest release' })
  t.same(upgradeOptions(license({ carePlus: '2030-01-01' }), TODAY).versions[0]?.version, '2026 R2', 'never to a release after today')
  const legacy = license({ product: 'XProtect Enterprise', version: '2019 R3', carePlus: '2030-01-01', nextReleaseOn: nextReleaseOn('XProtect Enterprise', '2019 R3') })
  t.equal(upgradeOptions(legacy, TODAY).reason, 'XProtect Enterprise 2019 R3 is the latest release', 'a discontinued product has nothing newer')
})

t.test('obsolete: upgraded, deactivated, or past its expiry date', async (t) => {
  t.notOk(isObsolete({ obsolete: 0, expiresOn: null }, TODAY))
  t.ok(isObsolete({ obsolete: 1, expiresOn: null }, TODAY))
  t.ok(isObsolete({ obsolete: 0, expiresOn: TODAY }, TODAY))
  t.notOk(isObsolete({ obsolete: 0, expiresOn: '2026-11-24' }, TODAY))
})

t.test('test licenses: 365 days from creation, about to expire within 30 days, a fixed pool', async (t) => {
  t.equal(testLicenseExpiry('2026-01-23'), '2027-01-23')
  t.equal(testLicenseExpiry('2027-03-01'), '2028-02-29', '365 days, across a leap day')
  t.equal(testLicenseState({ deactivatedAt: null, expiresOn: addDays(TODAY, 31) }, TODAY), 'active')
  t.equal(testLicenseState({ deactivatedAt: null, expiresOn: addDays(TODAY, 30) }, TODAY), 'about_to_expire')
  t.equal(testLicenseState({ deactivatedAt: null, expiresOn: addDays(TODAY, 1) }, TODAY), 'about_to_expire')
  t.equal(testLicenseState({ deactivatedAt: null, expiresOn: TODAY }, TODAY), 'inactive', 'expired on its expiry day')
  t.equal(testLicenseState({ deactivatedAt: NOW, expiresOn: addDays(TODAY, 200) }, TODAY), 'inactive', 'deactivated')
  t.equal(availableTestLicenses(15, 12), 3)
  t.equal(availableTestLicenses(15, 15), 0)
  t.equal(availableTestLicenses(10, 12), 0, 'a pool made smaller than what is active shows none available, not a negative number')
})
