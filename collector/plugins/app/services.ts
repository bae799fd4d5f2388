import fp from 'fastify-plugin'
import type { Services } from '../../services.js'

declare module 'fastify' {
  interface FastifyInstance {
    vigil: Services
  }
}

/** Shares the services built by app.ts; closes the database last, after everything that writes to it. */
export default fp<{ services: Services }>(async (app, { services }) => {
  app.decorate('vigil', services)
  app.addHook('onClose', async () => { services.close() })
}, { name: 'services' })
