/**
 * Test licenses (manual, "Test licenses page", "Manage test licenses", "Create a test license"): the
 * counters Available / Active / About to expire, the test licenses sorted by Expiration date, Search
 * (customer, product, SLC), Filter by status (Active, Inactive, About to expire), and Create test license,
 * disabled when none is available. Creating: Product and Version, Next; Customer (or "+ Add customer"),
 * License group, License description and Expiration reminder, Next; then the confirmation with the new
 * SLC and its expiry. A row opens the test license's details.
 */
import { h, replaceChildren, uid } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { compositeField, customerChooser, fieldOfMessage, formField, openDialog, selectInput, sentence, textInput } from '../lib/forms.js'
import { loadChoices } from '../lib/license-dialogs.js'
import { TEST_LICENSE_FILTER, TEST_LICENSE_STATUS_LABELS, TEST_LICENSE_STATUS_TONES } from '../lib/registry.js'
import { gridQuery, registryApi } from '../lib/registry-api.js'
import { customerCell, detailsLink, showDone } from '../lib/registry-ui.js'
import { chip, listPage } from '../lib/ui.js'

export function columnsFor (fmt, settings = {}) {
  const pattern = typeof settings.dateFormat === 'string' && settings.dateFormat ? ` (${settings.dateFormat.toLowerCase()})` : ''
  return [
    { key: 'expiresOn', label: `Expiration date${pattern}`, className: 'nowrap num-like th-wrap', text: (t) => fmt.day(t.expiresOn) },
    { key: 'customer', label: 'Customer', render: (t) => customerCell(t.customer, t.customerId) },
    { key: 'product', label: 'Product', text: (t) => t.productLabel },
    { key: 'slc', label: 'License (SLC)', className: 'mono' },
    { key: 'createdAt', label: `Creation date${pattern}`, className: 'nowrap num-like th-wrap', text: (t) => fmt.date(t.createdAt) },
    {
      key: 'status', label: 'Status', sortable: false,
      text: (t) => TEST_LICENSE_STATUS_LABELS[t.status] ?? t.status,
      render: (t) => chip(TEST_LICENSE_STATUS_LABELS[t.status] ?? t.status, TEST_LICENSE_STATUS_TONES[t.status])
    },
    {
      key: 'details', label: 'Details', sortable: false, hideLabel: true, className: 'cell-action',
      render: (t) => detailsLink(`#/test-licenses/${encodeURIComponent(t.id)}`, `Details: ${t.slc}`)
    }
  ]
}

/** The three counters of the manual ("3 Available 12 Active 0 About to expire"). */
function poolCounters () {
  const make = (key, label) => {
    const number = h('strong', { className: 'pool-number' }, '–')
    const item = h('li', { className: 'pool-item', dataset: { key } }, number, h('span', { className: 'pool-label' }, label))
    return { item, number }
  }
  const available = make('available', 'Available')
  const active = make('active', 'Active')
  const soon = make('aboutToExpire', 'About to expire')
  const el = h('ul', { className: 'pool', attrs: { 'aria-label': 'Test licenses' } }, available.item, active.item, soon.item)
  return {
    el,
    show (s, fmt) {
      available.number.textContent = fmt.number(s.available ?? 0)
      active.number.textContent = fmt.number(s.active ?? 0)
      soon.number.textContent = fmt.number(s.aboutToExpire ?? 0)
      available.item.dataset.tone = s.available ? '' : 'empty'
      soon.item.dataset.tone = s.aboutToExpire ? 'warn' : ''
    }
  }
}

/**
 * Create test license, in the manual's steps. Resolves with the TestLicenseDetails made, or null.
 */
export function createTestLicenseDialog (ctx) {
  const reg = registryApi(ctx.api)
  const d = openDialog({ title: 'Create test license', lead: 'For demonstration and training. A test license expires 365 days after it is created.', size: 'md' })
  const message = h('p', { className: 'form-message', attrs: { role: 'alert' } })
  const showMessage = (text, tone = 'error') => { message.dataset.tone = tone; message.textContent = text ?? '' }
  const steps = (current) => h('ol', { className: 'dialog-steps', attrs: { 'aria-label': 'Steps' } },
    ['Product', 'Customer and details', 'Confirmation'].map((l, i) => h('li', { attrs: { 'aria-current': i === current ? 'step' : null } }, `${i + 1}. ${l}`)))
  let made = null
  let products = []
  const productSel = selectInput([])
  const versionSel = selectInput([])
  const fProduct = formField({ label: 'Product', control: productSel, required: true })
  const fVersion = formField({ label: 'Version', control: versionSel, required: true })
  const choices = loadChoices(reg)
  let chooser, groupSel, fDesc, reminder, fCustomer, fGroup

  function fillVersions () {
    const p = products.find((x) => x.name === productSel.value)
    replaceChildren(versionSel, (p?.versions ?? []).map((v) => h('option', { value: v.version }, v.version)))
  }
  productSel.addEventListener('change', fillVersions)

  function cancel () { return h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel') }

  function step1 () {
    const next = h('button', { type: 'submit', className: 'btn btn-primary' }, 'Next')
    const form = h('form', { className: 'dialog-form', noValidate: true, id: uid('tl-form'), on: { submit: (ev) => { ev.preventDefault(); void step2() } } },
      steps(0), fProduct.el, fVersion.el, message)
    next.setAttribute('form', form.id)
    replaceChildren(d.body, form)
    replaceChildren(d.actions, h('span', { className: 'form-actions-spacer' }), cancel(), next)
    productSel.focus()
  }

  async function step2 () {
    showMessage('')
    if (!productSel.value || !versionSel.value) { fProduct.setError('Choose the product and version.'); productSel.focus(); return }
    let c
    try { c = await choices } catch (err) { showMessage(sentence(err.message)); return }
    if (!chooser) {
      chooser = customerChooser({ customers: c.customers, required: true })
      fCustomer = compositeField({ label: 'Customer', chooser, required: true })
      groupSel = selectInput([{ value: '', label: '-' }, ...c.groups.map((g) => ({ value: g.id, label: g.name }))])
      fGroup = formField({ label: 'License group', control: groupSel, optional: true })
      fDesc = formField({ label: 'License description', control: textInput({ maxLength: 500, spellcheck: true }), optional: true })
      reminder = h('input', { type: 'checkbox', id: uid('reminder'), checked: true, attrs: { role: 'switch' } })
    }
    const reminderField = h('div', { className: 'field form-field' },
      h('span', { className: 'field-label', id: `${reminder.id}-label` }, 'Expiration reminder'),
      h('label', { className: 'switch', htmlFor: reminder.id }, reminder, h('span', {}, 'E-mail me 100 and 20 days before the test license expires')))
    const next = h('button', { type: 'submit', className: 'btn btn-primary' }, 'Next')
    const form = h('form', { className: 'dialog-form', noValidate: true, id: uid('tl-form'), on: { submit: (ev) => { ev.preventDefault(); void create(next) } } },
      steps(1),
      h('dl', { className: 'dialog-summary' }, h('dt', {}, 'Test license'), h('dd', {}, `${productSel.value} ${versionSel.value} Test`)),
      fCustomer.el, fGroup.el, fDesc.el, reminderField, message)
    next.setAttribute('form', form.id)
    replaceChildren(d.body, form)
    replaceChildren(d.actions, h('button', { type: 'button', className: 'btn btn-quiet', on: { click: () => { showMessage(''); step1() } } }, 'Back'), h('span', { className: 'form-actions-spacer' }), cancel(), next)
    chooser.control.focus()
  }

  async function create (btn) {
    showMessage('')
    fCustomer.setError(null)
    if (chooser.isEmpty()) {
      fCustomer.setError('Choose a customer or add one.')
      showMessage('Choose a customer or add one.')
      chooser.control.focus()
      return
    }
    const body = { product: productSel.value, version: versionSel.value, ...chooser.selection(), expirationReminder: reminder.checked }
    if (groupSel.value) body.groupIds = [Number(groupSel.value)]
    const description = fDesc.control.value.trim()
    if (description) body.description = description
    btn.disabled = true
    btn.textContent = 'Creating…'
    try {
      made = await reg.createTestLicense(body)
      confirmation()
    } catch (err) {
      if (err.status === 401) { d.close(); return }
      const key = fieldOfMessage(err.message, ['customer', 'customerId', 'groupIds', 'description', 'product', 'version'])
      if (key === 'customer' || key === 'customerId') fCustomer.setError(sentence(err.message))
      showMessage(sentence(err.message))
      btn.disabled = false
      btn.textContent = 'Next'
    }
  }

  function confirmation () {
    d.title.textContent = 'Test license successfully created'
    d.dialog.querySelector('.dialog-lead')?.remove()
    const close = h('button', { type: 'button', className: 'btn btn-primary', on: { click: () => d.close('done') } }, 'Close')
    replaceChildren(d.body, h('div', { className: 'dialog-form created-card', attrs: { role: 'status' } },
      steps(2),
      h('p', { className: 'created-ok' }, 'Information is saved'),
      h('p', { className: 'created-headline' }, `Your ${made.productLabel} license `, h('strong', { className: 'mono', id: 'created-slc' }, made.slc), ` expires on ${ctx.fmt.day(made.expiresOn)}.`),
      h('dl', { className: 'dialog-summary' },
        h('dt', {}, 'Customer'), h('dd', {}, made.customer),
        h('dt', {}, 'License group'), h('dd', {}, made.groups?.length ? made.groups.map((g) => g.name).join(', ') : '-'),
        h('dt', {}, 'License description'), h('dd', {}, made.description || '-'),
        h('dt', {}, 'Expiration reminder'), h('dd', {}, made.expirationReminder ? 'On' : 'Off'))))
    replaceChildren(d.actions, h('a', { className: 'btn', href: `#/test-licenses/${encodeURIComponent(made.id)}` }, 'View details'), h('span', { className: 'form-actions-spacer' }), close)
    close.focus()
  }

  d.body.append(h('p', { className: 'muted' }, 'Loading the products…'))
  reg.testLicenseProducts().then((body) => {
    products = Array.isArray(body?.items) ? body.items : []
    replaceChildren(productSel, h('option', { value: '' }, 'Select product'), products.map((p) => h('option', { value: p.name }, p.name)))
    if (products.length === 1) productSel.value = products[0].name
    fillVersions()
    step1()
  }, (err) => {
    if (err.status === 401) { d.close(); return }
    replaceChildren(d.body, message)
    showMessage(sentence(err.message))
  })

  return d.closed.then(() => made) // closed by Esc on the confirmation: it was created all the same
}

export function mount (view, ctx) {
  const { fmt } = ctx
  const reg = registryApi(ctx.api)
  const counters = poolCounters()
  const create = h('button', { type: 'button', className: 'btn btn-primary', id: 'create-test-license', disabled: true, on: { click: onCreate } }, 'Create test license')
  const createHint = h('p', { className: 'create-hint', id: 'create-hint', hidden: true }, 'No test licenses are available. Deactivate a test license to create another.')
  create.setAttribute('aria-describedby', createHint.id)
  const { page, status } = listPage(view, {
    id: 'tl-title', className: 'page-test-licenses', title: 'Test licenses',
    actions: [h('div', { className: 'page-actions page-actions-stack' }, create, createHint)],
    lead: 'For demonstration and training. Your account has a fixed number; a test license expires 365 days after it is created, and a deactivated one returns to the pool.',
    after: [counters.el]
  })
  let mounted = true

  const grid = createGrid(page, {
    columns: columnsFor(fmt, ctx.settings),
    rowKey: (t) => t.id,
    caption: 'Test licenses',
    itemName: ['test license', 'test licenses'],
    searchPlaceholder: 'Customer, product or license (SLC)',
    emptyText: 'No test licenses yet.',
    noMatchText: 'No test licenses match the search and filter.',
    filters: [{ key: 'status', label: 'Filter', allLabel: 'All statuses', options: TEST_LICENSE_FILTER }],
    defaultSort: { key: 'expiresOn', dir: 'asc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'test-licenses',
    rowClass: (t) => (t.status === 'inactive' ? 'is-obsolete' : ''),
    onActivate: (t) => ctx.navigate(`#/test-licenses/${encodeURIComponent(t.id)}`),
    fetchPage: (q, signal) => reg.testLicenses(gridQuery(q), signal)
  })
  grid.el.classList.add('registry-grid')

  async function loadPool () {
    try {
      const s = await reg.testLicensePool()
      if (!mounted) return
      counters.show(s, fmt)
      const none = !s.available
      create.disabled = none
      createHint.hidden = !none
    } catch (err) {
      if (mounted && err.status !== 401) status.show(`The counters could not be read: ${err.message}`, 'error')
    }
  }

  async function onCreate () {
    if (create.disabled) return
    const made = await createTestLicenseDialog(ctx)
    if (!mounted) return
    if (made) {
      showDone(status, `Test license created: ${made.slc} (${made.productLabel}), expires ${fmt.day(made.expiresOn)}.`,
        { href: `#/test-licenses/${encodeURIComponent(made.id)}`, label: 'View details' })
      void grid.reload()
    }
    await loadPool()
    if (create.disabled) grid.focusSearch()
  }

  void loadPool()
  return () => {
    mounted = false
    grid.destroy()
  }
}
