import { AgentState, Birth, ErrorSet, Heartbeat, parsePayload, validator, type AgentTopicSuffix, type Validator } from '../../protocol/index.js'
import type { AgentMessage } from '../broker/types.js'
import { ChangeSet } from '../store/changes.js'
import { isStorageFailure } from '../store/database.js'
import type { IngestContext } from './context.js'
import type { AgentRow } from '../store/agents.js'
import type { ServerRow } from '../store/servers.js'
import { applyBirth, applyErrorSet, applyHeartbeat, applyState, type Applied, type ApplyArgs } from './apply.js'
import { FreshnessTracker } from './liveness.js'
import { throttled } from '../log/throttled.js'
import { settle } from '../status/settle.js'

interface Handler<T> {
  check: Validator<T>
  apply: (args: ApplyArgs<T>) => Applied
}

const HANDLERS: { [K in AgentTopicSuffix]: Handler<any> } = {
  birth: { check: validator(Birth), apply: applyBirth },
  state: { check: validator(AgentState), apply: applyState },
  heartbeat: { check: validator(Heartbeat), apply: applyHeartbeat },
  errors: { check: validator(ErrorSet), apply: applyErrorSet }
}

interface Pending { message: AgentMessage, value: unknown, done: (err?: Error) => void }

type Outcome = Applied | 'unknown_agent' | 'failed'

/**
 * Validates agent messages and commits them in groups: everything that arrives within one turn of the
 * event loop is written in one transaction, then every message of the group is acknowledged, then the
 * changes go live. One commit per group instead of per message is what lets ingest keep up with the
 * broker; acknowledging only after the commit is what makes an acknowledged message durable.
 */
export class Ingest {
  private queue: Pending[] = []
  private scheduled = false
  private readonly freshness = new FreshnessTracker()
  private readonly warn = throttled(1000)
  private readonly applyBatch: (batch: Pending[], changes: ChangeSet) => Outcome[]

  constructor (private readonly ctx: IngestContext, private readonly onCommit: (changes: ChangeSet) => void) {
    ctx.metrics.describe('vigil_ingest_messages_total', 'counter', 'Agent messages by topic and outcome (applied, duplicate, stale)')
    ctx.metrics.describe('vigil_ingest_rejected_total', 'counter', 'Agent messages dropped as bad input, by topic and reason')
    this.applyBatch = ctx.db.transaction((batch: Pending[], changes: ChangeSet) => {
      const rows = new GroupRows(ctx)
      const outcomes = batch.map((item) => this.applyOne(item, changes, rows))
      this.settleAll(changes)
      return outcomes
    })
  }

  /** BrokerHooks.ingest: bad input is counted and acknowledged; storage failure is not acknowledged. */
  handle (message: AgentMessage, done: (err?: Error) => void): void {
    const handler = HANDLERS[message.suffix]
    const parsed = parsePayload(message.payload, handler.check)
    if (!parsed.ok) {
      this.reject(message, parsed.reason, parsed.message)
      done()
      return
    }
    this.queue.push({ message, value: parsed.value, done })
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  /** Commits what is queued now; exposed for tests and shutdown. */
  flush (): void {
    this.scheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    let changes = new ChangeSet()
    let outcomes: Outcome[]
    try {
      try {
        outcomes = this.applyBatch(batch, changes)
      } catch (err) {
        if (isStorageFailure(err)) throw err
        // One message tripped over a bug and rolled its group back: apply them one by one, so only
        // that one is dropped (and logged) and the rest are stored.
        changes = new ChangeSet()
        outcomes = batch.map((item) => this.applyAlone(item, changes))
      }
    } catch (err) {
      this.ctx.metrics.inc('vigil_ingest_storage_failures_total')
      this.ctx.log.error({ err, messages: batch.length }, 'could not store agent messages; they are not acknowledged and will be resent')
      for (const item of batch) item.done(err as Error)
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!
      if (outcome === 'unknown_agent' || outcome === 'failed') this.reject(item.message, outcome, '')
      else this.ctx.metrics.inc('vigil_ingest_messages_total', { topic: item.message.suffix, outcome })
      item.done()
    })
    if (!changes.empty) this.onCommit(changes)
  }

  private applyOne (item: Pending, changes: ChangeSet, rows: GroupRows): Outcome {
    const agent = rows.agent(item.message.agentId)
    if (!agent) return 'unknown_agent'
    return HANDLERS[item.message.suffix].apply({
      ctx: this.ctx, agent, server: (name) => rows.server(agent, name), value: item.value, message: item.message, changes, freshness: this.freshness
    })
  }

  private applyAlone (item: Pending, changes: ChangeSet): Outcome {
    const local = new ChangeSet()
    try {
      const outcome = this.ctx.db.transaction(() => {
        const applied = this.applyOne(item, local, new GroupRows(this.ctx))
        this.settleAll(local)
        return applied
      })()
      changes.merge(local)
      return outcome
    } catch (err) {
      if (isStorageFailure(err)) throw err
      this.ctx.log.error({ err, agentId: item.message.agentId, topic: item.message.suffix }, 'agent message could not be applied')
      return 'failed'
    }
  }

  /** Filters and status of every server the group may have moved, inside the group's transaction. */
  private settleAll (changes: ChangeSet): void {
    const now = this.ctx.now()
    for (const [serverId, accountId] of changes.unsettled) settle(this.ctx, serverId, accountId, now, changes)
    changes.unsettled.clear()
  }

  private reject (message: AgentMessage, reason: string, detail: string): void {
    this.ctx.metrics.inc('vigil_ingest_rejected_total', { topic: message.suffix, reason })
    this.warn(reason, () => this.ctx.log.warn({ agentId: message.agentId, topic: message.suffix, reason, detail }, 'agent message dropped'))
  }
}

/**
 * The agent and server rows one group of messages works on, read once per group: a heartbeat storm
 * from one agent costs one lookup, not one per message. Appliers write what they change back to the
 * rows, so later messages of the group see it; a rolled-back group's rows are thrown away with it.
 */
class GroupRows {
  private readonly agents = new Map<string, AgentRow | null>()
  private readonly servers = new Map<string, ServerRow>()

  constructor (private readonly ctx: IngestContext) {}

  agent (agentId: string): AgentRow | null {
    let row = this.agents.get(agentId)
    if (row === undefined) {
      row = this.ctx.agents.get(agentId)
      this.agents.set(agentId, row)
    }
    return row
  }

  server (agent: AgentRow, name: string): ServerRow {
    let row = this.servers.get(agent.agentId)
    if (row === undefined) {
      row = this.ctx.servers.forAgent(agent, name)
      this.servers.set(agent.agentId, row)
    }
    return row
  }
}
