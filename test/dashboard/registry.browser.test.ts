import t from 'tap'
import { join } from 'node:path'
import { launchChromium } from './chromium.js'
import { startTestCollector } from '../helpers/collector.js'
import { apiClient } from '../helpers/api.js'
import { FakeAgent } from '../helpers/fake-agent.js'
import { waitFor } from '../helpers/wait.js'
import { countIs, rowKeys, column, watch } from './page-helpers.js'

// End to end on a real collector (docs/api/registry.md): an agent reports an SLC nobody registered; in
// Chromium the partner registers it (the MAC must be the agent's) with a new customer, finds it by
// search and filter, puts it in a license group with the picker, gives its server a new location, then
// removes the customer (the license shows Unspecified, and so does its server on Server status); the test
// license pool: counters, create, Create disabled at zero, deactivate with the orange notice.

const browser = await launchChromium(t)
if (browser) {
  const collector = await startTestCollector()
  t.teardown(async () => { await browser.close(); await collector.close() })
  const api = apiClient(collector.httpUrl, await collector.login())

  const SLC = 'M01-C07-432-45-6E2E01'
  const MAC = '00:10:2A:3B:E2:01'
  const SERVER = 'REC-REG-E2E'
  const agent = await new FakeAgent(await collector.enrollAgent(SERVER), SERVER).connect()
  t.teardown(() => agent.end())
  await agent.birth({ slc: SLC, macs: [MAC], server: { name: SERVER, role: 'recording', product: 'XProtect Corporate', productVersion: '2023 R2' } })
  await agent.online()
  await agent.heartbeat()
  const discovered = await waitFor('the discovered license', async () => (await api.get(`/api/v1/licenses?registered=false&q=${SLC}`)).body.items?.[0])

  const problems: string[] = []
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' })
  const page = watch(await context.newPage(), problems)
  const dir = t.testdir() // screenshots; TAP_SAVE_FIXTURE=1 keeps them
  const dialog = '.dialog[open]'
  const noticeOf = async (scope: string): Promise<string | null> => {
    await page.waitForSelector(`${scope} > .notice:not(:empty)`)
    return await page.textContent(`${scope} > .notice`)
  }
  const search = async (scope: string, q: string, count: RegExp): Promise<void> => {
    await page.fill(`${scope} input[type=search]`, q)
    await page.waitForTimeout(400) // the grid waits 250 ms after typing
    await countIs(page, count)
  }

  await t.test('log in and register the discovered SLC with a new customer', async (t) => {
    t.equal(discovered.registered, false, 'the agent\'s SLC is listed, not registered')
    await page.goto(`${collector.httpUrl}/#/login`)
    await page.fill('#login-email', collector.admin.email)
    await page.fill('#login-password', collector.admin.password)
    await page.click('.login-form button[type=submit]')
    await page.waitForSelector('#logout', { state: 'visible' })
    await page.click('.sidenav-link[href="#/licenses"]')
    await page.waitForSelector('.page-licenses tbody tr[data-key]')
    t.match(await page.textContent(`.page-licenses tr[data-key="${discovered.id}"]`), 'Not registered')

    await page.click('#register-license')
    await page.locator(dialog).getByLabel('VMS license code (SLC)').fill(SLC.toLowerCase())
    await page.locator(dialog).getByLabel('MAC address of the server that was used for activation').fill('00:10:2A:3B:E2:02')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .field-error:not([hidden])`)
    t.match(await page.textContent(`${dialog} .field-error:not([hidden])`), 'is not the MAC address of a server activated with this license', 'the collector checks the MAC against the agent\'s')
    await page.locator(dialog).getByLabel('MAC address of the server that was used for activation').fill(MAC.replace(/:/g, '-').toLowerCase())
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .customer-chooser`)
    t.match(await page.textContent(`${dialog} .dialog-summary`), `License (SLC)${SLC}MAC address${MAC}Reported by agentsXProtect Corporate 2023 R2, 1 server`)
    await page.locator(dialog).getByLabel('License description').fill('E2E gate')
    await page.click(`${dialog} .btn-add`)
    await page.keyboard.type('Contoso E2E')
    await page.keyboard.press('Enter')
    await page.screenshot({ path: join(dir, 'register-step2.png') })
    await page.click(`${dialog} button:has-text("Register SLC")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await noticeOf('.page-licenses'), `License ${SLC} registered for Contoso E2E. View details`)
    const details = (await api.get(`/api/v1/licenses/${discovered.id}`)).body
    t.equal(details.registered, true, 'the same license, now registered')
    t.equal(details.customer, 'Contoso E2E')
    t.equal(details.servers.length, 1, 'its server stayed')
  })

  await t.test('find it by search and the Filter panel', async (t) => {
    for (const q of ['Contoso E2E', 'E2E gate', SLC]) {
      await search('.page-licenses', q, /^Showing 1–1 of 1 license$/)
      t.same(await rowKeys(page), [String(discovered.id)], `"${q}" finds it`)
    }
    await page.click('.filter-toggle')
    await page.selectOption('select[id$="-f-status"]', 'active')
    await countIs(page, /^Showing 1–1 of 1 license$/)
    await page.selectOption('select[id$="-f-status"]', 'obsolete')
    await countIs(page, /^No licenses match$/)
    await page.selectOption('select[id$="-f-status"]', '')
    await page.selectOption('select[id$="-f-care"]', 'expired')
    await countIs(page, /^No licenses match$/)
    await page.screenshot({ path: join(dir, 'licenses-filter.png') })
    await page.click('.filter-panel button:has-text("Reset")')
    await countIs(page, /^Showing 1–1 of 1 license$/)
    await page.click('.filter-panel button:has-text("OK")')
  })

  await t.test('put it in a license group with the picker', async (t) => {
    await page.click('.sidenav-link[href="#/license-groups"]')
    await page.click('#create-group')
    await page.waitForSelector(`${dialog} .picker tbody tr[data-key]`)
    await page.locator(dialog).getByLabel('Name').fill('E2E group')
    await page.fill(`${dialog} input[type=search]`, 'contoso')
    await page.waitForTimeout(400)
    await page.waitForFunction(() => document.querySelectorAll('.dialog[open] .picker tbody tr[data-key]').length === 1)
    await page.locator(dialog).getByLabel(`Include ${SLC}`).check()
    t.same(await page.$$eval(`${dialog} .picked-list li span`, (ss) => ss.map((s) => s.textContent)), [SLC])
    await page.screenshot({ path: join(dir, 'group-picker.png') })
    await page.click(`${dialog} button:has-text("Create")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await noticeOf('.page-groups'), 'License group created: E2E group, 1 license.')
    const groups = (await api.get('/api/v1/license-groups?q=E2E')).body.items
    t.equal(groups.length, 1)
    t.equal(groups[0].licenses, 1)
    t.equal(groups[0].servers, 1, 'with its server')
  })

  await t.test('license details: its server gets a new location (Server status follows)', async (t) => {
    await page.goto(`${collector.httpUrl}/#/licenses/${discovered.id}`)
    await page.waitForSelector('#license-fields')
    t.equal(await page.textContent('.page-title'), `Contoso E2E - License ${SLC}`)
    t.match(await page.textContent('#license-fields'), 'E2E group', 'its group')
    await page.click(`button[aria-label="Edit location and description of ${SERVER}"]`)
    await page.locator(dialog).getByLabel('Location', { exact: true }).selectOption({ label: 'New location…' })
    await page.keyboard.type('Loading dock')
    await page.click(`${dialog} button:has-text("Save")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    await page.waitForFunction(() => document.querySelector('#sec-servers + * tbody')?.textContent?.includes('Loading dock'))
    await page.screenshot({ path: join(dir, 'license-details.png'), fullPage: true })
    const servers = (await api.get('/api/v1/servers')).body.items
    t.equal(servers.find((s: { name: string }) => s.name === SERVER)?.location, 'Loading dock', 'Server status has the new location')
  })

  await t.test('remove the customer: the license shows Unspecified, and its server too', async (t) => {
    await page.click('.sidenav-link[href="#/customers"]')
    await search('.page-customers', 'Contoso E2E', /of 1 customer$/)
    t.same(await column(page, 2), ['1'], 'one license')
    await page.click('.page-customers tbody tr[data-key] a:has-text("Details")')
    await page.waitForSelector('.page-customer tbody tr[data-key]')
    await page.click('#remove-customer')
    await page.waitForSelector(`${dialog} #removal-licenses`)
    t.same(await page.$$eval('#removal-licenses li', (lis) => lis.map((li) => li.textContent)), [SLC])
    await page.screenshot({ path: join(dir, 'remove-customer.png') })
    await page.click(`${dialog} button:has-text("Yes")`)
    await page.waitForURL(/#\/customers$/)
    t.equal(await noticeOf('.page-customers'), 'Customer removed: Contoso E2E. 1 license now shows Unspecified.')
    await page.click('.sidenav-link[href="#/licenses"]')
    await search('.page-licenses', SLC, /^Showing 1–1 of 1 license$/)
    t.same(await column(page, 3), ['Unspecified'])
    const servers = (await api.get('/api/v1/servers')).body.items
    t.equal(servers.find((s: { name: string }) => s.name === SERVER)?.customer, 'Unspecified', 'Server status says Unspecified')
  })

  await t.test('test licenses: counters, create, disabled at zero, deactivate', async (t) => {
    await page.click('.sidenav-link[href="#/test-licenses"]')
    const summary = async (): Promise<{ pool: number, available: number, active: number, aboutToExpire: number }> => (await api.get('/api/v1/test-licenses/summary')).body
    let s = await summary()
    await page.waitForFunction((n) => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === String(n), s.available)
    t.same(await page.$$eval('.pool-item', (lis) => lis.map((li) => li.textContent)), [`${s.available}Available`, `${s.active}Active`, `${s.aboutToExpire}About to expire`])

    await page.click('#create-test-license')
    await page.waitForSelector(`${dialog} select`)
    const product = (await api.get('/api/v1/test-licenses/products')).body.items[0]
    await page.locator(dialog).getByLabel('Product').selectOption(product.name)
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .customer-chooser`)
    await page.click(`${dialog} .btn-add`)
    await page.keyboard.type('Demo Partner E2E')
    await page.keyboard.press('Enter')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector('#created-slc')
    const slc = await page.textContent('#created-slc')
    t.match(await page.textContent(dialog), `Your ${product.name} ${product.versions[0].version} Test license ${slc} expires on`)
    await page.screenshot({ path: join(dir, 'test-license-created.png') })
    await page.click(`${dialog} button:has-text("Close")`)
    s = await summary()
    t.equal(s.active, 1)
    await page.waitForFunction((n) => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === String(n), s.available)

    const pool = (await api.patch('/api/v1/test-licenses/pool', { size: 1 })).body
    t.equal(pool.available, 0, 'the pool is used up')
    await page.reload()
    await page.waitForFunction(() => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === '0')
    t.ok(await page.isDisabled('#create-test-license'), 'Create test license is disabled at zero available')
    t.ok(await page.isVisible('#create-hint'))
    await page.screenshot({ path: join(dir, 'test-licenses-zero.png') })

    await page.click(`.page-test-licenses tbody tr[data-key] a:has-text("Details")`)
    await page.waitForSelector('#test-license-fields')
    await page.click('#deactivate')
    await page.click(`${dialog} button:has-text("Deactivate")`)
    await page.waitForSelector('#tl-notice')
    t.match(await page.textContent('#tl-notice'), /no longer active/)
    await page.screenshot({ path: join(dir, 'test-license-deactivated.png') })
    await page.click('.back-link')
    await page.waitForFunction(() => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === '1')
    t.notOk(await page.isDisabled('#create-test-license'), 'one available again')
    t.comment(`screenshots in ${dir}`)
  })

  await t.test('no script errors and no CSP violations', async (t) => {
    await context.close()
    t.same(problems, [])
  })
}
