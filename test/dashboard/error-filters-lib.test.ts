import t from 'tap'
import { importStatic } from './static-modules.js'

// The pure parts of the errors pages: the filter form's rules (lib/error-filters.js), the chart's scale
// and summary (lib/chart.js), calendar days in the user's date format (lib/format.js).
interface Action { id: string, label: string, levels: string[], needsValue: boolean, needsCode: boolean }
interface Rules {
  durationMs (id: string): number | null
  expiresAt (id: string, from: Date | string): Date | null
  derivedAction (code: string | null): string
  actionsForLevel (actions: Action[], level: string): Action[]
  fromError (action: Action | undefined, error: Record<string, string>): { code: string | null, description: string, value: string | null }
  validateFilter (ids: Record<string, unknown>): Record<string, string>
  fieldOfMessage (message: string): string | null
  sentence (message: string): string
  THRESHOLD_HELP: string
}
interface Chart {
  niceScale (max: number): { top: number, step: number, ticks: number[] }
  chartSummary (days: Array<{ date: string, count: number }>): { total: number, peak: { date: string, count: number } | null }
}
interface Formatter { day (ymd: string): string, shortDay (ymd: string): string, dateTimeShort (v: unknown): string }

const rules = await importStatic<Rules>('lib/error-filters.js')
const chart = await importStatic<Chart>('lib/chart.js')
const { createFormatter } = await importStatic<{ createFormatter (s?: Record<string, unknown>): Formatter }>('lib/format.js')

const ACTIONS: Action[] = [
  { id: 'ignore_error_from_device', label: 'Ignore a specific error from a device', levels: ['Device'], needsValue: true, needsCode: true },
  { id: 'ignore_error_on_server', label: 'Ignore a specific error for the entire server', levels: ['Device', 'System'], needsValue: false, needsCode: true },
  { id: 'ignore_all_from_device', label: 'Ignore all errors from the device', levels: ['Device'], needsValue: true, needsCode: false },
  { id: 'ignore_all_from_server', label: 'Ignore all errors from this server', levels: ['Device', 'System'], needsValue: false, needsCode: false },
  { id: 'do_not_monitor', label: 'Do not monitor the system', levels: ['System'], needsValue: false, needsCode: false }
]

t.test('duration → expiration date; Forever has none', async (t) => {
  const from = new Date('2026-11-23T10:00:00.000Z')
  t.equal(rules.durationMs('8h'), 8 * 3600e3)
  t.equal(rules.durationMs('14d'), 14 * 86400e3)
  t.equal(rules.durationMs('forever'), null)
  t.equal(rules.durationMs('nonsense'), null)
  t.equal(rules.expiresAt('24h', from)?.toISOString(), '2026-11-24T10:00:00.000Z')
  t.equal(rules.expiresAt('90d', from.toISOString())?.toISOString(), '2027-02-21T10:00:00.000Z')
  t.equal(rules.expiresAt('forever', from), null)
})

t.test('filter action: derived from scratch, offered by level from an error', async (t) => {
  t.equal(rules.derivedAction(null), 'ignore_all_from_server', 'All errors → ignore all errors from this server')
  t.equal(rules.derivedAction('cpu_usage_is_high'), 'ignore_error_on_server', 'one description → that error for the entire server')
  t.same(rules.actionsForLevel(ACTIONS, 'Device').map((a) => a.id), ['ignore_error_from_device', 'ignore_error_on_server', 'ignore_all_from_device', 'ignore_all_from_server'])
  t.same(rules.actionsForLevel(ACTIONS, 'System').map((a) => a.id), ['ignore_error_on_server', 'ignore_all_from_server', 'do_not_monitor'])
  const error = { code: 'cannot_retrieve_images', description: 'Cannot retrieve images', value: 'Camera 3' }
  t.same(rules.fromError(ACTIONS[0], error), { code: 'cannot_retrieve_images', description: 'Cannot retrieve images', value: 'Camera 3' })
  t.same(rules.fromError(ACTIONS[1], error), { code: 'cannot_retrieve_images', description: 'Cannot retrieve images', value: null })
  t.same(rules.fromError(ACTIONS[2], error), { code: null, description: 'All errors', value: 'Camera 3' })
  t.same(rules.fromError(ACTIONS[3], error), { code: null, description: 'All errors', value: null })
})

t.test('required fields with the collector\'s messages, and its messages mapped to fields', async (t) => {
  t.same(rules.validateFilter({}), { customer: 'customer is required', license: 'license is required', server: 'server is required' })
  t.same(rules.validateFilter({ customerId: 1, licenseId: '', serverId: null }), { license: 'license is required', server: 'server is required' })
  t.same(rules.validateFilter({ customerId: 0, licenseId: 4, serverId: 'srv-1' }), {}, '0 is an id')
  t.equal(rules.fieldOfMessage('customer is required'), 'customer')
  t.equal(rules.fieldOfMessage('license: not a license of this customer'), 'license')
  t.equal(rules.fieldOfMessage('server is required'), 'server')
  t.equal(rules.fieldOfMessage('filter action: "Ignore all errors from the device" needs an error value'), 'action')
  t.equal(rules.fieldOfMessage('error description: "x" is not in the error catalog'), 'code')
  t.equal(rules.fieldOfMessage('threshold: expected one of 0, 300 seconds'), 'threshold')
  t.equal(rules.fieldOfMessage('errorId: no error 4 on this server'), null)
  t.equal(rules.sentence('customer is required'), 'Customer is required')
  t.equal(rules.THRESHOLD_HELP, 'Defines the minimum period that an error must exist, before it appears in the error list', 'the manual\'s words')
})

t.test('chart scale: whole 1-2-5 steps; summary of the days', async (t) => {
  t.same(chart.niceScale(0), { top: 4, step: 1, ticks: [0, 1, 2, 3, 4] }, 'an empty chart still has an axis')
  t.same(chart.niceScale(3).ticks, [0, 1, 2, 3])
  t.same(chart.niceScale(14).ticks, [0, 5, 10, 15])
  t.same(chart.niceScale(144).ticks, [0, 50, 100, 150])
  t.equal(chart.niceScale(1000).top, 1000)
  t.same(chart.chartSummary([{ date: '2026-11-21', count: 2 }, { date: '2026-11-22', count: 5 }, { date: '2026-11-23', count: 5 }]),
    { total: 12, peak: { date: '2026-11-23', count: 5 } }, 'the latest of equal peaks')
  t.same(chart.chartSummary([{ date: '2026-11-23', count: 0 }]), { total: 0, peak: null })
})

t.test('calendar days keep their date in every zone and format', async (t) => {
  const ny = createFormatter({ timeZone: 'America/New_York', dateFormat: 'dd/mm/yyyy' })
  t.equal(ny.day('2026-11-23'), '23/11/2026', 'no zone shift for a calendar day')
  t.equal(ny.shortDay('2026-11-23'), '23/11')
  t.equal(createFormatter({ dateFormat: 'yyyy-mm-dd' }).shortDay('2026-06-20'), '06-20')
  t.equal(createFormatter({ dateFormat: 'mm/dd/yyyy' }).shortDay('2026-06-20'), '06/20')
  t.equal(createFormatter({ timeZone: 'Asia/Tokyo', language: 'en-US' }).day('2026-06-20'), '06/20/2026', 'no pattern: the language decides')
  t.equal(ny.day('not a day'), '')
  t.equal(createFormatter({ timeZone: 'UTC', dateFormat: 'dd/mm/yyyy' }).dateTimeShort('2026-11-23T06:05:09Z'), '23/11/2026 06:05')
})
