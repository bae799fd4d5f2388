import t from 'tap'
import {
  ERROR_CATALOG, NO_HEARTBEAT_CODE, catalogEntry, catalogForFamily, describeError
} from '../../protocol/catalog/catalog.js'
import { toErrorCode } from '../../protocol/catalog/codes.js'
import type { ErrorLevel, ProductFamily } from '../../protocol/catalog/types.js'
import { ERROR_CODE_PATTERN } from '../../protocol/payloads/error-set.js'

// The manual's three tables ("Error descriptions (properties)"), copied row by row with their level,
// so a row lost or misread in catalog.ts shows up here as a difference from the manual.
const XPROTECT: Array<[string, ErrorLevel]> = [
  ['Cannot retrieve images', 'Device'],
  ['Live FPS is lower than expected', 'System'],
  ['Recording FPS is lower than expected', 'System'],
  ['Used space is higher than expected', 'System'],
  ['Feed overflow (not all data recorded)', 'System'],
  ['Running out of disk space', 'System'],
  ['Archive unavailable', 'System'],
  ['Database storage unavailable', 'System'],
  ['Failover started', 'System'],
  ['CPU usage is high', 'System'],
  ['Memory usage is high', 'System'],
  ['Service unavailable', 'System'],
  ['Retention time', 'System'],
  ['Archiving not finished', 'System'],
  ['Database disk full - auto archiving', 'System'],
  ['Database disk full - deleting', 'System'],
  ['Database full - auto archiving', 'System'],
  ['Database repair', 'System'],
  ['Automatic license activation failed', 'System'],
  ['Rule-generated alert', 'System'],
  ['No heartbeat from site', 'System']
]

const XPROTECT_PROFESSIONAL: Array<[string, ErrorLevel]> = [
  ['Failed to add to database - General', 'Device'],
  ['Failed to add to database - Specific', 'Device'],
  ['Cannot retrieve serial number', 'Device'],
  ['Serial number is not correct', 'Device'],
  ['Maximum number of cameras allowed to run exceeded', 'System'],
  ['Camera failed to provide an image', 'Device'],
  ['Image failure. Trying to reconnect', 'Device'],
  ['Archiving failed to run', 'System'],
  ['Database connection error', 'Device'],
  ['Running out of disk space', 'System'],
  ['Error deleting archive', 'System'],
  ['Cannot delete file', 'System'],
  ['Target path invalid', 'System'],
  ['Failed to rename archive on same volume', 'System'],
  ['Failed to copy archive to different volume', 'System'],
  ['Error in processing an archive', 'System'],
  ['Archive file move error (s)', 'System'],
  ['Recording server has restarted after a crash', 'System']
]

const CUSTOMER_DASHBOARD: Array<[string, ErrorLevel]> = [
  ['No heartbeat from site', 'System']
]

const TABLES: Array<[ProductFamily, Array<[string, ErrorLevel]>, number]> = [
  ['xprotect', XPROTECT, 21],
  ['xprotect_professional', XPROTECT_PROFESSIONAL, 18],
  ['customer_dashboard', CUSTOMER_DASHBOARD, 1]
]

t.test('each table of the manual is in the catalog, row for row', async (t) => {
  for (const [family, rows, count] of TABLES) {
    t.equal(rows.length, count, `${family}: rows counted in the manual`)
    t.equal(catalogForFamily(family).length, count, `${family}: entries in the catalog`)
    for (const [description, level] of rows) {
      const entry = catalogEntry(toErrorCode(description))
      if (entry === undefined) {
        t.fail(`${family}: "${description}" is missing`)
        continue
      }
      t.equal(entry.description, description, `${family}: "${description}" has the manual's wording`)
      t.equal(entry.level, level, `${family}: "${description}" level`)
      t.ok(entry.families.includes(family), `${family}: "${description}" is marked as in this table`)
    }
    const described = new Set(rows.map(([d]) => d))
    for (const entry of catalogForFamily(family)) {
      t.ok(described.has(entry.description), `${family}: "${entry.description}" is in the manual's table`)
    }
  }
})

t.test('descriptions in several tables are merged into one entry', async (t) => {
  // 21 + 18 + 1 rows, two descriptions shared between tables.
  t.equal(ERROR_CATALOG.length, 38)

  const heartbeat = catalogEntry(NO_HEARTBEAT_CODE)!
  t.same([...heartbeat.families].sort(), ['customer_dashboard', 'xprotect'])
  t.match(heartbeat.solutionByFamily?.xprotect, /tray icon/)
  t.match(heartbeat.solutionByFamily?.customer_dashboard, /From the tray icon/)
  t.not(heartbeat.solutionByFamily?.xprotect, heartbeat.solutionByFamily?.customer_dashboard)

  // Split over a page break in the manual's second table ("Running out of disk" / "space").
  const disk = catalogEntry('running_out_of_disk_space')!
  t.same([...disk.families].sort(), ['xprotect', 'xprotect_professional'])
  t.match(disk.solutionByFamily?.xprotect, /Management Client/)
  t.match(disk.solutionByFamily?.xprotect_professional, /Management Application/)
  t.match(disk.solutionByFamily?.xprotect_professional, /with more space available/)
  t.equal(catalogForFamily('xprotect_professional').find((e) => e.code === disk.code)?.solution,
    disk.solutionByFamily?.xprotect_professional, 'catalogForFamily gives the table\'s own wording')
  t.equal(catalogEntry('running_out_of_disk'), undefined, 'the page-break fragment is no code of its own')

  for (const entry of ERROR_CATALOG) {
    if (entry.families.length === 1) t.equal(entry.solutionByFamily, undefined, `${entry.code}: one table, one text`)
  }
})

t.test('codes are unique and made from the description', async (t) => {
  const codes = ERROR_CATALOG.map((e) => e.code)
  t.equal(new Set(codes).size, codes.length, 'no code twice')
  const pattern = new RegExp(ERROR_CODE_PATTERN)
  for (const entry of ERROR_CATALOG) {
    t.equal(entry.code, toErrorCode(entry.description), entry.description)
    t.ok(pattern.test(entry.code), `${entry.code} fits the wire pattern`)
  }
})

t.test('the examples of PROTOCOL.md', async (t) => {
  t.equal(toErrorCode('CPU usage is high'), 'cpu_usage_is_high')
  t.equal(toErrorCode('Feed overflow (not all data recorded)'), 'feed_overflow_not_all_data_recorded')
  t.equal(toErrorCode('No heartbeat from site'), 'no_heartbeat_from_site')
  t.equal(NO_HEARTBEAT_CODE, 'no_heartbeat_from_site')
  for (const code of ['cpu_usage_is_high', 'feed_overflow_not_all_data_recorded', 'no_heartbeat_from_site']) {
    t.ok(catalogEntry(code), `${code} is in the catalog`)
  }
  t.equal(catalogEntry('archive_file_move_error_s')?.description, 'Archive file move error (s)')
  t.equal(catalogEntry('image_failure_trying_to_reconnect')?.description, 'Image failure. Trying to reconnect')
})

t.test('every entry has a solution, a level and a type', async (t) => {
  for (const entry of ERROR_CATALOG) {
    t.ok(entry.solution.trim().length > 0, `${entry.code}: solution`)
    t.notMatch(entry.solution, /<\/?[a-z]+[^>]*>/, `${entry.code}: no HTML left`)
    t.ok(['Device', 'System'].includes(entry.level), `${entry.code}: level`)
    t.ok(['Camera failure', 'Disk failure', 'System'].includes(entry.type), `${entry.code}: type is a known one`)
    t.ok(entry.families.length > 0, `${entry.code}: families`)
  }
  t.equal(catalogEntry('cannot_retrieve_images')?.type, 'Camera failure')
  t.equal(catalogEntry('running_out_of_disk_space')?.type, 'Disk failure')
  t.equal(catalogEntry('cpu_usage_is_high')?.type, 'System')
})

t.test('describeError', async (t) => {
  const known = describeError('cpu_usage_is_high')
  t.match(known, { code: 'cpu_usage_is_high', description: 'CPU usage is high', level: 'System', type: 'System', known: true })
  t.ok(known.solution.length > 0)

  t.same(describeError('foo_bar'), {
    code: 'foo_bar', description: 'Foo bar', solution: '', level: 'System', type: 'Unknown error type', known: false
  })
  t.equal(describeError('disk_on_fire_2').type, 'Unknown error type')
  t.equal(describeError('disk_on_fire_2').description, 'Disk on fire 2')
  t.equal(catalogEntry('foo_bar'), undefined)
})
