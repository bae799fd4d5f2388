/**
 * The product catalog: every product a license can be for, and every release by year (R1–R3) with its
 * release date. The one place to edit when Milestone ships a release; everything else (versions offered,
 * "Upgrade available", "Reporting not supported", test-license products) is derived from it.
 *
 * Release dates are to the nearest month where the exact day was not at hand; upgrades compare them
 * with Care Plus expiry dates, so correct a date here rather than special-casing it elsewhere.
 * `first`/`last`: the first and (for discontinued products) last release the product shipped in.
 */
export interface CatalogProduct {
  id: string
  name: string
  family: 'XProtect' | 'Husky'
  /** Offered on the Test licenses page. */
  testLicense: boolean
  first: string
  last: string | null
}

export interface CatalogRelease {
  version: string
  releasedOn: string
}

export const PRODUCTS: readonly CatalogProduct[] = [
  { id: 'xprotect-corporate', name: 'XProtect Corporate', family: 'XProtect', testLicense: true, first: '2013 R1', last: null },
  { id: 'xprotect-expert', name: 'XProtect Expert', family: 'XProtect', testLicense: true, first: '2013 R1', last: null },
  { id: 'xprotect-professional-plus', name: 'XProtect Professional+', family: 'XProtect', testLicense: true, first: '2016 R1', last: null },
  { id: 'xprotect-express-plus', name: 'XProtect Express+', family: 'XProtect', testLicense: true, first: '2016 R1', last: null },
  { id: 'xprotect-essential-plus', name: 'XProtect Essential+', family: 'XProtect', testLicense: false, first: '2017 R3', last: null },
  { id: 'xprotect-enterprise', name: 'XProtect Enterprise', family: 'XProtect', testLicense: false, first: '2013 R1', last: '2019 R3' },
  { id: 'xprotect-professional', name: 'XProtect Professional', family: 'XProtect', testLicense: true, first: '2013 R1', last: '2019 R3' },
  { id: 'xprotect-express', name: 'XProtect Express', family: 'XProtect', testLicense: true, first: '2013 R1', last: '2019 R3' },
  { id: 'husky-m30', name: 'Husky M30', family: 'Husky', testLicense: false, first: '2013 R1', last: '2017 R3' },
  { id: 'husky-m50', name: 'Husky M50', family: 'Husky', testLicense: false, first: '2013 R1', last: '2017 R3' },
  { id: 'husky-m500a', name: 'Husky M500A', family: 'Husky', testLicense: false, first: '2013 R1', last: '2017 R3' },
  { id: 'husky-x2', name: 'Husky X2', family: 'Husky', testLicense: false, first: '2016 R1', last: '2020 R3' },
  { id: 'husky-x8', name: 'Husky X8', family: 'Husky', testLicense: false, first: '2016 R1', last: '2020 R3' },
  { id: 'husky-ivo-150d', name: 'Husky IVO 150D', family: 'Husky', testLicense: false, first: '2020 R1', last: null },
  { id: 'husky-ivo-350t', name: 'Husky IVO 350T', family: 'Husky', testLicense: false, first: '2020 R1', last: null },
  { id: 'husky-ivo-700r', name: 'Husky IVO 700R', family: 'Husky', testLicense: false, first: '2020 R1', last: null },
  { id: 'husky-ivo-1000r', name: 'Husky IVO 1000R', family: 'Husky', testLicense: false, first: '2020 R1', last: null },
  { id: 'husky-ivo-1800r', name: 'Husky IVO 1800R', family: 'Husky', testLicense: false, first: '2020 R1', last: null }
]

/** Oldest first. */
export const RELEASES: readonly CatalogRelease[] = [
  { version: '2013 R1', releasedOn: '2013-02-26' },
  { version: '2013 R2', releasedOn: '2013-09-10' },
  { version: '2014 R1', releasedOn: '2014-02-25' },
  { version: '2014 R2', releasedOn: '2014-06-24' },
  { version: '2014 R3', releasedOn: '2014-10-21' },
  { version: '2015 R1', releasedOn: '2015-02-24' },
  { version: '2015 R2', releasedOn: '2015-06-23' },
  { version: '2015 R3', releasedOn: '2015-10-20' },
  { version: '2016 R1', releasedOn: '2016-02-23' },
  { version: '2016 R2', releasedOn: '2016-06-21' },
  { version: '2016 R3', releasedOn: '2016-10-18' },
  { version: '2017 R1', releasedOn: '2017-02-21' },
  { version: '2017 R2', releasedOn: '2017-06-20' },
  { version: '2017 R3', releasedOn: '2017-10-17' },
  { version: '2018 R1', releasedOn: '2018-02-20' },
  { version: '2018 R2', releasedOn: '2018-06-19' },
  { version: '2018 R3', releasedOn: '2018-10-16' },
  { version: '2019 R1', releasedOn: '2019-02-19' },
  { version: '2019 R2', releasedOn: '2019-06-18' },
  { version: '2019 R3', releasedOn: '2019-10-15' },
  { version: '2020 R1', releasedOn: '2020-02-18' },
  { version: '2020 R2', releasedOn: '2020-06-16' },
  { version: '2020 R3', releasedOn: '2020-10-20' },
  { version: '2021 R1', releasedOn: '2021-02-16' },
  { version: '2021 R2', releasedOn: '2021-06-15' },
  { version: '2022 R1', releasedOn: '2022-02-15' },
  { version: '2022 R2', releasedOn: '2022-06-14' },
  { version: '2022 R3', releasedOn: '2022-10-18' },
  { version: '2023 R1', releasedOn: '2023-02-21' },
  { version: '2023 R2', releasedOn: '2023-06-20' },
  { version: '2023 R3', releasedOn: '2023-10-17' },
  { version: '2024 R1', releasedOn: '2024-02-20' },
  { version: '2024 R2', releasedOn: '2024-06-18' },
  { version: '2025 R1', releasedOn: '2025-02-18' },
  { version: '2025 R2', releasedOn: '2025-06-17' },
  { version: '2026 R1', releasedOn: '2026-02-17' },
  { version: '2026 R2', releasedOn: '2026-06-16' }
]
