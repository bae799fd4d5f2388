import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import { resolveConfig } from '../config.js'
import { startCollector, type RunningCollector } from '../server.js'
import { randomToken } from '../auth/secrets.js'
import { createToken } from '../store/tokens.js'
import type { Services } from '../services.js'
import { fleetPlan, type FleetPlanEntry } from '../../agent/sim/fleet-plan.js'
import { startFleet, type AgentCredentials } from '../../agent/sim/fleet.js'
import { parseCommand, usageError, wholeNumber } from '../../agent/cli/args.js'
import { createLogger } from '../../agent/cli/logger.js'
import { untilStopSignal } from '../../agent/cli/signals.js'
import { port } from './collector-command.js'

const spec = {
  command: 'vigil demo',
  usage: 'vigil demo [--data-dir DIR] [--agents N] [--http-port N] [--mqtt-port N] [--no-agent]     (what `npm start` runs)',
  help: [
    'Starts the collector with its embedded broker and SQLite, enrolls and runs an agent for this machine,',
    'and a simulated fleet of XProtect servers across several customers with changing errors.',
    '',
    '  --data-dir DIR    where everything is kept (default ./.vigil-data); delete it to start over',
    '  --agents N        simulated servers (default 50)',
    '  --http-port N     dashboard port (default 8080; a free one if taken)',
    '  --mqtt-port N     broker port (default 1883; a free one if taken)',
    '  --no-agent        without the agent for this machine',
    '  --help            this text'
  ].join('\n'),
  options: {
    'data-dir': { type: 'string' }, agents: { type: 'string' }, 'http-port': { type: 'string' },
    'mqtt-port': { type: 'string' }, 'no-agent': { type: 'boolean' }
  }
} as const

const vigilBin = fileURLToPath(new URL('./vigil.js', import.meta.url))

export async function demoCommand (argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, spec)
  if (!parsed.ok) return parsed.exitCode
  const flags = parsed.values
  const agents = flags.agents === undefined ? 50 : wholeNumber(flags.agents, 0, 5000)
  if (agents === undefined) return usageError(spec.command, '--agents must be a whole number from 0 to 5000')
  const httpPort = port(flags['http-port'])
  const mqttPort = port(flags['mqtt-port'])
  if (httpPort === null || mqttPort === null) return usageError(spec.command, '--http-port and --mqtt-port must be port numbers from 0 to 65535')
  const dataDir = flags['data-dir'] ?? './.vigil-data'
  const login = demoLogin(dataDir)
  const log = createLogger('vigil-demo')
  const config = resolveConfig({
    overrides: {
      dataDir,
      httpPort,
      mqttPort,
      adminEmail: login.email,
      adminPassword: login.password
    }
  })
  const collector = await startOnFreePorts(config, log)
  const { services } = collector

  const plan = fleetPlan(agents)
  registerFleetLicenses(services, plan)
  const fleet = await startFleet({
    plan,
    credentials: fleetCredentials(services, plan, join(config.dataDir, 'demo-fleet.json')),
    brokerUrl: collector.mqttUrl,
    heartbeatIntervalS: 10,
    churn: 90,
    log: log.child({ part: 'sim' })
  })
  const localAgent = flags['no-agent'] ? null : await startLocalAgent(collector, join(config.dataDir, 'agent.json'), log)

  process.stdout.write([
    '',
    `  Vigil is running.`,
    `  Dashboard:  ${collector.httpUrl}/`,
    `  Log in as:  ${login.email} / ${login.password}`,
    `  API docs:   ${collector.httpUrl}/docs`,
    `  MQTT:       ${collector.mqttUrl}   (${agents} simulated servers${localAgent ? ' + this machine' : ''})`,
    `  Data:       ${config.dataDir}`,
    '  Stop with Ctrl+C.',
    ''
  ].join('\n') + '\n')

  log.info({ signal: await untilStopSignal() }, 'stopping the demo')
  localAgent?.kill('SIGTERM')
  await fleet.stop()
  await collector.close()
  return 0
}

/** The demo's admin login, kept beside its data so every `npm start` can print it. */
function demoLogin (dataDir: string): { email: string, password: string } {
  const file = join(dataDir, 'demo-login.json')
  mkdirSync(dataDir, { recursive: true })
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { email: string, password: string }
  const login = { email: process.env.VIGIL_ADMIN_EMAIL ?? 'admin@vigil.local', password: process.env.VIGIL_ADMIN_PASSWORD ?? randomToken(9) }
  writeFileJson(file, login)
  return login
}

async function startOnFreePorts (config: ReturnType<typeof resolveConfig>, log: Logger): Promise<RunningCollector> {
  try {
    return await startCollector(config, { logger: log })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
    log.warn({ httpPort: config.httpPort, mqttPort: config.mqttPort }, 'a default port is taken; using free ports instead')
    return startCollector({ ...config, httpPort: 0, mqttPort: 0 }, { logger: log })
  }
}

/** The simulated servers' licenses, so they land under their customers with their Care dates. */
function registerFleetLicenses (services: Services, plan: FleetPlanEntry[]): void {
  services.db.transaction(() => {
    for (const entry of plan) {
      services.registry.registerLicense({
        accountId: services.defaultAccountId, slc: entry.slc, customer: entry.customer, product: entry.product,
        productVersion: entry.productVersion, carePlusExpiresAt: entry.carePlusExpiresAt
      })
    }
  })()
}

/** One agent identity per simulated server, kept across restarts so servers keep their history. */
function fleetCredentials (services: Services, plan: FleetPlanEntry[], file: string): AgentCredentials[] {
  const saved: AgentCredentials[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as AgentCredentials[] : []
  const usable = saved.filter((c) => services.agents.get(c.agentId) !== null)
  for (let i = usable.length; i < plan.length; i++) {
    usable.push(services.agents.create({ accountId: services.defaultAccountId, hostname: plan[i]!.serverName }))
  }
  writeFileJson(file, usable)
  return usable
}

/** This machine's agent, enrolled once with a one-time token and run as its own process, as in production. */
async function startLocalAgent (collector: RunningCollector, configFile: string, log: Logger): Promise<ChildProcess> {
  const { services } = collector
  if (!existsSync(configFile)) {
    const customerId = services.registry.customerId(services.defaultAccountId, 'Your own servers')
    const { token } = createToken(services.db, { accountId: services.defaultAccountId, kind: 'enroll', customerId, label: `demo agent on ${hostname()}` })
    const enroll = spawn(process.execPath, [vigilBin, 'agent', 'enroll', '--collector', collector.httpUrl, '--token', token, '--config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] })
    const code = await new Promise<number | null>((resolve) => enroll.once('exit', resolve))
    if (code !== 0) throw new Error(`enrolling the local agent failed (exit ${code})`)
  }
  const agent = spawn(process.execPath, [vigilBin, 'agent', 'run', '--config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] })
  agent.once('exit', (code, signal) => { if (signal !== 'SIGTERM') log.warn({ code, signal }, 'the local agent stopped') })
  return agent
}

function writeFileJson (file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
}
