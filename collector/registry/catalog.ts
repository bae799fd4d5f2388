import { PRODUCTS, RELEASES, type CatalogProduct, type CatalogRelease } from './products.js'
import { supportsReporting } from '../status/compute.js'

/**
 * Questions asked of the product catalog (products.ts). Names are matched case-insensitively because
 * agents report the product as the VMS names it; versions are normalised to "2023 R2" because agents
 * may add a build ("2023 R2 (23.2a)").
 */
const byKey = new Map<string, CatalogProduct>()
for (const p of PRODUCTS) {
  byKey.set(p.id, p)
  byKey.set(p.name.toLowerCase(), p)
}
const releaseIndex = new Map(RELEASES.map((r, i) => [r.version, i]))

export function findProduct (nameOrId: string | null | undefined): CatalogProduct | null {
  if (!nameOrId) return null
  return byKey.get(nameOrId.trim().toLowerCase()) ?? null
}

/** "2023 r2 (23.2a)" → "2023 R2"; null when it is no release name. */
export function normalizeVersion (version: string | null | undefined): string | null {
  const m = /^(\d{4})\s*R(\d)\b/i.exec(version?.trim() ?? '')
  return m ? `${m[1]} R${m[2]}` : null
}

/** The releases a product shipped in, oldest first (released or announced). */
export function releasesOf (product: CatalogProduct): CatalogRelease[] {
  const from = releaseIndex.get(product.first) ?? 0
  const to = product.last === null ? RELEASES.length - 1 : releaseIndex.get(product.last) ?? RELEASES.length - 1
  return RELEASES.slice(from, to + 1)
}

/** The catalog release of this product, or null when the product has no such release. */
export function findRelease (product: CatalogProduct, version: string | null | undefined): CatalogRelease | null {
  const v = normalizeVersion(version)
  return releasesOf(product).find((r) => r.version === v) ?? null
}

/**
 * When the product's first release after `version` came (or comes) out: a license's upgrade becomes
 * possible once Care Plus runs until at least that date. Null: the version is the product's last, or
 * the product or version is not in the catalog.
 */
export function nextReleaseOn (productName: string | null, version: string | null): string | null {
  const product = findProduct(productName)
  if (!product) return null
  const releases = releasesOf(product)
  const at = releases.findIndex((r) => r.version === normalizeVersion(version))
  if (at < 0) return null
  return releases[at + 1]?.releasedOn ?? null
}

/**
 * The manual's upgrade rule: newer releases of the same product released on or before Care Plus
 * expiry (and not after today), newest first.
 */
export function upgradeTargets (productName: string | null, version: string | null, carePlusExpiresOn: string, today: string): CatalogRelease[] {
  const product = findProduct(productName)
  const own = product ? findRelease(product, version) : null
  if (!product || !own) return []
  return releasesOf(product)
    .filter((r) => r.releasedOn > own.releasedOn && r.releasedOn <= carePlusExpiresOn && r.releasedOn <= today)
    .reverse()
}

/** What the manual shows in the Product column: "XProtect Expert 2020 R1". */
export function productLabel (product: string | null, version: string | null, test = false): string {
  const label = [product, version].filter(Boolean).join(' ')
  if (!label) return 'Unknown product'
  return test ? `${label} Test` : label
}

/** The catalog as the API shows it: released versions only, newest first. */
export function catalogView (today: string, onlyTest = false): Array<{ id: string, name: string, family: string, testLicense: boolean, versions: Array<{ version: string, releasedOn: string, reportingSupported: boolean }> }> {
  return PRODUCTS.filter((p) => !onlyTest || p.testLicense).map((p) => ({
    id: p.id,
    name: p.name,
    family: p.family,
    testLicense: p.testLicense,
    versions: releasesOf(p).filter((r) => r.releasedOn <= today).reverse()
      .map((r) => ({ version: r.version, releasedOn: r.releasedOn, reportingSupported: supportsReporting(r.version) }))
  }))
}
