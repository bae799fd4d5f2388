import pino, { type DestinationStream, type Logger } from 'pino'

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }
/** Fields every line has, which the one-line form shows in its own way or not at all. */
const FRAMING = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name'])

/**
 * JSON lines on stderr (what services and log shippers want); one readable line per entry when
 * stderr is a terminal. Secrets are censored wherever they turn up. VIGIL_LOG_LEVEL sets the level.
 */
export function createLogger (name: string): Logger {
  const options = {
    name,
    level: process.env.VIGIL_LOG_LEVEL ?? 'info',
    redact: { paths: ['secret', '*.secret', 'password', '*.password'], censor: '[secret]' }
  }
  return pino(options, process.stderr.isTTY ? oneLine(process.stderr) : pino.destination({ dest: 2, sync: true }))
}

/** `12:00:01.234 WARN  broker unreachable: spooling until it is back spooled=3` */
function oneLine (out: NodeJS.WritableStream): DestinationStream {
  return {
    write (line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>
      const time = new Date(entry.time as number).toISOString().slice(11, 23)
      const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5)
      const fields = Object.entries(entry)
        .filter(([key]) => !FRAMING.has(key))
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      out.write(`${time} ${level} ${String(entry.msg ?? '')}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}\n`)
    }
  }
}
