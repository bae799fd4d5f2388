import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigil collector API', version: '1', description: 'REST API of PROTOCOL.md §3-§4. Lists answer {items, total}.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'Read-only NOC access token' }
        }
      },
      security: [{ session: [] }, { bearer: [] }]
    }
  })
  // staticCSP: swagger-ui's pages carry their own policy, with hashes for the inline code they need.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
}, { name: 'swagger' })
