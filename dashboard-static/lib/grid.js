/**
 * The grid of the manual's pages (DOM half; the pure half is grid-state.js, re-exported here): a
 * toolbar (search, filter selects, check boxes), a table sorted by its column headers (aria-sort),
 * paging "Previous 1 … 20 21 22 … 70 Next" and "Rows per page" 10/25/50/100.
 *
 * Two sources of rows:
 * - local: the page hands every row to setRows(); search, filters, sort and paging happen here.
 * - remote (options.fetchPage): the server searches, sorts and pages (PROTOCOL.md §4). The grid asks
 *   fetchPage({ q, sort, page, pageSize, filters }, signal) → { items, total } whenever the person
 *   changes something, and reload() asks again for the same page (a live event: nothing moves but the rows).
 * Either way the person's search, filters, sort and page stay as they were when rows change, keyboard
 * focus stays on its row, and rows that a live change brings in are marked briefly.
 *
 * Extra options: filters[].allLabel (the "" choice), toggles [{ key, label }] (check boxes, kept in
 * state.filters as booleans), toolbar: false, onActivate(row) (double-click or Enter on a row),
 * rowClass(row), columns[].sortable: false and columns[].hideLabel.
 */
import { PAGE_SIZES, applyGridState, cellText, normalizePageSize, pageItems, remotePage, sortParam } from './grid-state.js'

export * from './grid-state.js'

const SEARCH_DELAY_MS = 250

function el (tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue
    if (k === 'attrs') { for (const [a, av] of Object.entries(v)) if (av !== null && av !== undefined && av !== false) node.setAttribute(a, String(av)) } else if (k === 'on') { for (const [e, fn] of Object.entries(v)) node.addEventListener(e, fn) } else node[k] = v
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)))
  return node
}

let gridCounter = 0

function loadState (key) {
  if (!key) return null
  try { return JSON.parse(globalThis.sessionStorage?.getItem(`vigil.grid.${key}`) ?? 'null') } catch { return null }
}
function saveState (key, state) {
  if (!key) return
  try { globalThis.sessionStorage?.setItem(`vigil.grid.${key}`, JSON.stringify(state)) } catch {}
}

/**
 * Builds the grid inside `container`.
 * options: { columns, rowKey, caption, filters, toggles, pageSize, defaultSort, itemName: [one, many],
 *            searchLabel, searchPlaceholder, emptyText, noMatchText, stateKey (keeps the person's choices
 *            for this browser tab), fetchPage, toolbar, onActivate, rowClass }
 */
export function createGrid (container, options) {
  const id = `grid-${++gridCounter}`
  const columns = options.columns
  const filters = options.filters ?? []
  const toggles = options.toggles ?? []
  const remote = typeof options.fetchPage === 'function'
  const rowKey = options.rowKey ?? ((row) => row.id)
  const [one, many] = options.itemName ?? ['row', 'rows']
  const saved = loadState(options.stateKey)
  const state = {
    q: saved?.q ?? '',
    filters: { ...(saved?.filters ?? {}) },
    sort: saved?.sort ?? options.defaultSort ?? { key: columns[0].key, dir: 'asc' },
    page: saved?.page ?? 1,
    pageSize: normalizePageSize(saved?.pageSize ?? options.pageSize)
  }
  let rows = []
  let remoteTotal = 0
  let loading = true
  let failure = null // the message of the last failed fetch
  let cache = new WeakMap()
  let frame = null
  let pagerSignature = ''
  let shownKeys = null // keys on screen, to mark rows a live change brings in
  let inflight = null
  let requestNo = 0
  let searchTimer = null
  let view = remotePage([], 0, 1, state.pageSize)

  // Toolbar: search, filters, check boxes, count
  const searchId = `${id}-search`
  const search = el('input', {
    id: searchId, type: 'search', className: 'input grid-search', value: state.q, autocomplete: 'off', spellcheck: false,
    placeholder: options.searchPlaceholder ?? 'Search',
    on: { input: () => { state.q = search.value; state.page = 1; changed(true, { typing: true }) } }
  })
  const filterSelects = filters.map((f) => {
    const select = el('select', {
      id: `${id}-f-${f.key}`, className: 'input',
      on: { change: () => { state.filters[f.key] = select.value; state.page = 1; changed(true) } }
    })
    fillOptions(select, f, f.options ?? [])
    return { f, select }
  })
  const toggleBoxes = toggles.map((tg) => {
    const box = el('input', {
      id: `${id}-t-${tg.key}`, type: 'checkbox', className: 'checkbox', checked: Boolean(state.filters[tg.key]),
      on: { change: () => { state.filters[tg.key] = box.checked; state.page = 1; changed(true) } }
    })
    return { tg, box }
  })
  const clearBtn = el('button', {
    type: 'button', className: 'btn btn-quiet', hidden: true,
    on: {
      click: () => {
        state.q = ''; search.value = ''
        for (const { f, select } of filterSelects) { select.value = ''; state.filters[f.key] = '' }
        state.page = 1; changed(true); search.focus()
      }
    }
  }, 'Clear')
  const count = el('p', { className: 'grid-count', id: `${id}-count` })
  const toolbar = options.toolbar === false
    ? null
    : el('div', { className: 'grid-toolbar' },
      el('div', { className: 'field field-search' }, el('label', { htmlFor: searchId, className: 'field-label' }, options.searchLabel ?? 'Search'), search),
      filterSelects.map(({ f, select }) => el('div', { className: `field ${f.className ?? ''}`.trim() }, el('label', { htmlFor: select.id, className: 'field-label' }, f.label), select)),
      toggleBoxes.length
        ? el('div', { className: 'grid-toggles', attrs: { role: 'group', 'aria-label': options.togglesLabel ?? 'Include' } },
          toggleBoxes.map(({ tg, box }) => el('label', { className: 'check', htmlFor: box.id }, box, el('span', {}, tg.label))))
        : null,
      el('div', { className: 'field field-action' }, clearBtn))

  // Table
  const headCells = columns.map((c) => {
    const cls = [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined
    const label = c.hideLabel ? el('span', { className: 'visually-hidden' }, c.label) : c.label
    if (c.sortable === false) return { c, th: el('th', { scope: 'col', className: cls }, label) }
    const btn = el('button', {
      type: 'button', className: 'sort-btn',
      on: { click: () => toggleSort(c.key) }
    }, el('span', {}, label), el('span', { className: 'sort-icon', attrs: { 'aria-hidden': 'true' } }))
    return { c, th: el('th', { scope: 'col', className: cls }, btn) }
  })
  const tbody = el('tbody', { on: { keydown: onBodyKey, dblclick: onBodyDblClick } })
  const table = el('table', { className: 'grid-table', attrs: { 'aria-describedby': count.id } },
    el('caption', { className: 'visually-hidden' }, options.caption ?? many),
    el('thead', {}, el('tr', {}, headCells.map((hc) => hc.th))),
    tbody)
  const scroller = el('div', { className: 'grid-scroll' }, table)

  // Footer: pager and rows per page
  const pager = el('nav', { className: 'pager', attrs: { 'aria-label': `Pages of ${many}` } })
  const sizeSelect = el('select', {
    id: `${id}-size`, className: 'input input-small',
    on: { change: () => setPageSize(sizeSelect.value) }
  }, PAGE_SIZES.map((n) => el('option', { value: String(n) }, String(n))))
  sizeSelect.value = String(state.pageSize)
  // the count lives by the pager, so the toolbar never wraps when a filter or "Clear" appears
  const footer = el('div', { className: 'grid-footer' }, pager, count,
    el('div', { className: 'field field-inline' }, el('label', { htmlFor: sizeSelect.id, className: 'field-label' }, 'Rows per page'), sizeSelect))
  const announcer = el('p', { className: 'visually-hidden', attrs: { 'aria-live': 'polite' } })

  const root = el('div', { className: `grid${toolbar ? '' : ' grid-plain'}`, id }, toolbar, scroller, footer, announcer)
  container.append(root)

  function fillOptions (select, f, opts) {
    select.replaceChildren(el('option', { value: '' }, f.allLabel ?? 'All'), ...opts.map((o) => el('option', { value: o.value }, o.label)))
    select.value = state.filters[f.key] ?? '' // a saved choice not (yet) offered shows as the "" choice
  }

  function toggleSort (key) {
    state.sort = state.sort?.key === key && state.sort.dir === 'asc' ? { key, dir: 'desc' } : { key, dir: 'asc' }
    state.page = 1
    changed(true)
  }

  function setPageSize (value) {
    const size = normalizePageSize(value)
    const firstShown = view.from || 1
    state.pageSize = size
    state.page = Math.floor((firstShown - 1) / size) + 1 // keep the first row in sight
    changed(true)
  }

  function goToPage (p) {
    state.page = p
    changed(true)
  }

  function changed (byPerson, { typing = false } = {}) {
    saveState(options.stateKey, state)
    if (!remote) { render(byPerson); return }
    clearTimeout(searchTimer)
    if (typing) searchTimer = setTimeout(() => { void load(true) }, SEARCH_DELAY_MS)
    else void load(true)
  }

  /** The query a remote grid sends: search, sort (API form), page, size and the chosen filters. */
  function query () {
    const f = {}
    for (const [k, v] of Object.entries(state.filters)) if (v !== '' && v !== false && v !== undefined && v !== null) f[k] = v
    return { q: state.q.trim(), sort: sortParam(state.sort), page: state.page, pageSize: state.pageSize, filters: f }
  }

  async function load (byPerson) {
    inflight?.abort()
    const ac = new AbortController()
    inflight = ac
    const no = ++requestNo
    table.setAttribute('aria-busy', 'true')
    let body
    try {
      body = await options.fetchPage(query(), ac.signal)
    } catch (err) {
      if (ac.signal.aborted || no !== requestNo) return
      failure = err?.message || String(err)
      loading = false
      render(byPerson)
      return
    }
    if (no !== requestNo) return
    const items = Array.isArray(body?.items) ? body.items : []
    const total = Number(body?.total) || 0
    const lastPage = Math.max(1, Math.ceil(total / state.pageSize))
    if (state.page > lastPage) { // the list shrank under the person (or a saved page is gone): show its last page
      state.page = lastPage
      saveState(options.stateKey, state)
      void load(byPerson)
      return
    }
    rows = items
    remoteTotal = total
    failure = null
    loading = false
    render(byPerson)
  }

  function schedule () {
    if (frame !== null) return
    const raf = globalThis.requestAnimationFrame ?? ((fn) => setTimeout(fn, 16))
    frame = raf(() => { frame = null; render(false) })
  }

  function hasCriteria () {
    return Boolean(state.q.trim()) || filters.some((f) => state.filters[f.key])
  }

  function summaryText () {
    if (loading) return `Loading ${many}…`
    if (failure && view.total === 0) return failure
    if (view.total === 0) return remote ? (hasCriteria() ? `No ${many} match` : `No ${many}`) : rows.length ? `No ${many} match` : `No ${many}`
    const shown = `Showing ${view.from}–${view.to} of ${view.total} ${view.total === 1 ? one : many}`
    if (remote) return failure ? `${shown}. Not refreshed: ${failure}` : shown
    return view.total === rows.length ? shown : `${shown} (${rows.length} in all)`
  }

  function renderHead () {
    for (const { c, th } of headCells) {
      if (c.sortable !== false && state.sort?.key === c.key) th.setAttribute('aria-sort', state.sort.dir === 'desc' ? 'descending' : 'ascending')
      else th.removeAttribute('aria-sort')
    }
  }

  /** Where keyboard focus is inside the table body, to put it back after the rows are rebuilt. */
  function focusSpot () {
    const active = document.activeElement
    if (!active || !tbody.contains(active)) return null
    const tr = active.closest('tr')
    return { key: tr?.dataset.key, role: active === tr ? null : active.dataset.focus ?? null, index: [...tbody.children].indexOf(tr) }
  }

  function restoreFocus (spot) {
    if (!spot || tbody.contains(document.activeElement)) return
    const trs = [...tbody.querySelectorAll('tr[data-key]')]
    const tr = trs.find((r) => r.dataset.key === spot.key) ?? trs[Math.min(spot.index, trs.length - 1)]
    const target = tr && (spot.role ? tr.querySelector(`[data-focus="${spot.role}"]`) : tr)
    if (target) target.focus({ preventScroll: true })
    else if (tr?.tabIndex === -1) tr.focus({ preventScroll: true })
    else table.closest('.grid')?.querySelector('.grid-search, .pager-btn')?.focus({ preventScroll: true })
  }

  function renderBody (byPerson) {
    const spot = focusSpot()
    const frag = document.createDocumentFragment()
    const keys = new Set()
    if (loading || view.rows.length === 0) {
      const text = loading
        ? `Loading ${many}…`
        : failure ?? ((remote ? hasCriteria() : rows.length) ? (options.noMatchText ?? `No ${many} match the search and filters.`) : (options.emptyText ?? `No ${many} yet.`))
      frag.append(el('tr', { className: `grid-empty${failure ? ' grid-failure' : ''}` }, el('td', { colSpan: columns.length }, text)))
    } else {
      for (const row of view.rows) {
        const key = String(rowKey(row))
        keys.add(key)
        const extra = options.rowClass?.(row) ?? ''
        const fresh = !byPerson && shownKeys !== null && !shownKeys.has(key)
        const tr = el('tr', { className: `${extra}${fresh ? ' is-new' : ''}`.trim() || undefined })
        tr.dataset.key = key
        if (options.onActivate) tr.tabIndex = -1
        for (const c of columns) {
          const td = el('td', { className: [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined })
          const content = c.render ? c.render(row) : cellText(c, row)
          if (content instanceof Node) td.append(content)
          else td.textContent = content
          tr.append(td)
        }
        frag.append(tr)
      }
    }
    if (!loading) shownKeys = keys
    tbody.replaceChildren(frag)
    table.setAttribute('aria-busy', loading ? 'true' : 'false')
    restoreFocus(spot)
  }

  function rowOf (target) {
    const tr = target instanceof Element ? target.closest('tr[data-key]') : null
    if (!tr || !tbody.contains(tr)) return null
    return view.rows.find((r) => String(rowKey(r)) === tr.dataset.key) ?? null
  }

  function onBodyDblClick (ev) {
    if (!options.onActivate || ev.target.closest('a, button, input, select')) return
    const row = rowOf(ev.target)
    if (row) options.onActivate(row)
  }

  /** Enter on a row opens it; ↑/↓ move between rows (to the same button or link when one had focus). */
  function onBodyKey (ev) {
    const tr = ev.target.closest?.('tr[data-key]')
    if (!tr) return
    if (ev.key === 'Enter' && ev.target === tr && options.onActivate) {
      const row = rowOf(tr)
      if (row) { ev.preventDefault(); options.onActivate(row) }
      return
    }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return
    const next = ev.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling
    if (!next) return
    const role = ev.target === tr ? null : ev.target.dataset?.focus
    const target = role ? next.querySelector(`[data-focus="${role}"]`) : next.tabIndex === -1 ? next : null
    if (target) { ev.preventDefault(); target.focus() }
  }

  function pagerButton (label, page, { current = false, disabled = false, role } = {}) {
    return el('button', {
      type: 'button', className: `pager-btn${current ? ' is-current' : ''}${role ? ` pager-${role}` : ''}`, disabled,
      attrs: { 'aria-current': current ? 'page' : null, 'aria-label': role ? null : `Page ${page}`, 'data-page': role ?? String(page) },
      on: { click: () => goToPage(page) }
    }, label)
  }

  function renderPager () {
    const items = pageItems(view.page, view.pageCount)
    const signature = `${view.page}/${view.pageCount}`
    if (signature === pagerSignature) return
    pagerSignature = signature
    const focused = pager.contains(document.activeElement) ? document.activeElement.getAttribute('data-page') : null
    pager.replaceChildren(
      pagerButton('Previous', view.page - 1, { disabled: view.page <= 1, role: 'prev' }),
      ...items.map((p) => p === 'gap'
        ? el('span', { className: 'pager-gap', attrs: { 'aria-hidden': 'true' } }, '…')
        : pagerButton(String(p), p, { current: p === view.page })),
      pagerButton('Next', view.page + 1, { disabled: view.page >= view.pageCount, role: 'next' })
    )
    if (focused !== null) {
      let target = pager.querySelector(`[data-page="${focused}"]`)
      if (!target || target.disabled) target = pager.querySelector('[aria-current="page"]')
      target?.focus()
    }
  }

  function render (byPerson) {
    if (frame !== null && byPerson) {
      const caf = globalThis.cancelAnimationFrame ?? clearTimeout
      caf(frame)
      frame = null
    }
    view = remote
      ? remotePage(rows, remoteTotal, state.page, state.pageSize)
      : applyGridState(rows, { columns, filters, rowKey, cache }, state)
    state.page = view.page
    renderHead()
    renderBody(byPerson)
    renderPager()
    if (sizeSelect.value !== String(state.pageSize)) sizeSelect.value = String(state.pageSize)
    count.textContent = summaryText()
    count.classList.toggle('grid-count-failure', Boolean(failure))
    clearBtn.hidden = !hasCriteria()
    if (byPerson) announcer.textContent = summaryText()
  }

  render(false)
  if (remote) void load(false)

  return {
    el: root,
    get state () { return structuredClone(state) },
    /** The rows on screen now (remote: this page; local: every row). */
    get rows () { return rows.slice() },
    /** Local grids: replaces all rows (a snapshot or a live change); the person's choices stay. */
    setRows (next) {
      rows = Array.isArray(next) ? next : [...next]
      loading = false
      schedule()
    },
    /** Remote grids: asks the server again for the page on screen (a live change). */
    reload () { return remote ? load(false) : Promise.resolve() },
    /** New choices for a filter select (loaded after the grid was built); the saved choice is kept. */
    setFilterOptions (key, opts) {
      const entry = filterSelects.find(({ f }) => f.key === key)
      if (entry) fillOptions(entry.select, entry.f, opts)
    },
    setLoading (value) { loading = value; schedule() },
    /** Re-renders now (formatter or label change); row text caches are dropped. */
    refresh () { cache = new WeakMap(); render(false) },
    focusSearch () { search.focus() },
    destroy () {
      if (frame !== null) (globalThis.cancelAnimationFrame ?? clearTimeout)(frame)
      frame = null
      clearTimeout(searchTimer)
      inflight?.abort()
      requestNo += 1
      root.remove()
    }
  }
}
