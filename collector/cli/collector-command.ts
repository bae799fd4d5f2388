import { resolveConfig } from '../config.js'
import { startCollector } from '../server.js'
import { cliLogger } from './logger.js'
import { integerFlag, parseCommand } from './args.js'

const USAGE = `
Usage: vigil collector [options]

Runs the collector: embedded MQTT broker, state in SQLite, REST API, live feed and dashboard.

Options:
  --config FILE      JSON configuration file (keys: dataDir, host, httpPort, mqttPort, publicMqttUrl, …)
  --data-dir DIR     where the database lives (default ./.vigil-data)
  --host ADDR        address to listen on (default 127.0.0.1)
  --http-port N      HTTP port (default 8080; 0 picks a free one)
  --mqtt-port N      MQTT port (default 1883; 0 picks a free one)
  -h, --help         this help

Prints the ports in use as one JSON line on stdout: {"http":…,"mqtt":…}
First start: the first License Admin comes from VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD, or gets a
generated password that is printed once.
`

export async function collectorCommand (argv: string[]): Promise<number> {
  const flags = parseCommand(argv, {
    config: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' },
    'http-port': { type: 'string' }, 'mqtt-port': { type: 'string' }
  }, USAGE)
  if (!flags) return 0
  const config = resolveConfig({
    file: flags.config,
    overrides: {
      dataDir: flags['data-dir'],
      host: flags.host,
      httpPort: integerFlag('http-port', flags['http-port'], 0, 65535),
      mqttPort: integerFlag('mqtt-port', flags['mqtt-port'], 0, 65535)
    }
  })
  const logger = cliLogger(config.logLevel)
  const collector = await startCollector(config, { logger })
  process.stdout.write(JSON.stringify(collector.ports) + '\n')
  if (collector.generatedAdmin) {
    process.stdout.write(`First License Admin: ${collector.generatedAdmin.email} / ${collector.generatedAdmin.password} (shown once: change it after logging in)\n`)
  }
  logger.info({ dashboard: collector.httpUrl, mqtt: collector.mqttUrl, dataDir: config.dataDir }, 'collector running')
  await untilSignal()
  logger.info('stopping')
  await collector.close()
  return 0
}

export function untilSignal (): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}
