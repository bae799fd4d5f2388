import { InputError } from '../routes/input-error.js'

/**
 * Milestone Care rules and the dates they compare. Care dates are calendar days (YYYY-MM-DD, UTC):
 * coverage is active while its end date is after today, which is what status/compute.ts's
 * `carePlusActive` decides for the same column.
 *
 * `licenses.care_plus_expires_at` is the end of Care Plus *or higher* (the status rule reads it as such):
 *   NULL         no Care recorded: not held against the servers (a discovered license);
 *   NO_CARE_PLUS Care recorded without Care Plus (Basic only): the servers are "Milestone Care expired";
 *   a date       Care Plus (or Premium, which includes it) ends then.
 */
export const NO_CARE_PLUS = '0000-01-01'
export const RENEWAL_DAYS = 60
const DAY_MS = 86_400_000

export type CareCoverage = 'premium' | 'plus' | 'basic' | 'unknown'
export const CARE_LABELS: Record<CareCoverage, string> = { premium: 'Premium', plus: 'Plus', basic: 'Basic', unknown: 'Unknown' }
export const CARE_RANK: Record<CareCoverage, number> = { unknown: 0, basic: 1, plus: 2, premium: 3 }

export function dayOf (ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays (day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS)
}

/** A real calendar day, or a 400 naming the field. */
export function checkDay (day: string, field: string): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms) || dayOf(ms) !== day) throw new InputError('validation', `${field}: "${day}" is not a date; expected YYYY-MM-DD`)
  return day
}

export interface CareColumns { carePlus: string | null, carePremium: string | null }

/** What a person records: Care Premium includes Care Plus, so Plus runs at least as long. */
export function careColumns (input: { plusExpiresOn?: string | null, premiumExpiresOn?: string | null }): CareColumns {
  const plus = input.plusExpiresOn ? checkDay(input.plusExpiresOn, 'care.plusExpiresOn') : null
  const premium = input.premiumExpiresOn ? checkDay(input.premiumExpiresOn, 'care.premiumExpiresOn') : null
  const plusOrHigher = [plus, premium].filter((d): d is string => d !== null).sort().pop() ?? NO_CARE_PLUS
  return { carePlus: plusOrHigher, carePremium: premium }
}

/** Has, or had, Care Plus: the condition for upgrading at all. */
export function hadCarePlus (carePlus: string | null): carePlus is string {
  return carePlus !== null && carePlus !== NO_CARE_PLUS
}

export function coverage (c: CareColumns, today: string): CareCoverage {
  if (c.carePremium !== null && c.carePremium > today) return 'premium'
  if (c.carePlus === null) return 'unknown'
  return c.carePlus > today ? 'plus' : 'basic'
}

/** The same rule in SQL, over a row's `carePlus` / `carePremium` columns (`today` is ours, never user text). */
export function coverageSql (alias: string, today: string): string {
  safeDay(today)
  return `(CASE WHEN ${alias}.carePremium > '${today}' THEN 'premium' WHEN ${alias}.carePlus IS NULL THEN 'unknown'
    WHEN ${alias}.carePlus > '${today}' THEN 'plus' ELSE 'basic' END)`
}

export function coverageRankSql (alias: string, today: string): string {
  safeDay(today)
  return `(CASE WHEN ${alias}.carePremium > '${today}' THEN 3 WHEN ${alias}.carePlus IS NULL THEN 0 WHEN ${alias}.carePlus > '${today}' THEN 2 ELSE 1 END)`
}

/** The Licenses page's "Care Plus status" filters. */
export function carePlusFilterSql (alias: string, filter: 'renewal_due' | 'expired', today: string): string {
  safeDay(today)
  if (filter === 'renewal_due') return `(${alias}.carePlus > '${today}' AND ${alias}.carePlus <= '${addDays(today, RENEWAL_DAYS)}')`
  return `(${alias}.carePlus <= '${today}' AND ${alias}.carePlus > '${NO_CARE_PLUS}')`
}

/** What the details page lists under "Milestone Care coverage". */
export function coverageList (c: CareColumns, today: string): Array<{ level: 'basic' | 'plus' | 'premium', expiresOn: string | null, active: boolean }> {
  if (c.carePlus === null) return []
  const out: Array<{ level: 'basic' | 'plus' | 'premium', expiresOn: string | null, active: boolean }> = [{ level: 'basic', expiresOn: null, active: true }]
  if (hadCarePlus(c.carePlus)) out.push({ level: 'plus', expiresOn: c.carePlus, active: c.carePlus > today })
  if (c.carePremium !== null) out.push({ level: 'premium', expiresOn: c.carePremium, active: c.carePremium > today })
  return out
}

function safeDay (day: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`)
}
