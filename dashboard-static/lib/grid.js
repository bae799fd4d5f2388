/**
 * The grid of the manual's pages: search over every column, filters (select lists), sort by clicking a
 * column header (asc ↔ desc, shown with aria-sort), paging "Previous 1 … 20 21 22 … 70 Next" and
 * "Rows per page" 10/25/50/100 (the user's setting by default).
 *
 * The top half is pure (rows in, rows out) and imported by the Node unit tests; the DOM half,
 * createGrid(), touches `document` only when called. Rows can be replaced at any time (live updates):
 * the search, filters, sort and page a person chose stay as they were.
 *
 * A column: { key, label, text?(row) → string shown and searched, sortValue?(row) → string|number|null,
 *             render?(row) → Node|string, numeric?: boolean, className?: string }
 * A filter: { key, label, options: [{ value, label }], value?(row) → the value compared (default row[key]) }
 */

export const PAGE_SIZES = Object.freeze([10, 25, 50, 100])
export const DEFAULT_PAGE_SIZE = 25

export function normalizePageSize (value) {
  const n = Number(value)
  return PAGE_SIZES.includes(n) ? n : DEFAULT_PAGE_SIZE
}

/** Lower case without accents, so "sao" finds "São Paulo". */
export function fold (value) {
  return String(value ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLocaleLowerCase()
}

export function cellText (column, row) {
  const v = column.text ? column.text(row) : row[column.key]
  return v === null || v === undefined ? '' : String(v)
}

/** Rows in which every whitespace-separated term of `query` appears in some column's text. */
export function searchRows (rows, columns, query, cache) {
  const terms = fold(query).split(/\s+/).filter(Boolean)
  if (terms.length === 0) return rows
  return rows.filter((row) => {
    let hay = cache?.get(row)
    if (hay === undefined) {
      hay = columns.map((c) => fold(cellText(c, row))).join('\u0000')
      cache?.set(row, hay)
    }
    return terms.every((t) => hay.includes(t))
  })
}

/** Rows whose filter values equal every chosen value; an empty choice ('' / undefined) lets all through. */
export function filterRows (rows, filters = [], chosen = {}) {
  const active = filters.filter((f) => chosen[f.key] !== undefined && chosen[f.key] !== null && chosen[f.key] !== '')
  if (active.length === 0) return rows
  return rows.filter((row) => active.every((f) => String(f.value ? f.value(row) : row[f.key]) === String(chosen[f.key])))
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function sortValueOf (column, row) {
  const v = column.sortValue ? column.sortValue(row) : column.text ? column.text(row) : row[column.key]
  if (v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v))) return null
  return v
}

/** Compares two sort values; empty ones are not handled here (sortRows keeps them last). */
export function compareValues (a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return collator.compare(String(a), String(b))
}

/**
 * A new array sorted by sort = { key, dir: 'asc' | 'desc' }. Empty values go last in both directions,
 * and ties keep a fixed order (by rowKey) so live updates do not shuffle equal rows.
 */
export function sortRows (rows, columns, sort, rowKey) {
  const column = sort && columns.find((c) => c.key === sort.key)
  if (!column) return rows.slice()
  const sign = sort.dir === 'desc' ? -1 : 1
  const decorated = rows.map((row) => ({ row, v: sortValueOf(column, row), k: rowKey ? String(rowKey(row)) : '' }))
  decorated.sort((x, y) => {
    if (x.v === null || y.v === null) {
      if (x.v === null && y.v !== null) return 1
      if (y.v === null && x.v !== null) return -1
    } else {
      const c = compareValues(x.v, y.v)
      if (c !== 0) return sign * c
    }
    return collator.compare(x.k, y.k)
  })
  return decorated.map((d) => d.row)
}

/** The rows of one page; `page` is clamped to the pages there are (at least one, even when empty). */
export function paginate (rows, page, pageSize) {
  const size = normalizePageSize(pageSize)
  const total = rows.length
  const pageCount = Math.max(1, Math.ceil(total / size))
  const current = Math.min(Math.max(1, Math.floor(Number(page)) || 1), pageCount)
  const start = (current - 1) * size
  const slice = rows.slice(start, start + size)
  return { rows: slice, page: current, pageCount, pageSize: size, total, from: total ? start + 1 : 0, to: start + slice.length }
}

/**
 * The pager's items, as the manual shows them: first, last, the current page and its neighbours, with
 * 'gap' for the pages left out ("1 … 20 21 22 … 70"). A gap never hides just one page.
 */
export function pageItems (page, pageCount, siblings = 1) {
  const wanted = new Set([1, pageCount])
  for (let p = page - siblings; p <= page + siblings; p++) if (p >= 1 && p <= pageCount) wanted.add(p)
  const sorted = [...wanted].sort((a, b) => a - b)
  const out = []
  for (const p of sorted) {
    const prev = out.length ? out[out.length - 1] : null
    if (typeof prev === 'number' && p - prev === 2) out.push(prev + 1)
    else if (typeof prev === 'number' && p - prev > 2) out.push('gap')
    out.push(p)
  }
  return out
}

/** Search, filter, sort and page in one go: what the grid shows for `state`. */
export function applyGridState (rows, { columns, filters = [], rowKey, cache }, state) {
  const matched = sortRows(filterRows(searchRows(rows, columns, state.q ?? '', cache), filters, state.filters ?? {}), columns, state.sort, rowKey)
  return paginate(matched, state.page ?? 1, state.pageSize)
}

/* ------------------------------------------------------------------ DOM */

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
 * options: { columns, rowKey, caption, filters, pageSize, defaultSort, itemName: [one, many],
 *            searchLabel, emptyText, stateKey (keeps the person's choices for this browser tab) }
 */
export function createGrid (container, options) {
  const id = `grid-${++gridCounter}`
  const columns = options.columns
  const filters = options.filters ?? []
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
  let loading = true
  let cache = new WeakMap()
  let frame = null
  let pagerSignature = ''
  let view = paginate([], 1, state.pageSize)

  // Toolbar: search, filters, count
  const searchId = `${id}-search`
  const search = el('input', {
    id: searchId, type: 'search', className: 'input grid-search', value: state.q, autocomplete: 'off', spellcheck: false,
    placeholder: options.searchPlaceholder ?? 'Search',
    on: { input: () => { state.q = search.value; state.page = 1; changed(true) } }
  })
  const filterSelects = filters.map((f) => {
    const select = el('select', {
      id: `${id}-f-${f.key}`, className: 'input',
      on: { change: () => { state.filters[f.key] = select.value; state.page = 1; changed(true) } }
    }, el('option', { value: '' }, 'All'), f.options.map((o) => el('option', { value: o.value }, o.label)))
    select.value = state.filters[f.key] ?? ''
    return { f, select }
  })
  const clearBtn = el('button', {
    type: 'button', className: 'btn btn-quiet', hidden: true,
    on: { click: () => { state.q = ''; search.value = ''; for (const { f, select } of filterSelects) { select.value = ''; state.filters[f.key] = '' } state.page = 1; changed(true); search.focus() } }
  }, 'Clear')
  const count = el('p', { className: 'grid-count', id: `${id}-count` })
  const toolbar = el('div', { className: 'grid-toolbar' },
    el('div', { className: 'field field-search' }, el('label', { htmlFor: searchId, className: 'field-label' }, options.searchLabel ?? 'Search'), search),
    filterSelects.map(({ f, select }) => el('div', { className: 'field' }, el('label', { htmlFor: select.id, className: 'field-label' }, f.label), select)),
    el('div', { className: 'field field-action' }, clearBtn),
    count
  )

  // Table
  const headCells = columns.map((c) => {
    const btn = el('button', {
      type: 'button', className: 'sort-btn',
      on: { click: () => toggleSort(c.key) }
    }, el('span', {}, c.label), el('span', { className: 'sort-icon', attrs: { 'aria-hidden': 'true' } }))
    return { c, th: el('th', { scope: 'col', className: [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined }, btn) }
  })
  const tbody = el('tbody')
  const table = el('table', { className: 'grid-table', attrs: { 'aria-describedby': count.id } },
    el('caption', { className: 'visually-hidden' }, options.caption ?? many),
    el('thead', {}, el('tr', {}, headCells.map((h) => h.th))),
    tbody)
  const scroller = el('div', { className: 'grid-scroll' }, table)

  // Footer: pager and rows per page
  const pager = el('nav', { className: 'pager', attrs: { 'aria-label': `Pages of ${many}` } })
  const sizeSelect = el('select', {
    id: `${id}-size`, className: 'input input-small',
    on: { change: () => setPageSize(sizeSelect.value) }
  }, PAGE_SIZES.map((n) => el('option', { value: String(n) }, String(n))))
  sizeSelect.value = String(state.pageSize)
  const footer = el('div', { className: 'grid-footer' }, pager,
    el('div', { className: 'field field-inline' }, el('label', { htmlFor: sizeSelect.id, className: 'field-label' }, 'Rows per page'), sizeSelect))
  const announcer = el('p', { className: 'visually-hidden', attrs: { 'aria-live': 'polite' } })

  const root = el('div', { className: 'grid', id }, toolbar, scroller, footer, announcer)
  container.append(root)

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

  function changed (byPerson) {
    saveState(options.stateKey, state)
    render(byPerson)
  }

  function schedule () {
    if (frame !== null) return
    const raf = globalThis.requestAnimationFrame ?? ((fn) => setTimeout(fn, 16))
    frame = raf(() => { frame = null; render(false) })
  }

  function summaryText () {
    if (loading) return `Loading ${many}…`
    if (view.total === 0) return rows.length ? `No ${many} match` : `No ${many}`
    const shown = `Showing ${view.from}–${view.to} of ${view.total} ${view.total === 1 ? one : many}`
    return view.total === rows.length ? shown : `${shown} (${rows.length} in all)`
  }

  function renderHead () {
    for (const { c, th } of headCells) {
      if (state.sort?.key === c.key) th.setAttribute('aria-sort', state.sort.dir === 'desc' ? 'descending' : 'ascending')
      else th.removeAttribute('aria-sort')
    }
  }

  function renderBody () {
    const frag = document.createDocumentFragment()
    if (loading || view.rows.length === 0) {
      const text = loading ? `Loading ${many}…` : rows.length ? (options.noMatchText ?? `No ${many} match the search and filters.`) : (options.emptyText ?? `No ${many} yet.`)
      frag.append(el('tr', { className: 'grid-empty' }, el('td', { colSpan: columns.length }, text)))
    } else {
      for (const row of view.rows) {
        const tr = el('tr')
        tr.dataset.key = String(rowKey(row))
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
    tbody.replaceChildren(frag)
    table.setAttribute('aria-busy', loading ? 'true' : 'false')
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
    view = applyGridState(rows, { columns, filters, rowKey, cache }, state)
    state.page = view.page
    renderHead()
    renderBody()
    renderPager()
    if (sizeSelect.value !== String(state.pageSize)) sizeSelect.value = String(state.pageSize)
    count.textContent = summaryText()
    clearBtn.hidden = !(state.q || Object.values(state.filters).some(Boolean))
    if (byPerson) announcer.textContent = summaryText()
  }

  render(false)

  return {
    el: root,
    get state () { return structuredClone(state) },
    /** Replaces all rows (a snapshot or a live change); the person's search, filters, sort and page stay. */
    setRows (next) {
      rows = Array.isArray(next) ? next : [...next]
      loading = false
      schedule()
    },
    setLoading (value) { loading = value; schedule() },
    /** Re-renders now (formatter or label change); row text caches are dropped. */
    refresh () { cache = new WeakMap(); render(false) },
    focusSearch () { search.focus() },
    destroy () {
      if (frame !== null) (globalThis.cancelAnimationFrame ?? clearTimeout)(frame)
      frame = null
      root.remove()
    }
  }
}
