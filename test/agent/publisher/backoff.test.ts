import t from 'tap'
import { backoffDelay } from '../../../agent/publisher/backoff.js'

const settings = { minMs: 1000, maxMs: 60_000 }

t.test('doubles from the minimum up to the maximum', async (t) => {
  const middle = (): number => 0.5
  t.same([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => backoffDelay(attempt, settings, middle)),
    [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000])
})

t.test('spread by ±20 % so that a fleet does not come back at once', async (t) => {
  t.equal(backoffDelay(3, settings, () => 0), 3200)
  t.equal(backoffDelay(3, settings, () => 0.999999), 4800)
})
