import t from 'tap'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { randomUUID } from 'node:crypto'
import { launchChromium } from './chromium.js'
import { startTestCollector } from '../helpers/collector.js'

// End to end: a real collector (embedded broker), an agent speaking PROTOCOL.md §1 over MQTT, and the
// dashboard in Chromium. Log in through the form, find the server on Server status, then watch Monitor
// mode turn red within a second of the agent publishing an error and green within a second of it clearing.

const browser = await launchChromium(t)
if (browser) {
  const collector = await startTestCollector()
  t.teardown(async () => {
    await browser.close()
    await collector.close()
  })

  const SERVER = 'REC-E2E-01'
  const CUSTOMER = 'Contoso Browser Test'
  const creds = await collector.enrollAgent(SERVER, { customer: CUSTOMER })

  // The agent, by hand: persistent session, its id as client id and user name (PROTOCOL.md §1).
  const topic = (suffix: string): string => `vigil/v1/agents/${creds.agentId}/${suffix}`
  const bootId = randomUUID()
  const now = (): string => new Date().toISOString()
  const agent = await mqtt.connectAsync(creds.mqttUrl, {
    protocolVersion: 4, clientId: creds.agentId, username: creds.agentId, password: creds.secret,
    clean: false, keepalive: 30, reconnectPeriod: 0,
    will: { topic: topic('state'), payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', ts: now() })), qos: 1, retain: true }
  })
  t.teardown(() => agent.endAsync())
  let errorsSeq = 0
  const publishErrors = (errors: unknown[]): Promise<unknown> =>
    agent.publishAsync(topic('errors'), JSON.stringify({ v: 1, bootId, seq: ++errorsSeq, ts: now(), errors }), { qos: 1, retain: true })

  await agent.publishAsync(topic('birth'), JSON.stringify({
    v: 1, bootId, ts: now(), heartbeatIntervalS: 30,
    agent: { version: '0.1.0', os: 'Windows Server 2022', hostname: SERVER },
    server: { name: SERVER, role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' },
    macs: ['00:10:2A:3B:45:67']
  }), { qos: 1, retain: true })
  await agent.publishAsync(topic('state'), JSON.stringify({ v: 1, state: 'online', ts: now() }), { qos: 1, retain: true })
  await agent.publishAsync(topic('heartbeat'), JSON.stringify({
    v: 1, bootId, seq: 1, ts: now(), cpu: { pct: 23.5 }, mem: { usedBytes: 8e9, totalBytes: 16e9 },
    disks: [{ mount: 'D:\\', label: 'Recording', sizeBytes: 4e12, usedBytes: 3e12 }],
    services: [{ name: 'Milestone XProtect Recording Server', state: 'running' }]
  }), { qos: 1 })
  await publishErrors([])

  const problems: string[] = []
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => { if (msg.type() === 'error' && !/status of 401/.test(msg.text())) problems.push(`console: ${msg.text()}`) })
  const dir = t.testdir() // screenshots; TAP_SAVE_FIXTURE=1 keeps them after the run

  await t.test('log in through the form', async (t) => {
    await page.goto(`${collector.httpUrl}/`)
    await page.waitForSelector('#login-email')
    await page.fill('#login-email', collector.admin.email)
    await page.fill('#login-password', collector.admin.password)
    await page.click('.login-form button[type=submit]')
    await page.waitForURL(/#\/servers$/)
    await page.waitForSelector('#logout', { state: 'visible' })
    t.equal(await page.textContent('#user-name') !== '', true, 'the header shows the user and a Log out button')
  })

  await t.test('Server status lists the server: search, sort, rows per page', async (t) => {
    const row = page.locator('.grid-table tbody tr', { hasText: SERVER })
    await row.waitFor({ timeout: 5000 })
    await page.fill('input[type=search]', SERVER)
    await page.waitForFunction(() => document.querySelectorAll('.grid-table tbody tr[data-key]').length === 1)
    t.match(await row.textContent(), CUSTOMER, 'with its customer')
    t.match(await row.textContent(), 'No errors', 'and its error state label')

    const header = page.locator('th', { hasText: 'Server' }).first()
    await header.locator('button').click()
    t.equal(await header.getAttribute('aria-sort'), 'ascending')
    await header.locator('button').click()
    t.equal(await header.getAttribute('aria-sort'), 'descending')

    await page.selectOption('select[id$="-size"]', '50')
    t.equal(await page.inputValue('select[id$="-size"]'), '50')
    t.equal(await page.locator('.grid-table tbody tr', { hasText: SERVER }).count(), 1, 'still listed')
    await page.screenshot({ path: join(dir, 'server-status.png') })
  })

  const monitorColour = (): Promise<[number, number, number]> => page.$eval('.monitor', (el) => {
    const m = getComputedStyle(el).backgroundColor.match(/\d+/g)!.map(Number)
    return [m[0]!, m[1]!, m[2]!]
  })

  await t.test('Monitor mode turns red within a second of an error, green within a second of it clearing', async (t) => {
    await page.goto(`${collector.httpUrl}/#/monitor`)
    await page.waitForSelector('.monitor[data-monitor-state="ok"]', { timeout: 5000 })
    await page.waitForSelector('.live-indicator[data-state="live"]')

    let started = Date.now()
    await publishErrors([{ code: 'cpu_usage_is_high', value: SERVER, since: now(), detail: 'CPU 97 % for 5 min' }])
    await page.waitForFunction(() => {
      const el = document.querySelector('.monitor')
      return el?.getAttribute('data-monitor-state') === 'error' && el.querySelector('.monitor-title')?.textContent === 'CPU usage is high'
    }, undefined, { timeout: 1000, polling: 'raf' })
    const toRed = Date.now() - started
    t.ok(toRed <= 1000, `red after ${toRed} ms`)
    const text = await page.textContent('.monitor')
    t.match(text, CUSTOMER, 'shows the customer')
    t.match(text, SERVER, 'shows the server')
    t.match(text, /Error type/, 'and the error type')
    const [r, g, b] = await monitorColour()
    t.ok(r > 150 && g < 80 && b < 80, `background is red: rgb(${r}, ${g}, ${b})`)
    await page.screenshot({ path: join(dir, 'monitor-red.png') })

    started = Date.now()
    await publishErrors([])
    await page.waitForFunction(() => {
      const el = document.querySelector('.monitor')
      return el?.getAttribute('data-monitor-state') === 'ok' && el.querySelector('.monitor-title')?.textContent === 'No errors'
    }, undefined, { timeout: 1000, polling: 'raf' })
    const toGreen = Date.now() - started
    t.ok(toGreen <= 1000, `green after ${toGreen} ms`)
    const [r2, g2, b2] = await monitorColour()
    t.ok(g2 > 100 && r2 < 80 && b2 < 100, `background is green: rgb(${r2}, ${g2}, ${b2})`)
    await page.screenshot({ path: join(dir, 'monitor-green.png') })
    t.comment(`screenshots in ${dir}`)
  })

  await t.test('no script errors and no CSP violations in the browser', async (t) => {
    await context.close()
    t.same(problems, [])
  })
}
