import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findUserByEmail, getUser, type UserRow } from '../store/people.js'
import { verifyPassword } from '../auth/secrets.js'
import { SESSION_COOKIE } from '../plugins/app/auth.js'
import { ApiError } from '../../protocol/index.js'

const UserView = Type.Object({
  id: Type.Integer(), email: Type.String(), name: Type.String(), role: Type.String(),
  settings: Type.Object({ rowsPerPage: Type.Integer(), timeZone: Type.Union([Type.String(), Type.Null()]), dateFormat: Type.String(), language: Type.String() })
})
const SessionView = Type.Object({ csrfToken: Type.String(), user: UserView })

function userView (u: UserRow) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, settings: u.settings }
}

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal which e-mails exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/session', {
    config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['session'],
      summary: 'Log in',
      body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      response: { 200: SessionView, 401: ApiError }
    }
  }, async (request, reply) => {
    const user = findUserByEmail(app.vigil.db, request.body.email)
    const ok = await verifyPassword(request.body.password, user?.passwordHash ?? DUMMY_HASH)
    if (!user || !ok || user.disabled) {
      app.vigil.metrics.inc('vigil_logins_failed_total')
      return reply.code(401).send({ error: 'bad_login', message: 'wrong e-mail or password' })
    }
    const session = app.vigil.sessions.create(user.id)
    reply.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' })
    return { csrfToken: session.csrfToken, user: userView(user) }
  })

  app.get('/api/v1/session', {
    schema: { tags: ['session'], summary: 'The logged-in user and CSRF token', response: { 200: SessionView, 401: ApiError, 403: ApiError } }
  }, async (request, reply) => {
    const viewer = request.viewer!
    const user = viewer.userId !== undefined ? getUser(app.vigil.db, viewer.userId) : null
    if (!user) return reply.code(403).send({ error: 'not_a_user', message: 'an access token has no user session' })
    return { csrfToken: viewer.csrfToken!, user: userView(user) }
  })

  app.delete('/api/v1/session', {
    schema: { tags: ['session'], summary: 'Log out', response: { 204: Type.Null(), 401: ApiError, 403: ApiError } }
  }, async (request, reply) => {
    if (request.viewer?.sessionIdHash) app.vigil.sessions.delete(request.viewer.sessionIdHash)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send(null)
  })
}

export default routes
