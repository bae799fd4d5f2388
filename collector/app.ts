import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import type { Services } from './services.js'
import { ApiFailure } from './routes/input-error.js'
import cookie from './plugins/external/cookie.js'
import websocket from './plugins/external/websocket.js'
import helmet from './plugins/external/helmet.js'
import rateLimit from './plugins/external/rate-limit.js'
import swagger from './plugins/external/swagger.js'
import staticFiles from './plugins/external/static.js'
import services from './plugins/app/services.js'
import auth from './plugins/app/auth.js'
import broker from './plugins/app/broker.js'
import timers from './plugins/app/timers.js'
import sessionRoutes from './routes/session.js'
import serverRoutes from './routes/servers.js'
import errorRoutes from './routes/errors.js'
import errorFilterRoutes from './routes/error-filters.js'
import agentRoutes from './routes/agents.js'
import tokenRoutes from './routes/tokens.js'
import healthRoutes from './routes/health.js'
import liveRoutes from './routes/live.js'
import licenseRoutes from './routes/licenses.js'
import customerRoutes from './routes/customers.js'
import licenseGroupRoutes from './routes/license-groups.js'
import testLicenseRoutes from './routes/test-licenses.js'
import productRoutes from './routes/products.js'
import locationRoutes from './routes/locations.js'

export interface AppOptions {
  /** Tests that drive ingest directly can leave the broker out. */
  broker?: boolean
}

/** The collector as a Fastify plugin tree: third-party wrappers, then shared services, then routes. */
export async function buildApp (svc: Services, logger: Logger, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger, bodyLimit: 1024 * 1024, trustProxy: false,
    // One line per request drowns what matters at 1,000 agents; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true })
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setErrorHandler((err: Error & { statusCode?: number, validation?: unknown }, request, reply) => {
    if (err instanceof ApiFailure) return reply.code(err.statusCode).send({ error: err.error, message: err.message })
    if (err.validation) return reply.code(400).send({ error: 'validation', message: err.message })
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: 'bad_request', message: err.message })
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'internal', message: 'the collector could not complete this request; see its log' })
  })

  await app.register(cookie)
  await app.register(helmet)
  await app.register(rateLimit)
  await app.register(websocket)
  await app.register(swagger)
  await app.register(services, { services: svc })
  await app.register(auth)
  if (options.broker !== false) await app.register(broker)
  await app.register(timers)
  await app.register(staticFiles)
  await app.register(sessionRoutes)
  await app.register(serverRoutes)
  await app.register(errorRoutes)
  await app.register(errorFilterRoutes)
  await app.register(agentRoutes)
  await app.register(tokenRoutes)
  await app.register(healthRoutes)
  await app.register(liveRoutes)
  await app.register(licenseRoutes)
  await app.register(customerRoutes)
  await app.register(licenseGroupRoutes)
  await app.register(testLicenseRoutes)
  await app.register(productRoutes)
  await app.register(locationRoutes)
  return app
}
