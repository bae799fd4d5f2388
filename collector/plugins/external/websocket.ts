import fp from 'fastify-plugin'
import websocket from '@fastify/websocket'

export default fp(async (app) => {
  // Subscribe messages are tiny; a larger frame from a client is abuse, not a subscription.
  await app.register(websocket, { options: { maxPayload: 4096 } })
}, { name: 'websocket' })
