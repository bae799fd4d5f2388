import fp from 'fastify-plugin'
import { every } from '../../status/every.js'

/** The collector's clocks: the heartbeat watchdog, the status clock (filters, thresholds, Care), the live feed's ping. */
export default fp(async (app) => {
  const { vigil } = app
  let stopPing: (() => void) | null = null
  app.addHook('onReady', async () => {
    vigil.watchdog.start()
    vigil.statusClock.start()
    stopPing = every(vigil.config.livePingMs, () => vigil.hub.ping())
  })
  app.addHook('preClose', async () => {
    vigil.watchdog.stop()
    vigil.statusClock.stop()
    stopPing?.()
  })
}, { name: 'timers', dependencies: ['services'] })
