import { readFileSync } from 'node:fs'

/** Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100

export interface Summary { mean: number, max: number, samples: number }

/**
 * CPU % (of one core) and RSS of one process, from /proc: utime + stime deltas of /proc/<pid>/stat
 * between samples, VmRSS of /proc/<pid>/status at each sample.
 */
export class ProcSampler {
  readonly cpu: number[] = []
  readonly rssMb: number[] = []
  private last: { ticks: number, at: number } | null = null

  constructor (readonly pid: number) {}

  /** Starts a measurement: the next sample is relative to now, and nothing before counts. */
  reset (): void {
    this.cpu.length = 0
    this.rssMb.length = 0
    this.last = this.read()
  }

  sample (): { cpuPct: number, rssMb: number } | null {
    const now = this.read()
    const rss = readRssMb(this.pid)
    if (now === null || rss === null) return null
    let cpuPct = 0
    if (this.last !== null && now.at > this.last.at) {
      cpuPct = 100 * ((now.ticks - this.last.ticks) / CLOCK_TICKS) / ((now.at - this.last.at) / 1000)
      this.cpu.push(cpuPct)
    }
    this.rssMb.push(rss)
    this.last = now
    return { cpuPct, rssMb: rss }
  }

  cpuSummary (): Summary {
    return summarise(this.cpu)
  }

  rssSummary (): Summary {
    return summarise(this.rssMb)
  }

  private read (): { ticks: number, at: number } | null {
    const ticks = cpuTicks(this.pid)
    return ticks === null ? null : { ticks, at: performance.now() }
  }
}

export function cpuTicks (pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return null
  }
}

export function readRssMb (pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}

export function summarise (values: number[]): Summary {
  if (values.length === 0) return { mean: NaN, max: NaN, samples: 0 }
  let sum = 0
  let max = -Infinity
  for (const v of values) { sum += v; if (v > max) max = v }
  return { mean: sum / values.length, max, samples: values.length }
}

/** Busy ticks of the whole machine (every core): user, nice, system, irq, softirq and steal. */
export function machineBusyTicks (): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
    return user! + nice! + system! + irq! + softirq! + steal!
  } catch {
    return null
  }
}

/**
 * CPU the rest of the machine uses while the benchmark runs (% of one core): all busy time less
 * that of the benchmark's own processes. Anything else running makes every figure pessimistic.
 */
export class OtherLoadSampler {
  readonly samples: number[] = []
  private last: { busy: number, own: number, at: number } | null = null

  constructor (private readonly ownPids: () => number[]) {}

  reset (): void {
    this.samples.length = 0
    this.last = this.read()
  }

  sample (): number | null {
    const now = this.read()
    if (now === null || this.last === null) { this.last = now; return null }
    const seconds = (now.at - this.last.at) / 1000
    // A process that ended between samples takes its ticks with it; never report less than nothing.
    const other = Math.max(0, 100 * ((now.busy - this.last.busy) - (now.own - this.last.own)) / CLOCK_TICKS / seconds)
    this.last = now
    this.samples.push(other)
    return other
  }

  summary (): Summary {
    return summarise(this.samples)
  }

  private read (): { busy: number, own: number, at: number } | null {
    const busy = machineBusyTicks()
    if (busy === null) return null
    let own = 0
    for (const pid of this.ownPids()) own += cpuTicks(pid) ?? 0
    return { busy, own, at: performance.now() }
  }
}
