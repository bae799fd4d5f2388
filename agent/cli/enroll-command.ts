import { existsSync, readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { ConfigError } from '../config/load.js'
import { defaultConfigPath } from '../config/paths.js'
import { describeProblems } from '../config/problems.js'
import { AgentFileConfig, DEFAULT_HEARTBEAT_INTERVAL_S } from '../config/schema.js'
import { writeAgentConfig } from '../config/write.js'
import { EnrollmentError, requestEnrollment } from '../enrollment/enroll.js'
import { parseCommand, usageError } from './args.js'

const spec = {
  command: 'vigil agent enroll',
  usage: 'vigil agent enroll --collector URL --token TOKEN [--config FILE] [--name NAME] [--slc SLC] [--location TEXT]',
  help: [
    'Enrolls this machine with a collector: trades a one-time enrollment token for the agent\'s id and',
    'secret, and writes them to the agent config file (readable by its owner only). Settings already in',
    'the file are kept.',
    '',
    '  --collector URL   the collector, e.g. http://collector:8080',
    '  --token TOKEN     an enrollment token (vigil token create --kind enroll)',
    `  --config FILE     the agent config file (default: ${defaultConfigPath()})`,
    '  --name NAME       the server name shown on the dashboard (default: the host name)',
    '  --slc SLC         the software license code of the XProtect installation',
    '  --location TEXT   where the server stands, e.g. "Copenhagen HQ, rack 2"',
    '  --help            this text'
  ].join('\n'),
  options: {
    collector: { type: 'string' },
    token: { type: 'string' },
    config: { type: 'string' },
    name: { type: 'string' },
    slc: { type: 'string' },
    location: { type: 'string' }
  }
} as const

export async function enrollCommand (argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, spec)
  if (!parsed.ok) return parsed.exitCode
  const { collector, token, name, slc, location } = parsed.values
  if (collector === undefined) return usageError(spec.command, 'missing --collector URL')
  if (token === undefined || token === '') return usageError(spec.command, 'missing --token TOKEN')
  if (!/^https?:\/\/[^/]/.test(collector) || !URL.canParse(collector)) {
    return usageError(spec.command, `--collector must be an http:// or https:// URL (got "${collector}")`)
  }
  const configPath = parsed.values.config ?? defaultConfigPath()
  try {
    const existing = readExisting(configPath)
    const identity = await requestEnrollment(collector, token, name ?? hostname())
    const server = { ...(existing.server as object | undefined), ...(name ? { name } : {}) }
    const config = {
      heartbeatIntervalS: DEFAULT_HEARTBEAT_INTERVAL_S,
      services: [],
      recordingDisks: [],
      thresholds: {},
      ...existing,
      collectorUrl: collector,
      agentId: identity.agentId,
      secret: identity.secret,
      mqttUrl: identity.mqttUrl,
      server,
      ...(slc ? { slc } : {}),
      ...(location ? { location } : {})
    }
    const problems = describeProblems(AgentFileConfig, config)
    if (problems.length > 0) throw new ConfigError(`${configPath}: ${problems[0]}`)
    writeAgentConfig(configPath, config as AgentFileConfig)
    process.stdout.write(`enrolled as ${identity.agentId}; config written to ${configPath}\n` +
      `start the agent with: vigil agent run --config ${configPath}\n`)
    return 0
  } catch (err) {
    if (!(err instanceof EnrollmentError) && !(err instanceof ConfigError)) throw err
    process.stderr.write(`${spec.command}: ${err.message}\n`)
    return 1
  }
}

/** The settings of a config file that is already there (re-enrollment keeps them). */
function readExisting (path: string): Record<string, unknown> {
  if (!existsSync(path)) return {}
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON, not overwritten: ${(err as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${path}: must be a JSON object`)
  return value as Record<string, unknown>
}
