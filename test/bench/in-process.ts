import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { repoRoot } from '../helpers/paths.js'

/** Runs `fn` `runs` times: the first run (cold caches), the median and the p95, in milliseconds. */
export function timeIt (runs: number, fn: () => void): { median: number, p95: number, first: number } {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    fn()
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  const first = times[0]!
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]!, first }
}

/**
 * Replaces the part of docs/benchmarks.md between `start` and `end` (a section of its own per
 * benchmark); the first run appends it under `heading` with the prose that explains it.
 */
export function writeDocSection (marks: { start: string, end: string }, section: string, heading: string, why: string): void {
  const file = resolve(repoRoot, 'docs/benchmarks.md')
  const doc = readFileSync(file, 'utf8')
  const start = doc.indexOf(marks.start)
  const end = doc.indexOf(marks.end)
  const next = start >= 0 && end > start
    ? doc.slice(0, start) + section + doc.slice(end + marks.end.length)
    : `${doc.trimEnd()}\n\n## ${heading}\n\n${why}\n\n${section}\n`
  writeFileSync(file, next)
}
