/**
 * Errors (manual, "Errors page", "Errors list", "Search for errors"): the chart "New errors the last 30
 * days" and the summary box, then the errors, latest first, paged by the collector
 * (`GET /api/v1/errors`). Search (license, customer, server), Filter by status and by error description,
 * the Obsolete licenses and Inactive servers check boxes, sort by any column. Live: an `errors` event
 * re-asks for the page on screen and the summary (debounced), so new errors appear at the top and
 * closed or filtered ones leave while the person's search, filters, sort and page stay.
 * A row opens its details on double-click, on Enter, or with its Details link.
 */
import { h } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { createBarChart } from '../lib/chart.js'
import { ERROR_STATUS_LABELS, ERROR_STATUS_TONES, labelOf } from '../lib/labels.js'
import { chip, liveIndicator, notice, pageHeader, takeFlash } from '../lib/ui.js'

const LIVE_DEBOUNCE_MS = 200

/** Filter by status (manual, "Search for errors"); "" = All active errors (the collector's `active`). */
export const STATUS_FILTER = [
  { value: 'new', label: 'New' },
  { value: 'being_fixed', label: 'Being fixed' },
  { value: 'filtered', label: 'Filtered errors' }
]

export function columnsFor (fmt, settings = {}) {
  const pattern = typeof settings.dateFormat === 'string' && settings.dateFormat ? ` (${settings.dateFormat.toLowerCase()})` : ''
  return [
    {
      key: 'status', label: 'Error status',
      text: (e) => labelOf(ERROR_STATUS_LABELS, e.status),
      render: (e) => chip(labelOf(ERROR_STATUS_LABELS, e.status), ERROR_STATUS_TONES[e.status])
    },
    { key: 'description', label: 'Error description', className: 'strong cell-wide' },
    { key: 'customer', label: 'Customer' },
    { key: 'slc', label: 'License (SLC)', className: 'mono', text: (e) => e.slc ?? '' },
    { key: 'server', label: 'Server' },
    { key: 'occurredAt', label: `Error occurred${pattern}`, className: 'nowrap num-like', text: (e) => fmt.dateTime(e.occurredAt) },
    {
      key: 'details', label: 'Details', sortable: false, hideLabel: true, className: 'cell-action',
      render: (e) => h('a', {
        className: 'btn btn-small', href: `#/errors/${encodeURIComponent(e.id)}`, dataset: { focus: 'details' },
        attrs: { 'aria-label': `Details: ${e.description}, ${e.server}` }
      }, 'Details')
    }
  ]
}

function summaryBox () {
  const count = h('strong', { className: 'summary-number' }, '–')
  const updated = h('dd', {}, '–')
  const servers = h('dd', {}, '–')
  const zone = h('dd', {}, '–')
  const el = h('aside', { className: 'card summary-box', attrs: { 'aria-label': 'Summary' } },
    h('p', { className: 'summary-headline' }, count, h('span', { className: 'summary-unit' }, 'New errors')),
    h('dl', { className: 'summary-list' },
      h('div', {}, h('dt', {}, 'Updated'), updated),
      h('div', {}, h('dt', {}, 'Number of servers'), servers),
      h('div', {}, h('dt', {}, 'Time zone'), zone)))
  return {
    el,
    show (s, fmt) {
      count.textContent = fmt.number(s.newErrors ?? 0)
      updated.textContent = fmt.dateTimeShort(s.updatedAt) || '–'
      servers.textContent = fmt.number(s.servers ?? 0)
      zone.textContent = s.timeZone || fmt.timeZone || '–'
    }
  }
}

export function mount (view, ctx) {
  const { api, fmt } = ctx
  const timeZone = fmt.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const live = ctx.openLive(['errors'])
  const indicator = liveIndicator(live)
  const flash = notice()
  const manage = h('a', { className: 'btn', href: '#/error-filters' }, 'Manage error filters')

  const chartTitle = 'New errors the last 30 days'
  const chartCaption = h('p', { className: 'chart-caption' })
  const chartCard = h('section', { className: 'card chart-card', attrs: { 'aria-labelledby': 'errors-chart-title' } },
    h('h2', { className: 'card-title', id: 'errors-chart-title' }, chartTitle),
    chartCaption)
  const summary = summaryBox()
  const page = h('section', { className: 'page page-errors', attrs: { 'aria-labelledby': 'errors-title' } },
    pageHeader('Errors', indicator.el, manage),
    h('p', { className: 'page-lead' }, 'Errors your servers report, latest first. Solve them on the VMS; Vigil shows them as they happen.'),
    flash.el,
    h('div', { className: 'errors-overview' }, chartCard, summary.el))
  page.querySelector('.page-title').id = 'errors-title'
  view.append(page)
  const chart = createBarChart(chartCard, { title: chartTitle, unit: ['new error', 'new errors'] })
  const message = takeFlash()
  if (message) flash.show(message)

  let mounted = true
  let toggles = { obsolete: false, inactive: false }
  let summaryToggles = null
  let summaryAbort = null

  async function loadSummary () {
    summaryAbort?.abort()
    const ac = new AbortController()
    summaryAbort = ac
    const asked = { ...toggles }
    try {
      const s = await api.get('/api/v1/errors/summary', {
        query: { obsolete: asked.obsolete ? 'true' : undefined, inactive: asked.inactive ? 'true' : undefined, tz: timeZone },
        signal: ac.signal
      })
      if (!mounted || ac.signal.aborted) return
      summaryToggles = asked
      summary.show(s, fmt)
      chart.update(s.days ?? [], fmt)
      chartCaption.textContent = chart.summary
    } catch (err) {
      if (!mounted || ac.signal.aborted || err.status === 401) return
      chartCaption.textContent = `The chart could not be loaded: ${err.message}`
    }
  }

  const grid = createGrid(page, {
    columns: columnsFor(fmt, ctx.settings),
    rowKey: (e) => e.id,
    caption: 'Errors',
    itemName: ['error', 'errors'],
    searchLabel: 'Search',
    searchPlaceholder: 'License, customer or server',
    emptyText: 'No active errors. Errors appear here as soon as a server reports one.',
    noMatchText: 'No errors match the search and filters.',
    filters: [
      { key: 'status', label: 'Status', allLabel: 'All active errors', options: STATUS_FILTER },
      { key: 'code', label: 'Error description', allLabel: 'All error descriptions', options: [], className: 'field-wide' }
    ],
    toggles: [
      { key: 'obsolete', label: 'Obsolete licenses' },
      { key: 'inactive', label: 'Inactive servers' }
    ],
    togglesLabel: 'Also show errors of',
    defaultSort: { key: 'occurredAt', dir: 'desc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'errors',
    onActivate: (e) => ctx.navigate(`#/errors/${encodeURIComponent(e.id)}`),
    fetchPage: (q, signal) => {
      toggles = { obsolete: Boolean(q.filters.obsolete), inactive: Boolean(q.filters.inactive) }
      if (summaryToggles && (summaryToggles.obsolete !== toggles.obsolete || summaryToggles.inactive !== toggles.inactive)) void loadSummary()
      return api.get('/api/v1/errors', {
        signal,
        query: {
          q: q.q || undefined,
          sort: q.sort,
          page: q.page,
          pageSize: q.pageSize,
          status: q.filters.status || undefined,
          code: q.filters.code || undefined,
          obsolete: toggles.obsolete ? 'true' : undefined,
          inactive: toggles.inactive ? 'true' : undefined
        }
      })
    }
  })
  const initial = grid.state.filters
  toggles = { obsolete: Boolean(initial.obsolete), inactive: Boolean(initial.inactive) }
  void loadSummary()

  // The error descriptions of the filter come from the catalog, as /choices lists them.
  api.get('/api/v1/error-filters/choices').then((choices) => {
    if (!mounted) return
    const seen = new Set()
    const opts = []
    for (const d of choices?.descriptions ?? []) {
      if (seen.has(d.code)) continue
      seen.add(d.code)
      opts.push({ value: d.code, label: d.description })
    }
    opts.sort((a, b) => a.label.localeCompare(b.label))
    grid.setFilterOptions('code', opts)
  }, () => { /* the filter stays at "All error descriptions"; the list works without it */ })

  // Live: any change of an error (new, status, closed, filtered, unfiltered) re-asks for what is on screen.
  // A snapshot (on subscribe and after a reconnect) does too: events may have been missed meanwhile.
  // One query per burst, at most LIVE_DEBOUNCE_MS after its first event (a steady stream never starves it).
  let liveTimer = null
  const off = live.on('errors', () => {
    if (liveTimer !== null) return
    liveTimer = setTimeout(() => {
      liveTimer = null
      if (!mounted) return
      void grid.reload()
      void loadSummary()
    }, LIVE_DEBOUNCE_MS)
  })

  return () => {
    mounted = false
    clearTimeout(liveTimer)
    summaryAbort?.abort()
    off()
    indicator.destroy()
    live.stop()
    chart.destroy()
    grid.destroy()
  }
}
