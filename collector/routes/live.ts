import type { FastifyPluginAsync } from 'fastify'
import { SubscribeMessage, validator } from '../../protocol/index.js'
import type { LiveClient } from '../live/hub.js'

const checkSubscribe = validator(SubscribeMessage)

/** The live feed of PROTOCOL.md §2. Authentication happened in the auth hook, before the upgrade. */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/live', { websocket: true, schema: { tags: ['live'], summary: 'WebSocket live feed (servers, errors, monitor)' } }, (socket, request) => {
    const { hub } = app.vigil
    const client: LiveClient = {
      viewer: request.viewer!,
      topics: new Set(),
      connection: {
        send: (text) => socket.send(text),
        bufferedAmount: () => socket.bufferedAmount,
        drop: (code, reason) => {
          trySend(JSON.stringify({ type: 'error', error: 'dropped', message: reason }))
          socket.close(code, reason)
          // A client that does not read will not complete the closing handshake either.
          setTimeout(() => socket.terminate(), 1000).unref()
        }
      }
    }
    hub.add(client)
    let alive = true
    socket.on('pong', () => { alive = true })
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate()
      alive = false
      socket.ping()
    }, app.vigil.config.livePingMs)
    heartbeat.unref()

    socket.on('message', (data) => {
      let message: unknown
      try {
        message = JSON.parse(data.toString())
      } catch {
        return refuse('a live-feed message must be JSON')
      }
      if (!checkSubscribe.check(message)) return refuse(`bad subscribe: ${checkSubscribe.problems(message).join('; ')}`)
      hub.subscribe(client, message.topics, message.since)
    })
    socket.on('close', () => {
      clearInterval(heartbeat)
      hub.remove(client)
    })

    function trySend (text: string): void {
      try { socket.send(text) } catch { /* the socket is already gone */ }
    }
    function refuse (message: string): void {
      app.vigil.metrics.inc('vigil_live_dropped_total', { reason: 'bad_message' })
      trySend(JSON.stringify({ type: 'error', error: 'bad_message', message }))
      socket.close(1008, 'bad message')
    }
  })
}

export default routes
