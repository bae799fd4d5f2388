import t from 'tap'
import { describeError } from '../../protocol/index.js'
import { launchChromium } from './chromium.js'
import { STUB_PASSWORD, STUB_USER, demoFleet, startStub } from './stub-api.js'
import type { StubError } from './stub-errors.js'
import { column, countIs, login, rowKeys, watch } from './page-helpers.js'

// The Errors page and an error's details in Chromium against the stub API (stub-api.ts, stub-errors.ts),
// under the strict CSP: chart and summary box, the list (sort, search, filters, paging, check boxes), live
// updates that keep the person's place, opening details (double-click, Enter, Details link), the status
// saved at once, and the related errors tabs.

const browser = await launchChromium(t)
if (browser) {
  const now = Date.now()
  const stub = await startStub({ ...demoFleet(now) })
  t.teardown(async () => { await browser.close(); await stub.close() })
  const problems: string[] = []
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' })
  const page = watch(await context.newPage(), problems)
  const all = (): StubError[] => [...stub.errors.errors.values()]
  const inScope = (e: StubError): boolean => !e.obsolete && !e.inactive
  const isActive = (e: StubError): boolean => (e.status === 'new' || e.status === 'being_fixed') && inScope(e)
  const latestFirst = (list: StubError[]): string[] => [...list].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.id - a.id).map((e) => String(e.id))
  const lastQuery = (): URLSearchParams => stub.errors.queries.filter((q) => !q.has('serverId')).at(-1)!
  const noHorizontalScroll = (): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  await t.test('Errors page: the chart, the summary box and the active errors, latest first', async (t) => {
    await login(page, stub.url, STUB_USER.email, STUB_PASSWORD)
    await page.click('.sidenav-link[href="#/errors"]')
    await page.waitForURL(/#\/errors$/)
    await page.waitForSelector('.page-errors .grid-table tbody tr[data-key]')
    t.equal(await page.getAttribute('.sidenav-link[aria-current="page"]', 'href'), '#/errors', 'Errors in the menu')
    const active = all().filter(isActive)
    t.ok(active.length > 25, `${active.length} active errors: more than one page`)
    await countIs(page, new RegExp(`Showing 1–25 of ${active.length} errors`))
    t.same(await rowKeys(page), latestFirst(active).slice(0, 25), 'latest first, 25 rows (the user\'s rows per page)')
    t.equal(await page.getAttribute('th:has-text("Error occurred")', 'aria-sort'), 'descending')
    t.same(await page.$$eval('.grid-table thead th', (ths) => ths.map((th) => th.textContent)),
      ['Error status', 'Error description', 'Customer', 'License (SLC)', 'Server', 'Error occurred (dd/mm/yyyy)', 'Details'])
    t.match(await page.textContent('tbody tr:first-child td:first-child'), /^(New|Being fixed)$/, 'the status chip says its label')

    // the chart: an accessible inline SVG, 30 days, and a table with the same numbers
    await page.waitForSelector('.chart-svg')
    t.equal(await page.getAttribute('.chart-svg', 'role'), 'img')
    t.equal(await page.textContent('.chart-svg > title'), 'New errors the last 30 days')
    t.match(await page.textContent('.chart-svg > desc'), /new errors? from .* to /)
    t.equal(await page.locator('.chart-day').count(), 30, 'a bar per day')
    const bars = await page.$$eval('.chart-day', (gs) => gs.map((g) => ({ date: g.getAttribute('data-date')!, count: Number(g.getAttribute('data-count')) })))
    t.equal(await page.$$eval('.chart table tbody tr', (trs) => trs.length), 30, 'the text alternative lists the 30 days')
    const dayOf = (iso: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso))
    const shown = new Set(bars.map((b) => b.date))
    t.equal(bars.reduce((a, b) => a + b.count, 0), all().filter((e) => inScope(e) && e.status !== 'filtered' && shown.has(dayOf(e.occurredAt))).length,
      'the bars add up to the errors of those days (in the user\'s time zone) that no filter hides')
    t.equal(bars.at(-1)!.date, dayOf(new Date().toISOString()), 'the last day is today')
    t.equal(await page.textContent('.chart-labels text:last-child'), 'Today')

    // the summary box: new errors, updated, servers, time zone
    t.equal(await page.textContent('.summary-number'), String(active.filter((e) => e.status === 'new').length))
    t.match(await page.textContent('.summary-box'), /Updated\d\d\/\d\d\/\d{4} \d\d:\d\d/)
    t.match(await page.textContent('.summary-box'), /Time zoneEurope\/Copenhagen/, 'the user\'s time zone')
    t.ok(await noHorizontalScroll(), 'fits 1440 px')
    await page.setViewportSize({ width: 1920, height: 1080 })
    t.ok(await noHorizontalScroll(), 'fits a NOC screen')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  await t.test('sort by any column, search, status and description filters, paging, check boxes', async (t) => {
    await page.click('th:has-text("Customer") button')
    await page.waitForFunction(() => document.querySelector('th[aria-sort]')?.textContent === 'Customer')
    await countIs(page, /Showing 1–25/)
    t.equal(lastQuery().get('sort'), 'customer', 'the collector sorts')
    const customers = await column(page, 3)
    t.same(customers, [...customers].sort((a, b) => a.localeCompare(b)), 'rows by customer')
    await page.click('th:has-text("Customer") button')
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]')?.textContent === 'Customer')
    t.equal(lastQuery().get('sort'), '-customer')

    await page.fill('input[type=search]', 'aarhus')
    await page.waitForFunction(() => Array.from(document.querySelectorAll('tbody tr[data-key] td:nth-child(3)')).every((td) => td.textContent === 'Aarhus Harbour'))
    t.equal(lastQuery().get('q'), 'aarhus')
    const aarhus = all().filter((e) => isActive(e) && e.customer === 'Aarhus Harbour')
    await countIs(page, new RegExp(`of ${aarhus.length} error`))
    await page.fill('input[type=search]', 'M01-C01')
    await countIs(page, new RegExp(`of ${aarhus.length} error`))
    t.pass('search finds the license (SLC) too')
    await page.click('.grid-toolbar button:has-text("Clear")')

    const filtered = all().filter((e) => e.status === 'filtered' && inScope(e))
    await page.selectOption('select[id$="-f-status"]', 'filtered')
    await countIs(page, new RegExp(`of ${filtered.length} errors`))
    t.equal(lastQuery().get('status'), 'filtered')
    t.same([...new Set(await column(page, 1))], ['Filtered'], 'only filtered errors')
    t.same(await page.$$eval('select[id$="-f-status"] option', (os) => os.map((o) => o.textContent)), ['All active errors', 'New', 'Being fixed', 'Filtered errors'])
    await page.selectOption('select[id$="-f-status"]', 'being_fixed')
    await page.waitForFunction(() => Array.from(document.querySelectorAll('tbody tr[data-key] td:nth-child(1)')).every((td) => td.textContent === 'Being fixed'))
    await page.selectOption('select[id$="-f-status"]', '')

    const active = all().filter(isActive)
    const code = active[0]!.code
    await page.selectOption('select[id$="-f-code"]', code)
    const same = active.filter((e) => e.code === code)
    await countIs(page, new RegExp(`of ${same.length} errors?$`))
    // The count and the rows are drawn from the same answer, but wait for the rows under a loaded machine.
    const description = describeError(code).description
    await page.waitForFunction((d) => Array.from(document.querySelectorAll('tbody tr[data-key] td:nth-child(2)')).every((td) => td.textContent === d), description)
    t.same([...new Set(await column(page, 2))], [description], 'filter by error description')
    t.ok(await page.locator('select[id$="-f-code"] option').count() > 30, 'every catalog description is offered')
    await page.selectOption('select[id$="-f-code"]', '')

    await page.click('th:has-text("Error occurred") button')
    await page.click('th:has-text("Error occurred") button')
    await page.selectOption('select[id$="-size"]', '10')
    await countIs(page, /Showing 1–10 of/)
    await page.click('.pager-btn[data-page="next"]')
    await countIs(page, /Showing 11–20 of/)
    t.equal(lastQuery().get('page'), '2')
    t.equal(lastQuery().get('pageSize'), '10')
    t.same(await rowKeys(page), latestFirst(active).slice(10, 20), 'page 2, latest first')

    const obsolete = all().filter((e) => e.obsolete && !e.inactive && (e.status === 'new' || e.status === 'being_fixed'))
    const inactive = all().filter((e) => e.inactive && !e.obsolete && (e.status === 'new' || e.status === 'being_fixed'))
    t.ok(obsolete.length > 0 && inactive.length > 0, 'the fleet has errors of obsolete licenses and inactive servers')
    const newBefore = Number(await page.textContent('.summary-number'))
    await page.check('input[id$="-t-obsolete"]')
    await countIs(page, new RegExp(`of ${active.length + obsolete.length} errors`))
    t.equal(lastQuery().get('obsolete'), 'true')
    t.equal(lastQuery().get('page'), '1', 'back to page 1')
    await page.waitForFunction((n) => Number(document.querySelector('.summary-number')?.textContent) > n, newBefore)
    t.pass('the summary box follows the check boxes')
    await page.check('input[id$="-t-inactive"]')
    await countIs(page, new RegExp(`of ${active.length + obsolete.length + inactive.length} errors`))
    t.equal(lastQuery().get('inactive'), 'true')
    await page.uncheck('input[id$="-t-obsolete"]')
    await page.uncheck('input[id$="-t-inactive"]')
    await countIs(page, new RegExp(`of ${active.length} errors`))
  })

  await t.test('live: a new error is at the top within a second, a closed or filtered one leaves; the place stays', async (t) => {
    await page.selectOption('select[id$="-size"]', '25')
    await countIs(page, /Showing 1–25 of/)
    const server = [...stub.servers.values()].find((s) => s.monitoringStatus === 'monitored')!
    const gridTop = await page.$eval('.grid', (el) => el.getBoundingClientRect().top)
    const started = Date.now()
    const e = stub.errors.addError({ serverId: String(server.serverId), code: 'memory_usage_is_high' })
    await page.waitForFunction((id) => document.querySelector('tbody tr[data-key]')?.getAttribute('data-key') === id, String(e.id), { timeout: 1000, polling: 'raf' })
    t.ok(Date.now() - started <= 1000, `at the top after ${Date.now() - started} ms`)
    t.equal(await page.$eval('.grid', (el) => el.getBoundingClientRect().top), gridTop, 'nothing above the list moved')
    t.match(await page.getAttribute(`tr[data-key="${e.id}"]`, 'class'), /is-new/, 'marked as new')

    stub.errors.closeError(e.id)
    await page.waitForSelector(`tr[data-key="${e.id}"]`, { state: 'detached', timeout: 1000 })
    t.pass('a closed error leaves the list')

    // the person is on page 2 of a search: a live change keeps search, sort, page and size
    await page.fill('input[type=search]', 'M01') // every license (SLC)
    await page.selectOption('select[id$="-size"]', '10')
    await countIs(page, /Showing 1–10 of/)
    await page.click('.pager-btn[data-page="2"]')
    await countIs(page, /Showing 11–/)
    const e2 = stub.errors.addError({ serverId: String(server.serverId), code: 'cpu_usage_is_high' })
    const target = all().find((x) => isActive(x) && x.id !== e2.id && x.serverId !== e2.serverId)!
    await countIs(page, /Showing 11–/)
    await page.waitForTimeout(400) // the debounced re-query has run
    t.equal(await page.inputValue('input[type=search]'), 'M01')
    t.equal(await page.getAttribute('.pager-btn[aria-current="page"]', 'data-page'), '2')
    t.equal(await page.inputValue('select[id$="-size"]'), '10')
    t.equal(await page.getAttribute('th[aria-sort]', 'aria-sort'), 'descending')

    // a filter made elsewhere hides an error: it leaves the active list
    await page.fill('input[type=search]', target.server)
    await page.waitForSelector(`tr[data-key="${target.id}"]`)
    const customerId = (stub.errors.handle('GET', new URL('http://stub/api/v1/error-filters/choices'), null)!.body as { customers: Array<{ id: number, name: string, licenses: Array<{ id: number, slc: string }> }> })
      .customers.find((c) => c.name === target.customer)!
    stub.errors.handle('POST', new URL('http://stub/api/v1/error-filters'), {
      customerId: customerId.id, licenseId: customerId.licenses.find((l) => l.slc === target.slc)!.id, serverId: target.serverId,
      errorId: target.id, action: 'ignore_error_on_server', duration: '24h'
    })
    await page.waitForSelector(`tr[data-key="${target.id}"]`, { state: 'detached', timeout: 1000 })
    t.equal(stub.errors.errors.get(target.id)!.status, 'filtered', 'hidden by the filter')
    stub.errors.closeError(e2.id)
    await page.click('.grid-toolbar button:has-text("Clear")')
    await page.waitForFunction((id) => document.querySelectorAll('tbody tr[data-key]').length === 10 && !document.querySelector(`tr[data-key="${id}"]`), String(e2.id))
  })

  await t.test('details open on double-click, on Enter and with the Details link', async (t) => {
    await countIs(page, /Showing 1–10 of/)
    const keys = await rowKeys(page)
    await page.dblclick(`tr[data-key="${keys[1]}"] td:nth-child(2)`)
    await page.waitForURL(new RegExp(`#/errors/${keys[1]}$`))
    const e = stub.errors.errors.get(Number(keys[1]))!
    await page.waitForSelector('.detail-list')
    t.equal(await page.textContent('.page-title'), e.description)
    const text = await page.textContent('.detail-list')
    for (const label of ['Error status', 'Error description', 'Error type', 'Error value', 'Error occurred', 'Customer', 'License (SLC)', 'Server', 'Location']) t.match(text, label)
    t.match(text, e.type)
    t.match(text, e.value)
    t.match(await page.textContent('.solution'), describeError(e.code).solution.split('\n')[0]!.slice(0, 40), 'the solution text')
    await page.click('.back-link')
    await page.waitForURL(/#\/errors$/)

    await page.waitForSelector(`tr[data-key="${keys[2]}"]`)
    await page.click(`tr[data-key="${keys[2]}"] td:nth-child(3)`)
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), keys[2], 'a click selects the row')
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`#/errors/${keys[2]}$`))
    await page.goBack()
    await page.waitForSelector(`tr[data-key="${keys[0]}"] a`)
    await page.focus(`tr[data-key="${keys[0]}"] a`)
    await page.keyboard.press('ArrowDown')
    t.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-key')), keys[1], '↓ moves to the next row\'s Details')
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`#/errors/${keys[1]}$`))
  })

  await t.test('the status is saved as soon as it is chosen; a closed error has no status to choose', async (t) => {
    const id = Number(/#\/errors\/(\d+)/.exec(page.url())![1])
    await page.waitForSelector('#error-status')
    const wanted = stub.errors.errors.get(id)!.status === 'new' ? 'being_fixed' : 'new'
    await page.focus('#error-status')
    await page.selectOption('#error-status', wanted)
    await page.waitForSelector('.notice[data-tone="ok"]')
    t.equal(await page.textContent('.notice'), `Status saved: ${wanted === 'new' ? 'New' : 'Being fixed'}.`)
    t.equal(stub.errors.errors.get(id)!.status, wanted, 'the collector has it')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'error-status', 'the focus stays on the select')
    t.equal(await page.getAttribute('label[for="error-status"]', 'for'), 'error-status', 'labelled')

    stub.errors.closeError(id)
    await page.waitForSelector('.detail-status .chip', { timeout: 1000 })
    t.equal(await page.textContent('.detail-status .chip'), 'Closed', 'the page follows the live event')
    t.equal(await page.locator('#error-status').count(), 0)
  })

  await t.test('related errors for this server: Ongoing and Closed tabs, by keyboard', async (t) => {
    const byServer = new Map<string, StubError[]>()
    for (const e of all()) byServer.set(e.serverId, [...(byServer.get(e.serverId) ?? []), e])
    const [serverId, list] = [...byServer].find(([, l]) => l.some((e) => e.status === 'closed') && l.filter((e) => e.status !== 'closed').length >= 2)!
    const ongoing = list.filter((e) => e.status !== 'closed')
    const closed = list.filter((e) => e.status === 'closed')
    const current = ongoing[0]!
    await page.goto(`${stub.url}/#/errors/${current.id}`)
    await page.waitForSelector('.related-card tbody tr[data-key]')
    t.equal(await page.textContent('.related-card .card-title'), 'Related errors for this server')
    t.equal(await page.getAttribute('[role=tab][data-tab="ongoing"]', 'aria-selected'), 'true')
    t.equal(await page.textContent('[role=tab][data-tab="ongoing"]'), `Ongoing (${ongoing.length})`)
    const panel = '.related-card [role=tabpanel]:not([hidden])'
    t.same((await rowKeys(page, panel)).sort(), ongoing.map((e) => String(e.id)).sort(), 'New, Being fixed and filtered errors of the server')
    t.match(await page.textContent(`${panel} tr.is-current`), 'This error')
    t.ok(stub.errors.queries.some((q) => q.get('serverId') === serverId && q.get('status') === 'filtered'), 'the filtered ones are asked for too')

    await page.focus('[role=tab][data-tab="ongoing"]')
    await page.keyboard.press('ArrowRight')
    t.equal(await page.getAttribute('[role=tab][data-tab="closed"]', 'aria-selected'), 'true', '→ selects Closed')
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-tab')), 'closed')
    await page.waitForFunction((n) => document.querySelectorAll('.related-card [role=tabpanel]:not([hidden]) tbody tr[data-key]').length === n, Math.min(10, closed.length))
    t.same((await rowKeys(page, panel)).sort(), closed.map((e) => String(e.id)).sort().slice(0, 10), 'the closed errors of the server')
    t.equal(await page.textContent('[role=tab][data-tab="closed"]'), `Closed (${closed.length})`)
    t.ok(await page.isHidden(`#${await page.getAttribute('[role=tab][data-tab="ongoing"]', 'aria-controls')}`), 'the other panel is hidden')
    await page.keyboard.press('Home')
    t.equal(await page.getAttribute('[role=tab][data-tab="ongoing"]', 'aria-selected'), 'true', 'Home goes back to Ongoing')

    // a new error of this server shows in Ongoing at once
    const e = stub.errors.addError({ serverId, code: 'service_unavailable' })
    await page.waitForSelector(`${panel} tr[data-key="${e.id}"]`, { timeout: 1500 })
    t.pass('live')
  })

  await t.test('no script errors and no CSP violations', async (t) => {
    await context.close()
    t.same(problems, [])
  })
}
