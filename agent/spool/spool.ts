import type { Logger } from 'pino'
import type { ErrorSet, Heartbeat } from '../../protocol/index.js'
import { fileJournal, memoryJournal, type Journal } from './journal.js'

export type SpoolRecord =
  | { id: number, topic: 'heartbeat', payload: Heartbeat }
  | { id: number, topic: 'errors', payload: ErrorSet }

/** Sixteen MiB: about a month of heartbeats at the default interval. */
const DEFAULT_SPOOL_BYTES = 16 * 1024 * 1024

export interface SpoolOptions {
  /** Bound on the records kept; the oldest are evicted (and counted) beyond it. */
  maxBytes?: number
  log: Logger
}

interface Entry {
  record: SpoolRecord
  bytes: number
}

/**
 * Every heartbeat and error set, in the order they were made, until the broker has acknowledged
 * them. On disk it is append-only JSON lines: a record line per message and a `{"del":id}` line
 * when one is acknowledged or evicted; the file is rewritten with only the waiting records when it
 * empties or when deletions take more than a quarter of the bound.
 */
export class Spool {
  private readonly queue: Entry[] = []
  /** Index of the oldest waiting entry in `queue`; acknowledged ones before it are trimmed lazily. */
  private head = 0
  private pendingBytes = 0
  private nextId = 1
  private evictedCount = 0
  private readonly maxBytes: number

  private constructor (private readonly journal: Journal, private readonly options: SpoolOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_SPOOL_BYTES
    this.load()
  }

  /** The spool in `dir` (the agent's data directory), with whatever an earlier run left unsent. */
  static open (dir: string, options: SpoolOptions): Spool {
    return new Spool(fileJournal(dir), options)
  }

  static inMemory (options: SpoolOptions): Spool {
    return new Spool(memoryJournal(), options)
  }

  append (record: Omit<SpoolRecord, 'id'>): SpoolRecord {
    const full = { id: this.nextId++, ...record } as SpoolRecord
    const line = JSON.stringify(full)
    const bytes = Buffer.byteLength(line) + 1
    this.evictFor(bytes)
    this.journal.append(line)
    this.queue.push({ record: full, bytes })
    this.pendingBytes += bytes
    return full
  }

  /** The oldest record not yet acknowledged. */
  peek (): SpoolRecord | undefined {
    return this.queue[this.head]?.record
  }

  /** Removes a record once the broker has acknowledged it. An id already evicted is ignored. */
  ack (id: number): void {
    const index = this.queue[this.head]?.record.id === id
      ? this.head
      : this.queue.findIndex((entry, i) => i > this.head && entry.record.id === id)
    if (index < 0) return
    this.remove(index)
    this.journal.append(JSON.stringify({ del: id }))
    this.compact()
  }

  /** Records waiting to be sent. */
  get size (): number {
    return this.queue.length - this.head
  }

  get bytes (): number {
    return this.pendingBytes
  }

  /** Records dropped, oldest first, because the spool was full. */
  get evicted (): number {
    return this.evictedCount
  }

  close (): void {
    this.journal.close()
  }

  private remove (index: number): void {
    this.pendingBytes -= this.queue[index]!.bytes
    // Acknowledgements come in order, so this is nearly always the head: no copying.
    if (index === this.head) this.head++
    else this.queue.splice(index, 1)
  }

  private evictFor (bytes: number): void {
    let dropped = 0
    while (this.size > 0 && this.pendingBytes + bytes > this.maxBytes) {
      const id = this.queue[this.head]!.record.id
      this.remove(this.head)
      this.journal.append(JSON.stringify({ del: id }))
      dropped++
    }
    if (dropped === 0) return
    this.evictedCount += dropped
    this.options.log.warn({ dropped, evicted: this.evictedCount, maxBytes: this.maxBytes }, 'spool full: oldest records dropped')
    this.compact()
  }

  /** Trims the in-memory queue and, when deletions dominate, rewrites the journal. */
  private compact (): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    const waste = this.journal.bytes - this.pendingBytes
    if (this.size === 0 ? this.journal.bytes > 0 : waste > this.maxBytes / 4) {
      this.journal.rewrite(this.queue.slice(this.head).map((entry) => JSON.stringify(entry.record)))
    }
  }

  /** Reads what an earlier run left: records not deleted, in order. Unreadable lines are skipped. */
  private load (): void {
    const lines = this.journal.initialText.split('\n')
    if (lines.at(-1) === '') lines.pop()
    const waiting = new Map<number, Entry>()
    let maxId = 0
    lines.forEach((line, index) => {
      const parsed = parseLine(line)
      if (parsed === undefined) {
        const where = index === lines.length - 1 ? 'last line (torn by a crash?)' : `line ${index + 1}`
        this.options.log.warn({ line: index + 1 }, `spool: skipped unreadable ${where}`)
        return
      }
      if ('del' in parsed) {
        waiting.delete(parsed.del)
        maxId = Math.max(maxId, parsed.del)
      } else {
        waiting.set(parsed.id, { record: parsed, bytes: Buffer.byteLength(JSON.stringify(parsed)) + 1 })
        maxId = Math.max(maxId, parsed.id)
      }
    })
    this.nextId = maxId + 1
    for (const entry of [...waiting.values()].sort((a, b) => a.record.id - b.record.id)) {
      this.queue.push(entry)
      this.pendingBytes += entry.bytes
    }
    // Start from a clean file: no deleted records, and no torn tail for the next append to run into.
    if (this.journal.initialText !== '') this.journal.rewrite(this.queue.map((entry) => JSON.stringify(entry.record)))
    if (this.size > 0) this.options.log.info({ records: this.size }, 'spool: records from an earlier run will be sent')
    this.evictFor(0)
  }
}

function parseLine (line: string): SpoolRecord | { del: number } | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  const v = value as Record<string, unknown>
  if (Number.isInteger(v.del)) return { del: v.del as number }
  const validTopic = v.topic === 'heartbeat' || v.topic === 'errors'
  if (!Number.isInteger(v.id) || !validTopic || v.payload === null || typeof v.payload !== 'object') return undefined
  return value as SpoolRecord
}
