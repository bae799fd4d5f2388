import { readFileSync } from 'node:fs'
import { hostname as osHostname } from 'node:os'
import { basename, dirname, extname, resolve } from 'node:path'
import Value from 'typebox/value'
import { describeProblems } from './problems.js'
import { AgentFileConfig, type AgentSettings } from './schema.js'

/** A config file that cannot be used; the message names the file, and the key and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads and checks the agent config file, and applies the defaults. */
export function loadAgentConfig (path: string, hostname: string = osHostname()): AgentSettings {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(`${path}: not found. Enroll this machine first: vigil agent enroll --collector URL --token TOKEN --config ${path}`)
    }
    throw new ConfigError(`${path}: cannot be read: ${(err as Error).message}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON: ${(err as Error).message}`)
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${path}: must be a JSON object`)
  const file = Value.Default(AgentFileConfig, raw)
  const problems = describeProblems(AgentFileConfig, file)
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => `${path}: ${problem}`).join('\n'))
  return settingsOf(file as AgentFileConfig, path, hostname)
}

/**
 * Paths are taken relative to the config file, not the working directory, which for a Windows
 * service is System32. The spool defaults to a folder beside the file: vigil-agent.json → vigil-agent-data.
 */
function settingsOf (file: AgentFileConfig, path: string, hostname: string): AgentSettings {
  const configPath = resolve(path)
  const configDir = dirname(configPath)
  const { server, dataDir, ...rest } = file
  return {
    ...rest,
    configPath,
    dataDir: resolve(configDir, dataDir ?? `${basename(configPath, extname(configPath))}-data`),
    server: { ...server, name: server.name ?? hostname, role: server.role ?? 'other' }
  }
}
