import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { describeProblems } from '../../../agent/config/problems.js'
import { AgentFileConfig } from '../../../agent/config/schema.js'
import { repoRoot } from '../../helpers/paths.js'

t.test('the sample config in agent/README.md is valid against the schema and shows every option', async (t) => {
  const readme = readFileSync(join(repoRoot, 'agent', 'README.md'), 'utf8')
  const block = /<!-- sample config[^>]*-->\s*```json\n([\s\S]*?)```/.exec(readme)
  t.ok(block, 'the sample is there')
  const sample = JSON.parse(block![1]!) as Record<string, unknown>
  t.same(describeProblems(AgentFileConfig, sample), [])
  t.same(Object.keys(sample).sort(), Object.keys(AgentFileConfig.properties).sort(), 'no option left out')
})
