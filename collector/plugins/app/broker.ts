import fp from 'fastify-plugin'
import { startEmbeddedBroker } from '../../broker/embedded-broker.js'

/** The embedded MQTT broker: agents' messages go straight into ingest, acknowledged once committed. */
export default fp(async (app) => {
  const { vigil } = app
  app.addHook('onReady', async () => {
    vigil.broker = await startEmbeddedBroker({
      host: vigil.config.host,
      port: vigil.config.mqttPort,
      metrics: vigil.metrics,
      log: app.log.child({ part: 'broker' }),
      connectTimeoutMs: vigil.config.mqttConnectTimeoutMs,
      // Payloads over 64 KiB are dropped and counted by ingest with the connection kept up (PROTOCOL.md);
      // only packets far beyond that are cut off at the socket, before the broker buffers them.
      maxPacketBytes: 256 * 1024,
      hooks: {
        authenticateAgent: (agentId, secret) => vigil.agents.verify(agentId, secret),
        ingest: (message, done) => vigil.ingest.handle(message, done)
      }
    })
  })
  app.addHook('preClose', async () => {
    await vigil.broker?.close()
    vigil.ingest.flush()
  })
}, { name: 'broker', dependencies: ['services'] })
