/**
 * Tiny element builder. Every string child becomes a Text node, so data from the collector is never
 * parsed as HTML (the dashboard runs under a strict Content-Security-Policy and never uses innerHTML).
 *
 *   h('button', { className: 'btn', type: 'button', on: { click } }, 'Log out')
 *
 * props: className, dataset {…}, on {event: fn}, attrs {name: value} (null/false omits the attribute),
 * and any other key is set as a DOM property (type, value, id, hidden, disabled, htmlFor…).
 */
export function h (tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined) continue
    if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn)
    } else if (key === 'dataset') {
      for (const [name, v] of Object.entries(value)) if (v != null) el.dataset[name] = String(v)
    } else if (key === 'attrs') {
      for (const [name, v] of Object.entries(value)) {
        if (v === null || v === false || v === undefined) continue
        el.setAttribute(name, v === true ? '' : String(v))
      }
    } else {
      el[key] = value
    }
  }
  append(el, children)
  return el
}

export function append (parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return parent
}

/** Replaces every child of `el` (text stays text). */
export function replaceChildren (el, ...children) {
  el.replaceChildren()
  return append(el, children)
}

let idCounter = 0
/** A document-unique id for label/aria wiring. */
export function uid (prefix = 'v') {
  idCounter += 1
  return `${prefix}-${idCounter}`
}
