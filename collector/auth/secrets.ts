import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/** A random token for people and machines to hold; 32 bytes = 256 bits, URL-safe. */
export function randomToken (bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/**
 * High-entropy machine secrets (agent secrets, tokens, session ids) are stored as SHA-256: a slow hash
 * adds nothing against a 256-bit secret and would make a reconnect storm of 10,000 agents cost minutes.
 */
export function sha256 (value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function sameSecret (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

// Passwords are low-entropy: scrypt with a per-user salt (OWASP: N=2^15, r=8, p=1).
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LENGTH = 32

function scryptAsync (password: string, salt: Buffer, params: typeof SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, params, (err, key) => { err ? reject(err) : resolve(key) })
  })
}

export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, SCRYPT)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), {
    N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
