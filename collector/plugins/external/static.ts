import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { dashboardDir } from '../../paths.js'

export default fp(async (app) => {
  await app.register(fastifyStatic, { root: dashboardDir, prefix: '/', index: 'index.html', cacheControl: false })
}, { name: 'static' })
