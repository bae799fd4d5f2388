import { randomInt } from 'node:crypto'
import { InputError } from '../routes/input-error.js'

/**
 * Software license codes and MAC addresses as people type them. Both are checked and normalised before
 * anything is stored, so "m01-c01-…" and "M01-C01-…" are one license, and a MAC is stored one way.
 */

// The two shapes in the manual: M01-C01-123-45-6A7890 (3-3-3-2-6) and 7A1-2345-B678 (3-4-4).
const SLC_FORMS = [/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{2}-[A-Z0-9]{6}$/, /^[A-Z0-9]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}$/]

export function checkSlc (raw: string, field = 'slc'): string {
  const slc = raw.trim().toUpperCase()
  if (!SLC_FORMS.some((f) => f.test(slc))) {
    throw new InputError('validation', `${field}: ${JSON.stringify(raw)} is not a software license code (SLC); expected letters and digits like M01-C01-123-45-6A7890 or 7A1-2345-B678`)
  }
  return slc
}

/** "00-10-2a-3b-45-67", "00102A3B4567" → "00:10:2A:3B:45:67". */
export function normalizeMac (raw: string): string | null {
  const s = raw.trim().toUpperCase()
  const m = /^([0-9A-F]{2})([:-]?)([0-9A-F]{2})\2([0-9A-F]{2})\2([0-9A-F]{2})\2([0-9A-F]{2})\2([0-9A-F]{2})$/.exec(s)
  if (!m) return null
  return [m[1], m[3], m[4], m[5], m[6], m[7]].join(':')
}

export function checkMac (raw: string, field = 'mac'): string {
  const mac = normalizeMac(raw)
  if (mac === null) throw new InputError('validation', `${field}: ${JSON.stringify(raw)} is not a MAC address; expected six pairs of hex digits like 00:10:2A:3B:45:67`)
  return mac
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const letter = (): string => LETTERS[randomInt(LETTERS.length)]!
const digits = (n: number): string => String(randomInt(10 ** n)).padStart(n, '0')

/**
 * A new SLC in the long form, for test licenses and upgrades when Milestone's own code is not given.
 * The caller retries on the (unlikely) clash with an existing one.
 */
export function generateSlc (): string {
  return `${letter()}${digits(2)}-${letter()}${digits(2)}-${digits(3)}-${digits(2)}-${digits(1)}${letter()}${digits(4)}`
}
