import type { Logger } from 'pino'
import type { Db } from '../store/database.js'
import type { AgentStore } from '../store/agents.js'
import type { ServerStore } from '../store/servers.js'
import type { ErrorStore } from '../store/errors.js'
import type { Registry } from '../store/registry.js'
import type { HeartbeatStore } from '../store/heartbeats.js'
import type { FilterStore } from '../filters/filter-store.js'
import type { Metrics } from '../metrics/counters.js'

/** The stores and services ingest writes through. */
export interface IngestContext {
  db: Db
  agents: AgentStore
  servers: ServerStore
  errors: ErrorStore
  registry: Registry
  heartbeats: HeartbeatStore
  filters: FilterStore
  metrics: Metrics
  log: Logger
  now: () => number
}
