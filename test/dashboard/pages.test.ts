import t from 'tap'
import type { Page } from 'playwright-core'
import { launchChromium } from './chromium.js'
import { STUB_NOC_TOKEN, STUB_PASSWORD, STUB_USER, demoError, demoServers, startStub } from './stub-api.js'

// The dashboard's pages in Chromium against the stub API (stub-api.ts), under the strict CSP the
// collector will send: login, the Server status grid (paging, sort by keyboard, search, filters, live
// updates that keep the person's place), reconnecting, the NOC token mode of Monitor mode, log out.
// browser.test.ts runs the same pages against a real collector and agent.

const browser = await launchChromium(t)
if (browser) {
  const stub = await startStub({ servers: demoServers(70), monitor: { state: 'ok', latest: null } })
  t.teardown(async () => { await browser.close(); await stub.close() })

  const problems: string[] = []
  const watch = (page: Page): Page => {
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
    page.on('console', (msg) => {
      // 401s from GET /api/v1/session before login are expected; anything CSP-related or thrown is not
      if (msg.type() === 'error' && !/status of 401/.test(msg.text())) problems.push(`console: ${msg.text()}`)
    })
    return page
  }
  const rowKeys = (page: Page): Promise<string[]> => page.$$eval('.grid-table tbody tr[data-key]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.key!))
  const pagerText = (page: Page): Promise<string> => page.$eval('.pager', (el) => Array.from(el.children).map((c) => c.textContent).join(' '))

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' })
  const page = watch(await context.newPage())

  await t.test('login: a wrong password shows the collector\'s message; success opens Server status', async (t) => {
    await page.goto(`${stub.url}/#/servers`)
    await page.waitForURL(/#\/login\?next=/)
    await page.fill('#login-email', STUB_USER.email)
    await page.fill('#login-password', 'wrong')
    await page.press('#login-password', 'Enter')
    await page.waitForSelector('#login-message[data-tone="error"]')
    t.equal(await page.textContent('#login-message'), 'Wrong e-mail address or password.')
    t.equal(await page.getAttribute('#login-message', 'aria-live'), 'assertive')
    await page.fill('#login-password', STUB_PASSWORD)
    await page.click('.login-form button[type=submit]')
    await page.waitForURL(/#\/servers$/)
    await page.waitForSelector('.grid-table tbody tr[data-key]')
    t.equal(await page.textContent('#user-name'), STUB_USER.name, 'the header shows who is logged in')
    t.equal(await page.getAttribute('.sidenav-link[aria-current="page"]', 'href'), '#/servers')
  })

  await t.test('grid: paging, rows per page, keyboard sort, search and filters', async (t) => {
    t.equal((await rowKeys(page)).length, 25, 'the user\'s 25 rows per page')
    t.equal(await pagerText(page), 'Previous 1 2 3 Next')
    t.match(await page.textContent('.grid-count'), /Showing 1–25 of 70 servers/)

    await page.selectOption('select[id$="-size"]', '10')
    await page.click('.pager-btn[data-page="next"]')
    await page.click('.pager-btn[data-page="next"]')
    await page.click('.pager-btn[data-page="next"]')
    t.equal(await pagerText(page), 'Previous 1 2 3 4 5 6 7 Next', 'a gap never hides just one page')
    await page.click('.pager-btn[data-page="6"]')
    t.equal(await pagerText(page), 'Previous 1 … 5 6 7 Next', 'the manual\'s "Previous 1 … 20 21 22 … 70 Next"')
    t.equal(await page.getAttribute('.pager-btn[aria-current="page"]', 'data-page'), '6')
    t.match(await page.textContent('.grid-count'), /Showing 51–60 of 70/)

    // sort by keyboard: focus the Server header button and press Enter (asc), Enter again (desc)
    const serverHeader = page.locator('th', { hasText: 'Server' }).first()
    await serverHeader.locator('button').focus()
    await page.keyboard.press('Enter')
    t.equal(await serverHeader.getAttribute('aria-sort'), 'ascending')
    t.equal(await page.locator('th[aria-sort]').count(), 1, 'one sorted column')
    await page.keyboard.press('Enter')
    t.equal(await serverHeader.getAttribute('aria-sort'), 'descending')
    const names = await page.$$eval('tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent))
    t.same(names, [...names].sort((a, b) => b!.localeCompare(a!, undefined, { numeric: true })), 'rows in descending order')

    await page.fill('input[type=search]', 'bergen mgmt')
    const keys = await rowKeys(page)
    t.ok(keys.length > 0 && keys.length < 10)
    for (const key of keys) {
      const s = stub.servers.get(key)!
      t.ok(s.customer === 'Bergen Transit' && String(s.name).startsWith('MGMT'), `${key} matches`)
    }
    await page.fill('input[type=search]', '')
    await page.selectOption('select[id$="-f-errorState"]', 'error_detected')
    const errorKeys = await rowKeys(page)
    t.ok(errorKeys.length > 0)
    t.ok(errorKeys.every((k) => stub.servers.get(k)!.errorState === 'error_detected'), 'filter by Error state')
    t.equal(await page.locator('tbody .chip-danger').first().textContent(), 'Error detected', 'chip has text, not only colour')
    await page.click('.grid-toolbar button:has-text("Clear")')
    t.equal((await rowKeys(page)).length, 10)
  })

  await t.test('live updates change rows in place and keep search, sort and page', async (t) => {
    await page.fill('input[type=search]', 'REC')
    await page.click('.pager-btn[data-page="2"]')
    const before = await rowKeys(page)
    const target = stub.servers.get(before[3]!)!
    stub.upsertServer({ ...target, errorState: 'error_detected', location: 'Moved by a live event' })
    await page.waitForFunction((key) => document.querySelector(`tr[data-key="${key}"]`)?.textContent?.includes('Moved by a live event'), before[3], { timeout: 1000 })
    t.same(await rowKeys(page), before, 'same rows in the same order')
    t.equal(await page.inputValue('input[type=search]'), 'REC')
    t.equal(await page.getAttribute('.pager-btn[aria-current="page"]', 'data-page'), '2')
    t.equal(await page.getAttribute('th[aria-sort]', 'aria-sort'), 'descending')

    stub.upsertServer({ serverId: 'srv-new', name: 'REC-99', customer: 'Zeta', location: null, monitoringStatus: 'monitored', errorState: 'no_errors', slc: null, lastHeartbeat: null, cpuPct: null, memPct: null, diskFreePct: null })
    await page.waitForFunction(() => /\(71 in all\)/.test(document.querySelector('.grid-count')?.textContent ?? ''), undefined, { timeout: 1000 })
    t.pass('a new server is inserted')
  })

  await t.test('a dropped feed shows Reconnecting…, then resubscribes with since', async (t) => {
    const subs = stub.subscribes.length
    stub.refuseLive(true)
    stub.dropLive()
    await page.waitForSelector('.live-indicator[data-state="reconnecting"]', { timeout: 2000 })
    t.equal(await page.textContent('.live-indicator'), 'Reconnecting…')
    stub.refuseLive(false)
    await page.waitForSelector('.live-indicator[data-state="live"]', { timeout: 10000 })
    const sub = stub.subscribes[stub.subscribes.length - 1]!
    t.ok(stub.subscribes.length > subs)
    t.equal(typeof sub.since, 'number', `resubscribed with since=${String(sub.since)}`)
  })

  await t.test('monitor mode: no menu, Esc leaves; a NOC token needs no login', async (t) => {
    await page.click('.sidenav-link[href="#/monitor"]')
    await page.waitForSelector('.monitor[data-monitor-state="ok"]')
    t.ok(await page.isHidden('#sidenav'), 'no menu')
    t.ok(await page.isHidden('#topbar'), 'no header')
    await page.keyboard.press('Escape')
    await page.waitForURL(/#\/servers$/)

    const noc = watch(await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage())
    await noc.goto(`${stub.url}/#/monitor?token=${STUB_NOC_TOKEN}`)
    await noc.waitForSelector('.monitor[data-monitor-state="ok"]')
    t.match(noc.url(), /#\/monitor\?token=/, 'not sent to login')
    stub.setMonitor({ state: 'error', latest: demoError() })
    await noc.waitForSelector('.monitor[data-monitor-state="error"]', { timeout: 1000 })
    t.equal(await noc.textContent('.monitor-title'), 'CPU usage is high')
    t.equal(await noc.locator('.monitor-btn', { hasText: 'Back' }).count(), 0, 'no way out into pages a token cannot see')
    stub.setMonitor({ state: 'ok', latest: null })
    await noc.waitForSelector('.monitor[data-monitor-state="ok"]', { timeout: 1000 })
    await noc.close()
  })

  await t.test('log out', async (t) => {
    await page.click('#logout')
    await page.waitForURL(/#\/login/)
    await page.goto(`${stub.url}/#/servers`)
    await page.waitForURL(/#\/login\?next=/)
    t.pass('logged out: Server status sends to login')
  })

  await t.test('no script errors and no CSP violations', async (t) => { t.same(problems, []) })
}
