import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Tests run compiled from dist/test/…; fixtures and the CLI are found from the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const fixturesDir = resolve(repoRoot, 'test/fixtures')
export const vigilBin = resolve(repoRoot, 'dist/collector/cli/vigil.js')
