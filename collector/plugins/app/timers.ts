import fp from 'fastify-plugin'

/** The collector's clocks: the heartbeat watchdog, filter expiry and thresholds, the live feed's ping. */
export default fp(async (app) => {
  const { vigil } = app
  let ping: NodeJS.Timeout | null = null
  app.addHook('onReady', async () => {
    vigil.watchdog.start()
    vigil.filterClock.start()
    ping = setInterval(() => vigil.hub.ping(), vigil.config.livePingMs)
    ping.unref()
  })
  app.addHook('preClose', async () => {
    vigil.watchdog.stop()
    vigil.filterClock.stop()
    if (ping) clearInterval(ping)
  })
}, { name: 'timers', dependencies: ['services'] })
