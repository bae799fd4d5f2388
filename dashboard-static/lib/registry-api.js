/**
 * The registry's REST calls (docs/api/registry.md) in one place, so the pages name what they do
 * ("register a license", "remove a customer") and the paths live here only.
 * `api` is ctx.api (lib/api.js): JSON, the session cookie, x-csrf-token, thrown ApiErrors.
 */
const enc = encodeURIComponent

export function registryApi (api) {
  return {
    products: () => api.get('/api/v1/products'),

    // ---- licenses
    licenses: (query, signal) => api.get('/api/v1/licenses', { query, signal }),
    license: (id) => api.get(`/api/v1/licenses/${enc(id)}`),
    checkLicense: (slc, mac) => api.post('/api/v1/licenses/check', { slc, mac }),
    registerLicense: (body) => api.post('/api/v1/licenses', body),
    updateLicense: (id, body) => api.patch(`/api/v1/licenses/${enc(id)}`, body),
    importLicenses: (csv) => api.post('/api/v1/licenses/import', { csv }),
    activations: (id, query, signal) => api.get(`/api/v1/licenses/${enc(id)}/activations`, { query, signal }),
    upgradePreview: (id) => api.get(`/api/v1/licenses/${enc(id)}/upgrade`),
    upgradeLicense: (id, body) => api.post(`/api/v1/licenses/${enc(id)}/upgrade`, { confirm: true, ...body }),
    updateServer: (serverId, body) => api.patch(`/api/v1/servers/${enc(serverId)}`, body),
    locations: (query, signal) => api.get('/api/v1/locations', { query, signal }),

    // ---- customers
    customers: (query, signal) => api.get('/api/v1/customers', { query, signal }),
    customer: (id) => api.get(`/api/v1/customers/${enc(id)}`),
    customerServers: (id, query, signal) => api.get(`/api/v1/customers/${enc(id)}/servers`, { query, signal }),
    addCustomer: (name) => api.post('/api/v1/customers', { name }),
    renameCustomer: (id, name) => api.patch(`/api/v1/customers/${enc(id)}`, { name }),
    customerRemoval: (id) => api.get(`/api/v1/customers/${enc(id)}/removal`),
    removeCustomer: (id) => api.del(`/api/v1/customers/${enc(id)}`),

    // ---- license groups
    groups: (query, signal) => api.get('/api/v1/license-groups', { query, signal }),
    group: (id) => api.get(`/api/v1/license-groups/${enc(id)}`),
    createGroup: (body) => api.post('/api/v1/license-groups', body),
    updateGroup: (id, body) => api.patch(`/api/v1/license-groups/${enc(id)}`, body),
    deleteGroup: (id) => api.del(`/api/v1/license-groups/${enc(id)}`),

    // ---- test licenses
    testLicensePool: () => api.get('/api/v1/test-licenses/summary'),
    testLicenseProducts: () => api.get('/api/v1/test-licenses/products'),
    testLicenses: (query, signal) => api.get('/api/v1/test-licenses', { query, signal }),
    testLicense: (id) => api.get(`/api/v1/test-licenses/${enc(id)}`),
    createTestLicense: (body) => api.post('/api/v1/test-licenses', body),
    updateTestLicense: (id, body) => api.patch(`/api/v1/test-licenses/${enc(id)}`, body),
    deactivateTestLicense: (id) => api.post(`/api/v1/test-licenses/${enc(id)}/deactivate`, {})
  }
}

/**
 * Every item of a list, page after page (100 at a time): the choosers need the whole list (the customers
 * of a dialog, the license groups of a filter). Stops at `max` items.
 */
export async function allItems (fetchPage, query = {}, max = 2000) {
  const out = []
  for (let page = 1; out.length < max; page++) {
    const body = await fetchPage({ ...query, page, pageSize: 100 })
    const items = Array.isArray(body?.items) ? body.items : []
    out.push(...items)
    if (items.length < 100 || out.length >= (Number(body?.total) || 0)) break
  }
  return out
}

/** The API's query of a remote grid: q, sort, page, pageSize and the chosen filters. */
export function gridQuery (q, extra = {}) {
  return { q: q.q || undefined, sort: q.sort, page: q.page, pageSize: q.pageSize, ...q.filters, ...extra }
}
