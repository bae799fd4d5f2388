import { readFileSync } from 'node:fs'

let version: string | undefined

/** The agent's version: the package's, from package.json (compiled, this file is dist/agent/version.js). */
export function agentVersion (): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  return version
}
