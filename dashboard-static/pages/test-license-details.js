/**
 * A test license's details (manual, "Manage test licenses", "Deactivate a test license"): Customer,
 * License description and License group(s) with their pencils, Product, the license expiration date and
 * the Expiration reminder (saved at once), activated device licenses and servers. Deactivate license asks
 * first; afterwards the orange bar says the license is no longer active and the details stay for reference.
 */
import { h, replaceChildren } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { customerChooser, detailField, editableField, icon, sentence } from '../lib/forms.js'
import { TEST_LICENSE_STATUS_LABELS, TEST_LICENSE_STATUS_TONES, UNSPECIFIED, daysUntil } from '../lib/registry.js'
import { allItems, registryApi } from '../lib/registry-api.js'
import { customerCell, editors, usage } from '../lib/registry-ui.js'
import { MONITORING_STATUS_LABELS, MONITORING_STATUS_TONES, labelOf } from '../lib/labels.js'
import { backLink, chip, confirmDialog, notice, pageHeader, takeFlash } from '../lib/ui.js'

export function mount (view, ctx) {
  const { fmt } = ctx
  const reg = registryApi(ctx.api)
  const id = ctx.pathParams.id
  const status = notice()
  const deactivate = h('button', { type: 'button', className: 'btn btn-danger-quiet', id: 'deactivate', hidden: true, on: { click: onDeactivate } }, 'Deactivate license')
  const header = pageHeader('Test license', deactivate)
  const heading = header.querySelector('.page-title')
  heading.id = 'tl-title'
  const bar = h('div', { className: 'attention-slot' })
  const body = h('div', { className: 'registry-sections' }, h('p', { className: 'muted' }, 'Loading the test license…'))
  view.append(h('section', { className: 'page page-registry-details page-test-license', attrs: { 'aria-labelledby': 'tl-title' } },
    backLink('#/test-licenses', 'Test licenses'), header, status.el, bar, body))
  const flash = takeFlash()
  if (flash) status.show(flash)

  let mounted = true
  let tl = null
  let choices = null
  let serversGrid = null
  const editables = []
  const fixedList = h('dl', { className: 'detail-list detail-list-3', id: 'test-license-fields' })

  async function ensureChoices () {
    if (!choices) {
      const [customers, groups] = await Promise.all([allItems(reg.customers), allItems(reg.groups)])
      choices = { customers, groups }
    }
    return choices
  }
  async function patch (changes, done) {
    tl = await reg.updateTestLicense(tl.id, changes)
    if (!mounted) return
    render()
    status.show(done)
  }

  async function load () {
    try {
      const next = await reg.testLicense(id)
      if (!mounted) return
      const first = tl === null
      tl = next
      if (first) build()
      render()
    } catch (err) {
      if (!mounted || err.status === 401) return
      replaceChildren(body, h('div', { className: 'card empty-card' },
        h('p', {}, err.status === 404 ? `There is no test license ${id}, or you may not see it.` : err.message),
        h('a', { className: 'btn', href: '#/test-licenses' }, 'Back to Test licenses')))
    }
  }

  function build () {
    const customerField = editableField({
      label: 'Customer',
      render: () => customerCell(tl.customer, tl.customerId),
      makeEditor: () => {
        const box = h('div', { className: 'customer-chooser' }, h('span', { className: 'muted small' }, 'Loading customers…'))
        let chooser = null
        ensureChoices().then((c) => {
          chooser = customerChooser({ customers: c.customers, value: tl.customerId, required: true })
          chooser.control.setAttribute('aria-label', 'Customer')
          box.replaceWith(chooser.el)
          chooser.control.focus()
        }, (err) => { box.textContent = sentence(err.message) })
        return { el: box, focus: () => {}, value: () => (chooser && !chooser.isEmpty() ? chooser.selection() : { customerId: tl.customerId }) }
      },
      save: (sel) => patch(sel, sel.customer ? `Customer added and set: ${sel.customer}.` : 'Customer saved.')
    })
    const descriptionField = editableField({
      label: 'License description',
      render: () => tl.description || h('span', { className: 'muted' }, 'No description'),
      makeEditor: () => editors.text(tl.description, { label: 'License description' }),
      save: (v) => patch({ description: v }, 'License description saved.')
    })
    const groupsField = editableField({
      label: 'License group(s)',
      render: () => tl.groups?.length ? tl.groups.map((g) => g.name).join(', ') : h('span', { className: 'muted' }, 'No group'),
      makeEditor: () => {
        const holder = h('div', {}, h('span', { className: 'muted small' }, 'Loading license groups…'))
        let ed = null
        ensureChoices().then((c) => {
          ed = editors.groups(c.groups, (tl.groups ?? []).map((g) => g.id))
          holder.replaceWith(ed.el)
          ed.focus()
        }, (err) => { holder.textContent = sentence(err.message) })
        return { el: holder, focus: () => {}, value: () => (ed ? ed.value() : (tl.groups ?? []).map((g) => g.id)) }
      },
      save: (ids) => patch({ groupIds: ids }, 'License groups saved.')
    })
    editables.push(customerField, descriptionField, groupsField)
    build.fields = { customerField, descriptionField, groupsField }
    const serversBox = h('div', {})
    replaceChildren(body,
      h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-details' } },
        h('h2', { className: 'card-title', id: 'sec-details' }, 'Test license details'), fixedList),
      h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-servers' } },
        h('h2', { className: 'card-title', id: 'sec-servers' }, 'Servers'), serversBox))
    serversGrid = createGrid(serversBox, {
      columns: [
        { key: 'name', label: 'Server name', className: 'strong' },
        { key: 'location', label: 'Location', text: (s) => s.location ?? '' },
        { key: 'description', label: 'Server description', text: (s) => s.description ?? '' },
        { key: 'monitoringStatus', label: 'Monitoring status', text: (s) => labelOf(MONITORING_STATUS_LABELS, s.monitoringStatus), render: (s) => chip(labelOf(MONITORING_STATUS_LABELS, s.monitoringStatus), MONITORING_STATUS_TONES[s.monitoringStatus]) },
        { key: 'devices', label: 'Activated device licenses', text: (s) => `${fmt.number(s.deviceLicenses?.onServer ?? 0)}${s.deviceLicenses?.total != null ? ` out of ${fmt.number(s.deviceLicenses.total)}` : ''}` }
      ],
      rowKey: (s) => s.id,
      caption: 'Servers of this test license',
      itemName: ['server', 'servers'],
      toolbar: false,
      emptyText: 'No servers use this test license yet.',
      defaultSort: { key: 'name', dir: 'asc' },
      pageSize: 10
    })
  }

  function reminderControl () {
    const box = h('input', {
      type: 'checkbox', id: 'expiration-reminder', checked: Boolean(tl.expirationReminder), attrs: { role: 'switch' },
      on: {
        change: async () => {
          const wanted = box.checked
          box.setAttribute('aria-busy', 'true')
          try {
            tl = await reg.updateTestLicense(tl.id, { expirationReminder: wanted })
            status.show(wanted ? 'Expiration reminder on: e-mails go out 100 and 20 days before the license expires.' : 'Expiration reminder off.')
          } catch (err) {
            if (err.status === 401) return
            box.checked = !wanted
            status.show(`Not saved: ${err.message}`, 'error')
          } finally { box.removeAttribute('aria-busy') }
        }
      }
    })
    return h('div', { className: 'detail-field' },
      h('dt', {}, h('label', { htmlFor: box.id }, 'Expiration reminder')),
      h('dd', {}, h('span', { className: 'switch' }, box, h('span', { className: 'muted small' }, 'E-mails 100 and 20 days before expiry'))))
  }

  function render () {
    const who = tl.customerId == null ? UNSPECIFIED : tl.customer
    heading.textContent = `${who} - Test license ${tl.slc}`
    document.title = `Test license ${tl.slc} · Vigil`
    deactivate.hidden = tl.status === 'inactive'
    replaceChildren(bar, tl.notice
      ? h('div', { className: 'attention-bar', id: 'tl-notice', attrs: { role: 'status' } }, icon('warn'), h('span', {}, sentence(tl.notice)))
      : null)
    for (const e of editables) e.refresh()
    const left = daysUntil(tl.expiresOn ? `${tl.expiresOn}T23:59:59Z` : null)
    const { customerField, descriptionField, groupsField } = build.fields
    replaceChildren(fixedList,
      customerField.el,
      detailField('Product', tl.productLabel),
      detailField('License (SLC)', tl.slc, { valueClass: 'mono' }),
      descriptionField.el,
      groupsField.el,
      detailField('Status', chip(TEST_LICENSE_STATUS_LABELS[tl.status] ?? tl.status, TEST_LICENSE_STATUS_TONES[tl.status])),
      detailField('Creation date', fmt.date(tl.createdAt)),
      detailField('License expiration date', h('span', {}, fmt.day(tl.expiresOn),
        tl.status !== 'inactive' && left !== null ? h('span', { className: 'muted small' }, ` (${left === 1 ? 'in 1 day' : `in ${left} days`})`) : null)),
      reminderControl(),
      detailField('Activated device licenses', usage(tl.deviceLicenses?.activated ?? 0, tl.deviceLicenses?.total ?? null, fmt)),
      tl.deactivatedAt ? detailField('Deactivated', fmt.dateTimeShort(tl.deactivatedAt)) : null)
    serversGrid?.setRows(tl.servers ?? [])
  }

  async function onDeactivate () {
    if (!tl) return
    const yes = await confirmDialog({
      title: 'Are you sure that you want to deactivate this test license?',
      body: [
        h('p', {}, 'The test license ', h('strong', { className: 'mono' }, tl.slc), ` (${tl.productLabel}) stops being active now, before its expiration date.`),
        h('p', { className: 'muted' }, 'It returns to your pool: one more test license becomes available. The details stay here for reference.')
      ],
      confirmLabel: 'Deactivate'
    })
    if (!yes || !mounted) return
    try {
      tl = await reg.deactivateTestLicense(tl.id)
      if (!mounted) return
      render()
      status.show('Test license deactivated. One more test license is available.')
      heading.focus()
    } catch (err) {
      if (err.status === 401) return
      status.show(`The test license was not deactivated: ${err.message}`, 'error')
      if (err.status === 409) void load()
    }
  }

  void load()
  return () => {
    mounted = false
    serversGrid?.destroy()
  }
}
