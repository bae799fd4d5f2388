import { h } from './dom.js'

/** A status chip: a tone (colour and shape of the dot) and always the label as text. */
export function chip (label, tone = 'neutral') {
  return h('span', { className: `chip chip-${tone}` }, h('span', { className: 'chip-dot', attrs: { 'aria-hidden': 'true' } }), label)
}

const LIVE_TEXT = {
  idle: 'Connecting…',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Not signed in',
  closed: 'Offline'
}

/**
 * The small "Live" / "Reconnecting…" badge of a page, kept in step with a live client.
 * Returns { el, destroy }.
 */
export function liveIndicator (live, { className = '' } = {}) {
  const text = h('span', { className: 'live-text' })
  const el = h('span', { className: `live-indicator ${className}`.trim(), attrs: { role: 'status' } },
    h('span', { className: 'live-dot', attrs: { 'aria-hidden': 'true' } }), text)
  function update (state) {
    el.dataset.state = state
    text.textContent = LIVE_TEXT[state] ?? state
    el.title = state === 'live' ? 'Receiving changes as they happen' : state === 'reconnecting' ? 'The live connection dropped; showing the last data received' : ''
  }
  update(live.state)
  const off = live.onState(update)
  return { el, destroy: off }
}

/** A page heading row: title on the left, anything else (indicator, actions) on the right. */
export function pageHeader (title, ...right) {
  return h('header', { className: 'page-header' },
    h('h1', { className: 'page-title', tabIndex: -1 }, title),
    h('div', { className: 'page-header-right' }, right))
}
