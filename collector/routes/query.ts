import { ListError } from '../store/lists.js'

/** A comma-separated filter value checked against its allowed values, with the field named on error. */
export function splitList<T extends string> (field: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined || raw === '') return undefined
  const values = raw.split(',').map((v) => v.trim()).filter(Boolean)
  const wrong = values.filter((v) => !(allowed as readonly string[]).includes(v))
  if (wrong.length > 0) throw new ListError(`${field}: unknown value "${wrong.join(', ')}"; expected any of ${allowed.join(', ')}`)
  return values as T[]
}
