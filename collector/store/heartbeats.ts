import type { Statement } from 'better-sqlite3'
import type { Db } from './database.js'
import type { Heartbeat } from '../../protocol/index.js'

/**
 * Heartbeats kept as time series in SQLite. The primary key (agentId, bootId, seq) is also the dedupe:
 * a heartbeat resent after a lost PUBACK is stored once.
 */
export class HeartbeatStore {
  private readonly insertStmt: Statement

  constructor (db: Db) {
    this.insertStmt = db.prepare(`INSERT OR IGNORE INTO heartbeats
      (agent_id, boot_id, seq, server_id, ts, cpu_pct, mem_used_bytes, mem_total_bytes, disks, services, vms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  }

  /** False when this heartbeat was stored before. */
  insert (agentId: string, serverId: string, hb: Heartbeat): boolean {
    return this.insertStmt.run(agentId, hb.bootId, hb.seq, serverId, hb.ts, hb.cpu.pct, hb.mem.usedBytes, hb.mem.totalBytes,
      hb.disks ? JSON.stringify(hb.disks) : null, hb.services ? JSON.stringify(hb.services) : null,
      hb.vms ? JSON.stringify(hb.vms) : null).changes === 1
  }
}
