/**
 * Who is asking, and what they may see. Every REST list, every live-feed event and every snapshot is
 * cut to the viewer with the two functions below, so visibility is decided in one place.
 */
export type Role = 'license_admin' | 'license_user'

export interface Viewer {
  kind: 'user' | 'noc'
  accountId: number
  /** A NOC token may be scoped to one customer. */
  customerId: number | null
  readOnly: boolean
  userId?: number
  role?: Role
  email?: string
  csrfToken?: string
  sessionIdHash?: string
}

/** Where a server, error or event belongs. */
export interface Scope {
  accountId: number
  customerId: number | null
}

export function canSee (viewer: Viewer, scope: Scope): boolean {
  if (viewer.accountId !== scope.accountId) return false
  return viewer.customerId === null || viewer.customerId === scope.customerId
}

/** The same rule as SQL over a view with `accountId` and `customerId` columns. */
export function visibilityWhere (viewer: Viewer, alias: string): { sql: string, params: unknown[] } {
  if (viewer.customerId === null) return { sql: `${alias}.accountId = ?`, params: [viewer.accountId] }
  return { sql: `${alias}.accountId = ? AND ${alias}.customerId = ?`, params: [viewer.accountId, viewer.customerId] }
}

/** Viewers that see the same things share snapshots and monitor states. */
export function scopeKey (viewer: Viewer): string {
  return `${viewer.accountId}:${viewer.customerId ?? '*'}`
}
