/** True for an IANA time zone this Node knows. */
export function checkTimeZone (timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * Per-day counts in `timeZone` for the `days` days up to today, oldest first, from counts per UTC hour
 * ("2026-11-23T06"). Hours are the finest grain every time zone's midnight falls on (the few with
 * half-hour offsets are placed by the hour's start).
 */
export function dailyCounts (hourly: Array<{ hour: string, count: number }>, timeZone: string, now: number, days: number): Array<{ date: string, count: number }> {
  const dateOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const [y, m, d] = dateOf.format(now).split('-').map(Number) as [number, number, number]
  const out = new Map<string, number>()
  // Calendar arithmetic on the local date, so a DST change never skips or repeats a day.
  for (let i = days - 1; i >= 0; i--) out.set(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10), 0)
  for (const { hour, count } of hourly) {
    const date = dateOf.format(Date.parse(`${hour}:00:00.000Z`))
    if (out.has(date)) out.set(date, out.get(date)! + count)
  }
  return [...out].map(([date, count]) => ({ date, count }))
}
