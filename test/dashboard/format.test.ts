import t from 'tap'
import { importStatic } from './static-modules.js'

interface Formatter {
  date (v: unknown): string
  time (v: unknown): string
  dateTime (v: unknown): string
  zoneName (v?: unknown): string
  percent (v: unknown): string
  ago (v: unknown, now?: number): string
  timeZone?: string
}
const { createFormatter } = await importStatic<{ createFormatter (s?: Record<string, unknown>): Formatter }>('lib/format.js')

const at = '2026-11-23T06:05:09.000Z'

t.test('date formats and time zones of the user settings', async (t) => {
  const cph = createFormatter({ timeZone: 'Europe/Copenhagen', dateFormat: 'dd/mm/yyyy', language: 'en-GB' })
  t.equal(cph.dateTime(at), '23/11/2026 07:05:09')
  const ny = createFormatter({ timeZone: 'America/New_York', dateFormat: 'MM/DD/YYYY' })
  t.equal(ny.dateTime(at), '11/23/2026 01:05:09', 'tokens are case-insensitive; the zone moves the clock')
  t.equal(createFormatter({ timeZone: 'UTC', dateFormat: 'yyyy-mm-dd' }).date(at), '2026-11-23')
  t.equal(createFormatter({ timeZone: 'Asia/Tokyo', dateFormat: 'd.m.yy' }).date('2026-01-04T20:00:00Z'), '5.1.26', 'crosses midnight')
  t.equal(createFormatter({ timeZone: 'UTC', language: 'en-US' }).date(at), '11/23/2026', 'no pattern: the language decides')
})

t.test('bad input never breaks a page', async (t) => {
  const f = createFormatter({ timeZone: 'Not/AZone', dateFormat: 'nonsense' })
  t.equal(f.timeZone, undefined, 'unknown zone falls back to the browser\'s')
  t.type(f.dateTime(at), 'string')
  t.equal(f.dateTime(null), '')
  t.equal(f.dateTime('not a date'), '')
  t.equal(f.percent(null), '')
  t.equal(createFormatter({ language: 'en' }).percent(12.6), '13 %')
})

t.test('relative age and zone name', async (t) => {
  const f = createFormatter({ timeZone: 'UTC', language: 'en' })
  const now = Date.parse(at)
  t.equal(f.ago(new Date(now - 3 * 60e3).toISOString(), now), '3 minutes ago')
  t.equal(f.ago(new Date(now - 2 * 3600e3).toISOString(), now), '2 hours ago')
  t.equal(f.ago(at, now), 'now')
  t.equal(f.zoneName(at), 'UTC')
})
