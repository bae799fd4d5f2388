/**
 * Dialogs and form pieces of the registry pages (Licenses, Customers, License groups, Test licenses):
 * a labelled field with its hint and error line, a modal dialog with a title bar and a × button, a form
 * dialog that submits to the collector and shows its message at the field it names, a read-only details
 * list, a value edited in place behind a pencil button, and the Customer chooser with "+ Add customer".
 *
 * Everything here uses h() (text only, never HTML) and classes from styles.css (no style attributes): the
 * dashboard runs under a strict Content-Security-Policy.
 */
import { h, replaceChildren, uid } from './dom.js'

const SVG_NS = 'http://www.w3.org/2000/svg'

/** A small line icon (decorative: aria-hidden); `name` is one of ICONS. */
const ICONS = {
  pencil: ['M3 13.5V16h2.5l7.4-7.4-2.5-2.5L3 13.5z', 'M14.7 6.8a.9.9 0 0 0 0-1.3l-1.2-1.2a.9.9 0 0 0-1.3 0l-1 1 2.5 2.5 1-1z'],
  close: ['M5 5l10 10', 'M15 5L5 15'],
  plus: ['M10 4v12', 'M4 10h12'],
  filter: ['M3 5h14', 'M6 10h8', 'M8.5 15h3'],
  upload: ['M10 13V4', 'M6.5 7.5L10 4l3.5 3.5', 'M4 13v3h12v-3'],
  warn: ['M10 3l8 14H2L10 3z', 'M10 8v4', 'M10 14.2v.3']
}
export function icon (name, className = '') {
  const svg = document.createElementNS(SVG_NS, 'svg')
  svg.setAttribute('viewBox', '0 0 20 20')
  svg.setAttribute('width', '16')
  svg.setAttribute('height', '16')
  svg.setAttribute('aria-hidden', 'true')
  svg.setAttribute('focusable', 'false')
  svg.setAttribute('class', `icon icon-${name} ${className}`.trim())
  for (const d of ICONS[name] ?? []) {
    const path = document.createElementNS(SVG_NS, 'path')
    path.setAttribute('d', d)
    svg.append(path)
  }
  return svg
}

/**
 * A collector message as a sentence for people: the field name it starts with ("slc: …", "name: …") is
 * left out (the message shows at that field), first letter upper case, one full stop.
 */
export function sentence (text) {
  const s = String(text ?? '').trim().replace(/^[a-z][A-Za-z.]*: (?=\S)/, '')
  if (!s) return ''
  const t = s[0].toUpperCase() + s.slice(1)
  return /[.!?]$/.test(t) ? t : `${t}.`
}

/**
 * The field a collector message names ("slc: expected M01-…", "name must not be empty"), among `keys`,
 * or null. The collector's messages name the field first (PROTOCOL.md §4).
 */
export function fieldOfMessage (message, keys) {
  const m = /^\s*(?:body\/|\/)?([A-Za-z][\w.]*)\s*[:\s]/.exec(String(message ?? ''))
  if (!m) return null
  const name = m[1].split('.')[0]
  return keys.find((k) => k === name || k.toLowerCase() === name.toLowerCase()) ?? null
}

/**
 * One labelled control, its hint and its error line, wired with aria-describedby.
 * Returns { el, control, setError(text|null) }.
 */
export function formField ({ id = uid('f'), label, control, hint, required = false, optional = false, className = '' }) {
  const hintEl = hint ? h('p', { className: 'field-hint', id: `${id}-hint` }, hint) : null
  const errorEl = h('p', { className: 'field-error', id: `${id}-error`, hidden: true })
  control.id = id
  control.setAttribute('aria-describedby', [hintEl ? hintEl.id : null, errorEl.id].filter(Boolean).join(' '))
  if (required) control.setAttribute('aria-required', 'true')
  const el = h('div', { className: `field form-field ${className}`.trim() },
    h('label', { htmlFor: id, className: 'field-label' }, label,
      required ? h('span', { className: 'req', attrs: { 'aria-hidden': 'true' } }, ' *') : null,
      optional ? h('span', { className: 'field-optional' }, ' (optional)') : null),
    control, hintEl, errorEl)
  return {
    el,
    control,
    setError (text) {
      errorEl.textContent = text ?? ''
      errorEl.hidden = !text
      if (text) control.setAttribute('aria-invalid', 'true')
      else control.removeAttribute('aria-invalid')
    }
  }
}

export const textInput = (props = {}) => h('input', { type: 'text', className: 'input', autocomplete: 'off', spellcheck: false, ...props })
export const textArea = (props = {}) => h('textarea', { className: 'input input-area', rows: 3, ...props })
export function selectInput (options, props = {}) {
  const select = h('select', { className: 'input', ...props }, options.map((o) => h('option', { value: String(o.value) }, o.label)))
  if (props.value !== undefined) select.value = String(props.value)
  return select
}

/**
 * A modal <dialog>: title bar with ×, body, actions. Esc and × close it with returnValue "cancel"; focus
 * returns to what had it before. Returns { dialog, body, actions, close(value), closed: Promise<value> }.
 */
export function openDialog ({ title, lead, size = '', className = '', labelledBy } = {}) {
  const titleId = uid('dlg-title')
  const leadEl = lead ? h('p', { className: 'dialog-lead', id: uid('dlg-lead') }, lead) : null
  const body = h('div', { className: 'dialog-body' })
  const actions = h('div', { className: 'dialog-actions' })
  const closeBtn = h('button', {
    type: 'button', className: 'dialog-close', attrs: { 'aria-label': 'Close' },
    on: { click: () => dialog.close('cancel') }
  }, icon('close'))
  const dialog = h('dialog', {
    className: `dialog ${size ? `dialog-${size}` : ''} ${className}`.trim().replace(/\s+/g, ' '),
    attrs: { 'aria-labelledby': labelledBy ?? titleId, 'aria-describedby': leadEl ? leadEl.id : null }
  },
  h('div', { className: 'dialog-head' }, h('h2', { className: 'dialog-title', id: titleId }, title), closeBtn),
  leadEl, body, actions)
  const opener = document.activeElement
  let resolveClosed
  const closed = new Promise((resolve) => { resolveClosed = resolve })
  // leaving the page (Back, a link) cancels: a dialog never outlives its page
  const onLeave = () => { if (dialog.open) dialog.close('cancel') }
  window.addEventListener('hashchange', onLeave)
  dialog.addEventListener('close', () => {
    window.removeEventListener('hashchange', onLeave)
    resolveClosed(dialog.returnValue || 'cancel')
    dialog.remove()
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
  })
  document.body.append(dialog)
  dialog.showModal()
  return {
    dialog,
    body,
    actions,
    title: dialog.querySelector('.dialog-title'),
    close (value = 'cancel') { if (dialog.open) dialog.close(value) },
    closed
  }
}

/**
 * A dialog holding a form: fields, a message line (role=alert) and Cancel + submit. `submit(form)` may
 * throw an ApiError: its message shows in the message line and at the field it names (`fields` by key).
 * Resolves with what submit returned, or null when cancelled.
 *
 *   formDialog({ title, lead, submitLabel, build: (d) => ({ content, fields, focus }), submit: async () => … })
 */
export function formDialog ({ title, lead, size, className, submitLabel = 'Save', busyLabel = 'Saving…', cancelLabel = 'Cancel', build, submit, validate }) {
  const d = openDialog({ title, lead, size, className })
  const message = h('p', { className: 'form-message', attrs: { role: 'alert' } })
  const submitBtn = h('button', { type: 'submit', className: 'btn btn-primary' }, submitLabel)
  const cancelBtn = h('button', { type: 'button', className: 'btn', on: { click: () => d.close('cancel') } }, cancelLabel)
  const form = h('form', { className: 'dialog-form', noValidate: true, on: { submit: onSubmit } })
  const built = build({ ...d, form, message, submitBtn, showMessage }) ?? {}
  const fields = built.fields ?? {}
  replaceChildren(form, built.content, message)
  d.body.append(form)
  submitBtn.setAttribute('form', form.id = uid('dlg-form'))
  d.actions.append(built.extraActions ?? null, h('span', { className: 'form-actions-spacer' }), cancelBtn, submitBtn)
  ;(built.focus ?? form.querySelector('input, select, textarea, button'))?.focus()

  let result = null
  function showMessage (text, tone = 'error') {
    message.dataset.tone = tone
    message.textContent = text ?? ''
  }
  function clearErrors () {
    for (const f of Object.values(fields)) f?.setError?.(null)
    showMessage('')
  }
  function fieldError (key, text) {
    const f = fields[key]
    if (!f) return
    f.setError(text)
  }

  async function onSubmit (ev) {
    ev.preventDefault()
    if (submitBtn.disabled) return
    clearErrors()
    const problems = validate?.() ?? {}
    const keys = Object.keys(problems)
    if (keys.length) {
      for (const k of keys) fieldError(k, sentence(problems[k]))
      showMessage(keys.length === 1 ? sentence(problems[keys[0]]) : 'Check the fields marked in red.')
      fields[keys[0]]?.control?.focus()
      return
    }
    submitBtn.disabled = true
    submitBtn.textContent = busyLabel
    form.setAttribute('aria-busy', 'true')
    try {
      result = await submit({ fieldError, showMessage })
      if (result !== undefined && result !== false) d.close('done')
    } catch (err) {
      if (err?.status === 401) { d.close('cancel'); return }
      const key = fieldOfMessage(err?.message, Object.keys(fields))
      if (key) { fieldError(key, sentence(err.message)); fields[key].control?.focus() }
      showMessage(sentence(err?.message) || 'That did not work. Try again.')
    } finally {
      if (d.dialog.open) {
        submitBtn.disabled = false
        submitBtn.textContent = submitLabel
        form.removeAttribute('aria-busy')
      }
    }
  }

  return d.closed.then((how) => (how === 'done' ? result : null))
}

/** A read-only "label: value" list; an empty value shows a muted fallback. */
export function detailField (label, value, { className = '', valueClass, empty = '–', id } = {}) {
  const none = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  return h('div', { className: `detail-field ${className}`.trim(), id },
    h('dt', {}, label),
    h('dd', { className: valueClass }, none ? h('span', { className: 'muted' }, empty) : value))
}

/**
 * A value with a pencil button (the manual's "Entries that you can edit are marked by a pencil icon"):
 * the pencil swaps the value for an editor and Save / Cancel; Esc cancels. `makeEditor()` returns
 * { el, focus, value() } and `save(value)` talks to the collector (a thrown error shows its message).
 */
export function editableField ({ label, editLabel = `Edit ${label.toLowerCase()}`, render, makeEditor, save, className = '', id = uid('edit') }) {
  const dd = h('dd', {})
  const el = h('div', { className: `detail-field detail-editable ${className}`.trim(), id }, h('dt', { id: `${id}-label` }, label), dd)
  let editing = false
  function show () {
    editing = false
    const pencil = h('button', {
      type: 'button', className: 'btn-icon', attrs: { 'aria-label': editLabel }, dataset: { edit: id },
      on: { click: edit }
    }, icon('pencil'))
    replaceChildren(dd, h('span', { className: 'editable-value' }, render()), pencil)
  }
  function edit () {
    if (editing) return
    editing = true
    const editor = makeEditor()
    const error = h('p', { className: 'field-error', attrs: { role: 'alert' }, hidden: true })
    const saveBtn = h('button', { type: 'submit', className: 'btn btn-primary btn-small' }, 'Save')
    const cancel = h('button', { type: 'button', className: 'btn btn-small', on: { click: () => { show(); focusPencil() } } }, 'Cancel')
    const form = h('form', {
      className: 'inline-editor', noValidate: true, attrs: { 'aria-labelledby': `${id}-label` },
      on: {
        submit: async (ev) => {
          ev.preventDefault()
          error.hidden = true
          saveBtn.disabled = true
          saveBtn.textContent = 'Saving…'
          try {
            await save(editor.value())
            show()
            focusPencil()
          } catch (err) {
            if (err?.status === 401) return
            error.textContent = sentence(err?.message) || 'Not saved.'
            error.hidden = false
            saveBtn.disabled = false
            saveBtn.textContent = 'Save'
          }
        },
        keydown: (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); show(); focusPencil() } }
      }
    }, editor.el, h('span', { className: 'inline-editor-actions' }, saveBtn, cancel), error)
    replaceChildren(dd, form)
    editor.focus()
  }
  function focusPencil () { dd.querySelector('.btn-icon')?.focus() }
  show()
  return { el, refresh () { if (!editing) show() }, get editing () { return editing } }
}

const NONE = ''
const NEW = '__new__'

/**
 * The Customer control of the manual's dialogs: the customers (and Unspecified, unless `required`) and
 * "+ Add customer", which opens a name field with Save in place. Save selects the new name; the customer
 * is created by the request that uses it (register, edit, create test license take `customer: name`), so
 * a cancelled dialog leaves no stray customer. A name that exists already selects that customer.
 * Returns { el, control (the select, for formField), selection() → { customerId } | { customer }, name() }.
 */
export function customerChooser ({ customers, value = null, required = false, unspecifiedLabel = 'Unspecified', id = uid('customer') }) {
  const list = [...customers].sort((a, b) => String(a.name).localeCompare(String(b.name), undefined, { numeric: true, sensitivity: 'base' }))
  let pending = null // the name of a customer added here, not created yet
  const select = h('select', { className: 'input', id })
  function fill (selected) {
    replaceChildren(select,
      required ? h('option', { value: NONE }, 'Select customer') : h('option', { value: NONE }, unspecifiedLabel),
      pending ? h('option', { value: NEW }, `${pending} (new)`) : null,
      list.map((c) => h('option', { value: String(c.id) }, c.name)))
    select.value = selected == null ? NONE : String(selected)
  }
  fill(value)
  const nameInput = textInput({ id: `${id}-new`, maxLength: 200, spellcheck: true })
  const addError = h('p', { className: 'field-error', id: `${id}-new-error`, hidden: true })
  nameInput.setAttribute('aria-describedby', addError.id)
  const saveBtn = h('button', { type: 'button', className: 'btn btn-small btn-primary', on: { click: onSave } }, 'Save')
  const cancelBtn = h('button', { type: 'button', className: 'btn btn-small', on: { click: closeAdd } }, 'Cancel')
  const addBox = h('div', { className: 'add-customer', id: `${id}-addbox`, hidden: true, attrs: { role: 'group', 'aria-labelledby': `${id}-new-label` } },
    h('label', { htmlFor: nameInput.id, className: 'field-label', id: `${id}-new-label` }, 'Add customer'),
    h('div', { className: 'add-customer-row' }, nameInput, saveBtn, cancelBtn), addError)
  const addLink = h('button', {
    type: 'button', className: 'btn btn-quiet btn-add', attrs: { 'aria-expanded': 'false', 'aria-controls': addBox.id },
    on: { click: openAdd }
  }, icon('plus'), 'Add customer')
  nameInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); onSave() } else if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); closeAdd() }
  })
  function openAdd () {
    addBox.hidden = false
    addLink.hidden = true
    addLink.setAttribute('aria-expanded', 'true')
    nameInput.value = ''
    addError.hidden = true
    nameInput.removeAttribute('aria-invalid')
    nameInput.focus()
  }
  function closeAdd () {
    addBox.hidden = true
    addLink.hidden = false
    addLink.setAttribute('aria-expanded', 'false')
    addLink.focus()
  }
  function onSave () {
    const name = nameInput.value.trim().replace(/\s+/g, ' ')
    if (!name) {
      addError.textContent = 'Enter the new customer\'s name.'
      addError.hidden = false
      nameInput.setAttribute('aria-invalid', 'true')
      nameInput.focus()
      return
    }
    const existing = list.find((c) => String(c.name).toLocaleLowerCase() === name.toLocaleLowerCase())
    if (existing) fill(existing.id)
    else { pending = name; fill(null); select.value = NEW }
    addBox.hidden = true
    addLink.hidden = false
    addLink.setAttribute('aria-expanded', 'false')
    select.dispatchEvent(new Event('change', { bubbles: true }))
    select.focus()
  }
  const el = h('div', { className: 'customer-chooser' }, select, addLink, addBox)
  return {
    el,
    control: select,
    /** What the request sends: the chosen customer's id, the new name, or customerId null (Unspecified). */
    selection () {
      if (select.value === NEW && pending) return { customer: pending }
      const c = list.find((x) => String(x.id) === select.value)
      return c ? { customerId: c.id } : { customerId: null }
    },
    name () {
      if (select.value === NEW) return pending
      return list.find((c) => String(c.id) === select.value)?.name ?? null
    },
    isEmpty () { return select.value === NONE }
  }
}

/** A field whose control is a composite (customerChooser): the label points at its select. */
export function compositeField ({ label, chooser, hint, required = false, optional = false }) {
  const f = formField({ id: chooser.control.id, label, control: chooser.control, hint, required, optional })
  // formField put the select first; put the whole composite where the select was
  f.el.insertBefore(chooser.el, f.el.children[1] ?? null)
  chooser.el.prepend(chooser.control)
  return f
}

/** "1 license" / "3 licenses". */
export function plural (n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`
}
