import type { ErrorState, MonitoringStatus } from '../../protocol/index.js'

/** What the status rules need to know about one server. */
export interface StatusFacts {
  productVersion: string | null
  /** ISO date the license's Care Plus (or higher) ends; null when unknown (license not registered). */
  carePlusExpiresAt: string | null
  reporting: boolean
  ignoreAllErrorsFilter: boolean
  /** Open errors that count (not filtered, older than any threshold), newest first. */
  openErrors: Array<{ status: 'new' | 'being_fixed' }>
  filteredErrors: number
  now: number
}

/**
 * Whether a product version can report: XProtect 2014 R1 or later ("2014 R1", "2023 R2").
 * Legacy numeric versions ("8.1", "2013") cannot. Unknown or unparseable versions are given the
 * benefit of the doubt: an agent that reports is evidence of support.
 */
export function supportsReporting (productVersion: string | null): boolean {
  if (!productVersion) return true
  const release = /^(\d{4})(?:\s*R(\d))?/i.exec(productVersion.trim())
  if (release) return Number(release[1]) >= 2014
  if (/^\d+(\.\d+)*$/.test(productVersion.trim())) return false
  return true
}

export function carePlusActive (carePlusExpiresAt: string | null, now: number): boolean {
  if (carePlusExpiresAt === null) return true
  const end = Date.parse(carePlusExpiresAt)
  return Number.isNaN(end) || end > now
}

/** The manual's Monitoring status, first rule that applies wins. */
export function monitoringStatus (f: StatusFacts): MonitoringStatus {
  if (!supportsReporting(f.productVersion)) return 'reporting_not_supported'
  if (!carePlusActive(f.carePlusExpiresAt, f.now)) return 'care_expired'
  if (!f.reporting) return 'not_reporting'
  if (f.ignoreAllErrorsFilter) return 'all_errors_filtered'
  return 'monitored'
}

/**
 * The manual's Error state. Only a reporting server has one ("-" otherwise); a server whose errors are
 * all filtered still shows that it has filtered errors.
 */
export function errorState (status: MonitoringStatus, f: StatusFacts): ErrorState {
  if (status !== 'monitored' && status !== 'all_errors_filtered') return 'none'
  const latest = f.openErrors[0]
  if (status === 'monitored' && latest) return latest.status === 'being_fixed' ? 'error_being_fixed' : 'error_detected'
  if (f.filteredErrors > 0 || (status === 'all_errors_filtered' && latest)) return 'filtered_error'
  return 'no_errors'
}
