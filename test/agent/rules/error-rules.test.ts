import t from 'tap'
import { catalogEntry, DEFAULT_THRESHOLDS, type ReportedError } from '../../../protocol/index.js'
import type { Readings } from '../../../agent/probes/probe.js'
import { RULE_CODES } from '../../../agent/rules/codes.js'
import { ErrorRules } from '../../../agent/rules/error-rules.js'

const MIN = 60_000
const T0 = Date.parse('2026-11-23T06:00:00.000Z')
const GIB = 1024 ** 3

/** A controllable clock: readings are fed at T0 + minutes. */
const at = (minutes: number): number => T0 + minutes * MIN
const iso = (minutes: number): string => new Date(at(minutes)).toISOString()

function readings (over: Partial<Readings> = {}): Readings {
  return { cpu: { pct: 10 }, mem: { usedBytes: 4 * GIB, totalBytes: 16 * GIB }, disks: [], services: [], ...over }
}

const codes = (errors: ReportedError[]): string[] => errors.map((e) => `${e.code}=${e.value}`)

t.test('CPU at or above 90 % for 5 min is cpu_usage_is_high, valued with the server name', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  t.same(rules.evaluate(readings({ cpu: { pct: 95 } }), at(0)), [])
  t.same(rules.evaluate(readings({ cpu: { pct: 97 } }), at(4.5)), [], 'not before 5 min')
  const errors = rules.evaluate(readings({ cpu: { pct: 96 } }), at(5))
  t.same(codes(errors), ['cpu_usage_is_high=REC-01'])
  t.equal(errors[0]!.since, iso(0), 'since is when the condition began')
  t.match(errors[0]!.detail, /CPU at or above 90 % for 5 min/)
})

t.test('CPU hovering near the threshold does not flap; a lasting drop clears it', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  for (let m = 0; m <= 5; m++) rules.evaluate(readings({ cpu: { pct: 93 } }), at(m))
  const raised = rules.evaluate(readings({ cpu: { pct: 92 } }), at(5.5))
  for (const [m, pct] of [[6, 88], [6.5, 91], [7, 86], [7.5, 89]] as const) {
    t.same(rules.evaluate(readings({ cpu: { pct } }), at(m)), raised, `${pct} % at ${m} min keeps the same error, unchanged`)
  }
  t.equal(rules.evaluate(readings({ cpu: { pct: 40 } }), at(8)).length, 1, 'one low reading is not a recovery')
  t.same(rules.evaluate(readings({ cpu: { pct: 40 } }), at(9)), [], 'cleared after a minute below 85 %')
})

t.test('memory at or above 90 % for 5 min is memory_usage_is_high', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  const full = readings({ mem: { usedBytes: 15 * GIB, totalBytes: 16 * GIB } })
  rules.evaluate(full, at(0))
  t.same(rules.evaluate(full, at(4)), [])
  const errors = rules.evaluate(full, at(5))
  t.same(codes(errors), ['memory_usage_is_high=REC-01'])
  t.equal(errors[0]!.since, iso(0))
})

t.test('a recording disk under 5 % free is running_out_of_disk_space at once, valued with its mount', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  const disk = (freePct: number) => readings({
    disks: [
      { mount: 'C:\\', sizeBytes: 100 * GIB, usedBytes: 50 * GIB },
      { mount: 'D:\\', label: 'Recording', sizeBytes: 1000 * GIB, usedBytes: (1000 - freePct * 10) * GIB }
    ]
  })
  const errors = rules.evaluate(disk(4), at(0))
  t.same(codes(errors), ['running_out_of_disk_space=D:\\'])
  t.equal(errors[0]!.since, iso(0))
  t.match(errors[0]!.detail, /^Recording: 4 % free, below 5 %/)
  t.same(rules.evaluate(disk(5.5), at(1)), errors, 'between 5 and 6 % free: still the same error')
  t.same(rules.evaluate(disk(6.5), at(2)), [], 'cleared at 6.5 % free')
  t.equal(rules.evaluate(disk(3), at(3))[0]!.since, iso(3), 'a new error has a new since')
})

t.test('a configured service not running is service_unavailable, valued with its name', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  const name = 'Milestone XProtect Recording Server'
  const errors = rules.evaluate(readings({ services: [{ name, state: 'stopped' }, { name: 'Milestone XProtect Event Server', state: 'running' }] }), at(0))
  t.same(codes(errors), [`service_unavailable=${name}`])
  t.equal(errors[0]!.detail, 'Service is stopped')
  t.same(rules.evaluate(readings({ services: [{ name, state: 'unknown' }] }), at(1)), errors, 'unknown is not running either')
  t.same(rules.evaluate(readings({ services: [{ name, state: 'running' }] }), at(2)), [])
})

t.test('a disk or service that is no longer read has no error', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  rules.evaluate(readings({ services: [{ name: 'nginx', state: 'stopped' }] }), at(0))
  t.same(rules.evaluate(readings({ services: [] }), at(1)), [])
})

t.test('new thresholds and server name apply from the next evaluation, keeping the onset', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: DEFAULT_THRESHOLDS })
  t.same(rules.evaluate(readings({ cpu: { pct: 60 } }), at(0)), [])
  rules.update({ serverName: 'REC-01-NEW', thresholds: { ...DEFAULT_THRESHOLDS, cpuPct: 50, cpuHoldS: 60 } })
  t.same(rules.evaluate(readings({ cpu: { pct: 60 } }), at(0.5)), [], 'the hold of 1 min is not over')
  const errors = rules.evaluate(readings({ cpu: { pct: 60 } }), at(1.5))
  t.same(codes(errors), ['cpu_usage_is_high=REC-01-NEW'])
  t.equal(errors[0]!.since, iso(0.5))
})

t.test('the set is sorted by code and value', async (t) => {
  const rules = new ErrorRules({ serverName: 'REC-01', thresholds: { ...DEFAULT_THRESHOLDS, cpuHoldS: 0 } })
  const errors = rules.evaluate(readings({
    cpu: { pct: 99 },
    services: [{ name: 'b-service', state: 'stopped' }, { name: 'a-service', state: 'stopped' }],
    disks: [{ mount: 'E:\\', sizeBytes: 100, usedBytes: 99 }]
  }), at(0))
  t.same(codes(errors), ['cpu_usage_is_high=REC-01', 'running_out_of_disk_space=E:\\', 'service_unavailable=a-service', 'service_unavailable=b-service'])
})

t.test('every code the rules raise is in the error catalog', async (t) => {
  for (const code of RULE_CODES) t.ok(catalogEntry(code), code)
})
