import t from 'tap'
import { HeldLevel, zoneOf } from '../../../agent/rules/held-level.js'

const MIN = 60_000
const times = { holdMs: 5 * MIN, clearHoldMs: MIN }

t.test('zoneOf: raise at the threshold, clear below the lower one, band between', async (t) => {
  t.equal(zoneOf(90, 90, 85), 'raise')
  t.equal(zoneOf(87, 90, 85), 'band')
  t.equal(zoneOf(85, 90, 85), 'band')
  t.equal(zoneOf(84.9, 90, 85), 'clear')
})

t.test('an error only after the level is held, with since = its onset', async (t) => {
  const level = new HeldLevel()
  level.observe('raise', 0, times)
  level.observe('raise', 4 * MIN, times)
  t.notOk(level.active, 'not yet after 4 min')
  t.equal(level.since, 0, 'the onset is known while pending')
  level.observe('raise', 5 * MIN, times)
  t.ok(level.active, 'an error at 5 min')
  t.equal(level.since, 0)
})

t.test('the band neither restarts the hold nor cancels it', async (t) => {
  const level = new HeldLevel()
  level.observe('raise', 0, times)
  level.observe('band', 2 * MIN, times)
  level.observe('raise', 5 * MIN, times)
  t.ok(level.active)
  t.equal(level.since, 0)
})

t.test('a pending condition ends at the first clear reading', async (t) => {
  const level = new HeldLevel()
  level.observe('raise', 0, times)
  level.observe('clear', 2 * MIN, times)
  t.equal(level.since, null)
  level.observe('raise', 3 * MIN, times)
  level.observe('raise', 7 * MIN, times)
  t.notOk(level.active, 'the hold restarted at 3 min')
  level.observe('raise', 8 * MIN, times)
  t.ok(level.active)
  t.equal(level.since, 3 * MIN)
})

t.test('an error clears only after clear readings for clearHoldMs, then starts afresh', async (t) => {
  const level = new HeldLevel()
  level.observe('raise', 0, times)
  level.observe('raise', 5 * MIN, times)
  level.observe('clear', 6 * MIN, times)
  level.observe('clear', 6 * MIN + 30_000, times)
  t.ok(level.active, 'still an error after 30 s of clear readings')
  level.observe('raise', 6 * MIN + 40_000, times)
  level.observe('clear', 6 * MIN + 50_000, times)
  level.observe('clear', 7 * MIN + 40_000, times)
  t.ok(level.active, 'a raise reading restarted the clear hold')
  level.observe('clear', 7 * MIN + 50_000, times)
  t.notOk(level.active, 'cleared after a full minute of clear readings')
  t.equal(level.since, null)
})
