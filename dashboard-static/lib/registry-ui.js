/**
 * Pieces the registry pages share: the Filter button with its panel (manual, "Search for, sort, and filter
 * licenses": Filter → choose → OK), cells of the lists (SLC, customer, Care coverage, counts) and the
 * flash notice with a link.
 */
import { h, replaceChildren, uid } from './dom.js'
import { chip } from './ui.js'
import { icon } from './forms.js'
import { CARE_COVERAGE_LABELS, CARE_COVERAGE_TONES, UNSPECIFIED } from './registry.js'

/**
 * Moves a grid's filter selects (created by createGrid with `filters`) into a panel opened by a Filter
 * button in the grid's toolbar. The selects stay the grid's own (its state, its Clear button, its saved
 * choices); a choice applies at once, OK closes the panel, Reset sets every filter back to its first choice.
 * Returns { button, panel, update() }.
 */
export function filterPanel (grid, { keys, labels = {}, title = 'Filter' }) {
  const toolbar = grid.el.querySelector('.grid-toolbar')
  const panelId = uid('filter-panel')
  const count = h('span', { className: 'filter-count', hidden: true })
  const button = h('button', {
    type: 'button', className: 'btn filter-toggle', attrs: { 'aria-expanded': 'false', 'aria-controls': panelId },
    on: { click: () => (panel.hidden ? open() : close()) }
  }, icon('filter'), title, count)
  const fields = keys.map((k) => grid.el.querySelector(`select[id$="-f-${k}"]`)?.closest('.field')).filter(Boolean)
  const ok = h('button', { type: 'button', className: 'btn btn-primary btn-small', on: { click: () => { close(); button.focus() } } }, 'OK')
  const reset = h('button', { type: 'button', className: 'btn btn-small', on: { click: resetAll } }, 'Reset')
  const panel = h('div', {
    className: 'filter-panel', id: panelId, hidden: true, attrs: { role: 'group', 'aria-label': title },
    on: { keydown: (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); close(); button.focus() } } }
  }, fields, h('div', { className: 'filter-panel-actions' }, reset, ok))
  const summary = h('p', { className: 'active-filters', attrs: { 'aria-live': 'polite' } })
  const search = toolbar.querySelector('.field-search')
  search.after(h('div', { className: 'field field-action' }, button))
  toolbar.append(h('div', { className: 'filter-panel-wrap' }, panel, summary))

  function selects () { return fields.map((f) => f.querySelector('select')) }
  function open () {
    panel.hidden = false
    button.setAttribute('aria-expanded', 'true')
    selects()[0]?.focus()
  }
  function close () {
    panel.hidden = true
    button.setAttribute('aria-expanded', 'false')
  }
  function resetAll () {
    for (const s of selects()) {
      if (s.value === '') continue
      s.value = ''
      s.dispatchEvent(new Event('change', { bubbles: true }))
    }
    update()
    selects()[0]?.focus()
  }
  function update () {
    const chosen = selects().filter((s) => s.value !== '')
    count.hidden = chosen.length === 0
    count.textContent = String(chosen.length)
    button.setAttribute('aria-label', chosen.length ? `${title}, ${chosen.length} chosen` : title)
    replaceChildren(summary, chosen.length
      ? ['Filtered by ', chosen.map((s, i) => [i ? ' · ' : '', h('strong', {}, `${labels[keyOf(s)] ?? ''}: `), s.selectedOptions[0]?.textContent ?? ''])]
      : null)
  }
  function keyOf (select) { return keys.find((k) => select.id.endsWith(`-f-${k}`)) }
  // the grid's own Clear button empties the selects without a change event: look after every click
  grid.el.addEventListener('change', () => queueMicrotask(update))
  grid.el.addEventListener('click', () => queueMicrotask(update))
  update()
  return { button, panel, update }
}

/** The Milestone Care coverage chip (always its label). */
export function careChip (code) {
  const c = code ?? 'unknown'
  return chip(CARE_COVERAGE_LABELS[c] ?? String(c), CARE_COVERAGE_TONES[c] ?? 'neutral')
}

/** The customer cell: "Unspecified" muted when the license has none. */
export function customerCell (name, customerId) {
  return customerId == null || !name || name === UNSPECIFIED ? h('span', { className: 'muted' }, UNSPECIFIED) : name
}

/** A "Details" link of a row (reached by Tab; ↑/↓ move between rows' links). */
export function detailsLink (href, label) {
  return h('a', { className: 'btn btn-small', href, dataset: { focus: 'details' }, attrs: { 'aria-label': label } }, 'Details')
}

/** A notice that says what happened, with a link to it ("License … registered. View details"). */
export function showDone (status, text, link) {
  status.show(text)
  if (link) status.el.append(' ', h('a', { href: link.href }, link.label))
}

/**
 * Editors for editableField() (lib/forms.js): each returns { el, focus(), value() }.
 */
export const editors = {
  /** One line of text (License description, Server description); empty → null. */
  text (current, { label, maxLength = 500, placeholder } = {}) {
    const input = h('input', { type: 'text', className: 'input', value: current ?? '', maxLength, placeholder, spellcheck: true, attrs: { 'aria-label': label } })
    return { el: input, focus: () => { input.focus(); input.select() }, value: () => input.value.trim() || null }
  },
  /** Care Plus and Care Premium expiry dates (CareInput); empty dates: Care Basic only. */
  care (care) {
    const plus = h('input', { type: 'date', className: 'input', id: uid('plus'), value: care?.plusExpiresOn ?? '' })
    const premium = h('input', { type: 'date', className: 'input', id: uid('premium'), value: care?.premiumExpiresOn ?? '' })
    const el = h('div', { className: 'care-editor' },
      h('div', { className: 'field' }, h('label', { className: 'field-label', htmlFor: plus.id }, 'Care Plus expires on'), plus),
      h('div', { className: 'field' }, h('label', { className: 'field-label', htmlFor: premium.id }, 'Care Premium expires on'), premium),
      h('p', { className: 'field-hint' }, 'Care Basic never expires. Leave both empty to record Care Basic only.'))
    return { el, focus: () => plus.focus(), value: () => ({ plusExpiresOn: plus.value || null, premiumExpiresOn: premium.value || null }) }
  },
  /** A whole number or nothing (device licenses on the SLC). */
  count (current, { label }) {
    const input = h('input', { type: 'number', className: 'input input-number', min: 0, max: 100000, step: 1, value: current ?? '', attrs: { 'aria-label': label } })
    return { el: input, focus: () => input.focus(), value: () => (input.value === '' ? null : Number(input.value)) }
  },
  /** A check box per license group; value() → the chosen ids. */
  groups (all, chosenIds, { label = 'License groups' } = {}) {
    const chosen = new Set(chosenIds.map(Number))
    const boxes = all.map((g) => {
      const box = h('input', { type: 'checkbox', className: 'checkbox', id: uid('grp'), checked: chosen.has(Number(g.id)), value: String(g.id) })
      return { g, box }
    })
    const el = h('fieldset', { className: 'groups-editor' },
      h('legend', { className: 'visually-hidden' }, label),
      boxes.length
        ? boxes.map(({ g, box }) => h('label', { className: 'check', htmlFor: box.id }, box, h('span', {}, g.name)))
        : h('p', { className: 'muted small' }, 'No license groups yet. Create them on the License groups page.'))
    return { el, focus: () => (boxes[0]?.box ?? el).focus(), value: () => boxes.filter((b) => b.box.checked).map((b) => Number(b.g.id)) }
  }
}

/** "Care Basic - Never expires", "Care Plus - expires 31/05/2027" (manual, "Milestone Care coverage"). */
export function careCoverageList (care, fmt) {
  const names = { basic: 'Care Basic', plus: 'Care Plus', premium: 'Care Premium' }
  if (!care || !care.recorded || !care.coverages?.length) return h('span', { className: 'muted' }, 'No Milestone Care recorded')
  return h('ul', { className: 'value-list' }, care.coverages.map((c) => h('li', {},
    h('span', {}, names[c.level] ?? c.level), ' - ',
    c.expiresOn == null
      ? 'Never expires'
      : h('span', { className: c.active ? '' : 'text-danger' }, `${c.active ? 'expires' : 'expired'} ${fmt.day(c.expiresOn)}`))))
}

/** "17 out of 25" with a small bar (the bar is decoration: the text says it all). */
export function usage (activated, total, fmt) {
  const text = total == null ? fmt.number(activated ?? 0) : `${fmt.number(activated ?? 0)} out of ${fmt.number(total)}`
  if (!total) return h('span', { className: 'usage' }, text)
  const level = Math.max(0, Math.min(10, Math.round((Number(activated) || 0) / total * 10)))
  return h('span', { className: 'usage' }, h('span', { className: 'usage-bar', attrs: { 'aria-hidden': 'true' } }, h('span', { className: 'usage-fill', dataset: { level } })), text)
}
