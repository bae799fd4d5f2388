import type { FastifyInstance } from 'fastify'
import { RegistryError } from './context.js'

/**
 * Answers the registry's 404/409 with their own `error` code (already_registered, customer_exists, …).
 * Scoped to the plugin it is installed in; anything else goes on to the app's error handler.
 */
export function answerRegistryErrors (app: FastifyInstance): void {
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof RegistryError) return reply.code(err.statusCode).send({ error: err.error, message: err.message })
    throw err
  })
}
