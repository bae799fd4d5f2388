import t from 'tap'
import { launchChromium } from './chromium.js'
import { STUB_PASSWORD, STUB_USER, demoServers, startStub } from './stub-api.js'
import { column, countIs, login, rowKeys, watch } from './page-helpers.js'
import { waitFor } from '../helpers/wait.js'

// The registry pages in Chromium against the stub API (stub-api.ts, stub-registry.ts), under the strict
// CSP: register a license with a new customer (two steps, "+ Add customer"), find it by search, sort and
// the Filter panel, put it in a license group with the picker, license details with its pencils and a
// server's location, the upgrade with its "I understand…" check box, the CSV import report, rename and
// remove the customer (its licenses show Unspecified), and the test licenses: pool counters, sort, filter,
// create, Create disabled at zero available, deactivate with the orange notice.

const browser = await launchChromium(t)
if (browser) {
  const stub = await startStub({ servers: demoServers(70) })
  t.teardown(async () => { await browser.close(); await stub.close() })
  const problems: string[] = []
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' })
  const page = watch(await context.newPage(), problems)
  const reg = stub.registry
  const SLC = 'M01-C09-321-45-6Z0001'
  const licenseBySlc = (slc: string) => [...reg.state.licenses.values()].find((l) => l.slc === slc)
  const lastQuery = (path: string): URLSearchParams => new URLSearchParams(reg.requests.filter((r) => r.method === 'GET' && r.path === path).at(-1)?.query ?? '')
  const dialog = '.dialog[open]'
  /** The page's notice once it says something (it is filled just after a dialog closes). */
  const noticeOf = async (scope: string): Promise<string | null> => {
    await page.waitForSelector(`${scope} > .notice:not(:empty)`)
    return await page.textContent(`${scope} > .notice`)
  }
  const openNav = async (href: string): Promise<void> => {
    await page.click(`.sidenav-link[href="${href}"]`)
    await page.waitForFunction((h) => document.querySelector('.sidenav-link[aria-current="page"]')?.getAttribute('href') === h, href)
  }

  await t.test('Register new license (SLC): the SLC and MAC first, then group, description and a new customer', async (t) => {
    await login(page, stub.url, STUB_USER.email, STUB_PASSWORD)
    await openNav('#/licenses')
    await page.waitForSelector('.page-licenses tbody tr[data-key]')
    t.same(await page.$$eval('.page-licenses thead th', (ths) => ths.map((th) => th.textContent)),
      ['License (SLC)', 'Product', 'Customer', 'Number of servers', 'Activated hardware devices', 'Milestone Care coverage', 'Details'], 'the manual\'s columns')

    await page.click('#register-license')
    await page.waitForSelector(dialog)
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Register new license (SLC)')
    t.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent), 'VMS license code (SLC) *', 'the SLC field has the focus')
    await page.locator(dialog).getByLabel('VMS license code (SLC)').fill('m01-c09-321-45-6z0001')
    await page.locator(dialog).getByLabel('MAC address of the server that was used for activation').fill('00:10:2A')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .field-error:not([hidden])`)
    t.match(await page.textContent(`${dialog} .field-error:not([hidden])`), /not a MAC address/, 'the MAC is checked before it is sent')
    t.match(await page.getAttribute('[aria-invalid="true"]', 'aria-describedby'), /-error$/, 'the message is wired to the field')

    await page.locator(dialog).getByLabel('MAC address of the server that was used for activation').fill('00-10-2a-3b-99-01')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .customer-chooser`)
    t.match(await page.textContent(`${dialog} .dialog-summary`), `License (SLC)${SLC}MAC address00:10:2A:3B:99:01`, 'step 2 shows what the collector made of them')
    t.ok(reg.requests.some((r) => r.path === '/api/v1/licenses/check'), 'Next asked the collector')

    await page.locator(dialog).getByLabel('License group').selectOption({ label: 'Main Group' })
    await page.locator(dialog).getByLabel('License description').fill('Harbour gate')
    await page.click(`${dialog} .btn-add`)
    t.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent), 'Add customer', '"+ Add customer" opens the name field')
    await page.keyboard.type('Northwind Traders')
    await page.keyboard.press('Enter')
    t.equal(await page.$eval(`${dialog} .customer-chooser select`, (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent), 'Northwind Traders (new)')
    await page.click(`${dialog} button:has-text("Register SLC")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await noticeOf('.page-licenses'), `License ${SLC} registered for Northwind Traders. View details`)

    const l = licenseBySlc(SLC)!
    t.ok(l, 'the collector has it')
    t.equal(reg.customerName(l.customerId), 'Northwind Traders', 'with the new customer')
    t.equal(l.description, 'Harbour gate')
    t.ok([...reg.state.groups.values()].find((g) => g.name === 'Main Group')!.licenseIds.includes(l.id), 'in the license group')

    // each account registers a license once: the collector's 409 shows at the SLC
    await page.click('#register-license')
    await page.locator(dialog).getByLabel('VMS license code (SLC)').fill(SLC)
    await page.locator(dialog).getByLabel('MAC address of the server that was used for activation').fill('00:10:2A:3B:99:01')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .field-error:not([hidden])`)
    t.match(await page.textContent(`${dialog} .field-error:not([hidden])`), /is already registered to this account/)
    t.match(await page.textContent(`${dialog} .form-message`), /already registered/)
    await page.keyboard.press('Escape')
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await page.evaluate(() => document.activeElement?.id), 'register-license', 'Esc closes it; the focus goes back')
  })

  await t.test('find it: search (SLC, customer, description), sort by keyboard, the Filter panel', async (t) => {
    const id = String(licenseBySlc(SLC)!.id)
    for (const q of ['northwind', 'Harbour gate', '6Z0001']) {
      await page.fill('.page-licenses input[type=search]', q)
      await waitFor(`the query q=${q}`, () => lastQuery('/api/v1/licenses').get('q') === q)
      await countIs(page, /^Showing 1–1 of 1 license$/)
      t.same(await rowKeys(page), [id], `"${q}" finds it`)
    }
    t.equal(lastQuery('/api/v1/licenses').get('q'), '6Z0001', 'the collector searches')
    t.same(await column(page, 3), ['Northwind Traders'])

    await page.click('.filter-toggle')
    t.equal(await page.getAttribute('.filter-toggle', 'aria-expanded'), 'true')
    t.same(await page.$$eval('.filter-panel select', (ss) => ss.map((s) => Array.from((s as HTMLSelectElement).options, (o) => o.textContent))), [
      ['Any', 'All active licenses', 'Obsolete licenses', 'Upgrade available'],
      ['Any', 'Upcoming renewal (60 days)', 'Milestone Care Plus expired'],
      ['All licenses', ...[...reg.state.groups.values()].map((g) => g.name).sort((a, b) => a.localeCompare(b))]
    ], 'Status, Care Plus status and License group, as the manual lists them')
    t.equal(await page.evaluate(() => document.activeElement?.id.endsWith('-f-status')), true, 'the panel opens on Status')
    await page.selectOption('select[id$="-f-status"]', 'active')
    await countIs(page, /of 1 license$/)
    t.equal(lastQuery('/api/v1/licenses').get('status'), 'active')
    await page.selectOption('select[id$="-f-status"]', 'obsolete')
    await countIs(page, /^No licenses match$/)
    await page.selectOption('select[id$="-f-status"]', '')
    await page.getByLabel('License group').selectOption({ label: 'Main Group' })
    await countIs(page, /of 1 license$/)
    t.equal(lastQuery('/api/v1/licenses').get('groupId'), String([...reg.state.groups.values()].find((g) => g.name === 'Main Group')!.id))
    await page.selectOption('select[id$="-f-care"]', 'expired')
    await countIs(page, /^No licenses match$/)
    t.equal(lastQuery('/api/v1/licenses').get('care'), 'expired')
    t.match(await page.textContent('.active-filters'), 'Filtered by Care Plus status: Milestone Care Plus expired · License group: Main Group')
    await page.click('.filter-panel button:has-text("OK")')
    t.ok(await page.isHidden('.filter-panel'), 'OK closes the panel')
    t.equal(await page.evaluate(() => document.activeElement?.classList.contains('filter-toggle')), true, 'and gives the focus back to Filter')
    t.equal(await page.getAttribute('.filter-toggle', 'aria-label'), 'Filter, 2 chosen')
    await page.click('.filter-toggle')
    await page.click('.filter-panel button:has-text("Reset")')
    await countIs(page, /of 1 license$/)
    t.equal(await page.getAttribute('.filter-toggle', 'aria-label'), 'Filter')

    // Upgrade available, all licenses: every row the collector says can be upgraded
    await page.fill('.page-licenses input[type=search]', '')
    await page.selectOption('select[id$="-f-status"]', 'upgrade_available')
    const upgradable = [...reg.state.licenses.values()].filter((l) => l.kind === 'standard' && reg.listItem(l).upgradeAvailable)
    await countIs(page, new RegExp(`of ${upgradable.length} licenses$`))
    await page.click('.filter-panel button:has-text("Reset")')
    await page.keyboard.press('Escape')

    const header = page.locator('.page-licenses th', { hasText: 'Customer' })
    await header.locator('button').focus()
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.querySelector('.page-licenses th[aria-sort]')?.textContent === 'Customer')
    t.equal(await header.getAttribute('aria-sort'), 'ascending', 'sorted by keyboard')
    await countIs(page, /^Showing 1–25 of/)
    t.equal(lastQuery('/api/v1/licenses').get('sort'), 'customer', 'the collector sorts')
    const customers = await column(page, 3)
    t.same(customers, [...customers].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })))
  })

  await t.test('put it in a new license group: the picker with the licenses included aside', async (t) => {
    await openNav('#/license-groups')
    await page.waitForSelector('.page-groups tbody tr[data-key]')
    t.same(await page.$$eval('.page-groups thead th', (ths) => ths.map((th) => th.textContent)), ['License group name', 'Group description', 'Number of licenses', 'Number of servers', 'Actions'])
    await page.click('#create-group')
    await page.waitForSelector(`${dialog} .picker tbody tr[data-key]`)
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Create license group')
    await page.locator(dialog).getByLabel('Name').fill('Northwind sites')
    await page.locator(dialog).getByLabel('Group description').fill('All of Northwind')
    await page.fill(`${dialog} input[type=search]`, 'northwind')
    await waitFor('the search', () => lastQuery('/api/v1/licenses').get('q') === 'northwind')
    await page.waitForFunction(() => document.querySelectorAll('.dialog[open] .picker tbody tr[data-key]').length === 1)
    await page.getByLabel(`Include ${SLC}`).check()
    t.same(await page.$$eval(`${dialog} .picked-list li span`, (ss) => ss.map((s) => s.textContent)), [SLC], 'shown aside')
    await page.fill(`${dialog} input[type=search]`, 'Aarhus')
    await waitFor('the search', () => lastQuery('/api/v1/licenses').get('q') === 'Aarhus')
    await page.waitForFunction(() => document.querySelectorAll('.dialog[open] .picker tbody tr[data-key]').length > 1)
    const other = (await page.$$eval(`${dialog} .picker tbody tr[data-key] td:nth-child(2)`, (tds) => tds.map((td) => td.textContent!)))[0]!
    await page.getByLabel(`Include ${other}`).check()
    t.equal(await page.textContent(`${dialog} .picker-aside h3`), 'Licenses included: 2')
    await page.click(`${dialog} button[aria-label="Remove ${other}"]`)
    t.equal(await page.textContent(`${dialog} .picker-aside h3`), 'Licenses included: 1', 'removed from the side')
    t.notOk(await page.getByLabel(`Include ${other}`).isChecked(), 'and unticked in the list')
    await page.click(`${dialog} button:has-text("Create")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await noticeOf('.page-groups'), 'License group created: Northwind sites, 1 license.')
    const g = [...reg.state.groups.values()].find((x) => x.name === 'Northwind sites')!
    t.same(g.licenseIds, [licenseBySlc(SLC)!.id], 'the collector has the group with the license')
    t.equal(g.description, 'All of Northwind')
    await page.waitForSelector(`.page-groups tr[data-key="${g.id}"]`)
    t.same((await page.textContent(`.page-groups tr[data-key="${g.id}"]`))?.includes('Northwind sitesAll of Northwind10'), true, 'listed with its counts')

    // Edit: the members are ticked; an empty name is refused at the field; Delete asks first
    await page.click(`.page-groups tr[data-key="${g.id}"] button:has-text("Edit")`)
    await page.waitForSelector(`${dialog} .picked-list li span`)
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Edit license group - Northwind sites')
    t.same(await page.$$eval(`${dialog} .picked-list li span`, (ss) => ss.map((s) => s.textContent)), [SLC])
    await page.locator(dialog).getByLabel('Name').fill('')
    await page.click(`${dialog} button:has-text("Save")`)
    t.equal(await page.textContent(`${dialog} .field-error:not([hidden])`), 'Name is required.')
    await page.keyboard.press('Escape')
    await page.waitForSelector(dialog, { state: 'detached' })

    // the Licenses page filtered by the group
    await page.click(`.page-groups tr[data-key="${g.id}"] a:has-text("Licenses")`)
    await page.waitForSelector('.page-licenses')
    await countIs(page, /^Showing 1–1 of 1 license$/)
    t.same(await rowKeys(page), [String(licenseBySlc(SLC)!.id)], '"Licenses" opens the list filtered by the group')
    await page.click('.filter-toggle')
    await page.click('.filter-panel button:has-text("Reset")')
  })

  await t.test('license details: every field of the manual, the pencils, a server\'s location', async (t) => {
    const l = [...reg.state.licenses.values()].find((x) => x.kind === 'standard' && x.extensions.length && x.company?.phone && x.aacLicenses)!
    await page.goto(`${stub.url}/#/licenses/${l.id}`)
    await page.waitForSelector('#license-fields')
    t.equal(await page.textContent('.page-title'), `${reg.customerName(l.customerId)} - License ${l.slc}`)
    t.same(await page.$$eval('#license-fields dt', (dts) => dts.map((d) => d.textContent)), [
      'Customer', 'Company name', 'Company phone', 'Company address', 'Product information', 'License description', 'License group(s)',
      'Milestone Care coverage', 'Upgrades', 'Advanced audio coding licenses', 'Activated device licenses', 'License status', 'Registered', 'MAC address used for activation'
    ], 'the manual\'s License details, then status, registration and MAC')
    t.match(await page.textContent('#license-fields'), /Care Basic - Never expires/)
    t.match(await page.textContent('#license-fields'), /This license: 2/)
    t.match(await page.textContent('#license-fields'), /\d+ out of \d+/, 'activated device licenses "N out of M"')
    t.same(await page.$$eval('#sec-servers + * thead th', (ths) => ths.map((th) => th.textContent)), ['Server name', 'Location', 'Server description', 'Monitoring status', 'Error state', 'Activated device licenses', 'Edit'])
    t.same(await page.$$eval('#sec-ext + * thead th', (ths) => ths.map((th) => th.textContent)), ['Product', 'Software License Code', 'Expiration date', 'Developed by'])
    t.match(await page.textContent('#sec-ext + *'), 'Unrestricted')
    t.same(await page.$$eval('#sec-act + * thead th', (ths) => ths.map((th) => th.textContent)), ['Date', 'MAC address', 'DLK description', 'Device name', 'Licenses used', 'Server'])

    // License description: pencil, type, Enter
    await page.click('button[aria-label="Edit license description"]')
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'License description')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Gate 4 cameras')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.page-license .notice[data-tone="ok"]')
    t.equal(l.description, 'Gate 4 cameras', 'saved')
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Edit license description', 'the focus goes back to the pencil')

    // a server's location: New location
    const server = [...reg.state.servers.values()].filter((s) => s.licenseId === l.id).sort((a, b) => a.name.localeCompare(b.name))[0]!
    await page.click(`button[aria-label="Edit location and description of ${server.name}"]`)
    await page.waitForSelector(dialog)
    await page.locator(dialog).getByLabel('Location', { exact: true }).selectOption({ label: 'New location…' })
    t.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent), 'New location name *')
    await page.keyboard.type('Loading dock')
    await page.locator(dialog).getByLabel('Server description').fill('Gate cameras')
    await page.click(`${dialog} button:has-text("Save")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    await page.waitForFunction((k) => document.querySelector(`tr[data-key="${k}"]`)?.textContent?.includes('Loading dock'), server.id)
    t.equal(reg.state.locations.get(server.locationId!)?.name, 'Loading dock', 'a new location')
    t.equal(stub.servers.get(server.id)!.location, 'Loading dock', 'Server status has it too')
    t.equal(server.description, 'Gate cameras')

    // the customer: pencil → choose Unspecified
    await page.click('button[aria-label="Edit customer"]')
    await page.waitForSelector('#license-fields .customer-chooser select')
    await page.selectOption('#license-fields .customer-chooser select', '')
    await page.click('#license-fields .inline-editor-actions button:has-text("Save")')
    await page.waitForFunction(() => document.querySelector('.page-title')?.textContent?.startsWith('Unspecified - License'))
    t.equal(l.customerId, null, 'the license is Unspecified')
  })

  await t.test('Upgrade license: the orange bar, "I understand…", the previous and the new SLC', async (t) => {
    const l = [...reg.state.licenses.values()].find((x) => x.kind === 'standard' && reg.listItem(x).upgradeAvailable && reg.state.servers.size && [...reg.state.servers.values()].some((s) => s.licenseId === x.id))!
    await page.goto(`${stub.url}/#/licenses/${l.id}`)
    await page.waitForSelector('.attention-bar')
    t.match(await page.textContent('.attention-bar'), /An upgrade to .* is available for this license/)
    await page.click('#upgrade-license')
    await page.waitForSelector(`${dialog} .upgrade-text`)
    t.equal(await page.textContent(`${dialog} .dialog-title`), `Upgrade license ${l.slc}`)
    t.ok(await page.isDisabled(`${dialog} button:has-text("Upgrade")`), 'Upgrade waits for the check box')
    await page.locator(dialog).getByLabel('I understand that once upgraded the current license (SLC) will be deactivated').check()
    await page.click(`${dialog} button:has-text("Upgrade")`)
    await page.waitForSelector(`${dialog} .dialog-summary`)
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'License upgraded')
    const next = reg.state.licenses.get(l.upgradedTo!)!
    t.match(await page.textContent(`${dialog} .dialog-summary`), `Previous license (SLC)${l.slc}New license (SLC)${next.slc}`)
    await page.click(`${dialog} button:has-text("Continue")`)
    await page.waitForURL(new RegExp(`#/licenses/${next.id}$`))
    await page.waitForSelector('#license-fields')
    t.match(await noticeOf('.page-license'), `License upgraded: ${l.slc} is now ${next.slc}`)
    t.match(await page.textContent('#license-fields'), `Upgraded from ${l.slc}`)
    t.ok([...reg.state.servers.values()].some((s) => s.licenseId === next.id), 'the servers moved to the new license')
    await page.click(`#license-fields a:has-text("${l.slc}")`)
    await page.waitForSelector('.page-license .notice[data-tone="info"]')
    t.match(await page.textContent('.page-license .notice[data-tone="info"]'), `This license has been upgraded to ${next.slc}`, 'the old one says it is obsolete')
  })

  await t.test('import licenses from a CSV file: a report per row', async (t) => {
    await openNav('#/licenses')
    await page.click('button:has-text("Import from file")')
    await page.waitForSelector(dialog)
    const csv = 'SLC;MAC;Customer;Description;Group\nM01-C09-321-45-6Z0002;00:10:2A:3B:99:02;Northwind Traders;Dock;Main Group\nBAD;00:10:2A:3B:99:03;;;\n'
    await page.setInputFiles(`${dialog} input[type=file]`, { name: 'licenses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.waitForFunction(() => /2 license rows/.test(document.querySelector('.dialog[open] .import-drop')?.textContent ?? ''))
    await page.click(`${dialog} button:has-text("Import")`)
    await page.waitForSelector(`${dialog} .report-table`)
    t.same(await page.$$eval(`${dialog} .report-table tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent))), [
      ['2', 'M01-C09-321-45-6Z0002', 'Imported', ''],
      ['3', 'BAD', 'Refused', '"BAD" is not a software license code (SLC); expected letters and digits like M01-C01-123-45-6A7890 or 7A1-2345-B678.']
    ])
    t.match(await page.textContent(`${dialog} .report-summary`), '1 imported1 refused')
    await page.click(`${dialog} button:has-text("Close")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await noticeOf('.page-licenses'), '1 license imported.')
    t.equal(reg.customerName(licenseBySlc('M01-C09-321-45-6Z0002')!.customerId), 'Northwind Traders')
  })

  await t.test('Customers: counts, rename, and Remove customer: its licenses show Unspecified', async (t) => {
    await openNav('#/customers')
    await page.waitForSelector('.page-customers tbody tr[data-key]')
    t.same(await page.$$eval('.page-customers thead th', (ths) => ths.map((th) => th.textContent)), ['Customer', 'Number of licenses', 'Number of servers', 'Activated hardware devices', 'Details'])
    await page.fill('.page-customers input[type=search]', 'northwind')
    await waitFor('the search', () => lastQuery('/api/v1/customers').get('q') === 'northwind')
    await countIs(page, /of 1 customer$/)
    t.same(await column(page, 2), ['2'], 'registered and imported')

    // Add customer: a duplicate name is refused at the field
    await page.click('#add-customer')
    await page.locator(dialog).getByLabel('Add customer').fill('northwind traders')
    await page.click(`${dialog} button:has-text("Save")`)
    await page.waitForSelector(`${dialog} .field-error:not([hidden])`)
    t.equal(await page.textContent(`${dialog} .field-error:not([hidden])`), 'A customer named "northwind traders" already exists.')
    await page.locator(dialog).getByLabel('Add customer').fill('Fourth Coffee')
    await page.click(`${dialog} button:has-text("Save")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    t.equal(await noticeOf('.page-customers'), 'Customer added: Fourth Coffee. View details')

    await page.click('.page-customers tbody tr[data-key] a:has-text("Details")')
    await page.waitForSelector('.page-customer tbody tr[data-key]')
    t.equal(await page.textContent('.page-title'), 'Northwind Traders')
    t.match(await page.textContent('.page-customer .page-stats'), '2 licenses')
    await page.click('#rename-customer')
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Edit customer - Northwind Traders')
    await page.locator(dialog).getByLabel('Edit customer').fill('Northwind Traders Ltd')
    await page.click(`${dialog} button:has-text("Save")`)
    await page.waitForFunction(() => document.querySelector('.page-title')?.textContent === 'Northwind Traders Ltd')
    t.ok([...stub.servers.values()].every((s) => s.customer !== 'Northwind Traders'), 'renamed')

    await page.click('#remove-customer')
    await page.waitForSelector(`${dialog} #removal-licenses`)
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Remove customer - Northwind Traders Ltd')
    const slc2 = 'M01-C09-321-45-6Z0002'
    t.same(await page.$$eval('#removal-licenses li', (lis) => lis.map((li) => li.textContent)), [SLC, slc2], 'the licenses that become Unspecified')
    t.match(await page.textContent(dialog), 'Do you want to continue?')
    t.equal(await page.evaluate(() => document.activeElement?.textContent), 'No', 'the safe answer has the focus')
    await page.click(`${dialog} button:has-text("Yes")`)
    await page.waitForURL(/#\/customers$/)
    t.equal(await noticeOf('.page-customers'), 'Customer removed: Northwind Traders Ltd. 2 licenses now show Unspecified.')
    t.notOk([...reg.state.customers.values()].some((c) => c.name.startsWith('Northwind')), 'gone')

    await openNav('#/licenses')
    await page.fill('.page-licenses input[type=search]', '6Z000')
    await waitFor('the search', () => lastQuery('/api/v1/licenses').get('q') === '6Z000')
    await countIs(page, /of 2 licenses$/)
    t.same(await column(page, 3), ['Unspecified', 'Unspecified'], 'its licenses show Unspecified')
    await page.fill('.page-licenses input[type=search]', '')
  })

  await t.test('Test licenses: counters, by expiration date, filter, create, disabled at zero, deactivate', async (t) => {
    await openNav('#/test-licenses')
    await page.waitForSelector('.page-test-licenses tbody tr[data-key]')
    const counters = async (): Promise<string[]> => await page.$$eval('.pool-item', (lis) => lis.map((li) => li.textContent!))
    let s = reg.summary()
    await page.waitForFunction(() => document.querySelector('.pool-number')?.textContent !== '–')
    t.same(await counters(), [`${s.available}Available`, `${s.active}Active`, `${s.aboutToExpire}About to expire`], 'Available / Active / About to expire')
    const tests = [...reg.state.licenses.values()].filter((l) => l.kind === 'test')
    t.same(await rowKeys(page), tests.sort((a, b) => a.expiresOn!.localeCompare(b.expiresOn!) || a.slc.localeCompare(b.slc)).map((l) => String(l.id)), 'sorted by expiration date')
    t.equal(await page.getAttribute('.page-test-licenses th:has-text("Expiration date")', 'aria-sort'), 'ascending')

    await page.selectOption('select[id$="-f-status"]', 'inactive')
    await countIs(page, /of 2 test licenses$/)
    t.same([...new Set(await column(page, 6))], ['Inactive'])
    await page.selectOption('select[id$="-f-status"]', 'about_to_expire')
    await countIs(page, /of 1 test license$/)
    await page.selectOption('select[id$="-f-status"]', '')
    await page.fill('.page-test-licenses input[type=search]', 'Aarhus')
    const aarhus = [...reg.state.licenses.values()].filter((l) => l.kind === 'test' && reg.customerName(l.customerId) === 'Aarhus Harbour').length
    await countIs(page, new RegExp(`^Showing 1–${aarhus} of ${aarhus} test licenses?$`))
    t.ok((await column(page, 2)).every((c) => c === 'Aarhus Harbour'), 'search by customer')
    await page.fill('.page-test-licenses input[type=search]', '')

    // create: product and version, then customer (new), then the confirmation
    await page.click('#create-test-license')
    await page.waitForSelector(`${dialog} select`)
    await page.locator(dialog).getByLabel('Product').selectOption('XProtect Expert')
    await page.locator(dialog).getByLabel('Version').selectOption('2023 R2')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector(`${dialog} .customer-chooser`)
    await page.click(`${dialog} button:has-text("Next")`)
    t.equal(await page.textContent(`${dialog} .form-message`), 'Choose a customer or add one.', 'a test license needs a customer')
    await page.click(`${dialog} .btn-add`)
    await page.keyboard.type('Demo Partner')
    await page.keyboard.press('Enter')
    await page.locator(dialog).getByLabel('License description').fill('Trade show')
    await page.click(`${dialog} button:has-text("Next")`)
    await page.waitForSelector('#created-slc')
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Test license successfully created')
    const made = [...reg.state.licenses.values()].find((l) => l.kind === 'test' && l.description === 'Trade show')!
    t.match(await page.textContent(dialog), `Your XProtect Expert 2023 R2 Test license ${made.slc} expires on`)
    t.match(await page.textContent(dialog), 'CustomerDemo Partner')
    await page.click(`${dialog} button:has-text("Close")`)
    await page.waitForSelector(dialog, { state: 'detached' })
    s = reg.summary()
    await page.waitForFunction((n) => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === String(n), s.available)
    t.pass(`one fewer available: ${s.available}`)

    // zero available: Create test license is disabled and says why
    reg.state.pool = Number(s.active)
    await page.reload()
    await page.waitForFunction(() => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === '0')
    t.ok(await page.isDisabled('#create-test-license'), 'Create test license is disabled at zero')
    t.ok(await page.isVisible('#create-hint'))
    t.equal(await page.textContent('#create-hint'), 'No test licenses are available. Deactivate a test license to create another.')

    // deactivate one: the confirmation, the orange notice, one more available
    await page.dblclick(`.page-test-licenses tr[data-key="${made.id}"] td:nth-child(2)`)
    await page.waitForSelector('#test-license-fields')
    t.equal(await page.textContent('.page-title'), `Demo Partner - Test license ${made.slc}`)
    await page.click('#deactivate')
    t.equal(await page.textContent(`${dialog} .dialog-title`), 'Are you sure that you want to deactivate this test license?')
    await page.click(`${dialog} button:has-text("Deactivate")`)
    await page.waitForSelector('#tl-notice')
    t.match(await page.textContent('#tl-notice'), /This test license was deactivated on \d{4}-\d\d-\d\d and is no longer active/)
    t.ok(await page.isHidden('#deactivate'), 'nothing more to deactivate')
    t.match(await page.textContent('#test-license-fields'), 'StatusInactive', 'the details stay for reference')
    await page.click('.back-link')
    await page.waitForFunction(() => document.querySelector('.pool-item[data-key="available"] .pool-number')?.textContent === '1')
    t.notOk(await page.isDisabled('#create-test-license'), 'one more available: Create is enabled again')
    t.ok(await page.isHidden('#create-hint'))
  })

  await t.test('no script errors and no CSP violations', async (t) => {
    await context.close()
    t.same(problems, [])
  })
}
