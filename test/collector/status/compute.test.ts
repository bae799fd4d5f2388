import t from 'tap'
import { carePlusActive, errorState, monitoringStatus, supportsReporting, type StatusFacts } from '../../../collector/status/compute.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')
const base: StatusFacts = { productVersion: '2023 R2', carePlusExpiresAt: '2027-01-01', reporting: true, ignoreAllErrorsFilter: false, openErrors: [], filteredErrors: 0, now: NOW }

t.test('reporting needs XProtect 2014 R1 or later', async (t) => {
  t.ok(supportsReporting('2014 R1'))
  t.ok(supportsReporting('2023 R2'))
  t.notOk(supportsReporting('2013 R2'))
  t.notOk(supportsReporting('8.1'))
  t.ok(supportsReporting(null), 'unknown version: the agent reporting is evidence enough')
  t.ok(supportsReporting('Husky firmware X'), 'unparseable version is not held against the server')
})

t.test('Care Plus is active until its expiry date', async (t) => {
  t.ok(carePlusActive('2026-11-24', NOW))
  t.notOk(carePlusActive('2026-11-22', NOW))
  t.ok(carePlusActive(null, NOW), 'unknown care (license not registered) is not treated as expired')
})

t.test('monitoring status: first rule that applies wins', async (t) => {
  t.equal(monitoringStatus(base), 'monitored')
  t.equal(monitoringStatus({ ...base, productVersion: '2013 R1', reporting: false }), 'reporting_not_supported')
  t.equal(monitoringStatus({ ...base, carePlusExpiresAt: '2026-01-01', reporting: false }), 'care_expired')
  t.equal(monitoringStatus({ ...base, reporting: false }), 'not_reporting')
  t.equal(monitoringStatus({ ...base, ignoreAllErrorsFilter: true }), 'all_errors_filtered')
  t.equal(monitoringStatus({ ...base, ignoreAllErrorsFilter: true, reporting: false }), 'not_reporting', 'an offline server is not reporting whatever its filters')
})

t.test('error state follows the most recent open error', async (t) => {
  t.equal(errorState('monitored', base), 'no_errors')
  t.equal(errorState('monitored', { ...base, openErrors: [{ status: 'new' }] }), 'error_detected')
  t.equal(errorState('monitored', { ...base, openErrors: [{ status: 'being_fixed' }, { status: 'new' }] }), 'error_being_fixed')
  t.equal(errorState('monitored', { ...base, openErrors: [{ status: 'new' }, { status: 'being_fixed' }] }), 'error_detected')
  t.equal(errorState('monitored', { ...base, filteredErrors: 2 }), 'filtered_error')
  t.equal(errorState('all_errors_filtered', { ...base, openErrors: [{ status: 'new' }] }), 'filtered_error')
  t.equal(errorState('all_errors_filtered', base), 'no_errors')
  for (const status of ['not_reporting', 'care_expired', 'reporting_not_supported'] as const) {
    t.equal(errorState(status, { ...base, openErrors: [{ status: 'new' }] }), 'none', `${status} has no error state ("-")`)
  }
})
