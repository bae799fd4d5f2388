/**
 * Monitor mode (manual, "Monitor mode page"): the whole screen, RED with the latest error (description,
 * error type, date and time, customer, location, server) while any server reports one, GREEN with
 * "No errors" when none does. Fed by the `monitor` topic of the live feed; switches as the event arrives.
 * Made for NOC wall screens: type scales with the viewport, no menu, the cursor and buttons hide when idle,
 * and `#/monitor?token=…` runs on a read-only access token instead of a login (with optional &tz=, &dateFormat=,
 * &lang= since a token has no user settings).
 */
import { h, replaceChildren } from '../lib/dom.js'
import { createFormatter } from '../lib/format.js'
import { liveIndicator } from '../lib/ui.js'

const IDLE_MS = 4000
const STILL_TRYING_MS = 10000

function fact (label, value, className = '') {
  return h('div', { className: `monitor-fact ${className}`.trim() },
    h('dt', {}, label),
    h('dd', {}, value || '–'))
}

export function mount (view, ctx) {
  const token = ctx.params.get('token') || undefined
  // A NOC screen has no user settings; its URL may carry them: #/monitor?token=…&tz=Europe/Copenhagen&dateFormat=dd/mm/yyyy&lang=da
  const fmt = token
    ? createFormatter({ timeZone: ctx.params.get('tz') ?? undefined, dateFormat: ctx.params.get('dateFormat') ?? undefined, language: ctx.params.get('lang') ?? undefined })
    : ctx.fmt
  const live = ctx.openLive(['monitor'], { token })
  const indicator = liveIndicator(live, { className: 'live-indicator-monitor' })
  let monitor // undefined until the first snapshot; then { state, latest }
  let lastChangeAt = null
  const mountedAt = Date.now()

  const clock = h('span', { className: 'monitor-clock' })
  const content = h('div', { className: 'monitor-content', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } })
  const stale = h('p', { className: 'monitor-stale', hidden: true })
  const fullBtn = h('button', { type: 'button', className: 'monitor-btn', title: 'Full screen (F)', on: { click: toggleFullscreen } }, 'Full screen')
  const back = token ? null : h('a', { className: 'monitor-btn', href: '#/servers' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '← '), 'Back', h('kbd', {}, 'Esc'))
  const root = h('section', { className: 'monitor', dataset: { monitorState: 'unknown' }, attrs: { 'aria-label': 'Monitor mode' } },
    h('div', { className: 'monitor-bar' },
      h('span', { className: 'monitor-brand' }, h('img', { src: 'favicon.svg', alt: '', width: 24, height: 24 }), 'Vigil', h('span', { className: 'monitor-brand-page' }, 'Monitor mode')),
      h('span', { className: 'monitor-bar-right' }, indicator.el, clock)),
    stale,
    content,
    h('div', { className: 'monitor-actions' }, back, fullBtn))
  view.append(root)

  function render () {
    const state = monitor === undefined ? 'unknown' : monitor?.state === 'error' && monitor.latest ? 'error' : 'ok'
    root.dataset.monitorState = state
    document.documentElement.dataset.monitorState = state // paints the page behind it too (overscroll, fullscreen)
    if (state === 'unknown') {
      replaceChildren(content, 
        h('p', { className: 'monitor-kicker' }, 'Monitor mode'),
        h('h1', { className: 'monitor-title monitor-title-quiet', tabIndex: -1 }, live.state === 'unauthorized' ? 'Not allowed' : 'Connecting…'),
        h('p', { className: 'monitor-sub monitor-waiting' }, live.state === 'unauthorized'
          ? (live.lastError?.message || 'The access token was refused. Ask for a new one.')
          : ''))
      tick()
      return
    }
    if (state === 'error') {
      const e = monitor.latest
      replaceChildren(content, 
        h('p', { className: 'monitor-kicker' }, h('span', { className: 'monitor-icon', attrs: { 'aria-hidden': 'true' } }, '!'), 'Error detected'),
        h('h1', { className: `monitor-title${(e.description || e.code).length > 24 ? ' is-long' : ''}`, tabIndex: -1 }, e.description || e.code),
        h('dl', { className: 'monitor-facts' },
          fact('Error type', e.type),
          fact('Date and time', fmt.dateTime(e.occurredAt), 'monitor-fact-when'),
          fact('Customer', e.customer),
          fact('Location', e.location),
          fact('Server', e.server),
          e.value && e.value !== e.server ? fact(e.level === 'Device' ? 'Device' : 'Reported by', e.value) : null),
        h('p', { className: 'monitor-age', dataset: { at: e.occurredAt } }))
    } else {
      replaceChildren(content, 
        h('p', { className: 'monitor-kicker' }, h('span', { className: 'monitor-icon', attrs: { 'aria-hidden': 'true' } }, '✓'), 'All servers'),
        h('h1', { className: 'monitor-title', tabIndex: -1 }, 'No errors'),
        h('p', { className: 'monitor-sub' }, 'No monitored server reports an error.'),
        h('p', { className: 'monitor-age', dataset: { at: lastChangeAt ?? '' } }))
    }
    tick()
  }

  function tick () {
    const now = new Date()
    clock.textContent = `${fmt.time(now)} ${fmt.zoneName(now)}`.trim()
    const age = content.querySelector('.monitor-age')
    if (age) {
      const at = age.dataset.at
      const prefix = root.dataset.monitorState === 'error' ? 'Occurred' : 'Updated'
      age.textContent = at ? `${prefix} ${fmt.ago(at, now.getTime())}` : ''
    }
    const waiting = content.querySelector('.monitor-waiting')
    if (waiting && live.state !== 'unauthorized') {
      waiting.textContent = now.getTime() - mountedAt > STILL_TRYING_MS
        ? 'Still trying to reach Vigil. If this lasts, check the network and, on a NOC screen, the access token.'
        : ''
    }
    const st = live.state
    stale.hidden = !(st === 'reconnecting' || st === 'closed')
    if (!stale.hidden) {
      const at = live.lastMessageAt ? fmt.time(live.lastMessageAt) : '–'
      stale.textContent = `Connection to Vigil lost, reconnecting. Shown as of ${at}: it may be out of date.`
    }
  }

  const offMonitor = live.on('monitor', (item) => {
    monitor = item ?? { state: 'ok', latest: null }
    lastChangeAt = new Date().toISOString()
    render()
  })
  const offState = live.onState(() => { if (monitor === undefined) render(); tick() })
  const timer = setInterval(tick, 1000)

  // Fullscreen API: the button, and its label kept in step with Esc/F11 leaving full screen.
  function toggleFullscreen () {
    if (document.fullscreenElement) void document.exitFullscreen?.()
    else void document.documentElement.requestFullscreen?.().catch(() => {})
  }
  function onFullscreenChange () {
    fullBtn.textContent = document.fullscreenElement ? 'Exit full screen' : 'Full screen'
  }
  document.addEventListener('fullscreenchange', onFullscreenChange)

  function onKey (ev) {
    if (ev.key === 'Escape' && !document.fullscreenElement && !token) ctx.navigate('#/servers')
    else if ((ev.key === 'f' || ev.key === 'F') && !ev.ctrlKey && !ev.metaKey && !ev.altKey) toggleFullscreen()
  }
  document.addEventListener('keydown', onKey)

  // On a wall screen the pointer and buttons fade out until the mouse moves or a key is pressed.
  let idleTimer = null
  function wake () {
    root.classList.remove('is-idle')
    clearTimeout(idleTimer)
    idleTimer = setTimeout(() => { if (!root.querySelector('.monitor-actions :focus-visible')) root.classList.add('is-idle') }, IDLE_MS)
  }
  for (const ev of ['mousemove', 'pointerdown', 'keydown', 'focusin']) root.addEventListener(ev, wake)
  wake()

  // Keep the screen on where the browser allows it (secure contexts only; silently skipped elsewhere).
  let wakeLock = null
  async function lockScreen () {
    try { if (document.visibilityState === 'visible') wakeLock = await navigator.wakeLock?.request('screen') } catch { wakeLock = null }
  }
  document.addEventListener('visibilitychange', lockScreen)
  void lockScreen()

  render()

  return () => {
    offMonitor()
    offState()
    indicator.destroy()
    live.stop()
    clearInterval(timer)
    clearTimeout(idleTimer)
    document.removeEventListener('fullscreenchange', onFullscreenChange)
    document.removeEventListener('keydown', onKey)
    document.removeEventListener('visibilitychange', lockScreen)
    void wakeLock?.release?.().catch(() => {})
    delete document.documentElement.dataset.monitorState
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {})
  }
}
