import { resolve } from 'node:path'
import { openDatabase } from '../store/database.js'
import { ensureDefaultAccount } from '../store/people.js'
import { Registry } from '../store/registry.js'
import { createToken, listTokens } from '../store/tokens.js'
import { UsageError, integerFlag, parseCommand, requireFlag } from './args.js'

const USAGE = `
Usage: vigil token create --data-dir DIR --kind enroll|noc [options]
       vigil token list --data-dir DIR

create   prints a new token on stdout (its only copy: the database keeps a hash)
         --kind enroll   a one-time enrollment token for an agent (\`vigil agent enroll\`)
         --kind noc      a read-only access token for NOC screens and scripts
         --license SLC   enroll: the license the agent's server belongs to
         --customer NAME enroll: created if new; noc: limits the token to this customer
         --uses N        enroll: how many agents may enroll with it (default 1)
         --label TEXT    a note shown in the token list
list     lists tokens with when each was last used

Works on the database directly, also while the collector runs.
`

export async function tokenCommand (argv: string[]): Promise<number> {
  const [action, ...rest] = argv
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(USAGE.trimStart())
    return action === undefined ? 2 : 0
  }
  if (action !== 'create' && action !== 'list') throw new UsageError(`unknown action "${action}": expected create or list`)
  const flags = parseCommand(rest, {
    'data-dir': { type: 'string' }, kind: { type: 'string' }, license: { type: 'string' },
    customer: { type: 'string' }, uses: { type: 'string' }, label: { type: 'string' }
  }, USAGE)
  if (!flags) return 0
  const db = openDatabase(resolve(requireFlag('data-dir', flags['data-dir'])))
  try {
    const accountId = ensureDefaultAccount(db)
    if (action === 'list') {
      for (const t of listTokens(db, accountId)) {
        process.stdout.write(`${t.id}\t${t.kind}\t${t.label ?? ''}\tuses left: ${t.usesLeft ?? '-'}\tlast used: ${t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : 'never'}${t.revokedAt ? '\trevoked' : ''}\n`)
      }
      return 0
    }
    const kind = requireFlag('kind', flags.kind)
    if (kind !== 'enroll' && kind !== 'noc') throw new UsageError(`--kind: expected enroll or noc, got "${kind}"`)
    if (kind === 'noc' && (flags.license || flags.uses)) throw new UsageError('--license and --uses are for enrollment tokens')
    const registry = new Registry(db)
    let customerId: number | null = null
    if (flags.customer) {
      customerId = kind === 'enroll' ? registry.customerId(accountId, flags.customer) : registry.findCustomerId(accountId, flags.customer)
      if (customerId === null) throw new UsageError(`--customer: no customer named "${flags.customer}"`)
    }
    const { token } = createToken(db, { accountId, kind, customerId, slc: flags.license ?? null, uses: integerFlag('uses', flags.uses, 1, 100_000), label: flags.label })
    process.stdout.write(token + '\n')
    return 0
  } finally {
    db.close()
  }
}
