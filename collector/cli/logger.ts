import pino, { type Logger } from 'pino'

/** JSON lines on stderr, so stdout stays for what scripts read (ports, tokens). */
export function cliLogger (level = process.env.VIGIL_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level }, pino.destination({ fd: 2, sync: false }))
}
