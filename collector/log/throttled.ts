/**
 * Logs at most once per `intervalMs` per key, counting what it held back: a flood of bad messages must
 * not become a flood of log lines. The counters in /metrics keep the exact numbers.
 */
export function throttled (intervalMs: number): (key: string, log: (suppressed: number) => void) => void {
  const last = new Map<string, { at: number, suppressed: number }>()
  return (key, log) => {
    const now = Date.now()
    const entry = last.get(key)
    if (entry && now - entry.at < intervalMs) {
      entry.suppressed++
      return
    }
    log(entry?.suppressed ?? 0)
    last.set(key, { at: now, suppressed: 0 })
  }
}
