import { ConfigError, resolveConfig } from '../config.js'
import { startCollector } from '../server.js'
import { parseCommand, usageError, wholeNumber } from '../../agent/cli/args.js'
import { createLogger } from '../../agent/cli/logger.js'
import { untilStopSignal } from '../../agent/cli/signals.js'

const spec = {
  command: 'vigil collector',
  usage: 'vigil collector [--config FILE] [--data-dir DIR] [--host ADDR] [--http-port N] [--mqtt-port N]',
  help: [
    'Runs the collector: embedded MQTT broker, state in SQLite, REST API, live feed and dashboard.',
    '',
    '  --config FILE     JSON configuration (keys: dataDir, host, httpPort, mqttPort, publicMqttUrl, synchronous, …)',
    '  --data-dir DIR    where the database lives (default ./.vigil-data)',
    '  --host ADDR       address to listen on (default 127.0.0.1)',
    '  --http-port N     HTTP port (default 8080; 0 picks a free one)',
    '  --mqtt-port N     MQTT port (default 1883; 0 picks a free one)',
    '  --help            this text',
    '',
    'Prints the ports in use as one JSON line on stdout: {"http":…,"mqtt":…}',
    'First start: the first License Admin comes from VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD, or gets a',
    'generated password that is printed once.'
  ].join('\n'),
  options: {
    config: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' },
    'http-port': { type: 'string' }, 'mqtt-port': { type: 'string' }
  }
} as const

export async function collectorCommand (argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, spec)
  if (!parsed.ok) return parsed.exitCode
  const v = parsed.values
  const httpPort = port(v['http-port'])
  const mqttPort = port(v['mqtt-port'])
  if (httpPort === null) return usageError(spec.command, '--http-port must be a port number from 0 to 65535')
  if (mqttPort === null) return usageError(spec.command, '--mqtt-port must be a port number from 0 to 65535')
  let config
  try {
    config = resolveConfig({ file: v.config, overrides: { dataDir: v['data-dir'], host: v.host, httpPort, mqttPort } })
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${spec.command}: ${err.message}\n`)
    return 1
  }
  const log = createLogger('vigil-collector')
  const collector = await startCollector(config, { logger: log })
  process.stdout.write(JSON.stringify(collector.ports) + '\n')
  if (collector.generatedAdmin) {
    process.stdout.write(`First License Admin: ${collector.generatedAdmin.email} / ${collector.generatedAdmin.password} (shown once: change it after logging in)\n`)
  }
  log.info({ dashboard: collector.httpUrl, mqtt: collector.mqttUrl, dataDir: config.dataDir }, 'collector running')
  log.info({ signal: await untilStopSignal() }, 'collector stopping')
  await collector.close()
  return 0
}

/** undefined when not given; null when given but not a port. */
export function port (text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined
  return wholeNumber(text, 0, 65535) ?? null
}
