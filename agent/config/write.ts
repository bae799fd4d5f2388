import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AgentFileConfig } from './schema.js'

/**
 * Writes the config file readable by its owner only (it holds the secret), atomically, so that an
 * interrupted write leaves the old file. On Windows the mode is moot: %ProgramData% ACLs protect it.
 */
export function writeAgentConfig (path: string, config: AgentFileConfig): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp`
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  // The mode of writeFileSync is filtered by the umask and ignored for an existing file.
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}
