import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A wrong argument: the command prints the one-line reason and exits non-zero. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Parses a command's flags; `--help` prints the usage and returns null. Unknown flags, missing values and
 * stray words are UsageErrors naming the flag.
 */
export function parseCommand<O extends Options> (argv: string[], options: O, usage: string) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false })
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!)
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage.trimStart())
    return null
  }
  return parsed.values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }
}

export function integerFlag (name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}, got "${raw}"`)
  return n
}

export function requireFlag (name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required (see --help)`)
  return value
}
