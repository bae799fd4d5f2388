/**
 * Loads the dashboard's browser modules (plain ES modules in dashboard-static/, no build step) into the
 * Node tests. The path is computed so TypeScript does not try to type-check the JavaScript; each test
 * declares the shape it uses.
 */
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { repoRoot } from '../helpers/paths.js'

export const dashboardDir = resolve(repoRoot, 'dashboard-static')

export async function importStatic<T> (relPath: string): Promise<T> {
  return await import(pathToFileURL(resolve(dashboardDir, relPath)).href) as T
}
