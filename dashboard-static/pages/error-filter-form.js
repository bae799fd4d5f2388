/**
 * The error filter form (manual, "Create error filters for a customer", "Edit error filters", "Error
 * filters (properties)"), three ways in:
 * - #/error-filters/new: Customer → License (SLC) → Server (cascading, from /choices), Error description
 *   (one or All errors); the Filter action follows the description and cannot be changed.
 * - #/error-filters/new?errorId=N: made from an error: its customer, license, server and value; the Filter
 *   action is chosen among those for the error's level, and decides the description and value it covers.
 * - #/error-filters/:id/edit: duration and threshold (and the description of a filter made from scratch);
 *   Delete filter, after a confirmation.
 * Creation and expiration dates are shown, read-only, as the duration gives them. The required fields are
 * checked here with the collector's own messages, and any message of the collector is shown too.
 */
import { h, replaceChildren } from '../lib/dom.js'
import {
  ACTION_LABELS, ALL_ERRORS, DURATION_LABELS, NOT_APPLICABLE, NO_EXPIRATION, THRESHOLD_HELP,
  actionsForLevel, derivedAction, expiresAt, fieldOfMessage, fromError, sentence, validateFilter
} from '../lib/error-filters.js'
import { backLink, notice, pageHeader, setFlash } from '../lib/ui.js'
import { confirmDelete } from './error-filters.js'
import { formField } from '../lib/forms.js'

const DERIVED = new Set(['ignore_error_on_server', 'ignore_all_from_server'])

function option (value, label) { return h('option', { value: String(value) }, label) }


const select = (...children) => h('select', { className: 'input' }, ...children)
const readonly = (value) => h('input', { type: 'text', className: 'input input-readonly', readOnly: true, value: value ?? '' })

export function mount (view, ctx) {
  const { api, fmt } = ctx
  const editId = ctx.pathParams.id ?? null
  const errorId = editId ? null : (ctx.params.get('errorId') || null)
  const mode = editId ? 'edit' : errorId ? 'error' : 'new'
  const back = mode === 'error' ? `#/errors/${encodeURIComponent(errorId)}` : '#/error-filters'
  const header = pageHeader(mode === 'edit' ? 'Edit filter' : mode === 'error' ? 'Create filter from an error' : 'Create filter')
  const heading = header.querySelector('.page-title')
  heading.id = 'filter-title'
  const message = h('p', { className: 'form-message', id: 'filter-message', attrs: { role: 'alert' } })
  const content = h('div', {}, h('p', { className: 'muted' }, 'Loading…'))
  view.append(h('section', { className: 'page page-filter-form', attrs: { 'aria-labelledby': 'filter-title' } },
    backLink(back, mode === 'error' ? 'Error details' : 'Manage error filters'), header, content))

  let mounted = true
  const status = notice()

  function showMessage (text, tone = 'error') {
    message.dataset.tone = tone
    message.textContent = text ?? ''
  }

  Promise.all([
    api.get('/api/v1/error-filters/choices'),
    mode === 'edit' ? api.get(`/api/v1/error-filters/${encodeURIComponent(editId)}`) : null,
    mode === 'error' ? api.get(`/api/v1/errors/${encodeURIComponent(errorId)}`) : null
  ]).then(([choices, filter, error]) => {
    if (mounted) build(choices ?? {}, filter, error)
  }, (err) => {
    if (!mounted || err.status === 401) return
    replaceChildren(content, h('div', { className: 'card empty-card' },
      h('p', {}, err.status === 404 ? (mode === 'edit' ? `There is no error filter ${editId}.` : `There is no error ${errorId}.`) : err.message),
      h('a', { className: 'btn', href: back }, 'Back')))
  })

  function build (choices, filter, error) {
    const customers = [...(choices.customers ?? [])].sort((a, b) => String(a.name).localeCompare(String(b.name)))
    const durations = choices.durations?.length ? choices.durations : Object.entries(DURATION_LABELS).map(([id, label]) => ({ id, label }))
    const thresholds = choices.thresholds ?? []
    const actions = choices.actions ?? []
    const actionLabel = (id) => actions.find((a) => a.id === id)?.label ?? ACTION_LABELS[id] ?? String(id ?? '')
    const seen = new Set()
    const descriptions = (choices.descriptions ?? []).filter((d) => !seen.has(d.code) && seen.add(d.code))
      .sort((a, b) => String(a.description).localeCompare(String(b.description)))
    const createdAt = filter ? new Date(filter.createdAt) : new Date()

    // ---- who: customer, license, server
    let customerId = ''
    let licenseId = ''
    let serverId = ''
    let fCustomer; let fLicense; let fServer
    const findCustomer = (id) => customers.find((c) => String(c.id) === String(id))
    const findLicense = (id) => findCustomer(customerId)?.licenses?.find((l) => String(l.id) === String(id))
    if (mode === 'new') {
      const cSel = select(option('', 'Select customer'), customers.map((c) => option(c.id, c.name)))
      const lSel = select()
      const sSel = select()
      cSel.required = lSel.required = sSel.required = true
      const fillLicenses = () => {
        const c = findCustomer(customerId)
        replaceChildren(lSel, option('', 'Select license (SLC)'), (c?.licenses ?? []).map((l) => option(l.id, l.slc)))
        lSel.disabled = !c
      }
      const fillServers = () => {
        const l = findLicense(licenseId)
        replaceChildren(sSel, option('', 'Select server'), (l?.servers ?? []).map((s) => option(s.id, s.name)))
        sSel.disabled = !l
      }
      // the ids are kept as /choices gave them (a number stays a number), the selects hold their text
      cSel.addEventListener('change', () => { customerId = findCustomer(cSel.value)?.id ?? ''; licenseId = ''; serverId = ''; fillLicenses(); fillServers(); fCustomer.setError(null) })
      lSel.addEventListener('change', () => { licenseId = findLicense(lSel.value)?.id ?? ''; serverId = ''; fillServers(); fLicense.setError(null) })
      sSel.addEventListener('change', () => { serverId = findLicense(licenseId)?.servers?.find((x) => String(x.id) === sSel.value)?.id ?? ''; fServer.setError(null) })
      fillLicenses()
      fillServers()
      fCustomer = formField({ id: 'filter-customer', label: 'Customer', control: cSel, required: true })
      fLicense = formField({ id: 'filter-license', label: 'License (SLC)', control: lSel, required: true })
      fServer = formField({ id: 'filter-server', label: 'Server', control: sSel, required: true })
    } else {
      const src = filter ?? error
      // the ids a filter made from an error is sent with, found in /choices by the error's names
      const c = filter ? null : customers.find((x) => x.name === src.customer && (x.licenses ?? []).some((l) => l.slc === src.slc)) ?? customers.find((x) => x.name === src.customer)
      const l = c?.licenses?.find((x) => x.slc === src.slc)
      const s = l?.servers?.find((x) => String(x.id) === String(src.serverId)) ?? l?.servers?.find((x) => x.name === src.server)
      customerId = filter ? filter.customerId : c?.id ?? ''
      licenseId = filter ? filter.licenseId : l?.id ?? ''
      serverId = filter ? filter.serverId : s?.id ?? src.serverId ?? ''
      fCustomer = formField({ id: 'filter-customer', label: 'Customer', control: readonly(src.customer) })
      fLicense = formField({ id: 'filter-license', label: 'License (SLC)', control: readonly(src.slc ?? '–') })
      fServer = formField({ id: 'filter-server', label: 'Server', control: readonly(src.server) })
    }

    // ---- what: error description, value, action
    let code = filter ? filter.code : null
    let action = filter ? filter.action : null
    const valueInput = readonly(filter?.value ?? NOT_APPLICABLE)
    const fValue = formField({ id: 'filter-value', label: 'Error value', control: valueInput, hint: 'Read-only. Only a filter made from an error has a value: the server or device that reported it.' })
    let fDescription; let fAction
    const actionOut = readonly('')
    const canChooseCode = mode === 'new' || (mode === 'edit' && filter.value == null && DERIVED.has(filter.action))
    if (canChooseCode) {
      const dSel = select(option('', ALL_ERRORS), descriptions.map((d) => option(d.code, d.description)))
      dSel.value = code ?? ''
      const sync = () => { code = dSel.value || null; action = derivedAction(code); actionOut.value = actionLabel(action) }
      dSel.addEventListener('change', sync)
      sync()
      fDescription = formField({ id: 'filter-description', label: 'Error description', control: dSel })
      fAction = formField({ id: 'filter-action', label: 'Filter action', control: actionOut, hint: 'Follows the error description. Only a filter made from an error can choose its action.' })
    } else if (mode === 'error') {
      const offered = actionsForLevel(actions, error.level)
      const list = offered.length ? offered : actions
      const aSel = select(list.map((a) => option(a.id, a.label)))
      const descOut = readonly('')
      const sync = () => {
        action = aSel.value
        const covers = fromError(list.find((a) => a.id === action), error)
        code = covers.code
        descOut.value = covers.description
        valueInput.value = covers.value ?? NOT_APPLICABLE
      }
      aSel.addEventListener('change', sync)
      sync()
      fDescription = formField({ id: 'filter-description', label: 'Error description', control: descOut })
      fAction = formField({ id: 'filter-action', label: 'Filter action', control: aSel, hint: `The actions for ${error.level === 'Device' ? 'a device' : 'a system'} error. The action decides the description and value the filter covers.` })
    } else {
      actionOut.value = actionLabel(action)
      fDescription = formField({ id: 'filter-description', label: 'Error description', control: readonly(filter.description || ALL_ERRORS) })
      fAction = formField({ id: 'filter-action', label: 'Filter action', control: actionOut })
    }

    // ---- how long: duration, creation and expiration dates, threshold
    const durSel = select(durations.map((d) => option(d.id, d.label)))
    durSel.value = filter?.duration ?? 'forever'
    if (!durSel.value) durSel.value = durations[durations.length - 1]?.id ?? ''
    const createdOut = readonly(fmt.dateTimeShort(createdAt))
    const expiresOut = readonly('')
    const syncExpiry = () => {
      const at = filter && durSel.value === filter.duration ? (filter.expiresAt ? new Date(filter.expiresAt) : null) : expiresAt(durSel.value, createdAt)
      expiresOut.value = at ? fmt.dateTimeShort(at) : NO_EXPIRATION
    }
    durSel.addEventListener('change', syncExpiry)
    syncExpiry()
    const thrSel = select(option('', 'Select threshold'), thresholds.map((t) => option(t.seconds, t.label)))
    if (filter && filter.thresholdS != null) thrSel.value = String(filter.thresholdS)
    const datePattern = typeof ctx.settings.dateFormat === 'string' && ctx.settings.dateFormat ? ` (${ctx.settings.dateFormat.toLowerCase()})` : ''
    const fDuration = formField({ id: 'filter-duration', label: 'Filter duration', control: durSel })
    const fCreated = formField({ id: 'filter-created', label: `Filter creation date${datePattern}`, control: createdOut })
    const fExpires = formField({ id: 'filter-expires', label: `Filter expiration date${datePattern}`, control: expiresOut, hint: 'Set by the filter duration.' })
    const fThreshold = formField({ id: 'filter-threshold', label: 'Threshold', control: thrSel, hint: `*${THRESHOLD_HELP}` })
    const fields = { customer: fCustomer, license: fLicense, server: fServer, code: fDescription, action: fAction, duration: fDuration, threshold: fThreshold }

    // ---- save, cancel, delete
    const save = h('button', { type: 'submit', className: 'btn btn-primary' }, 'Save')
    const del = mode === 'edit'
      ? h('button', { type: 'button', className: 'btn btn-danger-quiet', on: { click: onDelete } }, 'Delete filter')
      : null
    const form = h('form', { className: 'card filter-form', noValidate: true, attrs: { 'aria-labelledby': 'filter-title', 'aria-describedby': 'filter-message' }, on: { submit: onSubmit } },
      h('p', { className: 'form-note muted' }, mode === 'new' ? 'Start with the customer and narrow down. Fields marked * are required.' : mode === 'error' ? 'The filter covers this error\'s server. Choose what it ignores, and for how long.' : 'You can change the duration and the threshold of a filter.'),
      h('div', { className: 'form-grid' },
        h('div', { className: 'form-col' }, fCustomer.el, fLicense.el, fServer.el, fDescription.el, fValue.el),
        h('div', { className: 'form-col' }, fAction.el, fDuration.el, fCreated.el, fExpires.el, fThreshold.el)),
      message,
      h('div', { className: 'form-actions' },
        del,
        h('span', { className: 'form-actions-spacer' }),
        h('a', { className: 'btn', href: back }, 'Cancel'),
        save))

    if (mode === 'edit') {
      heading.textContent = `Edit filter - ${filter.description || ALL_ERRORS}`
      document.title = `${heading.textContent} · Vigil`
    }
    const context = error
      ? h('div', { className: 'card from-error' },
        h('span', { className: 'from-error-label' }, 'From the error'),
        h('strong', {}, error.description),
        h('span', {}, `${error.value} · ${error.server} · ${error.customer}`),
        h('span', { className: 'muted' }, `Occurred ${fmt.dateTime(error.occurredAt)}`))
      : null
    replaceChildren(content, context, status.el, form)
    if (mode === 'error' && (customerId === '' || licenseId === '')) {
      showMessage('Vigil knows no customer or license for this error\'s server, and a filter needs both. Give the server\'s license a customer first.', 'info')
    }
    ;(mode === 'new' ? fCustomer.control : mode === 'error' ? fAction.control : durSel).focus()

    function clearErrors () {
      for (const f of Object.values(fields)) f.setError(null)
      showMessage('')
    }

    async function onSubmit (ev) {
      ev.preventDefault()
      clearErrors()
      if (mode === 'new') {
        const missing = validateFilter({ customerId, licenseId, serverId })
        const keys = Object.keys(missing)
        if (keys.length) {
          for (const k of keys) fields[k].setError(sentence(missing[k]))
          showMessage(keys.length === 1 ? sentence(missing[keys[0]]) + '.' : 'Choose a customer, a license and a server: a filter needs all three.')
          fields[keys[0]].control.focus()
          return
        }
      }
      const threshold = thrSel.value === '' ? undefined : Number(thrSel.value)
      let request
      if (mode === 'edit') {
        const body = { duration: durSel.value }
        if (threshold !== undefined) body.thresholdS = threshold
        if (canChooseCode && code !== filter.code) { body.code = code; body.action = action }
        request = api.patch(`/api/v1/error-filters/${encodeURIComponent(filter.id)}`, body)
      } else {
        const body = { customerId: customerId === '' ? undefined : customerId, licenseId: licenseId === '' ? undefined : licenseId, serverId: serverId === '' ? undefined : serverId, code, action, duration: durSel.value }
        if (threshold !== undefined) body.thresholdS = threshold
        if (mode === 'error') body.errorId = Number(errorId)
        request = api.post('/api/v1/error-filters', body)
      }
      save.disabled = true
      save.textContent = 'Saving…'
      form.setAttribute('aria-busy', 'true')
      try {
        const saved = await request
        const what = `${saved?.description || (code ? fDescription.control.selectedOptions?.[0]?.textContent ?? '' : ALL_ERRORS)}, ${saved?.server ?? ''}`.replace(/, $/, '')
        setFlash(mode === 'edit' ? `Error filter saved: ${what}.` : mode === 'error' ? `Error filter created: ${what}. Errors it matches no longer show on the Errors page.` : `Error filter created: ${what}.`)
        ctx.navigate(back)
      } catch (err) {
        if (!mounted || err.status === 401) return
        const field = fieldOfMessage(err.message)
        if (err.status === 400 && field && fields[field]) {
          fields[field].setError(sentence(err.message))
          fields[field].control.focus()
        }
        showMessage(sentence(err.message) || 'The filter was not saved.')
      } finally {
        if (mounted) {
          save.disabled = false
          save.textContent = 'Save'
          form.removeAttribute('aria-busy')
        }
      }
    }

    async function onDelete () {
      if (!(await confirmDelete(filter)) || !mounted) return
      try {
        await api.del(`/api/v1/error-filters/${encodeURIComponent(filter.id)}`)
        setFlash(`Error filter deleted: ${filter.description || ALL_ERRORS}, ${filter.server ?? filter.customer}.`)
        ctx.navigate('#/error-filters')
      } catch (err) {
        if (err.status !== 401) showMessage(`The filter was not deleted: ${err.message}`)
      }
    }
  }

  return () => { mounted = false }
}
