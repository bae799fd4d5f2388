import t from 'tap'
import { decide, ignoresWholeServer, matches, type FilterRule, type OpenError } from '../../../collector/filters/decide.js'

const NOW = Date.parse('2026-11-23T12:00:00.000Z')
const camera3: OpenError = { id: 1, code: 'cannot_retrieve_images', value: 'Camera 3', occurredAt: '2026-11-23T11:00:00.000Z', filterId: null, hiddenUntil: null }
const camera4 = { ...camera3, id: 2, value: 'Camera 4' }
const cpu = { ...camera3, id: 3, code: 'cpu_usage_is_high', value: 'REC-01' }
const rule = (over: Partial<FilterRule>): FilterRule => ({ id: 9, code: null, value: null, action: 'ignore_all_from_server', thresholdS: 0, ...over })

t.test('each filter action matches what the manual says it ignores', async (t) => {
  const fromDevice = rule({ action: 'ignore_error_from_device', code: 'cannot_retrieve_images', value: 'Camera 3' })
  t.ok(matches(fromDevice, camera3))
  t.notOk(matches(fromDevice, camera4), 'another device')
  t.notOk(matches(fromDevice, { ...camera3, code: 'live_fps_is_lower_than_expected' }), 'another error of the same device')

  const onServer = rule({ action: 'ignore_error_on_server', code: 'cannot_retrieve_images' })
  t.ok(matches(onServer, camera3))
  t.ok(matches(onServer, camera4), 'any device of the server')
  t.notOk(matches(onServer, cpu))

  const allFromDevice = rule({ action: 'ignore_all_from_device', value: 'Camera 3' })
  t.ok(matches(allFromDevice, camera3))
  t.ok(matches(allFromDevice, { ...camera3, code: 'live_fps_is_lower_than_expected' }), 'any error of that device')
  t.notOk(matches(allFromDevice, camera4))

  for (const action of ['ignore_all_from_server', 'do_not_monitor'] as const) {
    t.ok(matches(rule({ action }), camera3) && matches(rule({ action }), cpu), `${action} matches every error`)
  }
})

t.test('a filter hides for as long as it is active; a threshold only until the error has lasted', async (t) => {
  t.same(decide(camera3, [], NOW), { filterId: null, hiddenUntil: null }, 'no filter: visible')
  t.same(decide(camera3, [rule({ id: 4 })], NOW), { filterId: 4, hiddenUntil: null })
  const young = { ...camera3, occurredAt: new Date(NOW - 60_000).toISOString() }
  t.same(decide(young, [rule({ id: 5, thresholdS: 300 })], NOW), { filterId: 5, hiddenUntil: NOW + 240_000 }, 'younger than the threshold: hidden until it has lasted 5 min')
  t.same(decide(camera3, [rule({ id: 5, thresholdS: 300 })], NOW), { filterId: null, hiddenUntil: null }, 'older than the threshold: counts')
  t.same(decide(young, [rule({ id: 5, thresholdS: 300 }), rule({ id: 6 })], NOW), { filterId: 6, hiddenUntil: null }, 'a filter without threshold wins')
  t.same(decide(young, [rule({ id: 5, thresholdS: 300 }), rule({ id: 7, thresholdS: 900 })], NOW).filterId, 7, 'the longest threshold decides')
})

t.test('only a whole-server filter without threshold makes the server "All errors filtered"', async (t) => {
  t.ok(ignoresWholeServer([rule({})]))
  t.ok(ignoresWholeServer([rule({ action: 'do_not_monitor' })]))
  t.notOk(ignoresWholeServer([rule({ thresholdS: 300 })]))
  t.notOk(ignoresWholeServer([rule({ action: 'ignore_error_on_server', code: 'cpu_usage_is_high' })]))
})
