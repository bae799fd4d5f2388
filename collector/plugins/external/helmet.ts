import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

export default fp(async (app) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No inline script or style anywhere in the dashboard; /docs sends its own policy (swagger.ts).
        styleSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
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
