import pino, { type Logger } from 'pino'

export const silentLog: Logger = pino({ level: 'silent' })

/** A logger whose entries land in `entries`, parsed. */
export function capturingLog (): { log: Logger, entries: Array<Record<string, unknown>> } {
  const entries: Array<Record<string, unknown>> = []
  const log = pino({ level: 'debug' }, { write: (line: string) => { entries.push(JSON.parse(line) as Record<string, unknown>) } })
  return { log, entries }
}
