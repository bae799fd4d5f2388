import type { TSchema } from 'typebox'
import Value from 'typebox/value'

interface SchemaError {
  keyword: string
  instancePath: string
  message: string
  params: Record<string, unknown>
}

/** Keys whose values never appear in a message. */
const SECRET_PATHS = new Set(['/secret'])

/**
 * One line per problem of `value` against `schema`, naming the key, what was expected and what was
 * found: `/heartbeatIntervalS: must be integer (got "abc")`.
 */
export function describeProblems (schema: TSchema, value: unknown): string[] {
  const errors = [...Value.Errors(schema, value)] as unknown as SchemaError[]
  const lines: string[] = []
  const done = new Set<string>()
  for (const error of errors) {
    const path = error.instancePath
    if (error.keyword === 'required') {
      for (const key of error.params.requiredProperties as string[]) lines.push(`${path}/${key}: is required`)
    } else if (error.keyword === 'additionalProperties') {
      for (const key of error.params.additionalProperties as string[]) lines.push(`${path}/${key}: is not a known option`)
    } else if (error.keyword === 'anyOf' && !done.has(path)) {
      // A union reports each branch; what a person needs is the list of allowed values.
      const allowed = errors
        .filter((e) => e.instancePath === path && e.keyword === 'const')
        .map((e) => JSON.stringify(e.params.allowedValue))
      lines.push(`${path}: must be ${allowed.length > 0 ? `one of ${allowed.join(', ')}` : 'of another type'}${got(value, path)}`)
      done.add(path)
    } else if (error.keyword !== 'const' && error.keyword !== 'boolean' && !done.has(path)) {
      // ('const' is reported with its union; 'boolean' repeats additionalProperties.)
      lines.push(`${path || '(file)'}: ${error.message}${got(value, path)}`)
      done.add(path)
    }
  }
  return lines
}

function got (root: unknown, path: string): string {
  if (path === '' || SECRET_PATHS.has(path)) return ''
  const text = JSON.stringify(Value.Pointer.Get(root as object, path))
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`
}
