import type { Db } from './database.js'
import { randomToken, sameSecret, sha256 } from '../auth/secrets.js'

export interface AgentRow {
  agentId: string
  accountId: number
  hostname: string
  customerId: number | null
  slc: string | null
  revokedAt: number | null
  stateTs: string | null
  errorsBootId: string | null
  errorsSeq: number | null
  errorsTs: string | null
}

const COLUMNS = `agent_id AS agentId, account_id AS accountId, hostname, customer_id AS customerId, slc,
  revoked_at AS revokedAt, state_ts AS stateTs, errors_boot_id AS errorsBootId, errors_seq AS errorsSeq, errors_ts AS errorsTs`

/** Agent identities and their secrets (kept as SHA-256, never logged). */
export class AgentStore {
  private readonly byId
  private readonly secretOf
  private readonly stateTs
  private readonly errorsCursor

  constructor (private readonly db: Db) {
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM agents WHERE agent_id = ?`)
    this.secretOf = db.prepare('SELECT secret_hash AS secretHash FROM agents WHERE agent_id = ? AND revoked_at IS NULL')
    this.stateTs = db.prepare('UPDATE agents SET state_ts = ? WHERE agent_id = ?')
    this.errorsCursor = db.prepare('UPDATE agents SET errors_boot_id = ?, errors_seq = ?, errors_ts = ? WHERE agent_id = ?')
  }

  /** The ts of the latest birth or state message applied: older ones are stale. */
  setStateTs (agentId: string, ts: string): void {
    this.stateTs.run(ts, agentId)
  }

  /** The latest error set applied, so a repeat of it (or of an older one) changes nothing. */
  setErrorsCursor (agentId: string, cursor: { bootId: string, seq: number, ts: string }): void {
    this.errorsCursor.run(cursor.bootId, cursor.seq, cursor.ts, agentId)
  }

  create (agent: { accountId: number, hostname: string, customerId?: number | null, slc?: string | null }): { agentId: string, secret: string } {
    const agentId = `ag-${randomToken(9)}`.replace(/[^A-Za-z0-9._-]/g, '_')
    const secret = randomToken()
    this.db.prepare('INSERT INTO agents (agent_id, account_id, secret_hash, hostname, customer_id, slc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(agentId, agent.accountId, sha256(secret), agent.hostname, agent.customerId ?? null, agent.slc ?? null, Date.now())
    return { agentId, secret }
  }

  get (agentId: string): AgentRow | null {
    return (this.byId.get(agentId) as AgentRow | undefined) ?? null
  }

  verify (agentId: string, secret: string): boolean {
    const row = this.secretOf.get(agentId) as { secretHash: string } | undefined
    return row !== undefined && sameSecret(row.secretHash, sha256(secret))
  }

  revoke (agentId: string): boolean {
    return this.db.prepare('UPDATE agents SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL').run(Date.now(), agentId).changes === 1
  }
}
