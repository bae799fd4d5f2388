import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { request } from 'undici'
import { resolveConfig, type CollectorConfig } from '../../collector/config.js'
import { startCollector, type RunningCollector } from '../../collector/server.js'
import { createToken } from '../../collector/store/tokens.js'

export interface TestCollector {
  httpUrl: string
  mqttUrl: string
  dataDir: string
  admin: { email: string, password: string }
  running: RunningCollector
  /** Enrolls over HTTP like a real agent, with a fresh token. */
  enrollAgent (hostname: string, opts?: { slc?: string, customer?: string }): Promise<{ agentId: string, secret: string, mqttUrl: string }>
  /** Creates an enrollment or NOC token directly in the store. */
  token (kind: 'enroll' | 'noc', opts?: { customer?: string, slc?: string, uses?: number }): string
  /** Logs in; returns the cookie header and CSRF token. */
  login (): Promise<{ cookie: string, csrfToken: string }>
  close (): Promise<void>
}

export const TEST_ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' }

/** A collector on ephemeral loopback ports in a temp folder, removed on close. */
export async function startTestCollector (opts: { config?: Partial<CollectorConfig>, dataDir?: string, keepData?: boolean } = {}): Promise<TestCollector> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-test-'))
  const config = resolveConfig({
    env: {},
    overrides: { dataDir, host: '127.0.0.1', httpPort: 0, mqttPort: 0, adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ...opts.config }
  })
  const running = await startCollector(config, { logger: pino({ level: process.env.VIGIL_TEST_LOG ?? 'silent' }) })
  const svc = running.services

  const token: TestCollector['token'] = (kind, o = {}) => {
    const customerId = o.customer ? svc.registry.customerId(svc.defaultAccountId, o.customer) : null
    return createToken(svc.db, { accountId: svc.defaultAccountId, kind, customerId, slc: o.slc ?? null, uses: o.uses }).token
  }

  return {
    httpUrl: running.httpUrl,
    mqttUrl: running.mqttUrl,
    dataDir,
    admin: TEST_ADMIN,
    running,
    token,
    async enrollAgent (hostname, o = {}) {
      const res = await request(`${running.httpUrl}/api/v1/agents/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token('enroll', o), hostname })
      })
      const body = await res.body.json() as { agentId: string, secret: string, mqttUrl: string }
      if (res.statusCode !== 200) throw new Error(`enroll failed: ${res.statusCode} ${JSON.stringify(body)}`)
      return body
    },
    async login () {
      const res = await request(`${running.httpUrl}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN)
      })
      const body = await res.body.json() as { csrfToken: string }
      const setCookie = res.headers['set-cookie']
      const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!
      return { cookie, csrfToken: body.csrfToken }
    },
    async close () {
      await running.close()
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
