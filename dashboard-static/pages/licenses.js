/**
 * Licenses (manual, "Licenses page"): the licenses of the account, paged, searched and sorted by the
 * collector (GET /api/v1/licenses): License (SLC), Product, Customer, Number of servers, Activated
 * hardware devices, Milestone Care coverage. Filter opens the manual's panel: Status (Any / All active
 * licenses / Obsolete licenses / Upgrade available), Care Plus status (Any / Upcoming renewal (60 days) /
 * Milestone Care Plus expired) and License group. Register new license (SLC) and Import from a CSV file.
 * A row opens its details on double-click, on Enter, or with its Details link.
 */
import { h } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { icon } from '../lib/forms.js'
import { importLicensesDialog, registerLicenseDialog } from '../lib/license-dialogs.js'
import { CARE_COVERAGE_LABELS, CARE_PLUS_FILTER, LICENSE_STATUS_FILTER } from '../lib/registry.js'
import { allItems, gridQuery, registryApi } from '../lib/registry-api.js'
import { careChip, customerCell, detailsLink, filterPanel, showDone } from '../lib/registry-ui.js'
import { listPage } from '../lib/ui.js'

export function columnsFor (fmt) {
  return [
    {
      key: 'slc', label: 'License (SLC)', className: 'mono',
      render: (l) => h('span', { className: 'cell-flags' }, l.slc,
        l.status === 'obsolete' ? h('span', { className: 'tag tag-muted' }, 'Obsolete') : null,
        l.registered === false ? h('span', { className: 'tag tag-muted', title: 'Reported by an agent; nobody registered it yet' }, 'Not registered') : null,
        l.upgradeAvailable ? h('span', { className: 'tag tag-warn' }, 'Upgrade', h('span', { className: 'visually-hidden' }, ' available')) : null)
    },
    { key: 'product', label: 'Product', text: (l) => l.productLabel },
    { key: 'customer', label: 'Customer', render: (l) => customerCell(l.customer, l.customerId) },
    { key: 'servers', label: 'Number of servers', numeric: true, text: (l) => fmt.number(l.servers ?? 0) },
    { key: 'activatedDevices', label: 'Activated hardware devices', numeric: true, text: (l) => fmt.number(l.activatedDevices ?? 0) },
    {
      key: 'careCoverage', label: 'Milestone Care coverage', className: 'th-wrap',
      text: (l) => CARE_COVERAGE_LABELS[l.careCoverage] ?? '',
      render: (l) => careChip(l.careCoverage)
    },
    {
      key: 'details', label: 'Details', sortable: false, hideLabel: true, className: 'cell-action',
      render: (l) => detailsLink(`#/licenses/${encodeURIComponent(l.id)}`, `Details: ${l.slc}`)
    }
  ]
}

export function mount (view, ctx) {
  const reg = registryApi(ctx.api)
  const importBtn = h('button', { type: 'button', className: 'btn', on: { click: onImport } }, icon('upload'), 'Import from file')
  const registerBtn = h('button', { type: 'button', className: 'btn btn-primary', id: 'register-license', on: { click: onRegister } }, 'Register new license (SLC)')
  const { page, status } = listPage(view, {
    id: 'licenses-title', className: 'page-licenses', title: 'Licenses',
    actions: [h('div', { className: 'page-actions' }, importBtn, registerBtn)],
    lead: 'The software licenses (SLCs) of your customers, their servers, devices and Milestone Care coverage.'
  })
  let mounted = true

  const grid = createGrid(page, {
    columns: columnsFor(ctx.fmt),
    rowKey: (l) => l.id,
    caption: 'Licenses',
    itemName: ['license', 'licenses'],
    searchPlaceholder: 'SLC, product and version, description, customer, Care',
    emptyText: 'No licenses yet. Register a license (SLC), or import a file of them.',
    noMatchText: 'No licenses match the search and filter.',
    filters: [
      { key: 'status', label: 'Status', allLabel: 'Any', options: LICENSE_STATUS_FILTER },
      { key: 'care', label: 'Care Plus status', allLabel: 'Any', options: CARE_PLUS_FILTER },
      { key: 'groupId', label: 'License group', allLabel: 'All licenses', options: [], className: 'field-wide' }
    ],
    defaultSort: { key: 'slc', dir: 'asc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'licenses',
    rowClass: (l) => (l.status === 'obsolete' ? 'is-obsolete' : ''),
    onActivate: (l) => ctx.navigate(`#/licenses/${encodeURIComponent(l.id)}`),
    fetchPage: (q, signal) => reg.licenses(gridQuery(q), signal)
  })
  grid.el.classList.add('registry-grid')
  const filters = filterPanel(grid, { keys: ['status', 'care', 'groupId'], labels: { status: 'Status', care: 'Care Plus status', groupId: 'License group' } })

  allItems(reg.groups).then((groups) => {
    if (!mounted) return
    grid.setFilterOptions('groupId', groups.map((g) => ({ value: String(g.id), label: g.name })))
    filters.update()
  }, () => {})

  async function onRegister () {
    const license = await registerLicenseDialog(ctx)
    if (!license || !mounted) return
    showDone(status, `License ${license.slc} registered${license.customerId != null ? ` for ${license.customer}` : ' (customer Unspecified)'}.`,
      { href: `#/licenses/${encodeURIComponent(license.id)}`, label: 'View details' })
    void grid.reload()
  }

  async function onImport () {
    const imported = await importLicensesDialog(ctx)
    if (!mounted || !imported) return
    status.show(`${imported === 1 ? '1 license' : `${imported} licenses`} imported.`)
    void grid.reload()
  }

  return () => {
    mounted = false
    grid.destroy()
  }
}
