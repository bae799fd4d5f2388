export interface BackoffSettings {
  /** Wait before the first retry after a connection is lost. */
  minMs: number
  /** Longest wait between two attempts. */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffSettings = { minMs: 1000, maxMs: 60_000 }

/**
 * Wait before reconnect attempt `attempt` (1 for the first retry): doubling up to the maximum, then
 * spread by ±20 % so that a fleet cut off together does not come back in one burst.
 */
export function backoffDelay (attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const base = Math.min(settings.maxMs, settings.minMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}
