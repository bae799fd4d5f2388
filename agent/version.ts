import { readFileSync } from 'node:fs'

/** The agent's version: the package's, read from package.json (compiled, this file is dist/agent/version.js). */
export function agentVersion (): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}
