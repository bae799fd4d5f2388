import t from 'tap'
import { join } from 'node:path'
import { launchChromium } from './chromium.js'
import { watch } from './page-helpers.js'
import { startTestCollector } from '../helpers/collector.js'
import { FakeAgent } from '../helpers/fake-agent.js'

// End to end with the real collector: an agent reports "Cannot retrieve images" from Camera 3; the error
// shows on the Errors page within a second; its details; a filter made from it ("Ignore a specific error
// from a device", Forever) hides it from the active list and shows it under Filtered errors; the Server
// status page shows the server as "Filtered error". All in Chromium, under the collector's own CSP.

const SLC = 'M01-C07-555-45-6B1234'
const CUSTOMER = 'Fabrikam Browser Test'
const SERVER = 'REC-FILTER-01'

const browser = await launchChromium(t)
if (browser) {
  const collector = await startTestCollector()
  t.teardown(async () => { await browser.close(); await collector.close() })
  const svc = collector.running.services
  svc.registry.registerLicense({ accountId: svc.defaultAccountId, slc: SLC, customer: CUSTOMER, product: 'XProtect Corporate', productVersion: '2023 R2' })
  const agent = await new FakeAgent(await collector.enrollAgent(SERVER), SERVER).connect()
  t.teardown(() => agent.end().catch(() => {}))
  await agent.birth({ slc: SLC })
  await agent.online()
  await agent.heartbeat()
  await agent.errors([])

  const problems: string[] = []
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = watch(await context.newPage(), problems)
  const dir = t.testdir() // screenshots; TAP_SAVE_FIXTURE=1 keeps them
  const row = (): ReturnType<typeof page.locator> => page.locator('.grid-table tbody tr', { hasText: 'Cannot retrieve images' })
  let errorId = ''

  await t.test('log in; the error shows on the Errors page within a second of the agent reporting it', async (t) => {
    await page.goto(`${collector.httpUrl}/#/errors`)
    await page.waitForSelector('#login-email')
    await page.fill('#login-email', collector.admin.email)
    await page.fill('#login-password', collector.admin.password)
    await page.click('.login-form button[type=submit]')
    await page.waitForURL(/#\/errors$/)
    await page.waitForSelector('.live-indicator[data-state="live"]')
    await page.waitForSelector('.grid-table[aria-busy="false"]')

    const started = Date.now()
    await agent.errors([{ code: 'cannot_retrieve_images', value: 'Camera 3', since: new Date().toISOString() }])
    await row().waitFor({ timeout: 1000 })
    t.ok(Date.now() - started <= 1000, `on the page after ${Date.now() - started} ms`)
    const text = await row().textContent()
    for (const part of ['New', CUSTOMER, SLC, SERVER]) t.match(text, part)
    errorId = (await row().getAttribute('data-key'))!
    await page.waitForFunction(() => Number(document.querySelector('.summary-number')?.textContent) >= 1)
    t.pass('the summary box counts it')
    await page.screenshot({ path: join(dir, 'errors.png') })
  })

  await t.test('its details: type, value, description and solution, server, status', async (t) => {
    await row().dblclick()
    await page.waitForURL(new RegExp(`#/errors/${errorId}$`))
    await page.waitForSelector('.detail-list')
    t.equal(await page.textContent('.page-title'), 'Cannot retrieve images')
    const text = await page.textContent('.detail-list')
    for (const part of ['Camera failure', 'Camera 3', SERVER, CUSTOMER, SLC]) t.match(text, part)
    t.match(await page.textContent('.solution'), /camera is properly connected/)
    t.equal(await page.inputValue('#error-status'), 'new')
    await page.focus('#error-status')
    await page.selectOption('#error-status', 'being_fixed')
    await page.waitForSelector('.notice[data-tone="ok"]')
    t.equal(await page.textContent('.notice'), 'Status saved: Being fixed.')
    await page.waitForSelector('.related-card tbody tr[data-key]')
    t.match(await page.textContent('.related-card [role=tabpanel]:not([hidden])'), 'This error', 'related errors: Ongoing')
  })

  await t.test('create a filter from it: ignore a specific error from a device, Forever', async (t) => {
    await page.click('#create-filter')
    await page.waitForURL(new RegExp(`#/error-filters/new\\?errorId=${errorId}$`))
    await page.waitForSelector('#filter-action')
    t.equal(await page.inputValue('#filter-customer'), CUSTOMER)
    t.equal(await page.inputValue('#filter-license'), SLC)
    t.equal(await page.inputValue('#filter-server'), SERVER)
    const actions = await page.$$eval('#filter-action option', (os) => os.map((o) => o.textContent))
    t.ok(actions.includes('Ignore a specific error from a device'), `device actions: ${actions.join('; ')}`)
    await page.selectOption('#filter-action', 'ignore_error_from_device')
    t.equal(await page.inputValue('#filter-description'), 'Cannot retrieve images')
    t.equal(await page.inputValue('#filter-value'), 'Camera 3')
    await page.selectOption('#filter-duration', 'forever')
    t.equal(await page.inputValue('#filter-expires'), 'No expiration date')
    await page.screenshot({ path: join(dir, 'filter-form.png') })
    await page.click('button:has-text("Save")')
    await page.waitForURL(new RegExp(`#/errors/${errorId}$`))
    await page.waitForSelector('.detail-status .chip')
    t.equal(await page.textContent('.detail-status .chip'), 'Filtered', 'the error is hidden by the filter')
    t.match(await page.textContent('.notice'), /^Error filter created: Cannot retrieve images/)
  })

  await t.test('it leaves the active list and shows under Filtered errors', async (t) => {
    await page.click('.back-link')
    await page.waitForURL(/#\/errors$/)
    await page.selectOption('select[id$="-f-status"]', '')
    await page.waitForSelector('.grid-table[aria-busy="false"]')
    await row().waitFor({ state: 'detached', timeout: 2000 })
    t.equal(await row().count(), 0, 'not among the active errors')
    await page.selectOption('select[id$="-f-status"]', 'filtered')
    await row().waitFor({ timeout: 2000 })
    t.match(await row().textContent(), /^Filtered/, 'under Filtered errors')
    await page.screenshot({ path: join(dir, 'filtered.png') })

    await page.click('a:has-text("Manage error filters")')
    await page.waitForSelector('.page-filters .grid-table tbody tr[data-key]')
    const first = await page.textContent('.grid-table tbody tr:first-child')
    for (const part of ['Forever', 'Cannot retrieve images', CUSTOMER, SERVER]) t.match(first, part, 'listed on Manage error filters')
  })

  await t.test('the Server status page shows the server as "Filtered error"', async (t) => {
    await page.click('.sidenav-link[href="#/servers"]')
    await page.waitForSelector('.page-servers .grid-table')
    await page.fill('input[type=search]', SERVER)
    const server = page.locator('.grid-table tbody tr', { hasText: SERVER })
    await server.waitFor({ timeout: 5000 })
    await page.waitForFunction((name) => Array.from(document.querySelectorAll('.grid-table tbody tr')).some((tr) => tr.textContent?.includes(name) && tr.textContent.includes('Filtered error')), SERVER, { timeout: 2000 })
    t.match(await server.textContent(), 'Filtered error')
    await page.screenshot({ path: join(dir, 'server-status.png') })
    t.comment(`screenshots in ${dir}`)
  })

  await t.test('no script errors and no CSP violations', async (t) => {
    await context.close()
    t.same(problems, [])
  })
}
