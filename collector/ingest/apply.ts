import type { AgentState, Birth, ErrorSet, Heartbeat } from '../../protocol/index.js'
import type { AgentRow } from '../store/agents.js'
import type { ChangeSet } from '../store/changes.js'
import type { ServerRow } from '../store/servers.js'
import type { AgentMessage } from '../broker/types.js'
import type { IngestContext } from './context.js'
import { siteSilent, signOfLife, type FreshnessTracker } from './liveness.js'

export interface ApplyArgs<T> {
  ctx: IngestContext
  /** The agent's row, shared by the messages of one group: what a message changes is written back to it. */
  agent: AgentRow
  /** The agent's server row, likewise shared within the group (created on first use). */
  server: (name: string) => ServerRow
  value: T
  message: AgentMessage
  changes: ChangeSet
  freshness: FreshnessTracker
}

/** Outcome of one message, for the ingest counters. */
export type Applied = 'applied' | 'duplicate' | 'stale'

export function applyBirth ({ ctx, agent, server: serverOf, value: birth, message, changes, freshness }: ApplyArgs<Birth>): Applied {
  const server = serverOf(birth.server.name)
  if (server.birthTs !== null && birth.ts < server.birthTs) return 'stale'
  const licenseId = birth.slc
    ? ctx.registry.licenseId(agent.accountId, birth.slc, { product: birth.server.product ?? null, productVersion: birth.server.productVersion ?? null, customerId: agent.customerId })
    : null
  ctx.servers.applyBirth(server.id, {
    name: birth.server.name,
    role: birth.server.role,
    product: birth.server.product ?? null,
    productVersion: birth.server.productVersion ?? null,
    birth: message.payload.toString('utf8'),
    birthTs: birth.ts,
    intervalS: birth.heartbeatIntervalS,
    licenseId,
    locationId: birth.location ? ctx.registry.locationId(agent.accountId, birth.location) : null
  })
  server.heartbeatIntervalS = birth.heartbeatIntervalS
  server.birthTs = birth.ts
  server.name = birth.server.name
  ctx.agents.setStateTs(agent.agentId, birth.ts)
  agent.stateTs = birth.ts
  freshness.calibrate(agent.agentId, birth.ts, message.receivedAt)
  signOfLife(ctx, server, changes)
  // Product version and license decide "Reporting not supported" and "Milestone Care expired".
  changes.reassess(server.id, server.accountId)
  return 'applied'
}

export function applyState ({ ctx, agent, server: serverOf, value: state, message, changes, freshness }: ApplyArgs<AgentState>): Applied {
  // The broker only hands over the will of the agent's current connection, so a will always applies;
  // an explicit state message applies unless an earlier-stamped one overtook a later one.
  if (!message.will && agent.stateTs !== null && state.ts < agent.stateTs) return 'stale'
  const server = serverOf(agent.hostname)
  ctx.agents.setStateTs(agent.agentId, state.ts)
  agent.stateTs = state.ts
  if (state.state === 'online') {
    freshness.calibrate(agent.agentId, state.ts, message.receivedAt)
    signOfLife(ctx, server, changes)
  } else {
    siteSilent(ctx, server, changes)
    freshness.forget(agent.agentId)
  }
  return 'applied'
}

export function applyHeartbeat ({ ctx, agent, server: serverOf, value: hb, message, changes, freshness }: ApplyArgs<Heartbeat>): Applied {
  const server = serverOf(agent.hostname)
  if (!ctx.heartbeats.insert(agent.agentId, server.id, hb)) return 'duplicate'
  if (server.lastHeartbeatTs === null || hb.ts > server.lastHeartbeatTs) {
    ctx.servers.setReadings(server.id, { ts: hb.ts, cpuPct: hb.cpu.pct, memPct: memPct(hb), diskFreePct: lowestDiskFreePct(hb) })
    server.lastHeartbeatTs = hb.ts
    changes.server(server.id, server.accountId)
  }
  // A buffered heartbeat is stored at its own time but says nothing about the site being alive now.
  if (freshness.isFresh(agent.agentId, hb.ts, message.receivedAt, server.heartbeatIntervalS)) signOfLife(ctx, server, changes)
  return 'applied'
}

export function applyErrorSet ({ ctx, agent, server: serverOf, value: set, changes }: ApplyArgs<ErrorSet>): Applied {
  if (agent.errorsBootId === set.bootId && agent.errorsSeq !== null && set.seq <= agent.errorsSeq) return 'duplicate'
  if (agent.errorsBootId !== set.bootId && agent.errorsTs !== null && set.ts < agent.errorsTs) return 'stale'
  const server = serverOf(agent.hostname)
  const open = new Map(ctx.errors.open(server.id).filter((e) => e.raisedBy === 'agent').map((e) => [`${e.code}\u0000${e.value}`, e]))
  for (const reported of set.errors) {
    const key = `${reported.code}\u0000${reported.value}`
    const existing = open.get(key)
    if (existing) {
      // A repeated report keeps the error open with its first occurrence time.
      ctx.errors.touch(existing.id, set.ts, reported.detail ?? null)
      open.delete(key)
    } else {
      const id = ctx.errors.raise(server.id, { code: reported.code, value: reported.value, detail: reported.detail ?? null, raisedBy: 'agent', occurredAt: reported.since ?? set.ts })
      changes.error(id, server.accountId)
    }
  }
  for (const cleared of open.values()) {
    if (ctx.errors.close(cleared.id, set.ts)) changes.error(cleared.id, server.accountId)
  }
  ctx.agents.setErrorsCursor(agent.agentId, { bootId: set.bootId, seq: set.seq, ts: set.ts })
  Object.assign(agent, { errorsBootId: set.bootId, errorsSeq: set.seq, errorsTs: set.ts })
  changes.reassess(server.id, server.accountId)
  return 'applied'
}

function memPct (hb: Heartbeat): number | null {
  return hb.mem.totalBytes > 0 ? round1(100 * hb.mem.usedBytes / hb.mem.totalBytes) : null
}

/** The fullest disk is the one that matters on a recorder. */
function lowestDiskFreePct (hb: Heartbeat): number | null {
  let lowest: number | null = null
  for (const d of hb.disks ?? []) {
    if (d.sizeBytes <= 0) continue
    const free = 100 * (d.sizeBytes - d.usedBytes) / d.sizeBytes
    if (lowest === null || free < lowest) lowest = free
  }
  return lowest === null ? null : round1(lowest)
}

function round1 (n: number): number {
  return Math.round(n * 10) / 10
}
