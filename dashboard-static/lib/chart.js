/**
 * A small bar chart drawn as inline SVG with DOM calls (no library, no innerHTML, no style attributes:
 * colours come from classes in styles.css). Made for "New errors the last 30 days" on the Errors page.
 *
 * Accessible: the SVG is role="img" named by its title and a one-sentence summary; a visually hidden
 * table beside it holds every day and count; each bar has a <title> for the pointer.
 * The SVG is redrawn at the width of its box (ResizeObserver) with a fixed height, so live updates and
 * window resizes never move the page below it.
 *
 * niceScale() and chartSummary() are pure and unit-tested in Node.
 */

const SVG_NS = 'http://www.w3.org/2000/svg'

/** Axis top and ticks: whole numbers, 1-2-5 steps, about `target` intervals; an empty chart gets 0…4. */
export function niceScale (max, target = 4) {
  const m = Number(max)
  if (!(m > 0)) return { top: 4, step: 1, ticks: [0, 1, 2, 3, 4] }
  const rough = m / target
  const pow = 10 ** Math.floor(Math.log10(rough))
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * pow).find((s) => s >= rough))
  const top = Math.ceil(m / step) * step
  const ticks = []
  for (let v = 0; v <= top; v += step) ticks.push(v)
  return { top, step, ticks }
}

/** Total of the days and the busiest one (the latest of equal ones); null when every day is 0. */
export function chartSummary (days) {
  let total = 0
  let peak = null
  for (const d of days ?? []) {
    const c = Number(d.count) || 0
    total += c
    if (c > 0 && (!peak || c >= peak.count)) peak = { date: d.date, count: c }
  }
  return { total, peak }
}

function svg (tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag)
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v))
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)))
  return node
}

let chartCounter = 0

/**
 * createBarChart(container, { title, unit: [one, many], height }) → { update(days, fmt), el, destroy() }
 * days: [{ date: 'YYYY-MM-DD', count }] oldest first; fmt: the page's formatter (day, shortDay, number).
 */
export function createBarChart (container, { title, unit = ['error', 'errors'], height = 150 } = {}) {
  const id = `chart-${++chartCounter}`
  const figure = document.createElement('div')
  figure.className = 'chart'
  const table = document.createElement('table')
  table.className = 'visually-hidden'
  figure.append(table)
  container.append(figure)

  let days = []
  let fmt = null
  let width = 0
  let svgEl = null
  let frame = null

  const count = (n) => `${fmt ? fmt.number(n) : n} ${n === 1 ? unit[0] : unit[1]}`

  function describe () {
    const { total, peak } = chartSummary(days)
    if (!days.length) return 'No data yet.'
    const span = `${fmt.day(days[0].date)} to ${fmt.day(days[days.length - 1].date)}`
    if (!peak) return `No ${unit[1]} from ${span}.`
    return `${count(total)} from ${span}; the most on ${fmt.day(peak.date)}: ${count(peak.count)}.`
  }

  function draw () {
    if (!fmt) return
    width = Math.max(280, Math.round(figure.clientWidth || 600))
    const pad = { top: 10, right: 4, bottom: 22, left: 30 }
    const plotW = width - pad.left - pad.right
    const plotH = height - pad.top - pad.bottom
    const max = Math.max(0, ...days.map((d) => Number(d.count) || 0))
    const { top, ticks } = niceScale(max)
    const y = (v) => pad.top + plotH - (v / top) * plotH
    const band = days.length ? plotW / days.length : plotW
    const barW = Math.max(2, Math.min(28, band * 0.68))

    const titleId = `${id}-title`
    const descId = `${id}-desc`
    const root = svg('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart-svg', role: 'img',
      'aria-labelledby': `${titleId} ${descId}`, focusable: 'false'
    }, svg('title', { id: titleId }, title), svg('desc', { id: descId }, describe()))

    const grid = svg('g', { class: 'chart-grid', 'aria-hidden': 'true' })
    for (const v of ticks) {
      const yy = Math.round(y(v)) + 0.5
      grid.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: yy, y2: yy, class: v === 0 ? 'chart-baseline' : 'chart-gridline' }))
      grid.append(svg('text', { x: pad.left - 8, y: yy, class: 'chart-axis chart-axis-y', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, fmt.number(v)))
    }
    root.append(grid)

    const bars = svg('g', { class: 'chart-bars' })
    const labels = svg('g', { class: 'chart-labels', 'aria-hidden': 'true' })
    const last = days.length - 1
    days.forEach((d, i) => {
      const c = Number(d.count) || 0
      const cx = pad.left + band * i + band / 2
      const g = svg('g', { class: 'chart-day', 'data-date': d.date, 'data-count': c },
        svg('title', {}, `${fmt.day(d.date)}: ${count(c)}`),
        svg('rect', { x: pad.left + band * i, y: pad.top, width: band, height: plotH, class: 'chart-hit' }))
      if (c > 0) {
        const yy = y(c)
        g.append(svg('rect', {
          x: (cx - barW / 2).toFixed(1), y: yy.toFixed(1), width: barW.toFixed(1), height: Math.max(1, pad.top + plotH - yy).toFixed(1),
          rx: Math.min(2, barW / 4).toFixed(1), class: i === last ? 'chart-bar chart-bar-today' : 'chart-bar'
        }))
      }
      bars.append(g)
      // a label every 5th day, counted back from today so the latest day is always named
      if ((last - i) % 5 === 0) {
        labels.append(svg('text', { x: cx.toFixed(1), y: height - 6, class: 'chart-axis', 'text-anchor': i === last ? 'end' : 'middle' }, i === last ? 'Today' : fmt.shortDay(d.date)))
      }
    })
    root.append(bars, labels)

    if (svgEl) svgEl.replaceWith(root)
    else figure.prepend(root)
    svgEl = root
  }

  function drawTable () {
    const caption = document.createElement('caption')
    caption.textContent = title
    const head = document.createElement('tr')
    for (const label of ['Date', unit[1][0].toUpperCase() + unit[1].slice(1)]) {
      const th = document.createElement('th')
      th.scope = 'col'
      th.textContent = label
      head.append(th)
    }
    const body = document.createElement('tbody')
    for (const d of days) {
      const tr = document.createElement('tr')
      const th = document.createElement('th')
      th.scope = 'row'
      th.textContent = fmt.day(d.date)
      const td = document.createElement('td')
      td.textContent = fmt.number(Number(d.count) || 0)
      tr.append(th, td)
      body.append(tr)
    }
    const thead = document.createElement('thead')
    thead.append(head)
    table.replaceChildren(caption, thead, body)
  }

  const observer = typeof ResizeObserver === 'function'
    ? new ResizeObserver(() => {
      if (frame !== null) return
      frame = requestAnimationFrame(() => {
        frame = null
        if (Math.round(figure.clientWidth) !== width) draw()
      })
    })
    : null
  observer?.observe(figure)

  return {
    el: figure,
    /** New data (a live change): redrawn in place at the same size. */
    update (nextDays, formatter) {
      days = Array.isArray(nextDays) ? nextDays : []
      fmt = formatter
      draw()
      drawTable()
    },
    /** The sentence the SVG is described by (also shown under the title). */
    get summary () { return fmt ? describe() : '' },
    destroy () {
      observer?.disconnect()
      if (frame !== null) cancelAnimationFrame(frame)
      figure.remove()
    }
  }
}
