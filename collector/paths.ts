import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Compiled to dist/collector/paths.js; the repository root is two levels up. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const dashboardDir = resolve(repoRoot, 'dashboard-static')
