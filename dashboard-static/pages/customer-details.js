/**
 * A customer's details (manual, "Edit a customer", "Remove a customer", "View server locations and
 * licenses"): the name with its pencil (Edit customer → Save), the customer's licenses (SLCs) and its
 * servers with location, product, license, Care coverage and license group. Remove customer asks first,
 * listing the licenses that become Unspecified (they stay on the Licenses page). Register new license
 * (SLC) starts with this customer chosen.
 */
import { h, replaceChildren } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { formDialog, formField, icon, plural, textInput } from '../lib/forms.js'
import { registerLicenseDialog } from '../lib/license-dialogs.js'
import { CARE_COVERAGE_LABELS } from '../lib/registry.js'
import { gridQuery, registryApi } from '../lib/registry-api.js'
import { careChip, showDone } from '../lib/registry-ui.js'
import { backLink, chip, confirmDialog, notice, pageHeader, setFlash, takeFlash } from '../lib/ui.js'

export function mount (view, ctx) {
  const { fmt } = ctx
  const reg = registryApi(ctx.api)
  const id = ctx.pathParams.id
  const status = notice()
  const header = pageHeader('Customer')
  const heading = header.querySelector('.page-title')
  heading.id = 'customer-title'
  const rename = h('button', { type: 'button', className: 'btn-icon title-pencil', id: 'rename-customer', attrs: { 'aria-label': 'Edit customer name' }, on: { click: onRename } }, icon('pencil'))
  const titleRow = h('div', { className: 'page-title-row' })
  heading.before(titleRow)
  titleRow.append(heading, rename)
  const register = h('button', { type: 'button', className: 'btn', on: { click: onRegister } }, 'Register new license (SLC)')
  const remove = h('button', { type: 'button', className: 'btn btn-danger-quiet', id: 'remove-customer', on: { click: onRemove } }, 'Remove customer')
  header.querySelector('.page-header-right').append(register, remove)
  const stats = h('p', { className: 'page-stats' })
  const licensesBox = h('div', {})
  const serversBox = h('div', {})
  const body = h('div', { className: 'registry-sections' },
    h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-licenses' } },
      h('h2', { className: 'card-title', id: 'sec-licenses' }, 'Licenses (SLCs)'), licensesBox),
    h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-servers' } },
      h('h2', { className: 'card-title', id: 'sec-servers' }, 'Servers', h('span', { className: 'muted' }, 'the servers of this customer\'s licenses, where they are and how they are covered')), serversBox))
  const page = h('section', { className: 'page page-registry-details page-customer', attrs: { 'aria-labelledby': 'customer-title' } },
    backLink('#/customers', 'Customers'), header, status.el, stats, body)
  view.append(page)
  const flash = takeFlash()
  if (flash) status.show(flash)

  let mounted = true
  let customer = null

  const licensesGrid = createGrid(licensesBox, {
    columns: [
      { key: 'slc', label: 'License (SLC)', className: 'mono', render: (l) => h('a', { href: `#/${l.kind === 'test' ? 'test-licenses' : 'licenses'}/${encodeURIComponent(l.id)}`, dataset: { focus: 'open' } }, l.slc) },
      { key: 'productLabel', label: 'Product' },
      { key: 'careCoverage', label: 'Milestone Care coverage', text: (l) => CARE_COVERAGE_LABELS[l.careCoverage] ?? '', render: (l) => careChip(l.careCoverage) },
      { key: 'servers', label: 'Number of servers', numeric: true, text: (l) => fmt.number(l.servers ?? 0) },
      { key: 'status', label: 'Status', text: (l) => statusText(l), render: (l) => l.status === 'obsolete' ? chip(statusText(l), 'muted') : chip(statusText(l), 'ok') }
    ],
    rowKey: (l) => l.id,
    caption: 'Licenses of this customer',
    itemName: ['license', 'licenses'],
    toolbar: false,
    emptyText: 'This customer has no licenses. Register one, or choose this customer on a license\'s details.',
    defaultSort: { key: 'slc', dir: 'asc' },
    pageSize: 10,
    onActivate: (l) => ctx.navigate(l.kind === 'test' ? `#/test-licenses/${encodeURIComponent(l.id)}` : `#/licenses/${encodeURIComponent(l.id)}`)
  })
  const statusText = (l) => (l.kind === 'test' ? (l.status === 'obsolete' ? 'Inactive test license' : 'Test license') : l.status === 'obsolete' ? 'Obsolete' : 'Active')

  const serversGrid = createGrid(serversBox, {
    columns: [
      { key: 'location', label: 'Location', text: (s) => s.location ?? '', render: (s) => s.location ?? h('span', { className: 'muted' }, 'No location') },
      { key: 'server', label: 'Server', className: 'strong' },
      { key: 'product', label: 'Product' },
      { key: 'slc', label: 'License (SLC)', className: 'mono', render: (s) => h('a', { href: `#/licenses/${encodeURIComponent(s.licenseId)}`, dataset: { focus: 'license' } }, s.slc) },
      { key: 'careCoverage', label: 'Milestone Care coverage', text: (s) => CARE_COVERAGE_LABELS[s.careCoverage] ?? '', render: (s) => careChip(s.careCoverage) },
      { key: 'group', label: 'License group', text: (s) => (s.groups ?? []).map((g) => g.name).join(', '), render: (s) => s.groups?.length ? s.groups.map((g) => g.name).join(', ') : h('span', { className: 'muted' }, 'Ungrouped') }
    ],
    rowKey: (s) => s.serverId,
    caption: 'Servers of this customer',
    itemName: ['server', 'servers'],
    searchPlaceholder: 'Location, server, product, SLC, group',
    emptyText: 'No servers: this customer\'s licenses are not used in a VMS installation that Vigil knows of.',
    defaultSort: { key: 'server', dir: 'asc' },
    pageSize: 10,
    fetchPage: (q, signal) => reg.customerServers(id, gridQuery(q), signal)
  })

  async function load () {
    try {
      const next = await reg.customer(id)
      if (!mounted) return
      customer = next
      heading.textContent = customer.name
      document.title = `${customer.name} · Vigil`
      replaceChildren(stats,
        h('span', { className: 'stat' }, h('strong', {}, fmt.number(customer.licenses ?? 0)), customer.licenses === 1 ? ' license' : ' licenses'),
        h('span', { className: 'stat' }, h('strong', {}, fmt.number(customer.servers ?? 0)), customer.servers === 1 ? ' server' : ' servers'),
        h('span', { className: 'stat' }, h('strong', {}, fmt.number(customer.activatedDevices ?? 0)), ' activated hardware devices'))
      licensesGrid.setRows(customer.licenseList ?? [])
    } catch (err) {
      if (!mounted || err.status === 401) return
      if (customer === null) {
        rename.hidden = true; register.hidden = true; remove.hidden = true
        replaceChildren(body, h('div', { className: 'card empty-card' },
          h('p', {}, err.status === 404 ? `There is no customer ${id}, or you may not see it.` : err.message),
          h('a', { className: 'btn', href: '#/customers' }, 'Back to Customers')))
      } else status.show(`Could not refresh: ${err.message}`, 'error')
    }
  }

  async function onRename () {
    if (!customer) return
    let fName
    const saved = await formDialog({
      title: `Edit customer - ${customer.name}`,
      submitLabel: 'Save',
      build: () => {
        fName = formField({ label: 'Edit customer', control: textInput({ value: customer.name, maxLength: 200, spellcheck: true }), required: true })
        fName.control.select()
        return { content: fName.el, fields: { name: fName }, focus: fName.control }
      },
      validate: () => (fName.control.value.trim() ? {} : { name: 'Enter the customer\'s name' }),
      submit: () => reg.renameCustomer(customer.id, fName.control.value.trim())
    })
    if (!saved || !mounted) return
    status.show(`Customer renamed: ${saved.name}.`)
    await load()
    void serversGrid.reload()
  }

  async function onRemove () {
    if (!customer) return
    let preview
    try { preview = await reg.customerRemoval(customer.id) } catch (err) { if (err.status !== 401) status.show(err.message, 'error'); return }
    if (!mounted) return
    const licenses = preview.licenses ?? []
    const extra = []
    if (preview.errorFilters) extra.push(`${plural(preview.errorFilters, 'error filter')} that name this customer ${preview.errorFilters === 1 ? 'is' : 'are'} deleted, so the errors ${preview.errorFilters === 1 ? 'it hid show' : 'they hid show'} again.`)
    if (preview.tokens) extra.push(`${plural(preview.tokens, 'enrollment or NOC token')} of this customer ${preview.tokens === 1 ? 'is' : 'are'} revoked.`)
    const yes = await confirmDialog({
      title: `Remove customer - ${customer.name}`,
      body: [
        licenses.length
          ? [h('p', {}, 'When you remove this customer, you also remove the association to the following licenses. The individual licenses are still available on the Licenses page, as Unspecified.'),
              h('ul', { className: 'dialog-list mono', id: 'removal-licenses' }, licenses.map((l) => h('li', {}, l.slc)))]
          : h('p', {}, 'This customer has no licenses.'),
        extra.map((t) => h('p', { className: 'muted' }, t)),
        h('p', {}, 'Do you want to continue?')
      ],
      confirmLabel: 'Yes',
      cancelLabel: 'No'
    })
    if (!yes || !mounted) return
    try {
      await reg.removeCustomer(customer.id)
      setFlash(`Customer removed: ${customer.name}.${licenses.length ? ` ${plural(licenses.length, 'license')} now ${licenses.length === 1 ? 'shows' : 'show'} Unspecified.` : ''}`)
      ctx.navigate('#/customers')
    } catch (err) {
      if (err.status !== 401) status.show(`The customer was not removed: ${err.message}`, 'error')
    }
  }

  async function onRegister () {
    const license = await registerLicenseDialog(ctx, { customerId: customer?.id ?? null })
    if (!license || !mounted) return
    showDone(status, `License ${license.slc} registered${license.customerId != null ? ` for ${license.customer}` : ' (customer Unspecified)'}.`,
      { href: `#/licenses/${encodeURIComponent(license.id)}`, label: 'View details' })
    await load()
    void serversGrid.reload()
  }

  void load()
  return () => {
    mounted = false
    licensesGrid.destroy()
    serversGrid.destroy()
  }
}
