import pino, { type Logger } from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from './app.js'
import { createServices, type Services } from './services.js'
import type { CollectorConfig } from './config.js'
import { countUsers, createUser } from './store/people.js'
import { randomToken } from './auth/secrets.js'

export interface RunningCollector {
  app: FastifyInstance
  services: Services
  httpUrl: string
  mqttUrl: string
  ports: { http: number, mqtt: number }
  /** Set when this start created the first License Admin with a generated password. */
  generatedAdmin: { email: string, password: string } | null
  close (): Promise<void>
}

/** Starts the collector: database, first License Admin, HTTP, broker and timers. */
export async function startCollector (config: CollectorConfig, options: AppOptions & { logger?: Logger } = {}): Promise<RunningCollector> {
  const logger = options.logger ?? pino({ level: config.logLevel })
  const services = createServices(config, logger)
  let app: FastifyInstance | null = null
  try {
    const generatedAdmin = await ensureFirstAdmin(services, config)
    app = await buildApp(services, logger, options)
    await app.listen({ host: config.host, port: config.httpPort })
    const address = app.server.address()
    const httpPort = typeof address === 'object' && address ? address.port : config.httpPort
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    const running = app
    return {
      app,
      services,
      httpUrl: `http://${host}:${httpPort}`,
      mqttUrl: services.broker?.url ?? '',
      ports: { http: httpPort, mqtt: services.broker?.port ?? 0 },
      generatedAdmin,
      close: async () => { await running.close() }
    }
  } catch (err) {
    if (app) await app.close()
    else services.close()
    throw err
  }
}

/**
 * An empty data directory gets its first License Admin from VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD,
 * or with a generated password that is returned (to be printed) once and never stored in clear.
 */
async function ensureFirstAdmin (services: Services, config: CollectorConfig): Promise<{ email: string, password: string } | null> {
  if (countUsers(services.db) > 0) return null
  const email = config.adminEmail ?? 'admin@vigil.local'
  const password = config.adminPassword ?? randomToken(12)
  await createUser(services.db, { accountId: services.defaultAccountId, email, name: 'License Admin', role: 'license_admin', password })
  services.log.info({ email }, 'created the first License Admin')
  return config.adminPassword ? null : { email, password }
}
