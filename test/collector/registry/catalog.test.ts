import t from 'tap'
import { PRODUCTS, RELEASES } from '../../../collector/registry/products.js'
import { catalogView, findProduct, findRelease, nextReleaseOn, normalizeVersion, productLabel, releasesOf } from '../../../collector/registry/catalog.js'
import { parseCsv } from '../../../collector/registry/csv.js'

t.test('the catalog data file is well formed', async (t) => {
  const versions = RELEASES.map((r) => r.version)
  t.equal(new Set(versions).size, versions.length, 'versions are unique')
  t.same([...RELEASES].sort((a, b) => a.releasedOn.localeCompare(b.releasedOn)).map((r) => r.version), versions, 'oldest first, by date')
  for (const r of RELEASES) t.match(r.version, /^\d{4} R[1-3]$/, `${r.version} is a release by year`)
  for (const r of RELEASES) t.equal(r.releasedOn.slice(0, 4), r.version.slice(0, 4), `${r.version} came out in its year`)
  for (const p of PRODUCTS) {
    t.ok(versions.includes(p.first), `${p.name}: first release in the list`)
    if (p.last !== null) t.ok(versions.includes(p.last), `${p.name}: last release in the list`)
    t.ok(releasesOf(p).length > 0)
  }
  const names = PRODUCTS.map((p) => p.name)
  for (const name of ['XProtect Corporate', 'XProtect Expert', 'XProtect Professional+', 'XProtect Express+', 'XProtect Essential+', 'XProtect Professional', 'XProtect Express', 'XProtect Enterprise']) {
    t.ok(names.includes(name), `${name} is in the catalog`)
  }
  t.ok(PRODUCTS.some((p) => p.family === 'Husky'), 'Husky models are in the catalog')
})

t.test('lookups: names case-insensitive, versions normalised, next release for upgrades', async (t) => {
  t.equal(findProduct('xprotect corporate')?.id, 'xprotect-corporate')
  t.equal(findProduct('husky-ivo-1800r')?.name, 'Husky IVO 1800R')
  t.equal(findProduct('XProtect Foo'), null)
  t.equal(normalizeVersion('2023 r2 (23.2a)'), '2023 R2')
  t.equal(normalizeVersion('8.1'), null)
  t.equal(findRelease(findProduct('XProtect Professional+')!, '2015 R1'), null, 'not a release of a product that did not exist yet')
  t.equal(nextReleaseOn('XProtect Expert', '2021 R2'), '2022-02-15', '2021 had two releases')
  t.equal(nextReleaseOn('XProtect Express', '2019 R3'), null, 'discontinued')
  t.equal(productLabel('XProtect Expert', '2018 R3', true), 'XProtect Expert 2018 R3 Test')
  t.equal(productLabel(null, null), 'Unknown product')
  const view = catalogView('2026-03-01')
  t.equal(view[0]!.versions[0]!.version, '2026 R1', 'released versions only, newest first')
  t.equal(view[0]!.versions.find((v) => v.version === '2013 R2')!.reportingSupported, false, 'before 2014 R1: reporting not supported')
  t.ok(catalogView('2026-03-01', true).every((p) => p.testLicense))
})

t.test('CSV: RFC 4180 quotes, CRLF, BOM, semicolons, line numbers', async (t) => {
  t.same(parseCsv('\ufeffSLC,MAC\r\nA,"b, ""c"""\r\n\r\nD,E'), [
    { line: 1, cells: ['SLC', 'MAC'] }, { line: 2, cells: ['A', 'b, "c"'] }, { line: 4, cells: ['D', 'E'] }
  ])
  t.same(parseCsv('a;b;"x;y"\n1;2;3\n'), [{ line: 1, cells: ['a', 'b', 'x;y'] }, { line: 2, cells: ['1', '2', '3'] }])
  t.same(parseCsv('a,"multi\nline"\nb,c'), [{ line: 1, cells: ['a', 'multi\nline'] }, { line: 3, cells: ['b', 'c'] }], 'a row after a quoted newline keeps its line number')
})
