import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Product } from '../../protocol/index.js'
import { ErrorResponses, Page } from './schemas.js'
import { catalogView } from '../registry/catalog.js'
import { clockAt } from '../registry/context.js'

/** The product catalog (collector/registry/products.ts): products and their released versions. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/products', {
    schema: { tags: ['products'], summary: 'Products and versions (releases by year, with release dates), newest version first', response: { 200: Page(Product), ...ErrorResponses } }
  }, async () => {
    const items = catalogView(clockAt().today)
    return { items, total: items.length }
  })
}

export default routes
