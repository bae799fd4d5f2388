/**
 * Server status (manual, "Server status page"): each server's Monitoring status and Error state, with
 * search over every column, filters by Monitoring status and Error state, sort, paging, and live updates
 * from the `servers` topic that keep the person's search, filters, sort and page.
 */
import { h } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import {
  ERROR_STATE_LABELS, ERROR_STATE_TONES, MONITORING_STATUS_LABELS, MONITORING_STATUS_TONES, labelOf
} from '../lib/labels.js'
import { chip, liveIndicator, pageHeader } from '../lib/ui.js'
import { toDate } from '../lib/format.js'

/** Tone of a gauge cell: high CPU/memory or low free disk stand out (with text, not colour alone). */
function gauge (value, fmt, { high, low } = {}) {
  const text = fmt.percent(value)
  if (text === '') return h('span', { className: 'muted' }, '–')
  const tone = (high !== undefined && value >= high) || (low !== undefined && value <= low) ? 'gauge-alert' : ''
  return h('span', { className: `gauge ${tone}`.trim() }, text)
}

export function columnsFor (fmt) {
  return [
    { key: 'customer', label: 'Customer' },
    { key: 'name', label: 'Server', className: 'strong' },
    {
      key: 'monitoringStatus', label: 'Monitoring status',
      text: (s) => labelOf(MONITORING_STATUS_LABELS, s.monitoringStatus),
      render: (s) => chip(labelOf(MONITORING_STATUS_LABELS, s.monitoringStatus), MONITORING_STATUS_TONES[s.monitoringStatus])
    },
    {
      key: 'errorState', label: 'Error state',
      text: (s) => labelOf(ERROR_STATE_LABELS, s.errorState),
      render: (s) => s.errorState === 'none'
        ? h('span', { className: 'muted', title: 'Not reported: see the Monitoring status' }, '-')
        : chip(labelOf(ERROR_STATE_LABELS, s.errorState), ERROR_STATE_TONES[s.errorState])
    },
    { key: 'location', label: 'Location', text: (s) => s.location ?? '' },
    {
      key: 'lastHeartbeat', label: 'Last heartbeat', className: 'nowrap',
      text: (s) => fmt.dateTime(s.lastHeartbeat),
      sortValue: (s) => toDate(s.lastHeartbeat)?.getTime() ?? null
    },
    { key: 'cpuPct', label: 'CPU %', numeric: true, text: (s) => fmt.percent(s.cpuPct), sortValue: (s) => s.cpuPct, render: (s) => gauge(s.cpuPct, fmt, { high: 90 }) },
    { key: 'memPct', label: 'Memory %', numeric: true, text: (s) => fmt.percent(s.memPct), sortValue: (s) => s.memPct, render: (s) => gauge(s.memPct, fmt, { high: 90 }) },
    { key: 'diskFreePct', label: 'Disk free %', numeric: true, text: (s) => fmt.percent(s.diskFreePct), sortValue: (s) => s.diskFreePct, render: (s) => gauge(s.diskFreePct, fmt, { low: 5 }) }
  ]
}

const options = (labels) => Object.entries(labels).map(([value, label]) => ({ value, label: value === 'none' ? '- (not reported)' : label }))

function summary (servers) {
  let errors = 0
  let notReporting = 0
  for (const s of servers) {
    if (s.errorState === 'error_detected') errors++
    if (s.monitoringStatus === 'not_reporting') notReporting++
  }
  return [
    h('span', { className: 'stat' }, h('strong', {}, String(servers.length)), servers.length === 1 ? ' server' : ' servers'),
    h('span', { className: `stat${errors ? ' stat-danger' : ''}` }, h('strong', {}, String(errors)), ' error detected'),
    h('span', { className: `stat${notReporting ? ' stat-warn' : ''}` }, h('strong', {}, String(notReporting)), ' not reporting')
  ]
}

export function mount (view, ctx) {
  const live = ctx.openLive(['servers'])
  const indicator = liveIndicator(live)
  const stats = h('p', { className: 'page-stats', attrs: { 'aria-live': 'off' } })
  const page = h('section', { className: 'page page-servers', attrs: { 'aria-labelledby': 'servers-title' } },
    pageHeader('Server status', indicator.el),
    h('p', { className: 'page-lead' }, 'Whether each server reports to Vigil, and the errors it reports.'),
    stats)
  page.querySelector('.page-title').id = 'servers-title'
  view.append(page)

  const grid = createGrid(page, {
    columns: columnsFor(ctx.fmt),
    rowKey: (s) => s.serverId,
    caption: 'Servers',
    itemName: ['server', 'servers'],
    searchPlaceholder: 'Customer, server, status, location…',
    emptyText: 'No servers yet. Servers appear here as soon as an enrolled agent reports.',
    filters: [
      { key: 'monitoringStatus', label: 'Monitoring status', options: options(MONITORING_STATUS_LABELS) },
      { key: 'errorState', label: 'Error state', options: options(ERROR_STATE_LABELS) }
    ],
    defaultSort: { key: 'customer', dir: 'asc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'servers'
  })

  let haveSnapshot = false
  let mounted = true
  function show (servers) {
    if (!mounted) return
    grid.setRows(servers)
    stats.replaceChildren(...summary(servers))
  }

  const off = live.on('servers', () => {
    haveSnapshot = true
    show(live.store.items('servers'))
  })

  // The REST list paints the page at once when it holds every server (one page of 100); the live snapshot,
  // always complete, replaces it. A partial list is not shown: the grid's count and paging would be wrong.
  ctx.api.get('/api/v1/servers', { query: { pageSize: 100 } }).then((body) => {
    if (!haveSnapshot && Array.isArray(body?.items) && body.items.length >= (body.total ?? 0)) show(body.items)
  }, (err) => {
    if (err.status !== 401 && !haveSnapshot) stats.textContent = err.message
  })

  return () => {
    mounted = false
    off()
    indicator.destroy()
    live.stop()
    grid.destroy()
  }
}
