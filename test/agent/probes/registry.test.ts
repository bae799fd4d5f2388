import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import Value from 'typebox/value'
import { PROBES, ProbeOptions } from '../../../agent/probes/index.js'
import { optionsTable } from '../../../agent/probes/options-table.js'
import { fixturesDir, repoRoot } from '../../helpers/paths.js'

const probesDir = join(repoRoot, 'agent', 'probes')
const folders = readdirSync(probesDir).filter((name) => statSync(join(probesDir, name)).isDirectory())
const registered = new Map(PROBES.map((probe) => [probe.name, probe]))

t.test('every probe folder is registered under its folder name', async (t) => {
  t.ok(folders.length >= 4, 'the probe folders are found')
  for (const folder of folders) t.ok(registered.has(folder), `${folder} is in agent/probes/index.ts`)
  t.same([...registered.keys()].sort(), [...folders].sort(), 'no probe is registered without a folder')
})

t.test('every probe has fixtures: at least one case with input and expected output', async (t) => {
  for (const probe of PROBES) {
    const dir = join(fixturesDir, 'probes', probe.name)
    const cases = existsSync(dir) ? readdirSync(dir) : []
    t.ok(cases.length > 0, `${probe.name} has fixture cases`)
    for (const name of cases) {
      t.ok(existsSync(join(dir, name, 'input.json')), `${probe.name}/${name}/input.json`)
      t.ok(existsSync(join(dir, name, 'expected.json')), `${probe.name}/${name}/expected.json`)
    }
  }
})

t.test('every probe README holds the options table generated from its schema', async (t) => {
  for (const probe of PROBES) {
    const readme = join(probesDir, probe.name, 'README.md')
    t.ok(existsSync(readme), `${probe.name}/README.md exists`)
    const text = existsSync(readme) ? readFileSync(readme, 'utf8') : ''
    t.ok(text.includes(optionsTable(probe.configSchema)), `${probe.name}/README.md options table is current`)
  }
})

t.test('defaults are valid, are the schema defaults, and options reach the config file', async (t) => {
  for (const probe of PROBES) {
    t.ok(Value.Check(probe.configSchema, probe.defaults), `${probe.name} defaults match its schema`)
    t.same(Value.Default(probe.configSchema, {}), probe.defaults, `${probe.name} defaults equal the schema defaults`)
    for (const key of Object.keys(probe.configSchema.properties)) {
      t.ok(key in ProbeOptions.properties, `${probe.name} option ${key} is in ProbeOptions`)
    }
  }
})
