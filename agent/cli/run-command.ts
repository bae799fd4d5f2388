import { ConfigError, loadAgentConfig } from '../config/load.js'
import { defaultConfigPath } from '../config/paths.js'
import type { AgentSettings } from '../config/schema.js'
import { liveSystem } from '../probes/system.js'
import { Agent } from '../runner/agent.js'
import { describeHost } from '../runner/host.js'
import { Spool } from '../spool/spool.js'
import { parseCommand } from './args.js'
import { createLogger } from './logger.js'
import { untilStopSignal } from './signals.js'

const spec = {
  command: 'vigil agent run',
  usage: 'vigil agent run [--config FILE]',
  help: [
    'Runs the agent in the foreground (what the Windows service and the systemd unit start): reads',
    'the machine every heartbeat interval and publishes heartbeats and errors to the collector.',
    'Logs JSON to stderr. Stops cleanly on SIGINT or SIGTERM.',
    '',
    `  --config FILE   the agent config file (default: ${defaultConfigPath()})`,
    '  --help          this text'
  ].join('\n'),
  options: { config: { type: 'string' } }
} as const

export async function runCommand (argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, spec)
  if (!parsed.ok) return parsed.exitCode
  let settings: AgentSettings
  try {
    settings = loadAgentConfig(parsed.values.config ?? defaultConfigPath())
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    return 1
  }
  // Listening before the (slow) start, so that a stop during it is still a clean one.
  const stopSignal = untilStopSignal()
  const log = createLogger('vigil-agent')
  const spool = Spool.open(settings.dataDir, { log })
  const agent = new Agent({ settings, sys: liveSystem(), host: await describeHost(), spool, log })
  log.info({ agentId: settings.agentId, config: settings.configPath, dataDir: settings.dataDir, mqttUrl: settings.mqttUrl }, 'agent starting')
  await agent.start()
  log.info({ signal: await stopSignal }, 'agent stopping')
  await agent.stop()
  spool.close()
  return 0
}
