import type { Viewer } from '../auth/viewer.js'
import { InputError } from '../routes/input-error.js'
import type { ImportReport } from '../../protocol/index.js'
import { RegistryError, type ChangeSet, type Clock, type RegistryContext } from './context.js'
import { parseCsv } from './csv.js'
import { groupIdsByName } from './picks.js'
import { registerLicense } from './register.js'

/**
 * Bulk import of licenses from a CSV file (SLC, MAC, customer, description, group). Every row is
 * registered on its own by the rules of the Register dialog, inside a savepoint, so a refused row
 * leaves nothing behind and does not stop the others; the report says why each refused row was.
 */
type Column = 'slc' | 'mac' | 'customer' | 'description' | 'group'
const POSITIONAL: Column[] = ['slc', 'mac', 'customer', 'description', 'group']
const HEADERS: Record<string, Column> = {
  slc: 'slc', license: 'slc', licenseslc: 'slc', licensecode: 'slc', softwarelicensecode: 'slc', vmslicensecodeslc: 'slc',
  mac: 'mac', macaddress: 'mac', macaddressoftheserverthatwasusedforactivation: 'mac',
  customer: 'customer', customername: 'customer',
  description: 'description', licensedescription: 'description',
  group: 'group', licensegroup: 'group', licensegroups: 'group'
}

function headerKey (cell: string): Column | null {
  return HEADERS[cell.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '')] ?? null
}

export function importLicenses (ctx: RegistryContext, viewer: Viewer, csv: string, clock: Clock, changes: ChangeSet): ImportReport {
  const rows = parseCsv(csv)
  const header = rows[0] && headerKey(rows[0].cells[0] ?? '') !== null ? rows.shift()!.cells.map(headerKey) : POSITIONAL
  if (!header.includes('slc') || !header.includes('mac')) throw new InputError('validation', 'csv: line 1: expected at least the SLC and MAC columns')
  if (rows.length === 0) throw new InputError('validation', 'csv: the file has no license rows')
  const report: ImportReport = { imported: 0, refused: 0, rows: [] }
  for (const row of rows) {
    const value = (c: Column): string => (row.cells[header.indexOf(c)] ?? '').trim()
    const slc = value('slc')
    try {
      const id = ctx.db.transaction(() => {
        const groups = value('group').split('|').map((g) => g.trim()).filter(Boolean)
        return registerLicense(ctx, viewer, {
          slc,
          mac: value('mac'),
          ...(value('customer') ? { customer: value('customer') } : {}),
          ...(value('description') ? { description: value('description') } : {}),
          ...(groups.length ? { groupIds: groupIdsByName(ctx, viewer, groups) } : {})
        }, clock, changes)
      })()
      report.imported++
      report.rows.push({ line: row.line, slc, result: 'imported', licenseId: id, message: null })
    } catch (err) {
      if (!(err instanceof InputError) && !(err instanceof RegistryError)) throw err
      report.refused++
      report.rows.push({ line: row.line, slc, result: 'refused', licenseId: null, message: err.message.replace(/^slc: \S+ is already/, 'already') })
    }
  }
  return report
}
