import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { getUser } from '../../store/people.js'
import { findNocToken } from '../../store/tokens.js'
import type { Viewer } from '../../auth/viewer.js'

export const SESSION_COOKIE = 'vigil_session'

/** Who may call a route: anyone, any logged-in viewer (default under /api), or a License Admin. */
export type Access = 'public' | 'viewer' | 'admin'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    viewer: Viewer | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Authentication and authorisation are this one hook, not checks in handlers. It resolves the viewer
 * from the session cookie or a bearer token, then applies the route's access level, read-only tokens
 * and CSRF protection for cookie-authenticated changes.
 */
export default fp(async (app) => {
  app.decorateRequest('viewer', null)
  app.addHook('onRequest', async (request, reply) => {
    const access: Access = request.routeOptions.config?.access ?? (request.url.startsWith('/api/') ? 'viewer' : 'public')
    request.viewer = resolveViewer(request)
    if (access === 'public') return
    const viewer = request.viewer
    if (!viewer) return deny(reply, 401, 'unauthorized', 'log in, or present a valid access token (Authorization: Bearer …)')
    if (!SAFE_METHODS.has(request.method)) {
      if (viewer.readOnly) return deny(reply, 403, 'read_only', 'this access token is read-only')
      if (viewer.kind === 'user' && request.headers['x-csrf-token'] !== viewer.csrfToken) {
        return deny(reply, 403, 'csrf', 'header x-csrf-token is missing or wrong: use the csrfToken from POST /api/v1/session')
      }
    }
    if (access === 'admin' && viewer.role !== 'license_admin') return deny(reply, 403, 'forbidden', 'only a License Admin may do this')
  })

  function resolveViewer (request: FastifyRequest): Viewer | null {
    const bearer = bearerToken(request)
    if (bearer) {
      const token = findNocToken(app.vigil.db, bearer)
      return token ? { kind: 'noc', accountId: token.accountId, customerId: token.customerId, readOnly: true } : null
    }
    const sessionId = request.cookies[SESSION_COOKIE]
    if (!sessionId) return null
    const session = app.vigil.sessions.find(sessionId)
    const user = session ? getUser(app.vigil.db, session.userId) : null
    if (!session || !user || user.disabled) return null
    return {
      kind: 'user',
      accountId: user.accountId,
      customerId: null,
      readOnly: false,
      userId: user.id,
      role: user.role,
      email: user.email,
      csrfToken: session.csrfToken,
      sessionIdHash: session.idHash
    }
  }
}, { name: 'auth', dependencies: ['services', 'cookie'] })

/** `Authorization: Bearer …`, or `?token=` on GET where a client (a browser WebSocket) cannot set headers. */
function bearerToken (request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice(7).trim()
  if (request.method === 'GET') {
    const token = (request.query as Record<string, unknown> | undefined)?.token
    if (typeof token === 'string' && token.length > 0) return token
  }
  return null
}

async function deny (reply: FastifyReply, code: number, error: string, message: string): Promise<void> {
  await reply.code(code).send({ error, message })
}
