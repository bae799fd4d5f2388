import type { Logger } from 'pino'
import { openDatabase } from './store/database.js'
import { ensureDefaultAccount } from './store/people.js'
import { AgentStore } from './store/agents.js'
import { ServerStore } from './store/servers.js'
import { ErrorStore } from './store/errors.js'
import { Registry } from './store/registry.js'
import { HeartbeatStore } from './store/heartbeats.js'
import { FilterStore } from './filters/filter-store.js'
import { StatusClock } from './status/status-clock.js'
import { SessionStore } from './store/sessions.js'
import { Metrics } from './metrics/counters.js'
import { LiveHub } from './live/hub.js'
import { Ingest } from './ingest/ingest.js'
import { HeartbeatWatchdog } from './status/watchdog.js'
import type { IngestContext } from './ingest/context.js'
import type { ChangeSet } from './store/changes.js'
import type { CollectorConfig } from './config.js'
import type { Broker } from './broker/types.js'

/** Everything the collector's plugins and routes share, built once per app: the stores ingest writes through, and more. */
export interface Services extends IngestContext {
  config: CollectorConfig
  defaultAccountId: number
  sessions: SessionStore
  hub: LiveHub
  ingest: Ingest
  watchdog: HeartbeatWatchdog
  statusClock: StatusClock
  /** Set once the broker plugin has started. */
  broker: Broker | null
  /** Publishes a committed change to live clients. */
  commit (changes: ChangeSet): void
  close (): void
}

export function createServices (config: CollectorConfig, log: Logger, now: () => number = Date.now): Services {
  const db = openDatabase(config.dataDir, { synchronous: config.synchronous })
  const metrics = new Metrics()
  const ctx: IngestContext = {
    db,
    agents: new AgentStore(db),
    servers: new ServerStore(db),
    errors: new ErrorStore(db),
    registry: new Registry(db),
    heartbeats: new HeartbeatStore(db),
    filters: new FilterStore(db),
    metrics,
    log,
    now
  }
  const hub = new LiveHub({ db, servers: ctx.servers, errors: ctx.errors, metrics, log, maxBufferedBytes: config.liveMaxBufferedBytes })
  const commit = (changes: ChangeSet): void => hub.publish(changes)
  return {
    ...ctx,
    config,
    defaultAccountId: ensureDefaultAccount(db),
    sessions: new SessionStore(db),
    hub,
    ingest: new Ingest(ctx, commit),
    watchdog: new HeartbeatWatchdog(ctx, commit, config.watchdogTickMs),
    statusClock: new StatusClock(ctx, commit, config.watchdogTickMs),
    broker: null,
    commit,
    close: () => db.close()
  }
}
