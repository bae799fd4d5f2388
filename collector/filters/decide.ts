import { ACTIONS, type FilterAction } from './actions.js'

export interface FilterRule {
  id: number
  code: string | null
  value: string | null
  action: FilterAction
  thresholdS: number
}

export interface OpenError {
  id: number
  code: string
  value: string
  occurredAt: string
  filterId: number | null
  hiddenUntil: number | null
}

export interface Verdict { filterId: number | null, hiddenUntil: number | null }

export function matches (filter: FilterRule, error: Pick<OpenError, 'code' | 'value'>): boolean {
  if (filter.code !== null && filter.code !== error.code) return false
  return !ACTIONS[filter.action].needsValue || filter.value === error.value
}

/**
 * Whether the active filters of its server hide an open error now, and until when. A filter without a
 * threshold hides a matching error while the filter is active. A filter with a threshold hides it only
 * until the error has existed that long; after that the error counts like any other.
 */
export function decide (error: OpenError, filters: FilterRule[], now: number): Verdict {
  let until: { filterId: number, at: number } | null = null
  for (const filter of filters) {
    if (!matches(filter, error)) continue
    if (filter.thresholdS === 0) return { filterId: filter.id, hiddenUntil: null }
    const countsAt = Date.parse(error.occurredAt) + filter.thresholdS * 1000
    if (countsAt > now && (until === null || countsAt > until.at)) until = { filterId: filter.id, at: countsAt }
  }
  return until ? { filterId: until.filterId, hiddenUntil: until.at } : { filterId: null, hiddenUntil: null }
}

/** A filter that makes the server "All errors filtered": hides everything, for as long as it is active. */
export function ignoresWholeServer (filters: FilterRule[]): boolean {
  return filters.some((f) => ACTIONS[f.action].wholeServer && f.code === null && f.thresholdS === 0)
}
