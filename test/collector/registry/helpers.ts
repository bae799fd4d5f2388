import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { resolveConfig } from '../../../collector/config.js'
import { createServices, type Services } from '../../../collector/services.js'
import { ChangeSet, clockAt, type Clock } from '../../../collector/registry/context.js'
import type { Viewer } from '../../../collector/auth/viewer.js'

/** The collector's services on a temporary database, without HTTP or broker: the registry's rules driven directly. */
export function registryServices (): { svc: Services, admin: Viewer, close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-registry-'))
  const svc = createServices(resolveConfig({ env: {}, overrides: { dataDir: dir } }), pino({ level: 'silent' }))
  const admin: Viewer = { kind: 'user', accountId: svc.defaultAccountId, customerId: null, readOnly: false, role: 'license_admin' }
  return { svc, admin, close: () => { svc.close(); rmSync(dir, { recursive: true, force: true }) } }
}

/** Runs a registry change in a transaction, as the routes do; answers its result and the change set. */
export function inTx<T> (svc: Services, fn: (changes: ChangeSet) => T): { value: T, changes: ChangeSet } {
  const changes = new ChangeSet()
  const value = svc.db.transaction(() => fn(changes))()
  return { value, changes }
}

/** A clock `days` after (or before) now. */
export function daysFromNow (days: number): Clock {
  return clockAt(Date.now() + days * 86_400_000)
}

/** The per-license, per-customer and per-group numbers recomputed from the rows, to hold the triggers to. */
export function recount (svc: Services): { licenses: unknown[], customers: unknown[], groups: unknown[], names: unknown[] } {
  const { db } = svc
  return {
    licenses: db.prepare(`SELECT id FROM licenses l WHERE server_count <> (SELECT count(*) FROM servers WHERE license_id = l.id)
      OR device_count <> (SELECT count(*) FROM device_activations WHERE license_id = l.id)
      OR device_licenses_used <> (SELECT COALESCE(sum(licenses_used), 0) FROM device_activations WHERE license_id = l.id)`).all(),
    customers: db.prepare(`SELECT id FROM customers c WHERE license_count <> (SELECT count(*) FROM licenses WHERE customer_id = c.id AND obsolete = 0)
      OR server_count <> (SELECT COALESCE(sum(server_count), 0) FROM licenses WHERE customer_id = c.id)
      OR device_count <> (SELECT COALESCE(sum(device_count), 0) FROM licenses WHERE customer_id = c.id)`).all(),
    groups: db.prepare(`SELECT id FROM license_groups g WHERE license_count <> (SELECT count(*) FROM license_group_members WHERE group_id = g.id)
      OR server_count <> (SELECT COALESCE(sum(l.server_count), 0) FROM license_group_members m JOIN licenses l ON l.id = m.license_id WHERE m.group_id = g.id)`).all(),
    names: db.prepare(`SELECT l.id FROM licenses l LEFT JOIN customers c ON c.id = l.customer_id WHERE l.customer_name IS NOT c.name
      OR l.search_text IS NOT (l.slc || char(1) || COALESCE(l.product, '') || ' ' || COALESCE(l.product_version, '') || char(1) || COALESCE(l.description, '') || char(1) || COALESCE(c.name, 'Unspecified'))`).all()
  }
}
