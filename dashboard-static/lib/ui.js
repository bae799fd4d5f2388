import { h, uid } from './dom.js'

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

/** A back link above a page title ("← Errors"). */
export function backLink (href, label) {
  return h('a', { className: 'back-link', href }, h('span', { attrs: { 'aria-hidden': 'true' } }, '← '), label)
}

/**
 * A one-line notice carried to the next page (after a save that navigates away). setFlash before
 * navigating; the next page's takeFlash() returns it once.
 */
export function setFlash (text) {
  try { globalThis.sessionStorage?.setItem('vigil.flash', String(text)) } catch {}
}
export function takeFlash () {
  try {
    const text = globalThis.sessionStorage?.getItem('vigil.flash') ?? null
    globalThis.sessionStorage?.removeItem('vigil.flash')
    return text
  } catch { return null }
}

/**
 * The shell every list page shares: a labelled section with its heading, actions, lead text and status
 * line (showing the notice a previous page left), appended to `view`. `before` goes above the heading
 * (a back link), `after` below the status line (counters).
 */
export function listPage (view, { id, className, title, actions = [], lead, before = [], after = [] }) {
  const status = notice()
  const page = h('section', { className: `page ${className}`, attrs: { 'aria-labelledby': id } },
    before, pageHeader(title, ...actions), h('p', { className: 'page-lead' }, lead), status.el, after)
  page.querySelector('.page-title').id = id
  view.append(page)
  const flash = takeFlash()
  if (flash) status.show(flash)
  return { page, status }
}

/** A polite status line ("Saved", "Filter deleted") that hides itself when empty. */
export function notice (className = '') {
  const el = h('p', { className: `notice ${className}`.trim(), attrs: { role: 'status', 'aria-live': 'polite' } })
  return {
    el,
    show (text, tone = 'ok') { el.dataset.tone = tone; el.textContent = text ?? '' },
    clear () { el.textContent = '' }
  }
}

/**
 * Asks before something that cannot be undone, in a modal <dialog> (focus stays inside, Esc cancels).
 * Resolves true when confirmed. The safe answer (Cancel) has focus first.
 */
export function confirmDialog ({ title, body, confirmLabel = 'Delete', cancelLabel = 'Cancel', danger = true }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg-title')
    const bodyId = uid('dlg-body')
    const cancel = h('button', { type: 'button', className: 'btn', on: { click: () => dialog.close('cancel') } }, cancelLabel)
    const confirm = h('button', { type: 'button', className: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, on: { click: () => dialog.close('confirm') } }, confirmLabel)
    const dialog = h('dialog', { className: 'dialog', attrs: { 'aria-labelledby': titleId, 'aria-describedby': bodyId } },
      h('h2', { className: 'dialog-title', id: titleId }, title),
      h('div', { className: 'dialog-body', id: bodyId }, body),
      h('div', { className: 'dialog-actions' }, cancel, confirm))
    const opener = document.activeElement
    // leaving the page (Back, a link, another tab's hash) answers "no": the dialog never outlives its page
    const onLeave = () => dialog.close('cancel')
    window.addEventListener('hashchange', onLeave)
    dialog.addEventListener('close', () => {
      window.removeEventListener('hashchange', onLeave)
      resolve(dialog.returnValue === 'confirm')
      dialog.remove()
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    })
    document.body.append(dialog)
    dialog.showModal()
    cancel.focus()
  })
}

/**
 * Accessible tabs (WAI-ARIA tabs pattern): ←/→/Home/End move between tabs and select them.
 * tabs: [{ key, label, panel: Node }]; returns { el, select(key), setLabel(key, text), get current }.
 */
export function createTabs (tabs, { label, onSelect } = {}) {
  const base = uid('tabs')
  let current = null
  const list = h('div', { className: 'tabs-list', attrs: { role: 'tablist', 'aria-label': label } })
  const items = tabs.map((t) => {
    const tabId = `${base}-${t.key}-tab`
    const panelId = `${base}-${t.key}-panel`
    const text = h('span', {}, t.label)
    const tab = h('button', {
      type: 'button', className: 'tab', id: tabId,
      attrs: { role: 'tab', 'aria-controls': panelId, 'aria-selected': 'false', 'data-tab': t.key },
      tabIndex: -1,
      on: { click: () => select(t.key), keydown: onKey }
    }, text)
    const panel = h('div', { className: 'tab-panel', id: panelId, hidden: true, tabIndex: 0, attrs: { role: 'tabpanel', 'aria-labelledby': tabId } }, t.panel)
    list.append(tab)
    return { ...t, tab, text, panelEl: panel }
  })
  function select (key, { focus = false } = {}) {
    for (const it of items) {
      const on = it.key === key
      it.tab.setAttribute('aria-selected', on ? 'true' : 'false')
      it.tab.tabIndex = on ? 0 : -1
      it.panelEl.hidden = !on
      if (on && focus) it.tab.focus()
    }
    if (current !== key) { current = key; onSelect?.(key) }
  }
  function onKey (ev) {
    const i = items.findIndex((it) => it.tab === ev.currentTarget)
    let j = null
    if (ev.key === 'ArrowRight') j = (i + 1) % items.length
    else if (ev.key === 'ArrowLeft') j = (i - 1 + items.length) % items.length
    else if (ev.key === 'Home') j = 0
    else if (ev.key === 'End') j = items.length - 1
    if (j === null) return
    ev.preventDefault()
    select(items[j].key, { focus: true })
  }
  select(tabs[0].key)
  return {
    el: h('div', { className: 'tabs' }, list, items.map((it) => it.panelEl)),
    select,
    setLabel (key, text) { const it = items.find((x) => x.key === key); if (it) it.text.textContent = text },
    get current () { return current }
  }
}
