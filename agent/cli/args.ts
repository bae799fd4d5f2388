import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

export interface CommandSpec<O extends Options> {
  /** As typed, e.g. "vigil agent enroll". */
  command: string
  /** The full --help text, after the usage line. */
  help: string
  usage: string
  options: O
}

/** The values of a command's options, typed from their declarations. */
export type Values<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string
}

export type Parsed<O extends Options> =
  | { ok: true, values: Values<O> }
  | { ok: false, exitCode: number }

/**
 * Parses a command's options with node:util parseArgs. `--help` prints the help to stdout (exit 0);
 * a bad argument prints one line to stderr naming it (exit 2).
 */
export function parseCommand<O extends Options> (argv: string[], spec: CommandSpec<O>): Parsed<O> {
  try {
    const options: Options = { ...spec.options, help: { type: 'boolean' } }
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
    if (values.help === true) {
      process.stdout.write(`usage: ${spec.usage}\n\n${spec.help}\n`)
      return { ok: false, exitCode: 0 }
    }
    return { ok: true, values: values as Values<O> }
  } catch (err) {
    return { ok: false, exitCode: usageError(spec.command, firstSentence((err as Error).message)) }
  }
}

/** Prints `vigil agent enroll: <reason> (see --help)` and gives the exit code of a usage error. */
export function usageError (command: string, reason: string): number {
  process.stderr.write(`${command}: ${reason} (see --help)\n`)
  return 2
}

/** parseArgs explains at length how to pass a value starting with "-"; the first sentence is the point. */
function firstSentence (message: string): string {
  const end = message.indexOf('. ')
  return end > 0 ? message.slice(0, end) : message.replace(/\.$/, '')
}

/** A flag's whole number, or undefined when it is not one in [min, max] (the caller says what was expected). */
export function wholeNumber (text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined
  const value = Number(text)
  return value >= min && value <= max ? value : undefined
}
