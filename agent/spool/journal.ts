import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Where a spool keeps its lines. The spool decides what they mean; the journal only stores them. */
export interface Journal {
  /** The text stored at open, as written (possibly ending in a torn line after a crash). */
  readonly initialText: string
  /** Bytes the journal holds now. */
  readonly bytes: number
  append (line: string): void
  /** Replaces everything with these lines, atomically: after a crash either the old or the new set is there. */
  rewrite (lines: string[]): void
  close (): void
}

export const SPOOL_FILE = 'spool.jsonl'

/**
 * JSON lines in `dir`/spool.jsonl. Appends are not fsynced one by one: the spool outlives a crash of
 * the agent (the OS has the bytes), and a power cut at worst tears the last line, which load skips.
 */
export function fileJournal (dir: string): Journal {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, SPOOL_FILE)
  const initialText = existsSync(path) ? readFileSync(path, 'utf8') : ''
  let bytes = Buffer.byteLength(initialText)
  let fd = openSync(path, 'a')
  return {
    initialText,
    get bytes () { return bytes },
    append (line) {
      bytes += writeSync(fd, `${line}\n`)
    },
    rewrite (lines) {
      if (lines.length === 0) {
        // The usual case (everything acknowledged): emptying needs no second file.
        ftruncateSync(fd, 0)
        bytes = 0
        return
      }
      const text = lines.map((line) => `${line}\n`).join('')
      const tmp = `${path}.tmp`
      const tmpFd = openSync(tmp, 'w')
      writeSync(tmpFd, text)
      fsyncSync(tmpFd)
      closeSync(tmpFd)
      // Windows cannot rename over a file that is open.
      closeSync(fd)
      renameSync(tmp, path)
      fd = openSync(path, 'a')
      bytes = Buffer.byteLength(text)
    },
    close () {
      closeSync(fd)
    }
  }
}

/** Keeps nothing: for the simulator, whose agents have no disk of their own to survive a restart with. */
export function memoryJournal (): Journal {
  return {
    initialText: '',
    bytes: 0,
    append () {},
    rewrite () {},
    close () {}
  }
}
