import type { Statement } from 'better-sqlite3'
import type { Db } from './database.js'
import type { ErrorState, MonitoringStatus, ServerStatus } from '../../protocol/index.js'
import { errorState, monitoringStatus } from '../status/compute.js'
import { randomToken } from '../auth/secrets.js'

export interface ServerRow {
  id: string
  accountId: number
  agentId: string | null
  name: string
  reporting: number
  heartbeatIntervalS: number
  lastHeartbeatTs: string | null
  birthTs: string | null
  locationId: number | null
  monitoringStatus: MonitoringStatus
  errorState: ErrorState
}

export type ServerView = ServerStatus & { accountId: number, customerId: number | null, licenseId: number | null }

const ROW = `id, account_id AS accountId, agent_id AS agentId, name, reporting, heartbeat_interval_s AS heartbeatIntervalS,
  last_heartbeat_ts AS lastHeartbeatTs, birth_ts AS birthTs, location_id AS locationId,
  monitoring_status AS monitoringStatus, error_state AS errorState`

/** Server rows: identity, liveness and current readings, and the status computed from them. */
export class ServerStore {
  private readonly q: Record<string, Statement>

  constructor (db: Db) {
    this.q = {
      byAgent: db.prepare(`SELECT ${ROW} FROM servers WHERE agent_id = ?`),
      byId: db.prepare(`SELECT ${ROW} FROM servers WHERE id = ?`),
      orphanByName: db.prepare(`SELECT ${ROW} FROM servers WHERE account_id = ? AND name = ? AND agent_id IS NULL`),
      adopt: db.prepare('UPDATE servers SET agent_id = ? WHERE id = ?'),
      insert: db.prepare('INSERT INTO servers (id, account_id, agent_id, name, created_at) VALUES (?, ?, ?, ?, ?)'),
      alive: db.prepare('UPDATE servers SET reporting = 1, last_seen_at = ?, deadline_at = ? WHERE id = ?'),
      gone: db.prepare('UPDATE servers SET reporting = 0, deadline_at = NULL WHERE id = ?'),
      readings: db.prepare('UPDATE servers SET last_heartbeat_ts = ?, cpu_pct = ?, mem_pct = ?, disk_free_pct = ? WHERE id = ?'),
      facts: db.prepare(`SELECT s.product_version AS productVersion, l.care_plus_expires_at AS carePlusExpiresAt, s.reporting AS reporting,
          s.monitoring_status AS monitoringStatus, s.error_state AS errorState
        FROM servers s LEFT JOIN licenses l ON l.id = s.license_id WHERE s.id = ?`),
      openErrors: db.prepare(`SELECT status, filter_id AS filterId FROM errors WHERE server_id = ? AND status <> 'closed' ORDER BY occurred_at DESC, id DESC`),
      setStatus: db.prepare('UPDATE servers SET monitoring_status = ?, error_state = ? WHERE id = ?'),
      overdue: db.prepare(`SELECT ${ROW} FROM servers WHERE reporting = 1 AND deadline_at < ? ORDER BY deadline_at LIMIT 1000`),
      view: db.prepare('SELECT * FROM server_view WHERE serverId = ?'),
      careEnded: db.prepare(`SELECT s.id AS serverId, s.account_id AS accountId FROM servers s JOIN licenses l ON l.id = s.license_id
        WHERE l.care_plus_expires_at > ? AND l.care_plus_expires_at <= ?`),
      birth: db.prepare(`UPDATE servers SET name = ?, role = ?, product = ?, product_version = ?, birth = ?, birth_ts = ?,
        heartbeat_interval_s = ?, license_id = COALESCE(?, license_id), location_id = COALESCE(location_id, ?) WHERE id = ?`)
    }
  }

  byAgent (agentId: string): ServerRow | null {
    return (this.q.byAgent!.get(agentId) as ServerRow | undefined) ?? null
  }

  byId (serverId: string): ServerRow | null {
    return (this.q.byId!.get(serverId) as ServerRow | undefined) ?? null
  }

  /**
   * The server an agent reports for. A re-enrolled machine (new agent id, same name in the account)
   * takes over its old server row, so its history and location stay.
   */
  forAgent (agent: { agentId: string, accountId: number }, name: string): ServerRow {
    const own = this.byAgent(agent.agentId)
    if (own) return own
    const orphan = this.q.orphanByName!.get(agent.accountId, name) as ServerRow | undefined
    if (orphan) {
      this.q.adopt!.run(agent.agentId, orphan.id)
      return { ...orphan, agentId: agent.agentId }
    }
    const id = `srv-${randomToken(9)}`
    this.q.insert!.run(id, agent.accountId, agent.agentId, name, Date.now())
    return this.byId(id)!
  }

  /** Records a fresh sign of life; the watchdog raises "No heartbeat from site" after two missed intervals. */
  markAlive (serverId: string, now: number, intervalS: number): void {
    this.q.alive!.run(now, now + 2 * intervalS * 1000, serverId)
  }

  markGone (serverId: string): void {
    this.q.gone!.run(serverId)
  }

  setReadings (serverId: string, r: { ts: string, cpuPct: number, memPct: number | null, diskFreePct: number | null }): void {
    this.q.readings!.run(r.ts, r.cpuPct, r.memPct, r.diskFreePct, serverId)
  }

  /** Servers whose license's Care Plus ended after `since` and by `now` (dates compare as ISO text). */
  careEndedBetween (since: number, now: number): Array<{ serverId: string, accountId: number }> {
    return this.q.careEnded!.all(new Date(since).toISOString(), new Date(now).toISOString()) as Array<{ serverId: string, accountId: number }>
  }

  /** Servers whose heartbeat is overdue at `now`, oldest deadline first. */
  overdue (now: number): ServerRow[] {
    return this.q.overdue!.all(now) as ServerRow[]
  }

  /**
   * Recomputes Monitoring status and Error state from the server's open errors (those hidden by a
   * filter count as filtered); true when either changed. `ignoreAll`: a whole-server filter is active.
   */
  refreshStatus (serverId: string, now: number, ignoreAll = false): boolean {
    const f = this.q.facts!.get(serverId) as { productVersion: string | null, carePlusExpiresAt: string | null, reporting: number, monitoringStatus: string, errorState: string } | undefined
    if (!f) return false
    const open = this.q.openErrors!.all(serverId) as Array<{ status: 'new' | 'being_fixed', filterId: number | null }>
    const facts = {
      productVersion: f.productVersion,
      carePlusExpiresAt: f.carePlusExpiresAt,
      reporting: f.reporting === 1,
      ignoreAllErrorsFilter: ignoreAll,
      openErrors: open.filter((e) => e.filterId === null),
      filteredErrors: open.length - open.filter((e) => e.filterId === null).length,
      now
    }
    const ms = monitoringStatus(facts)
    const es = errorState(ms, facts)
    if (ms === f.monitoringStatus && es === f.errorState) return false
    this.q.setStatus!.run(ms, es, serverId)
    return true
  }

  view (serverId: string): ServerView | null {
    return (this.q.view!.get(serverId) as ServerView | undefined) ?? null
  }

  /** Fills in what a birth message says about the server. */
  applyBirth (serverId: string, b: { name: string, role: string, product: string | null, productVersion: string | null, birth: string, birthTs: string, intervalS: number, licenseId: number | null, locationId: number | null }): void {
    this.q.birth!.run(b.name, b.role, b.product, b.productVersion, b.birth, b.birthTs, b.intervalS, b.licenseId, b.locationId, serverId)
  }
}

/** ServerStatus as the wire carries it, without the scope columns. */
export function toServerStatus (v: ServerView): ServerStatus {
  return {
    serverId: v.serverId,
    name: v.name,
    customer: v.customer,
    slc: v.slc,
    location: v.location,
    monitoringStatus: v.monitoringStatus,
    errorState: v.errorState,
    lastHeartbeat: v.lastHeartbeat,
    cpuPct: v.cpuPct,
    memPct: v.memPct,
    diskFreePct: v.diskFreePct
  }
}
