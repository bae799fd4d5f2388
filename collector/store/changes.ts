/**
 * What one committed batch changed, by id. Ingest, the watchdog and REST handlers fill it inside their
 * transaction; after the commit the live hub turns it into events. Keeping ids (not rows) means each
 * row is read once, after the commit, however many messages touched it.
 */
export class ChangeSet {
  /** serverId → accountId: servers whose row changed (live events). */
  readonly servers = new Map<string, number>()
  /** serverId → accountId: servers whose status may have changed and must be settled before commit. */
  readonly unsettled = new Map<string, number>()
  readonly errors = new Set<number>()
  readonly accounts = new Set<number>()

  server (serverId: string, accountId: number): void {
    this.servers.set(serverId, accountId)
    this.accounts.add(accountId)
  }

  /** A change that can move the server's status: its filters and status are worked out again. */
  reassess (serverId: string, accountId: number): void {
    this.server(serverId, accountId)
    this.unsettled.set(serverId, accountId)
  }

  error (errorId: number, accountId: number): void {
    this.errors.add(errorId)
    this.accounts.add(accountId)
  }

  get empty (): boolean {
    return this.servers.size === 0 && this.errors.size === 0
  }

  merge (other: ChangeSet): void {
    for (const [s, a] of other.servers) this.servers.set(s, a)
    for (const [s, a] of other.unsettled) this.unsettled.set(s, a)
    for (const e of other.errors) this.errors.add(e)
    for (const a of other.accounts) this.accounts.add(a)
  }
}
