import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'

/** Off by default; routes that face guessing (login, enrollment) turn it on in their own config. */
export default fp(async (app) => {
  await app.register(rateLimit, { global: false })
}, { name: 'rate-limit' })
