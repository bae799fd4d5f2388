import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

export default fp(async (app) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // swagger-ui's page sets a few inline styles; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null
      }
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false
  })
}, { name: 'helmet' })
