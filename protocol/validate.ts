import type { TSchema, Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { MAX_PAYLOAD_BYTES } from './payloads/common.js'

export type RejectReason = 'too_large' | 'not_json' | 'not_object' | 'invalid'

export type Parsed<T> =
  | { ok: true, value: T }
  | { ok: false, reason: RejectReason, message: string }

export interface Validator<T> {
  check (value: unknown): value is T
  /** One line per problem: `/cpu/pct: must be <= 100`. Empty when valid. */
  problems (value: unknown): string[]
}

export function validator<S extends TSchema> (schema: S): Validator<Static<S>> {
  const compiled = Compile(schema)
  return {
    check: (value: unknown): value is Static<S> => compiled.Check(value),
    problems (value: unknown): string[] {
      const out: string[] = []
      for (const error of compiled.Errors(value)) {
        const where = error.instancePath === '' ? '(payload)' : error.instancePath
        out.push(`${where}: ${error.message}${describeParams(error.params)}`)
        if (out.length >= 10) break
      }
      return out
    }
  }
}

function describeParams (params: unknown): string {
  if (params === null || typeof params !== 'object') return ''
  const p = params as Record<string, unknown>
  // TypeBox already names missing properties and limits; only the expected constant is left out.
  return 'allowedValue' in p ? ` ${JSON.stringify(p.allowedValue)}` : ''
}

/**
 * Decodes one MQTT payload: size first (before any parsing), then JSON, then the schema.
 * The reason is what ingest counts; the message is what it logs.
 */
export function parsePayload<T> (payload: Buffer | string, check: Validator<T>, maxBytes = MAX_PAYLOAD_BYTES): Parsed<T> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length
  if (size > maxBytes) return { ok: false, reason: 'too_large', message: `payload is ${size} bytes, the limit is ${maxBytes}` }
  let value: unknown
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'))
  } catch (err) {
    return { ok: false, reason: 'not_json', message: `payload is not JSON: ${(err as Error).message}` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'not_object', message: 'payload must be a JSON object' }
  }
  if (!check.check(value)) {
    return { ok: false, reason: 'invalid', message: check.problems(value).join('; ') }
  }
  return { ok: true, value }
}
