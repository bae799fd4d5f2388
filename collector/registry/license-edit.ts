import type { Viewer } from '../auth/viewer.js'
import { InputError } from '../routes/input-error.js'
import { notFound, settleLicenses, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { visibleLicense } from './license-list.js'
import { applyLicenseFields, type LicenseFieldInput } from './register.js'

/**
 * The pencil icons of the license details page. A change of customer or Care moves what the Server
 * status page shows for the license's servers, so those are settled and published.
 */
export function editLicense (ctx: RegistryContext, viewer: Viewer, id: number, change: LicenseFieldInput, clock: Clock, changes: ChangeSet): void {
  const row = visibleLicense(ctx.db, viewer, id)
  if (!row) notFound('license', id)
  // A test license's Care runs with the test license itself (created, expired, deactivated).
  if (row.kind === 'test' && change.care !== undefined) throw new InputError('validation', 'care: a test license is covered until it expires; its Care cannot be changed')
  if (applyLicenseFields(ctx, viewer, id, change)) settleLicenses(ctx, [id], clock.now, changes)
}
