/** Runs `tick` every `ms` until stopped; unref'd, so a clock never keeps the process alive by itself. */
export function every (ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms)
  timer.unref()
  return () => clearInterval(timer)
}
