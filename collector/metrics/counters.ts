/**
 * Named counters and gauges with labels, rendered as Prometheus text on `/metrics`.
 * Every drop, reject and refusal in the collector is counted here by reason, so nothing is lost silently.
 */
type Labels = Record<string, string>

interface Series { help: string, kind: 'counter' | 'gauge', values: Map<string, number> }

export class Metrics {
  private readonly series = new Map<string, Series>()

  inc (name: string, labels: Labels = {}, by = 1): void {
    const s = this.declare(name, 'counter')
    const key = labelKey(labels)
    s.values.set(key, (s.values.get(key) ?? 0) + by)
  }

  set (name: string, value: number, labels: Labels = {}): void {
    this.declare(name, 'gauge').values.set(labelKey(labels), value)
  }

  get (name: string, labels: Labels = {}): number {
    return this.series.get(name)?.values.get(labelKey(labels)) ?? 0
  }

  /** Sum over every label combination of a series. */
  total (name: string): number {
    let sum = 0
    for (const v of this.series.get(name)?.values.values() ?? []) sum += v
    return sum
  }

  describe (name: string, kind: 'counter' | 'gauge', help: string): void {
    this.declare(name, kind).help = help
  }

  render (): string {
    const lines: string[] = []
    for (const [name, s] of this.series) {
      if (s.help) lines.push(`# HELP ${name} ${s.help}`)
      lines.push(`# TYPE ${name} ${s.kind}`)
      for (const [key, value] of s.values) lines.push(`${name}${key} ${value}`)
    }
    return lines.join('\n') + '\n'
  }

  private declare (name: string, kind: 'counter' | 'gauge'): Series {
    let s = this.series.get(name)
    if (!s) {
      s = { help: '', kind, values: new Map() }
      this.series.set(name, s)
    }
    return s
  }
}

function labelKey (labels: Labels): string {
  const keys = Object.keys(labels).sort()
  if (keys.length === 0) return ''
  return '{' + keys.map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, '_')}"`).join(',') + '}'
}
