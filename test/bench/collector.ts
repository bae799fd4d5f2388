import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../collector/store/database.js'
import { ensureDefaultAccount } from '../../collector/store/people.js'
import { Registry } from '../../collector/store/registry.js'
import { AgentStore } from '../../collector/store/agents.js'
import type { FleetPlanEntry } from '../../agent/sim/fleet-plan.js'
import type { AgentCredentials } from '../../agent/sim/fleet.js'
import { vigilBin } from '../helpers/paths.js'
import type { Child, Children } from './children.js'

export const ADMIN = { email: 'bench@vigil.local', password: 'bench-password-not-secret' }

export interface RunningCollector {
  child: Child
  httpUrl: string
  mqttUrl: string
  ports: { http: number, mqtt: number }
}

const tempDirs = new Set<string>()

export function tempDir (label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `vigil-bench-${label}-`))
  tempDirs.add(dir)
  return dir
}

export function removeDir (dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  tempDirs.delete(dir)
}

/** On Ctrl+C, after every process has ended: the data directories the phases did not get to remove. */
export function removeTempDirs (): void {
  for (const dir of tempDirs) removeDir(dir)
}

/**
 * One agent identity per plan entry, written into the collector's database before it starts, the
 * way `vigil demo` provisions its fleet (AgentStore.create, the code the enrollment route runs), and
 * the plan's licenses registered under their customers. Why not enroll over HTTP: the enrollment
 * route allows 600 requests a minute from one address, so a thousand agents from one machine need
 * almost two minutes, and `startFleet` gives up at the first HTTP 429.
 */
export function provisionAgents (dataDir: string, plan: FleetPlanEntry[], credentialsFile?: string): AgentCredentials[] {
  const db = openDatabase(dataDir)
  try {
    const accountId = ensureDefaultAccount(db)
    const registry = new Registry(db)
    const agents = new AgentStore(db)
    const credentials = db.transaction(() => {
      for (const entry of plan) {
        registry.registerLicense({
          accountId, slc: entry.slc, customer: entry.customer, product: entry.product,
          productVersion: entry.productVersion, carePlusExpiresAt: entry.carePlusExpiresAt
        })
      }
      return plan.map((entry) => agents.create({ accountId, hostname: entry.serverName }))
    })()
    if (credentialsFile !== undefined) writeFileSync(credentialsFile, JSON.stringify(credentials))
    return credentials
  } finally {
    db.close()
  }
}

/** `vigil collector` as its own process, exactly as an operator starts it, on free ports. */
export async function startCollectorProcess (children: Children, dataDir: string, nodeArgs: string[] = []): Promise<RunningCollector> {
  const child = children.spawn('collector', [...nodeArgs, vigilBin, 'collector', '--data-dir', dataDir, '--http-port', '0', '--mqtt-port', '0'], {
    VIGIL_ADMIN_EMAIL: ADMIN.email,
    VIGIL_ADMIN_PASSWORD: ADMIN.password
  })
  const line = await child.line((l) => l.startsWith('{"http"'), 30_000)
  const ports = JSON.parse(line) as { http: number, mqtt: number }
  return { child, ports, httpUrl: `http://127.0.0.1:${ports.http}`, mqttUrl: `mqtt://127.0.0.1:${ports.mqtt}` }
}

/** POST /api/v1/session as the License Admin; the session cookie for the live feed. */
export async function login (httpUrl: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
    signal: AbortSignal.timeout(10_000)
  })
  if (res.status !== 200) throw new Error(`login as ${ADMIN.email} answered HTTP ${res.status}: ${await res.text()}`)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  if (cookie === '') throw new Error('login answered no session cookie')
  return cookie
}

/** Sums of the series of /metrics that the benchmark reads. */
export interface MetricsSnapshot {
  at: number
  ingested: number
  rejected: number
  storageFailures: number
  connectedAgents: number
  liveDropped: number
}

export async function scrapeMetrics (httpUrl: string): Promise<MetricsSnapshot> {
  const res = await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(5000) })
  const text = await res.text()
  const at = performance.now()
  const sum = (name: string): number => {
    let total = 0
    for (const line of text.split('\n')) {
      if (line.startsWith(name + ' ') || line.startsWith(name + '{')) total += Number(line.slice(line.lastIndexOf(' ') + 1))
    }
    return total
  }
  return {
    at,
    ingested: sum('vigil_ingest_messages_total'),
    rejected: sum('vigil_ingest_rejected_total'),
    storageFailures: sum('vigil_ingest_storage_failures_total'),
    connectedAgents: sum('vigil_mqtt_connected_agents'),
    liveDropped: sum('vigil_live_dropped_total')
  }
}

/**
 * What the stored heartbeats take in the database (table and index pages, from SQLite's dbstat),
 * read after the collector has stopped.
 */
export function heartbeatStorage (dataDir: string): { rows: number, bytes: number } {
  const db = new Database(join(dataDir, 'vigil.db'), { readonly: true })
  try {
    const rows = (db.prepare('SELECT count(*) AS n FROM heartbeats').get() as { n: number }).n
    const bytes = (db.prepare(`SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name IN ('heartbeats', 'heartbeats_server_ts')`).get() as { b: number }).b
    return { rows, bytes }
  } finally {
    db.close()
  }
}
