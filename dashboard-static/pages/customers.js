/**
 * Customers (manual, "Customers page", "Add a customer"): the customers, with their Number of licenses,
 * Number of servers and Activated hardware devices; search and sort by the collector
 * (GET /api/v1/customers). Add customer (a name, Save) and Register new license (SLC). A row opens the
 * customer's details (double-click, Enter, or its Details link).
 */
import { h } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { formDialog, formField, textInput } from '../lib/forms.js'
import { registerLicenseDialog } from '../lib/license-dialogs.js'
import { gridQuery, registryApi } from '../lib/registry-api.js'
import { detailsLink, showDone } from '../lib/registry-ui.js'
import { listPage } from '../lib/ui.js'

export function columnsFor (fmt) {
  return [
    { key: 'name', label: 'Customer', className: 'strong cell-wide' },
    { key: 'licenses', label: 'Number of licenses', numeric: true, text: (c) => fmt.number(c.licenses ?? 0) },
    { key: 'servers', label: 'Number of servers', numeric: true, text: (c) => fmt.number(c.servers ?? 0) },
    { key: 'activatedDevices', label: 'Activated hardware devices', numeric: true, text: (c) => fmt.number(c.activatedDevices ?? 0) },
    {
      key: 'details', label: 'Details', sortable: false, hideLabel: true, className: 'cell-action',
      render: (c) => detailsLink(`#/customers/${encodeURIComponent(c.id)}`, `Details: ${c.name}`)
    }
  ]
}

/** Add customer: one name, Save. Resolves with the new customer, or null. */
export function addCustomerDialog (ctx) {
  const reg = registryApi(ctx.api)
  let fName
  return formDialog({
    title: 'Add customer',
    lead: 'Create a customer to associate it with your licenses.',
    submitLabel: 'Save',
    build: () => {
      fName = formField({ label: 'Add customer', control: textInput({ maxLength: 200, spellcheck: true, placeholder: 'Customer name' }), required: true })
      return { content: fName.el, fields: { name: fName }, focus: fName.control }
    },
    validate: () => (fName.control.value.trim() ? {} : { name: 'Enter the customer\'s name' }),
    submit: () => reg.addCustomer(fName.control.value.trim())
  })
}

export function mount (view, ctx) {
  const add = h('button', { type: 'button', className: 'btn', id: 'add-customer', on: { click: onAdd } }, 'Add customer')
  const register = h('button', { type: 'button', className: 'btn btn-primary', id: 'register-license', on: { click: onRegister } }, 'Register new license (SLC)')
  const { page, status } = listPage(view, {
    id: 'customers-title', className: 'page-customers', title: 'Customers',
    actions: [h('div', { className: 'page-actions' }, add, register)],
    lead: 'The customers you created, and how your licenses, servers and devices are distributed among them.'
  })
  let mounted = true
  const reg = registryApi(ctx.api)

  const grid = createGrid(page, {
    columns: columnsFor(ctx.fmt),
    rowKey: (c) => c.id,
    caption: 'Customers',
    itemName: ['customer', 'customers'],
    searchPlaceholder: 'Customer name',
    emptyText: 'No customers yet. Add one, or register a license with a new customer.',
    noMatchText: 'No customers match the search.',
    defaultSort: { key: 'name', dir: 'asc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'customers',
    onActivate: (c) => ctx.navigate(`#/customers/${encodeURIComponent(c.id)}`),
    fetchPage: (q, signal) => reg.customers(gridQuery(q), signal)
  })
  grid.el.classList.add('registry-grid')

  async function onAdd () {
    const made = await addCustomerDialog(ctx)
    if (!made || !mounted) return
    showDone(status, `Customer added: ${made.name}.`, { href: `#/customers/${encodeURIComponent(made.id)}`, label: 'View details' })
    void grid.reload()
  }

  async function onRegister () {
    const license = await registerLicenseDialog(ctx)
    if (!license || !mounted) return
    showDone(status, `License ${license.slc} registered${license.customerId != null ? ` for ${license.customer}` : ' (customer Unspecified)'}.`,
      { href: `#/licenses/${encodeURIComponent(license.id)}`, label: 'View details' })
    void grid.reload()
  }

  return () => {
    mounted = false
    grid.destroy()
  }
}
