/**
 * fetch wrapper for the collector's REST API (PROTOCOL.md §4): JSON in and out, the session cookie
 * (credentials same-origin), `x-csrf-token` on every state-changing request, and `{error, message}`
 * bodies turned into thrown ApiErrors that carry the server's message for the page to show.
 */
export class ApiError extends Error {
  constructor (status, error, message) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.error = error
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

export function createApi ({ base = '', fetch: fetchImpl = (...args) => globalThis.fetch(...args) } = {}) {
  let csrfToken = null
  let unauthorizedHandler = null

  function url (path, query) {
    if (!query) return base + path
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
    const s = qs.toString()
    return s ? `${base}${path}?${s}` : base + path
  }

  /**
   * @param {string} method
   * @param {string} path    e.g. '/api/v1/servers'
   * @param {{ body?: unknown, query?: Record<string, unknown>, allow401?: boolean, signal?: AbortSignal }} [opts]
   *   allow401: a 401 is the caller's business (the login form), not "session expired".
   */
  async function request (method, path, opts = {}) {
    const headers = { accept: 'application/json' }
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store', signal: opts.signal }
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(opts.body)
    }
    if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken

    let res
    try {
      res = await fetchImpl(url(path, opts.query), init)
    } catch (err) {
      if (err?.name === 'AbortError') throw err
      throw new ApiError(0, 'network', 'Cannot reach the Vigil collector. Check the connection and try again.')
    }

    const text = res.status === 204 ? '' : await res.text()
    let body = null
    if (text) {
      try { body = JSON.parse(text) } catch { body = null }
    }
    if (res.ok) return body

    const message = (body && typeof body.message === 'string' && body.message) ||
      `The collector answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`
    const error = new ApiError(res.status, (body && typeof body.error === 'string' && body.error) || 'http', message)
    if (res.status === 401 && !opts.allow401 && unauthorizedHandler) unauthorizedHandler(error)
    throw error
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    del: (path, opts) => request('DELETE', path, opts),
    setCsrfToken (token) { csrfToken = token ?? null },
    /** Called on any 401 not marked allow401: the app sends the user to #/login. */
    onUnauthorized (fn) { unauthorizedHandler = fn }
  }
}
