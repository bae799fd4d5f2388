/**
 * One error (manual, "View errors details", "Change the status of an error", "View related errors"):
 * error type, value, description with its solution, when it occurred, server, location, and the status,
 * which a person sets to New or Being fixed (saved at once). "Create filter from this error" opens the
 * filter form with this error. "Related errors for this server": Ongoing (New, Being fixed and filtered)
 * and Closed, as tabs. Live: a change of this error or of another error of its server shows at once.
 */
import { h, replaceChildren } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { ERROR_STATUS_LABELS, ERROR_STATUS_TONES, labelOf } from '../lib/labels.js'
import { backLink, chip, createTabs, liveIndicator, notice, pageHeader, takeFlash } from '../lib/ui.js'
import { toDate } from '../lib/format.js'

const LIVE_DEBOUNCE_MS = 200

/** The manual's solution text: paragraphs, "• " bullets and "1. " steps as lists. */
function solutionNodes (text) {
  const out = []
  let list = null
  for (const line of String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean)) {
    const bullet = /^•\s*(.*)$/.exec(line)
    const step = /^\d+\.\s+(.*)$/.exec(line)
    if (bullet || step) {
      const tag = bullet ? 'ul' : 'ol'
      if (!list || list.tagName.toLowerCase() !== tag) { list = h(tag, { className: 'solution-list' }); out.push(list) }
      list.append(h('li', {}, (bullet ?? step)[1]))
    } else {
      list = null
      out.push(h('p', {}, line))
    }
  }
  return out.length ? out : [h('p', { className: 'muted' }, 'No solution text for this error description.')]
}

function field (label, value, { className = '', valueClass } = {}) {
  const empty = value === null || value === undefined || value === ''
  return h('div', { className: `detail-field ${className}`.trim() },
    h('dt', {}, label),
    h('dd', { className: valueClass }, empty ? h('span', { className: 'muted' }, '–') : value))
}

function relatedColumns (fmt, currentId, { closed }) {
  const cols = [
    closed ? null : { key: 'status', label: 'Error status', text: (e) => labelOf(ERROR_STATUS_LABELS, e.status), render: (e) => chip(labelOf(ERROR_STATUS_LABELS, e.status), ERROR_STATUS_TONES[e.status]) },
    {
      key: 'description', label: 'Error description', className: 'cell-wide',
      render: (e) => e.id === currentId ? h('span', {}, e.description, h('span', { className: 'tag' }, 'This error')) : e.description
    },
    { key: 'value', label: 'Error value', sortable: !closed },
    { key: 'occurredAt', label: 'Error occurred', className: 'nowrap', text: (e) => fmt.dateTime(e.occurredAt), sortValue: (e) => toDate(e.occurredAt)?.getTime() ?? null },
    closed ? { key: 'closedAt', label: 'Closed', sortable: false, className: 'nowrap', text: (e) => fmt.dateTime(e.closedAt) } : null,
    {
      key: 'open', label: 'Details', sortable: false, hideLabel: true, className: 'cell-action',
      render: (e) => e.id === currentId
        ? h('span', { className: 'muted small' }, 'Shown above')
        : h('a', { className: 'btn btn-small', href: `#/errors/${encodeURIComponent(e.id)}`, dataset: { focus: 'details' }, attrs: { 'aria-label': `Details: ${e.description}, ${fmt.dateTime(e.occurredAt)}` } }, 'Details')
    }
  ]
  return cols.filter(Boolean)
}

export function mount (view, ctx) {
  const { api, fmt } = ctx
  const id = Number(ctx.pathParams.id)
  const live = ctx.openLive(['errors'])
  const indicator = liveIndicator(live)
  const status = notice()
  const title = pageHeader('Error details', indicator.el)
  const main = h('div', { className: 'detail-main' }, h('p', { className: 'muted' }, 'Loading the error…'))
  const body = h('div', { className: 'detail-body' }, main)
  const page = h('section', { className: 'page page-error', attrs: { 'aria-labelledby': 'error-title' } },
    backLink('#/errors', 'Errors'), title, status.el, body)
  const heading = title.querySelector('.page-title')
  heading.id = 'error-title'
  view.append(page)
  const flash = takeFlash()
  if (flash) status.show(flash)

  let mounted = true
  let error = null
  let related = null
  const cleanups = []

  async function load () {
    try {
      const next = await api.get(`/api/v1/errors/${encodeURIComponent(ctx.pathParams.id)}`)
      if (!mounted) return
      const first = error === null
      error = next
      render()
      if (first) { buildRelated(); document.title = `${error.description} · Vigil` }
    } catch (err) {
      if (!mounted || err.status === 401) return
      if (error === null) {
        replaceChildren(main, h('div', { className: 'card empty-card' },
          h('p', {}, err.status === 404 ? `There is no error ${ctx.pathParams.id}, or you may not see it.` : err.message),
          h('a', { className: 'btn', href: '#/errors' }, 'Back to Errors')))
      } else {
        status.show(`Could not refresh: ${err.message}`, 'error')
      }
    }
  }

  function statusControl () {
    if (error.status === 'new' || error.status === 'being_fixed') {
      const select = h('select', {
        id: 'error-status', className: 'input status-select', dataset: { status: error.status },
        on: { change: () => saveStatus(select) }
      },
      h('option', { value: 'new' }, 'New'),
      h('option', { value: 'being_fixed' }, 'Being fixed'))
      select.value = error.status
      return h('div', { className: 'detail-field detail-status' },
        h('dt', {}, h('label', { htmlFor: 'error-status' }, 'Error status')),
        h('dd', {}, select, h('span', { className: 'field-hint', id: 'error-status-hint' }, 'Saved as soon as you choose. It does not change the order of the Errors list.')))
    }
    const label = labelOf(ERROR_STATUS_LABELS, error.status)
    let note = null
    if (error.status === 'filtered') {
      const until = error.hiddenUntil ? ` until ${fmt.dateTimeShort(error.hiddenUntil)}` : ''
      note = h('span', { className: 'field-hint' }, `Hidden by an error filter${until}. `,
        error.filterId != null ? h('a', { href: `#/error-filters/${encodeURIComponent(error.filterId)}/edit` }, 'View the filter') : null)
    } else if (error.status === 'closed') {
      note = h('span', { className: 'field-hint' }, 'The server no longer reports this error.')
    }
    return h('div', { className: 'detail-field detail-status' }, h('dt', {}, 'Error status'),
      h('dd', {}, chip(label, ERROR_STATUS_TONES[error.status]), note))
  }

  async function saveStatus (select) {
    const wanted = select.value
    const before = error.status
    select.setAttribute('aria-busy', 'true') // not disabled: that would take the keyboard focus away
    status.show('Saving…', 'info')
    try {
      error = { ...error, ...(await api.patch(`/api/v1/errors/${encodeURIComponent(error.id)}`, { status: wanted })) }
      status.show(`Status saved: ${labelOf(ERROR_STATUS_LABELS, error.status)}.`)
    } catch (err) {
      if (err.status === 401) return
      select.value = before
      status.show(`The status was not saved: ${err.message}`, 'error')
      if (err.status === 409) void load()
    }
    if (!mounted) return
    render()
  }

  function render () {
    heading.textContent = error.description
    const e = error
    const filterHref = `#/error-filters/new?errorId=${encodeURIComponent(e.id)}`
    const focusedId = main.contains(document.activeElement) ? document.activeElement.id : ''
    replaceChildren(main,
      h('div', { className: 'detail-layout' },
        h('section', { className: 'card detail-card', attrs: { 'aria-label': 'Error' } },
          h('dl', { className: 'detail-list' },
            statusControl(),
            field('Error description', e.description),
            field('Error type', e.type),
            field('Error value', e.value),
            field('Error occurred', fmt.dateTime(e.occurredAt)),
            e.closedAt ? field('Error closed', fmt.dateTime(e.closedAt)) : null,
            field('Customer', e.customer),
            field('License (SLC)', e.slc, { valueClass: 'mono' }),
            field('Server', e.server),
            field('Location', e.location),
            e.detail ? field('Reported detail', e.detail, { className: 'detail-wide' }) : null),
          h('div', { className: 'card-actions' },
            h('a', { className: 'btn', href: filterHref, id: 'create-filter' }, 'Create filter from this error'))),
        h('section', { className: 'card solution-card', attrs: { 'aria-labelledby': 'solution-title' } },
          h('h2', { className: 'card-title', id: 'solution-title' }, 'Solution'),
          h('div', { className: 'solution' }, solutionNodes(e.solution)))))
    if (focusedId) document.getElementById(focusedId)?.focus() // a live update keeps the person's place
  }

  function buildRelated () {
    const ongoingBox = h('div', { className: 'related-panel' })
    const closedBox = h('div', { className: 'related-panel' })
    const tabs = createTabs([
      { key: 'ongoing', label: 'Ongoing', panel: ongoingBox },
      { key: 'closed', label: 'Closed', panel: closedBox }
    ], { label: 'Related errors' })
    const serverId = error.serverId
    const ongoing = createGrid(ongoingBox, {
      columns: relatedColumns(fmt, id, { closed: false }),
      rowKey: (e) => e.id,
      caption: 'Ongoing errors of this server',
      itemName: ['ongoing error', 'ongoing errors'],
      emptyText: 'No ongoing errors on this server.',
      toolbar: false,
      defaultSort: { key: 'occurredAt', dir: 'desc' },
      pageSize: 10,
      rowClass: (e) => (e.id === id ? 'is-current' : ''),
      onActivate: (e) => { if (e.id !== id) ctx.navigate(`#/errors/${encodeURIComponent(e.id)}`) }
    })
    const closed = createGrid(closedBox, {
      columns: relatedColumns(fmt, id, { closed: true }),
      rowKey: (e) => e.id,
      caption: 'Closed errors of this server',
      itemName: ['closed error', 'closed errors'],
      emptyText: 'No closed errors on this server.',
      toolbar: false,
      defaultSort: { key: 'occurredAt', dir: 'desc' },
      pageSize: 10,
      rowClass: (e) => (e.id === id ? 'is-current' : ''),
      onActivate: (e) => { if (e.id !== id) ctx.navigate(`#/errors/${encodeURIComponent(e.id)}`) },
      fetchPage: async (q, signal) => {
        const res = await api.get('/api/v1/errors', { signal, query: { serverId, status: 'closed', sort: q.sort, page: q.page, pageSize: q.pageSize } })
        tabs.setLabel('closed', `Closed (${fmt.number(res.total ?? 0)})`)
        return res
      }
    })
    async function loadOngoing () {
      // "Ongoing": New and Being fixed (the active list) and those a filter hides (shown there too)
      const query = { serverId, pageSize: 100, sort: '-occurredAt' }
      try {
        const [active, filtered] = await Promise.all([
          api.get('/api/v1/errors', { query: { ...query, status: 'active' } }),
          api.get('/api/v1/errors', { query: { ...query, status: 'filtered' } })
        ])
        if (!mounted) return
        const items = [...(active.items ?? []), ...(filtered.items ?? [])]
        ongoing.setRows(items)
        tabs.setLabel('ongoing', `Ongoing (${fmt.number((active.total ?? 0) + (filtered.total ?? 0))})`)
      } catch (err) {
        if (mounted && err.status !== 401) status.show(`Related errors could not be loaded: ${err.message}`, 'error')
      }
    }
    void loadOngoing()
    related = {
      el: h('section', { className: 'card related-card', attrs: { 'aria-labelledby': 'related-title' } },
        h('h2', { className: 'card-title', id: 'related-title' }, 'Related errors for this server'),
        h('p', { className: 'card-lead' }, 'Ongoing: New, Being fixed and filtered errors of this server and its devices. Closed: errors it no longer reports.'),
        tabs.el),
      reload () { void loadOngoing(); void closed.reload() }
    }
    cleanups.push(() => { ongoing.destroy(); closed.destroy() })
    body.append(related.el)
  }

  // Live: this error changed → fetch it again (the event has no solution or filter); another error of the
  // same server changed → refresh the related lists. A snapshot (reconnect) refreshes both.
  let timer = null
  let again = { self: false, related: false }
  const off = live.on('errors', (_data, msg) => {
    if (!error) return
    const item = msg?.type === 'event' ? msg.item : null
    if (!item || item.id === error.id) again.self = true
    if (!item || String(item.serverId) === String(error.serverId)) again.related = true
    if ((!again.self && !again.related) || timer !== null) return
    timer = setTimeout(() => {
      timer = null
      const todo = again
      again = { self: false, related: false }
      if (!mounted) return
      if (todo.self) void load()
      if (todo.related) related?.reload()
    }, LIVE_DEBOUNCE_MS)
  })

  void load()

  return () => {
    mounted = false
    clearTimeout(timer)
    off()
    indicator.destroy()
    live.stop()
    for (const fn of cleanups) fn()
  }
}
