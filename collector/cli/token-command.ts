import { resolve } from 'node:path'
import { openDatabase } from '../store/database.js'
import { ensureDefaultAccount } from '../store/people.js'
import { Registry } from '../store/registry.js'
import { createToken, listTokens } from '../store/tokens.js'
import { parseCommand, usageError, wholeNumber } from '../../agent/cli/args.js'

const spec = {
  command: 'vigil token',
  usage: 'vigil token create --data-dir DIR --kind enroll|noc [--license SLC] [--customer NAME] [--uses N] [--label TEXT]\n       vigil token list --data-dir DIR',
  help: [
    'create   prints a new token on stdout: its only copy (the database keeps a hash)',
    '  --kind enroll    an enrollment token for agents (vigil agent enroll)',
    '  --kind noc       a read-only access token for NOC screens and scripts',
    '  --license SLC    enroll: the license the agent\'s server belongs to',
    '  --customer NAME  enroll: the agent\'s customer (created if new); noc: limits the token to this customer',
    '  --uses N         enroll: how many agents may enroll with it (default 1)',
    '  --label TEXT     a note shown in the token list',
    'list     the tokens, with when each was last used',
    '',
    'Works on the database directly, also while the collector runs.'
  ].join('\n'),
  options: {
    'data-dir': { type: 'string' }, kind: { type: 'string' }, license: { type: 'string' },
    customer: { type: 'string' }, uses: { type: 'string' }, label: { type: 'string' }
  }
} as const

export async function tokenCommand (argv: string[]): Promise<number> {
  const [action, ...rest] = argv
  if (action === '--help' || action === '-h') {
    parseCommand(['--help'], spec)
    return 0
  }
  if (action !== 'create' && action !== 'list') return usageError(spec.command, action === undefined ? 'missing action: create or list' : `unknown action "${action}": expected create or list`)
  const parsed = parseCommand(rest, spec)
  if (!parsed.ok) return parsed.exitCode
  const v = parsed.values
  if (!v['data-dir']) return usageError(spec.command, '--data-dir is required')
  const uses = v.uses === undefined ? undefined : wholeNumber(v.uses, 1, 100_000)
  if (uses === undefined && v.uses !== undefined) return usageError(spec.command, '--uses must be a whole number from 1 to 100000')
  if (action === 'create' && v.kind !== 'enroll' && v.kind !== 'noc') return usageError(spec.command, '--kind must be enroll or noc')
  if (v.kind === 'noc' && (v.license !== undefined || uses !== undefined)) return usageError(spec.command, '--license and --uses are for enrollment tokens')

  const db = openDatabase(resolve(v['data-dir']))
  try {
    const accountId = ensureDefaultAccount(db)
    if (action === 'list') {
      for (const t of listTokens(db, accountId)) {
        const lastUsed = t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : 'never'
        process.stdout.write(`${t.id}\t${t.kind}\t${t.label ?? ''}\tuses left: ${t.usesLeft ?? '-'}\tlast used: ${lastUsed}${t.revokedAt ? '\trevoked' : ''}\n`)
      }
      return 0
    }
    const kind = v.kind as 'enroll' | 'noc'
    const registry = new Registry(db)
    let customerId: number | null = null
    if (v.customer !== undefined) {
      customerId = kind === 'enroll' ? registry.customerId(accountId, v.customer) : registry.findCustomerId(accountId, v.customer)
      if (customerId === null) return usageError(spec.command, `--customer: no customer named "${v.customer}"`)
    }
    const { token } = createToken(db, { accountId, kind, customerId, slc: v.license ?? null, uses, label: v.label })
    process.stdout.write(token + '\n')
    return 0
  } finally {
    db.close()
  }
}
