import t from 'tap'
import { importStatic } from './static-modules.js'

// The pure parts of the registry pages in Node: CSV reading and the import preview, the SLC and MAC
// formats (the same as docs/api/registry.md), the collector's messages made into sentences for people and
// matched to their field, and the filter choices of the manual.

interface RegistryLib {
  parseCsv (text: string): string[][]
  importPreview (text: string): { rows: number, header: boolean, sample: string[] }
  SLC_RE: RegExp
  MAC_RE: RegExp
  daysUntil (when: unknown, now?: number): number | null
  LICENSE_STATUS_FILTER: { value: string, label: string }[]
  CARE_PLUS_FILTER: { value: string, label: string }[]
  TEST_LICENSE_FILTER: { value: string, label: string }[]
}
interface FormsLib {
  sentence (text: unknown): string
  fieldOfMessage (message: unknown, keys: string[]): string | null
}
const lib = await importStatic<RegistryLib>('lib/registry.js')
const forms = await importStatic<FormsLib>('lib/forms.js')

t.test('CSV: quotes, doubled quotes, ; or , as the header uses, CRLF, BOM, blank lines', async (t) => {
  t.same(lib.parseCsv('\uFEFFSLC;MAC\r\n"a;b";c\n\nx;"y""z"\n'), [['SLC', 'MAC'], ['a;b', 'c'], ['x', 'y"z']])
  t.same(lib.parseCsv('a,b\n"multi\nline",2'), [['a', 'b'], ['multi\nline', '2']])
  t.same(lib.parseCsv(''), [])
  t.same(lib.importPreview('SLC,MAC\nM01-C01-123-45-6A7890,00\nM01-C01-123-45-6A7891,11'), { rows: 2, header: true, sample: ['M01-C01-123-45-6A7890', 'M01-C01-123-45-6A7891'] })
  t.same(lib.importPreview('MAC address;License (SLC)\n00;M01\n'), { rows: 1, header: true, sample: ['M01'] }, 'any column order when the first line names them')
  t.same(lib.importPreview('M01,00\nM02,11\nM03,22\nM04,33'), { rows: 4, header: false, sample: ['M01', 'M02', 'M03'] }, 'no header: SLC first')
})

t.test('SLC and MAC formats', async (t) => {
  for (const ok of ['M01-C01-123-45-6A7890', 'm01-c01-123-45-6a7890', '7A1-2345-B678']) t.ok(lib.SLC_RE.test(ok), ok)
  for (const bad of ['M01-C01', 'M01-C01-123-45-6A789', 'M01_C01_123_45_6A7890', '']) t.notOk(lib.SLC_RE.test(bad), bad)
  for (const ok of ['00:10:2A:3B:45:67', '00-10-2a-3b-45-67', '00102A3B4567']) t.ok(lib.MAC_RE.test(ok), ok)
  for (const bad of ['00:10:2A', '00:10-2A:3B:45:67', '00:10:2A:3B:45:6G']) t.notOk(lib.MAC_RE.test(bad), bad)
})

t.test('the collector\'s messages: a sentence for people, and the field they name', async (t) => {
  t.equal(forms.sentence('name: a customer named "ACME" already exists'), 'A customer named "ACME" already exists.')
  t.equal(forms.sentence('slc: "M01" is not a software license code (SLC); expected …'), '"M01" is not a software license code (SLC); expected ….')
  t.equal(forms.sentence('0 test licenses available: deactivate a test license to create another'), '0 test licenses available: deactivate a test license to create another.')
  t.equal(forms.sentence('Name is required.'), 'Name is required.')
  t.equal(forms.sentence(''), '')
  t.equal(forms.fieldOfMessage('mac: 00:10 is not the MAC address of a server activated with this license', ['slc', 'mac']), 'mac')
  t.equal(forms.fieldOfMessage('customerId: no customer 99', ['customer', 'customerId']), 'customerId')
  t.equal(forms.fieldOfMessage('name is required', ['name', 'description']), 'name')
  t.equal(forms.fieldOfMessage('this test license is already inactive', ['name']), null)
})

t.test('the manual\'s filter choices and day sums', async (t) => {
  t.same(lib.LICENSE_STATUS_FILTER.map((o) => o.label), ['All active licenses', 'Obsolete licenses', 'Upgrade available'])
  t.same(lib.CARE_PLUS_FILTER.map((o) => o.value), ['renewal_due', 'expired'], 'the API\'s care= values')
  t.same(lib.TEST_LICENSE_FILTER.map((o) => o.label), ['Active', 'Inactive', 'About to expire'])
  const now = Date.parse('2026-11-23T12:00:00Z')
  t.equal(lib.daysUntil('2026-11-24T12:00:00Z', now), 1)
  t.equal(lib.daysUntil('2026-11-20T12:00:00Z', now), -3)
  t.equal(lib.daysUntil(null, now), null)
})
