import t from 'tap'
import { launchChromium } from './chromium.js'
import { STUB_PASSWORD, STUB_USER, demoFleet, startStub } from './stub-api.js'
import { ACTIONS, HttpError, type StubFilter } from './stub-errors.js'
import { column, countIs, login, rowKeys, watch } from './page-helpers.js'
import { importStatic } from './static-modules.js'

// Manage error filters and the filter form in Chromium against the stub API, under the strict CSP: the
// list (newest first, search, paging), Delete with its confirmation, the form's cascade (customer →
// license → server), the derived filter action, the required-field messages (ours and the collector's),
// the expiration date from the duration, a filter made from an error, and editing.

const { createFormatter } = await importStatic<{ createFormatter (s: Record<string, unknown>): { dateTimeShort (v: unknown): string } }>('lib/format.js')
const fmt = createFormatter(STUB_USER.settings)

interface Choices { customers: Array<{ id: number, name: string, licenses: Array<{ id: number, slc: string, servers: Array<{ id: string, name: string }> }> }> }

const browser = await launchChromium(t)
if (browser) {
  const stub = await startStub({ ...demoFleet() })
  t.teardown(async () => { await browser.close(); await stub.close() })
  const problems: string[] = []
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' })
  const page = watch(await context.newPage(), problems)
  const filters = (): StubFilter[] => [...stub.errors.filters.values()]
  const newestFirst = (list: StubFilter[]): string[] => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id).map((f) => String(f.id))
  const choices = (): Choices => stub.errors.handle('GET', new URL('http://stub/api/v1/error-filters/choices'), null)!.body as Choices
  const optionTexts = (sel: string): Promise<string[]> => page.$$eval(`${sel} option`, (os) => os.map((o) => o.textContent ?? ''))
  /** The notice the next page shows (waits for that page: the old one may still be on screen). */
  const notice = async (re: RegExp): Promise<string> => {
    await page.waitForFunction((src) => Array.from(document.querySelectorAll('.notice')).some((n) => new RegExp(src).test(n.textContent ?? '')), re.source, { timeout: 3000 })
    return (await page.$$eval('.notice', (ns) => ns.map((n) => n.textContent ?? ''))).find((x) => re.test(x))!
  }
  const fieldError = (id: string): Promise<string | null> => page.textContent(`#${id}-error:not([hidden])`, { timeout: 1000 }).catch(() => null)

  await t.test('Manage error filters: newest first, search, paging', async (t) => {
    await login(page, stub.url, STUB_USER.email, STUB_PASSWORD)
    await page.goto(`${stub.url}/#/errors`)
    await page.click('a:has-text("Manage error filters")')
    await page.waitForURL(/#\/error-filters$/)
    await page.waitForSelector('.page-filters .grid-table tbody tr[data-key]')
    t.equal(await page.getAttribute('.sidenav-link[aria-current="page"]', 'href'), '#/errors', 'under Errors in the menu')
    t.same(await page.$$eval('.grid-table thead th', (ths) => ths.map((th) => th.textContent)), ['Created (dd/mm/yyyy)', 'Duration', 'Error description', 'Customer', 'Server', 'Actions'])
    const all = filters()
    t.ok(all.length > 10, `${all.length} filters`)
    await countIs(page, new RegExp(`Showing 1–${Math.min(25, all.length)} of ${all.length} error filters`))
    t.same(await rowKeys(page), newestFirst(all).slice(0, 25), 'newest first')
    t.equal(await page.getAttribute('th:has-text("Created")', 'aria-sort'), 'descending')
    const expired = all.find((f) => !f.active)!
    t.match(await page.textContent(`tr[data-key="${expired.id}"] td:nth-child(2)`), /Expired/, 'an expired filter says so')
    const forever = all.find((f) => f.duration === 'forever')!
    t.equal(await page.textContent(`tr[data-key="${forever.id}"] td:nth-child(2)`), 'Forever')
    t.equal(await page.textContent(`tr[data-key="${forever.id}"] td:nth-child(3)`), forever.description)

    const customer = all[0]!.customer
    await page.fill('input[type=search]', customer)
    await countIs(page, new RegExp(`of ${all.filter((f) => f.customer === customer).length} error filters?$`))
    t.same([...new Set(await column(page, 4))], [customer], 'search by customer')
    await page.fill('input[type=search]', '')
    await page.selectOption('select[id$="-size"]', '10')
    await countIs(page, /Showing 1–10 of/)
    await page.click('.pager-btn[data-page="next"]')
    await countIs(page, /Showing 11–/)
    t.same(await rowKeys(page), newestFirst(all).slice(10, 20), 'page 2')
    await page.click('.pager-btn[data-page="prev"]')
    await countIs(page, /Showing 1–10 of/)
  })

  await t.test('Delete asks first: Cancel (or Esc) keeps the filter, Delete filter removes it for good', async (t) => {
    const target = filters().find((f) => f.active && f.code !== null && [...stub.errors.errors.values()].some((e) => e.status === 'filtered' && e.serverId === f.serverId && e.code === f.code))!
    const hidden = [...stub.errors.errors.values()].filter((e) => e.status === 'filtered' && e.serverId === target.serverId && e.code === target.code)
    await page.fill('input[type=search]', target.server)
    await page.waitForSelector(`tr[data-key="${target.id}"]`)
    await page.click(`tr[data-key="${target.id}"] button:has-text("Delete")`)
    await page.waitForSelector('dialog[open]')
    t.equal(await page.textContent('dialog[open] .dialog-title'), 'Delete error filter?')
    t.match(await page.textContent('dialog[open] .dialog-body'), /cannot be restored/)
    t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'the safe answer has the focus')
    await page.keyboard.press('Escape')
    await page.waitForSelector('dialog', { state: 'detached' })
    t.ok(stub.errors.filters.has(target.id), 'Esc: still there')
    t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Delete', 'the focus is back on Delete')
    await page.click(`tr[data-key="${target.id}"] button:has-text("Delete")`)
    await page.click('dialog[open] button:has-text("Cancel")')
    t.ok(stub.errors.filters.has(target.id), 'Cancel: still there')
    await page.click(`tr[data-key="${target.id}"] button:has-text("Delete")`)
    await page.click('dialog[open] button:has-text("Delete filter")')
    await page.waitForSelector(`tr[data-key="${target.id}"]`, { state: 'detached' })
    t.notOk(stub.errors.filters.has(target.id), 'deleted')
    t.match(await notice(/^Error filter deleted: /), /^Error filter deleted: /)
    t.ok(hidden.every((e) => e.status !== 'filtered'), 'the errors it hid are back')
    await page.fill('input[type=search]', '')
    await countIs(page, new RegExp(`of ${filters().length} error filters`))
    const other = (await rowKeys(page))[0]!
    await page.click(`tr[data-key="${other}"] button:has-text("Delete")`)
    await page.waitForSelector('dialog[open]')
    await page.goBack()
    await page.waitForSelector('dialog', { state: 'detached' })
    t.ok(stub.errors.filters.has(Number(other)), 'leaving the page answers no: the dialog never outlives its page')
    await page.goForward()
    await page.waitForSelector('.grid-table tbody tr[data-key]')
  })

  await t.test('Create filter: the cascade, the derived action, the required fields, the expiration date', async (t) => {
    const opened = Date.now() // the form's creation date is when it opened
    await page.click('a:has-text("Create filter")')
    await page.waitForURL(/#\/error-filters\/new$/)
    await page.waitForSelector('#filter-customer')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'filter-customer', 'starts at Customer')
    t.ok(await page.isDisabled('#filter-license'), 'License waits for a customer')
    t.ok(await page.isDisabled('#filter-server'), 'Server waits for a license')
    t.equal(await page.inputValue('#filter-value'), 'Not applicable')
    t.equal(await page.inputValue('#filter-action'), 'Ignore all errors from this server', 'All errors → ignore all errors from this server')
    t.ok(await page.$eval('#filter-action', (el) => (el as HTMLInputElement).readOnly), 'not editable')
    t.equal(await page.inputValue('#filter-duration'), 'forever')
    t.equal(await page.inputValue('#filter-expires'), 'No expiration date')
    t.match(await page.textContent('#filter-threshold-hint'), 'Defines the minimum period that an error must exist, before it appears in the error list')
    t.match(await page.getAttribute('#filter-threshold', 'aria-describedby'), 'filter-threshold-hint')
    for (const id of ['customer', 'license', 'server', 'description', 'value', 'action', 'duration', 'created', 'expires', 'threshold']) {
      t.equal(await page.locator(`label[for="filter-${id}"]`).count(), 1, `${id} has a label`)
    }

    // Save with nothing chosen: the collector's three messages, next to their fields
    await page.click('button:has-text("Save")')
    t.equal(await fieldError('filter-customer'), 'Customer is required')
    t.equal(await fieldError('filter-license'), 'License is required')
    t.equal(await fieldError('filter-server'), 'Server is required')
    t.equal(await page.getAttribute('#filter-customer', 'aria-invalid'), 'true')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'filter-customer', 'the first one has the focus')
    t.equal(filters().length, stub.errors.filters.size, 'nothing was sent')

    const ch = choices().customers
    const [c1, c2] = [ch.find((c) => c.licenses.length >= 2)!, ch.find((c) => c.licenses.length >= 1 && c.licenses.some((l) => l.servers.length >= 2))!]
    await page.selectOption('#filter-customer', String(c1.id))
    t.equal(await fieldError('filter-customer'), null, 'the message goes once a customer is chosen')
    t.notOk(await page.isDisabled('#filter-license'))
    t.same(await optionTexts('#filter-license'), ['Select license (SLC)', ...c1.licenses.map((l) => l.slc)], 'the customer\'s licenses')
    await page.selectOption('#filter-license', String(c1.licenses[1]!.id))
    t.same(await optionTexts('#filter-server'), ['Select server', ...c1.licenses[1]!.servers.map((s) => s.name)], 'the license\'s servers')
    await page.selectOption('#filter-customer', String(c2.id))
    t.equal(await page.inputValue('#filter-license'), '', 'another customer: the license starts over')
    t.ok(await page.isDisabled('#filter-server'))
    const license = c2.licenses.find((l) => l.servers.length >= 2)!
    await page.selectOption('#filter-license', String(license.id))
    await page.selectOption('#filter-server', license.servers[1]!.id)

    await page.selectOption('#filter-description', 'cpu_usage_is_high')
    t.equal(await page.inputValue('#filter-action'), 'Ignore a specific error for the entire server', 'one description → that error for the server')
    await page.selectOption('#filter-description', '')
    t.equal(await page.inputValue('#filter-action'), 'Ignore all errors from this server')
    await page.selectOption('#filter-description', 'cpu_usage_is_high')

    await page.selectOption('#filter-duration', '7d')
    const expires = await page.inputValue('#filter-expires')
    const minutes = (offset: number): string[] => { const out = []; for (let n = opened; n <= Date.now() + 60e3; n += 30e3) out.push(fmt.dateTimeShort(n + offset)); return out }
    t.ok(minutes(7 * 86400e3).includes(expires), `7 days from the creation date: ${expires}`)
    t.ok(minutes(0).includes(await page.inputValue('#filter-created')), 'created: now')
    await page.selectOption('#filter-duration', 'forever')
    t.equal(await page.inputValue('#filter-expires'), 'No expiration date')
    await page.selectOption('#filter-duration', '30d')
    await page.selectOption('#filter-threshold', '900')

    await page.click('button:has-text("Save")')
    await page.waitForURL(/#\/error-filters$/)
    const created = filters().find((f) => f.serverId === license.servers[1]!.id && f.code === 'cpu_usage_is_high' && f.duration === '30d')
    t.ok(created, 'created')
    t.same({ action: created?.action, customerId: created?.customerId, licenseId: created?.licenseId, thresholdS: created?.thresholdS },
      { action: 'ignore_error_on_server', customerId: c2.id, licenseId: license.id, thresholdS: 900 }, 'with the ids as /choices gave them')
    await page.waitForSelector(`tr[data-key="${created!.id}"]`)
    t.equal((await rowKeys(page))[0], String(created!.id), 'at the top of Manage error filters')
    t.equal(await notice(/^Error filter created: /), `Error filter created: CPU usage is high, ${license.servers[1]!.name}.`)
  })

  await t.test('the collector\'s own message is shown next to its field', async (t) => {
    await page.goto(`${stub.url}/#/error-filters/new`)
    await page.waitForSelector('#filter-customer')
    const c = choices().customers[0]!
    await page.selectOption('#filter-customer', String(c.id))
    await page.selectOption('#filter-license', String(c.licenses[0]!.id))
    await page.selectOption('#filter-server', c.licenses[0]!.servers[0]!.id)
    stub.errors.failNext = new HttpError(400, 'validation', 'license: not a license of this customer')
    await page.click('button:has-text("Save")')
    await page.waitForSelector('#filter-license-error:not([hidden])')
    t.equal(await fieldError('filter-license'), 'License: not a license of this customer')
    t.equal(await page.textContent('#filter-message'), 'License: not a license of this customer')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'filter-license')
    t.match(page.url(), /#\/error-filters\/new$/, 'still on the form')
  })

  await t.test('from an error: the actions of its level; description and value follow the action; saved, the error is filtered', async (t) => {
    const error = [...stub.errors.errors.values()].find((e) => e.level === 'Device' && (e.status === 'new' || e.status === 'being_fixed') && !e.obsolete && !e.inactive)!
    await page.goto(`${stub.url}/#/errors/${error.id}`)
    await page.click('#create-filter')
    await page.waitForURL(new RegExp(`#/error-filters/new\\?errorId=${error.id}$`))
    await page.waitForSelector('#filter-action')
    t.equal(await page.textContent('.page-title'), 'Create filter from an error')
    t.equal(await page.inputValue('#filter-customer'), error.customer, 'the error\'s customer')
    t.equal(await page.inputValue('#filter-license'), error.slc)
    t.equal(await page.inputValue('#filter-server'), error.server)
    t.same(await optionTexts('#filter-action'), ACTIONS.filter((a) => a.levels.includes('Device')).map((a) => a.label), 'the actions for a device error')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'filter-action', 'starts at the action')

    await page.selectOption('#filter-action', 'ignore_all_from_device')
    t.equal(await page.inputValue('#filter-description'), 'All errors')
    t.equal(await page.inputValue('#filter-value'), error.value, 'the device')
    await page.selectOption('#filter-action', 'ignore_error_on_server')
    t.equal(await page.inputValue('#filter-description'), error.description)
    t.equal(await page.inputValue('#filter-value'), 'Not applicable')
    await page.selectOption('#filter-action', 'ignore_error_from_device')
    t.equal(await page.inputValue('#filter-description'), error.description)
    t.equal(await page.inputValue('#filter-value'), error.value)

    await page.click('button:has-text("Save")')
    await page.waitForURL(new RegExp(`#/errors/${error.id}$`))
    await page.waitForSelector('.detail-status .chip')
    t.equal(await page.textContent('.detail-status .chip'), 'Filtered', 'the error is hidden by the filter')
    t.match(await notice(/^Error filter created: /), /^Error filter created: /)
    const f = filters().find((x) => x.serverId === error.serverId && x.value === error.value && x.action === 'ignore_error_from_device')
    t.ok(f, 'the filter has the error\'s value')
    t.equal(await page.getAttribute('.detail-status a', 'href'), `#/error-filters/${f!.id}/edit`, 'a link to the filter')

    const system = [...stub.errors.errors.values()].find((e) => e.level === 'System' && e.status === 'new')!
    await page.goto(`${stub.url}/#/error-filters/new?errorId=${system.id}`)
    await page.waitForSelector('#filter-action')
    t.same(await optionTexts('#filter-action'), ACTIONS.filter((a) => a.levels.includes('System')).map((a) => a.label), 'the actions for a system error')
    await page.click('a:has-text("Cancel")')
    await page.waitForURL(new RegExp(`#/errors/${system.id}$`))
  })

  await t.test('edit: the duration gives the expiration date from the creation date; Delete filter', async (t) => {
    const target = filters().find((f) => f.active && f.value === null && f.code !== null)!
    await page.goto(`${stub.url}/#/error-filters`)
    await page.waitForSelector('.page-filters .grid-table')
    await page.fill('input[type=search]', target.server)
    await page.waitForSelector(`tr[data-key="${target.id}"]`)
    await page.click(`tr[data-key="${target.id}"] a:has-text("Edit")`)
    await page.waitForURL(new RegExp(`#/error-filters/${target.id}/edit$`))
    await page.waitForSelector('#filter-duration')
    t.equal(await page.textContent('.page-title'), `Edit filter - ${target.description}`, 'the manual\'s title')
    t.equal(await page.inputValue('#filter-customer'), target.customer, 'customer, license and server stay')
    t.equal(await page.inputValue('#filter-created'), fmt.dateTimeShort(target.createdAt))
    await page.selectOption('#filter-duration', '90d')
    const expected = fmt.dateTimeShort(Date.parse(target.createdAt) + 90 * 86400e3)
    t.equal(await page.inputValue('#filter-expires'), expected, 'creation date + 90 days')
    await page.click('button:has-text("Save")')
    await page.waitForURL(/#\/error-filters$/)
    t.equal(stub.errors.filters.get(target.id)!.duration, '90d', 'saved')
    t.equal(fmt.dateTimeShort(stub.errors.filters.get(target.id)!.expiresAt), expected, 'the collector agrees on the date')
    t.match(await notice(/^Error filter saved: /), /^Error filter saved: /)

    await page.goto(`${stub.url}/#/error-filters/${target.id}/edit`)
    await page.click('button:has-text("Delete filter")')
    await page.click('dialog[open] button:has-text("Delete filter")')
    await page.waitForURL(/#\/error-filters$/)
    t.notOk(stub.errors.filters.has(target.id), 'gone for good')
    t.match(await notice(/^Error filter deleted: /), /^Error filter deleted: /)
  })

  await t.test('no script errors and no CSP violations', async (t) => {
    await context.close()
    t.same(problems, [])
  })
}
