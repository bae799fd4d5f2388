import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { PROBES } from '../../../agent/probes/index.js'
import { fixturesDir } from '../../helpers/paths.js'
import { replaySystem, type ProbeFixture } from './replay.js'

/** Every case under test/fixtures/probes/<probe>/<case>/: input.json replayed, expected.json compared. */
for (const probe of PROBES) {
  const dir = join(fixturesDir, 'probes', probe.name)
  const cases = existsSync(dir) ? readdirSync(dir) : []
  t.test(probe.name, async (t) => {
    for (const name of cases) {
      const input = JSON.parse(readFileSync(join(dir, name, 'input.json'), 'utf8')) as ProbeFixture
      const expected: unknown = JSON.parse(readFileSync(join(dir, name, 'expected.json'), 'utf8'))
      const config = { ...structuredClone(probe.defaults), ...input.config }
      const sample = await probe.collect({ sys: replaySystem(input), config })
      t.same(sample, expected, name)
      t.strictSame(JSON.parse(JSON.stringify(sample)), expected, `${name}: nothing beyond the expected fields`)
    }
  })
}
