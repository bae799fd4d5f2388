/**
 * Manage error filters (manual, "Error filters", "Edit error filters", "Delete error filters"): the
 * filters, newest first (Created, Duration, Error description, Customer, and the server each applies to),
 * search, paging by the collector, Create filter, Edit, and Delete after a confirmation (a deleted filter
 * cannot be restored).
 */
import { h } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { DURATION_LABELS } from '../lib/error-filters.js'
import { backLink, chip, confirmDialog, listPage } from '../lib/ui.js'

export function columnsFor (fmt, durationLabel, onDelete, settings = {}) {
  const pattern = typeof settings.dateFormat === 'string' && settings.dateFormat ? ` (${settings.dateFormat.toLowerCase()})` : ''
  return [
    { key: 'createdAt', label: `Created${pattern}`, className: 'nowrap', text: (f) => fmt.dateTimeShort(f.createdAt) },
    {
      key: 'duration', label: 'Duration',
      text: (f) => durationLabel(f.duration),
      render: (f) => h('span', { className: 'duration-cell' },
        h('span', {}, durationLabel(f.duration)),
        f.active === false
          ? chip('Expired', 'muted')
          : f.expiresAt ? h('span', { className: 'muted small' }, `until ${fmt.dateTimeShort(f.expiresAt)}`) : null)
    },
    { key: 'description', label: 'Error description', className: 'strong cell-wide', text: (f) => f.description || 'All errors' },
    { key: 'customer', label: 'Customer' },
    { key: 'server', label: 'Server', text: (f) => f.server ?? '' },
    {
      key: 'actions', label: 'Actions', sortable: false, hideLabel: true, className: 'cell-action',
      render: (f) => h('span', { className: 'row-actions' },
        h('a', { className: 'btn btn-small', href: `#/error-filters/${encodeURIComponent(f.id)}/edit`, dataset: { focus: 'edit' }, attrs: { 'aria-label': `Edit filter: ${f.description || 'All errors'}, ${f.server ?? f.customer}` } }, 'Edit'),
        h('button', { type: 'button', className: 'btn btn-small btn-danger-quiet', dataset: { focus: 'delete' }, attrs: { 'aria-label': `Delete filter: ${f.description || 'All errors'}, ${f.server ?? f.customer}` }, on: { click: () => onDelete(f) } }, 'Delete'))
    }
  ]
}

/** The confirmation every delete of a filter goes through (also used by the edit form). */
export function confirmDelete (f) {
  const what = f.description || 'All errors'
  return confirmDialog({
    title: 'Delete error filter?',
    body: [
      h('p', {}, 'The filter ', h('strong', {}, what), ` for ${f.customer}${f.server ? `, server ${f.server}` : ''} is removed and cannot be restored.`),
      h('p', { className: 'muted' }, 'Errors it hides show on the Errors page again.')
    ],
    confirmLabel: 'Delete filter'
  })
}

export function mount (view, ctx) {
  const { api, fmt } = ctx
  const create = h('a', { className: 'btn btn-primary', href: '#/error-filters/new' }, 'Create filter')
  const { page, status } = listPage(view, {
    id: 'filters-title', className: 'page-filters', title: 'Manage error filters', actions: [create],
    before: [backLink('#/errors', 'Errors')],
    lead: 'Errors that match a filter are still logged, but they are not shown on the Errors page, do not trigger notifications, and set the server to Filtered error.'
  })

  let mounted = true
  const durations = { ...DURATION_LABELS }
  const durationLabel = (id) => durations[id] ?? String(id ?? '')

  async function onDelete (f) {
    if (!(await confirmDelete(f)) || !mounted) return
    try {
      await api.del(`/api/v1/error-filters/${encodeURIComponent(f.id)}`)
      status.show(`Error filter deleted: ${f.description || 'All errors'}, ${f.server ?? f.customer}.`)
      await grid.reload()
    } catch (err) {
      if (err.status !== 401) status.show(`The filter was not deleted: ${err.message}`, 'error')
    }
  }

  const grid = createGrid(page, {
    columns: columnsFor(fmt, durationLabel, onDelete, ctx.settings),
    rowKey: (f) => f.id,
    caption: 'Error filters',
    itemName: ['error filter', 'error filters'],
    searchPlaceholder: 'Customer, license, server or error',
    emptyText: 'No error filters. Create one here, or from an error\'s details.',
    noMatchText: 'No error filters match the search.',
    defaultSort: { key: 'createdAt', dir: 'desc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'error-filters',
    onActivate: (f) => ctx.navigate(`#/error-filters/${encodeURIComponent(f.id)}/edit`),
    fetchPage: (q, signal) => api.get('/api/v1/error-filters', { signal, query: { q: q.q || undefined, sort: q.sort, page: q.page, pageSize: q.pageSize } })
  })

  api.get('/api/v1/error-filters/choices').then((choices) => {
    if (!mounted || !Array.isArray(choices?.durations)) return
    for (const d of choices.durations) durations[d.id] = d.label
    grid.refresh()
  }, () => {})

  return () => {
    mounted = false
    grid.destroy()
  }
}
