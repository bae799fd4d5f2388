/**
 * License details (manual, "View license details", "License details page (properties)"): every field of the
 * manual's tables. License details: Customer (pencil: choose or "+ Add customer"), Company name, phone and
 * address, Product information, License description (pencil), License group(s) (pencil), Milestone Care
 * coverage, Upgrades, Advanced audio coding licenses, Activated device licenses. Servers: name, location and
 * description (Edit: pick a location or a new one), activated device licenses. Extensions and plug-ins.
 * Activated device licenses (paged by the collector, per server). When an upgrade is available the orange bar
 * and Upgrade license open the upgrade (lib/license-dialogs.js). Live: a server of this license that
 * changes (status, location) shows at once.
 */
import { h, replaceChildren } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { detailField, editableField, formField, icon, openDialog, selectInput, sentence, textInput, customerChooser, fieldOfMessage } from '../lib/forms.js'
import { registerLicenseDialog, upgradeLicenseDialog } from '../lib/license-dialogs.js'
import { ERROR_STATE_LABELS, ERROR_STATE_TONES, MONITORING_STATUS_LABELS, MONITORING_STATUS_TONES, labelOf } from '../lib/labels.js'
import { UNSPECIFIED } from '../lib/registry.js'
import { allItems, gridQuery, registryApi } from '../lib/registry-api.js'
import { careCoverageList, customerCell, editors, usage } from '../lib/registry-ui.js'
import { backLink, chip, notice, pageHeader, setFlash, takeFlash } from '../lib/ui.js'

const LIVE_DEBOUNCE_MS = 300
const NEW_LOCATION = '__new__'

export function mount (view, ctx) {
  const { fmt } = ctx
  const reg = registryApi(ctx.api)
  const id = ctx.pathParams.id
  const status = notice()
  const header = pageHeader('License details')
  const heading = header.querySelector('.page-title')
  heading.id = 'license-title'
  const bar = h('div', { className: 'attention-slot' })
  const actions = h('div', { className: 'license-actions' })
  const body = h('div', { className: 'registry-sections' }, h('p', { className: 'muted' }, 'Loading the license…'))
  view.append(h('section', { className: 'page page-registry-details page-license', attrs: { 'aria-labelledby': 'license-title' } },
    backLink('#/licenses', 'Licenses'), header, status.el, bar, actions, body))
  const flash = takeFlash()
  if (flash) status.show(flash)

  let mounted = true
  let license = null
  let choices = null // { customers, groups }
  let serversGrid = null
  let activationsGrid = null
  const editables = []
  const live = ctx.openLive(['servers'])
  let liveTimer = null

  async function load () {
    try {
      const next = await reg.license(id)
      if (!mounted) return
      if (next.kind === 'test') { ctx.navigate(`#/test-licenses/${encodeURIComponent(next.id)}`, { replace: true }); return }
      const first = license === null
      license = next
      if (first) build()
      else refresh()
    } catch (err) {
      if (!mounted || err.status === 401) return
      if (license === null) {
        replaceChildren(body, h('div', { className: 'card empty-card' },
          h('p', {}, err.status === 404 ? `There is no license ${id}, or you may not see it.` : err.message),
          h('a', { className: 'btn', href: '#/licenses' }, 'Back to Licenses')))
      } else status.show(`Could not refresh: ${err.message}`, 'error')
    }
  }

  function title () {
    const who = license.customerId == null ? UNSPECIFIED : license.customer
    heading.textContent = `${who} - License ${license.slc}`
    document.title = `License ${license.slc} · Vigil`
  }

  /** The orange bar (an upgrade is available) or a quiet note (obsolete, not registered). */
  function attention () {
    const up = license.upgrades ?? {}
    if (license.status === 'active' && up.available) {
      return h('div', { className: 'attention-bar', attrs: { role: 'region', 'aria-label': 'Upgrade available' } }, icon('warn'),
        h('span', {}, `An upgrade to ${license.product ?? 'a newer release'} ${up.latestVersion ?? ''} is available for this license, covered by Milestone Care Plus. `,
          h('button', { type: 'button', className: 'link-btn', on: { click: onUpgrade } }, 'Click here'), ' to upgrade.'))
    }
    if (up.upgradedTo) {
      return h('p', { className: 'notice', dataset: { tone: 'info' } }, 'This license has been upgraded to ',
        h('a', { href: `#/licenses/${encodeURIComponent(up.upgradedTo.id)}` }, up.upgradedTo.slc),
        `${up.upgradedAt ? ` on ${fmt.date(up.upgradedAt)}` : ''}. It is obsolete: its servers, groups and Care moved to the new license.`)
    }
    if (license.status === 'obsolete') return h('p', { className: 'notice', dataset: { tone: 'info' } }, 'This license is obsolete.')
    if (license.registered === false) {
      return h('p', { className: 'notice', dataset: { tone: 'info' } }, 'Agents report this license, but nobody in your account has registered it yet. ',
        h('button', { type: 'button', className: 'link-btn', on: { click: onRegister } }, 'Register it'), ' to add its customer and license details.')
    }
    return null
  }

  function renderActions () {
    replaceChildren(actions,
      license.status === 'active' && license.upgrades?.available
        ? h('button', { type: 'button', className: 'btn btn-primary', id: 'upgrade-license', on: { click: onUpgrade } }, 'Upgrade license')
        : null)
  }

  // ---- editing the license: customer, description, groups
  async function patch (changes, done) {
    license = await reg.updateLicense(license.id, changes)
    if (!mounted) return
    refresh()
    status.show(done)
  }
  async function ensureChoices () {
    if (!choices) {
      const [customers, groups] = await Promise.all([allItems(reg.customers), allItems(reg.groups)])
      choices = { customers, groups }
    }
    return choices
  }

  function build () {
    title()
    const customerField = editableField({
      label: 'Customer',
      render: () => customerCell(license.customer, license.customerId),
      makeEditor: () => {
        const box = h('div', { className: 'customer-chooser' }, h('span', { className: 'muted small' }, 'Loading customers…'))
        let chooser = null
        ensureChoices().then((c) => {
          chooser = customerChooser({ customers: c.customers, value: license.customerId })
          chooser.control.setAttribute('aria-label', 'Customer')
          box.replaceWith(chooser.el)
          chooser.control.focus()
        }, (err) => { box.textContent = sentence(err.message) })
        return { el: box, focus: () => {}, value: () => (chooser ? chooser.selection() : { customerId: license.customerId }) }
      },
      save: (sel) => patch(sel, sel.customer ? `Customer added and set: ${sel.customer}.` : sel.customerId == null ? 'The license is now Unspecified.' : 'Customer saved.')
    })
    const descriptionField = editableField({
      label: 'License description',
      render: () => license.description || h('span', { className: 'muted' }, 'No description'),
      makeEditor: () => editors.text(license.description, { label: 'License description' }),
      save: (v) => patch({ description: v }, 'License description saved.')
    })
    const groupsField = editableField({
      label: 'License group(s)',
      render: () => license.groups?.length ? license.groups.map((g) => g.name).join(', ') : h('span', { className: 'muted' }, 'No group'),
      makeEditor: () => {
        const holder = h('div', { className: 'groups-editor-slot' }, h('span', { className: 'muted small' }, 'Loading license groups…'))
        let ed = null
        ensureChoices().then((c) => {
          ed = editors.groups(c.groups, (license.groups ?? []).map((g) => g.id))
          holder.replaceWith(ed.el)
          ed.focus()
        }, (err) => { holder.textContent = sentence(err.message) })
        return { el: holder, focus: () => {}, value: () => (ed ? ed.value() : (license.groups ?? []).map((g) => g.id)) }
      },
      save: (ids) => patch({ groupIds: ids }, 'License groups saved.')
    })
    const careField = editableField({
      label: 'Milestone Care coverage',
      editLabel: 'Edit Milestone Care coverage',
      render: () => careCoverageList(license.care, fmt),
      makeEditor: () => editors.care(license.care),
      save: (care) => patch({ care }, 'Milestone Care saved.')
    })
    const devicesField = editableField({
      label: 'Activated device licenses',
      render: () => usage(license.deviceLicenses?.activated ?? 0, license.deviceLicenses?.total ?? null, fmt),
      makeEditor: () => editors.count(license.deviceLicenses?.total, { label: 'Device licenses on this SLC' }),
      save: (n) => patch({ deviceLicenses: n }, 'Device licenses saved.')
    })
    editables.push(customerField, descriptionField, groupsField, careField, devicesField)
    const detailsList = h('dl', { className: 'detail-list detail-list-3', id: 'license-fields' })
    const fixed = {}
    function renderFixed () {
      const c = license.company ?? {}
      const up = license.upgrades ?? {}
      fixed.company = detailField('Company name', c.name)
      fixed.phone = detailField('Company phone', c.phone)
      fixed.address = detailField('Company address', c.address)
      fixed.product = detailField('Product information', license.productLabel)
      fixed.upgrades = detailField('Upgrades', h('ul', { className: 'value-list' },
        up.upgradedFrom ? h('li', {}, 'Upgraded from ', h('a', { className: 'mono', href: `#/licenses/${encodeURIComponent(up.upgradedFrom.id)}` }, up.upgradedFrom.slc)) : null,
        up.upgradedTo
          ? h('li', {}, 'Upgraded to ', h('a', { className: 'mono', href: `#/licenses/${encodeURIComponent(up.upgradedTo.id)}` }, up.upgradedTo.slc))
          : h('li', {}, up.available ? `An upgrade is available: ${license.product} ${up.latestVersion}` : (up.reason ? sentence(up.reason) : 'No upgrade is available')),
        !up.upgradedTo && !up.upgradedFrom ? h('li', { className: 'muted' }, 'This license has not been upgraded') : null))
      fixed.aac = detailField('Advanced audio coding licenses', license.aacLicenses == null ? null : `This license: ${fmt.number(license.aacLicenses)}`)
      fixed.status = detailField('License status', license.status === 'obsolete' ? chip('Obsolete', 'muted') : license.registered === false ? chip('Not registered', 'warn') : chip('Active', 'ok'))
      fixed.registered = detailField('Registered', license.registeredAt ? fmt.date(license.registeredAt) : null, { empty: 'Not registered' })
      fixed.mac = detailField('MAC address used for activation', license.activationMac, { valueClass: 'mono' })
      replaceChildren(detailsList,
        customerField.el, fixed.company, fixed.phone, fixed.address, fixed.product, descriptionField.el, groupsField.el,
        careField.el, fixed.upgrades, fixed.aac, devicesField.el, fixed.status, fixed.registered, fixed.mac)
    }
    renderFixed()
    build.renderFixed = renderFixed

    // ---- servers
    const serversBox = h('div', {})
    const extBox = h('div', {})
    const actBox = h('div', {})
    replaceChildren(body,
      h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-details' } },
        h('h2', { className: 'card-title', id: 'sec-details' }, 'License details'), detailsList),
      h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-servers' } },
        h('h2', { className: 'card-title', id: 'sec-servers' }, 'Servers', h('span', { className: 'muted' }, 'where this license is used; updated every time a license is activated')), serversBox),
      h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-ext' } },
        h('h2', { className: 'card-title', id: 'sec-ext' }, 'Extensions and plug-ins'), extBox),
      h('section', { className: 'card section-card', attrs: { 'aria-labelledby': 'sec-act' } },
        h('h2', { className: 'card-title', id: 'sec-act' }, 'Activated device licenses'), actBox))

    serversGrid = createGrid(serversBox, {
      columns: [
        { key: 'name', label: 'Server name', className: 'strong' },
        { key: 'location', label: 'Location', text: (s) => s.location ?? '', render: (s) => s.location ?? h('span', { className: 'muted' }, 'No location') },
        { key: 'description', label: 'Server description', className: 'cell-wide', text: (s) => s.description ?? '' },
        {
          key: 'monitoringStatus', label: 'Monitoring status',
          text: (s) => labelOf(MONITORING_STATUS_LABELS, s.monitoringStatus),
          render: (s) => chip(labelOf(MONITORING_STATUS_LABELS, s.monitoringStatus), MONITORING_STATUS_TONES[s.monitoringStatus])
        },
        {
          key: 'errorState', label: 'Error state', text: (s) => labelOf(ERROR_STATE_LABELS, s.errorState),
          render: (s) => s.errorState === 'none' ? h('span', { className: 'muted' }, '-') : chip(labelOf(ERROR_STATE_LABELS, s.errorState), ERROR_STATE_TONES[s.errorState])
        },
        {
          key: 'devices', label: 'Activated device licenses', sortValue: (s) => s.deviceLicenses?.onServer ?? 0,
          text: (s) => deviceText(s),
          render: (s) => h('span', { className: 'value-list' }, h('span', {}, usage(s.deviceLicenses?.onServer ?? 0, s.deviceLicenses?.total ?? null, fmt)),
            s.deviceLicenses?.relatedServers ? h('span', { className: 'muted small' }, `${s.deviceLicenses.relatedServers} related ${s.deviceLicenses.relatedServers === 1 ? 'server' : 'servers'}: ${fmt.number(s.deviceLicenses.onRelated ?? 0)}${s.deviceLicenses.total != null ? ` out of ${fmt.number(s.deviceLicenses.total)}` : ''}`) : null)
        },
        {
          key: 'edit', label: 'Edit', sortable: false, hideLabel: true, className: 'cell-action',
          render: (s) => h('button', { type: 'button', className: 'btn btn-small', dataset: { focus: 'edit' }, attrs: { 'aria-label': `Edit location and description of ${s.name}` }, on: { click: () => editServer(s) } }, icon('pencil'), 'Edit')
        }
      ],
      rowKey: (s) => s.id,
      caption: 'Servers of this license',
      itemName: ['server', 'servers'],
      toolbar: false,
      emptyText: 'No servers. The list is updated every time a license is activated, and when an agent reports this license.',
      defaultSort: { key: 'name', dir: 'asc' },
      pageSize: 10
    })
    serversGrid.setRows(license.servers ?? [])

    renderExtensions(extBox)

    activationsGrid = createGrid(actBox, {
      columns: [
        { key: 'activatedAt', label: 'Date', className: 'nowrap', text: (a) => fmt.day(String(a.activatedAt).slice(0, 10)) },
        { key: 'mac', label: 'MAC address', className: 'mono' },
        { key: 'dlkDescription', label: 'DLK description', text: (a) => a.dlkDescription ?? '' },
        { key: 'deviceName', label: 'Device name' },
        { key: 'licensesUsed', label: 'Licenses used', numeric: true, text: (a) => fmt.number(a.licensesUsed ?? 1) },
        { key: 'server', label: 'Server', sortable: false, text: (a) => a.server ?? '' }
      ],
      rowKey: (a) => a.id,
      caption: 'Activated device licenses',
      itemName: ['activated device', 'activated devices'],
      searchPlaceholder: 'Device name, MAC address, DLK description',
      filters: [{ key: 'serverId', label: 'Server', allLabel: 'All servers', options: serverOptions() }],
      emptyText: 'No device licenses activated yet.',
      defaultSort: { key: 'activatedAt', dir: 'desc' },
      pageSize: 10,
      fetchPage: (q, signal) => reg.activations(license.id, gridQuery(q), signal)
    })
    refresh()
  }

  function serverOptions () { return (license.servers ?? []).map((s) => ({ value: String(s.id), label: s.name })) }
  function deviceText (s) {
    const d = s.deviceLicenses ?? {}
    return d.total == null ? fmt.number(d.onServer ?? 0) : `${fmt.number(d.onServer ?? 0)} out of ${fmt.number(d.total)}`
  }

  function renderExtensions (box) {
    const ext = license.extensions ?? []
    replaceChildren(box, ext.length
      ? h('div', { className: 'grid-scroll' }, h('table', { className: 'grid-table' },
        h('caption', { className: 'visually-hidden' }, 'Extensions and plug-ins'),
        h('thead', {}, h('tr', {}, ['Product', 'Software License Code', 'Expiration date', 'Developed by'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ext.map((x) => h('tr', {},
          h('td', { className: 'strong' }, x.product), h('td', { className: 'mono' }, x.slc ?? '–'),
          h('td', {}, x.expiresOn ? fmt.day(x.expiresOn) : 'Unrestricted'), h('td', {}, x.developedBy ?? '–'))))))
      : h('p', { className: 'muted small' }, 'No extensions or plug-ins on this license.'))
  }

  function refresh () {
    title()
    replaceChildren(bar, attention())
    renderActions()
    for (const e of editables) e.refresh()
    build.renderFixed?.()
    serversGrid?.setRows(license.servers ?? [])
    activationsGrid?.setFilterOptions('serverId', serverOptions())
    const ext = body.querySelector('#sec-ext')?.parentElement?.lastElementChild
    if (ext) renderExtensions(ext)
  }

  // ---- a server's location and description
  async function editServer (server) {
    let locations = []
    try { locations = await allItems(reg.locations) } catch (err) { if (err.status !== 401) status.show(sentence(err.message), 'error'); return }
    if (!mounted) return
    const d = openDialog({ title: `Edit server - ${server.name}`, lead: 'Where the server is, and a description of your own. Both can be searched.', size: 'md' })
    const message = h('p', { className: 'form-message', attrs: { role: 'alert' } })
    const locSel = selectInput([{ value: '', label: 'No location' }, ...locations.map((l) => ({ value: l.id, label: l.name })), { value: NEW_LOCATION, label: 'New location…' }], { value: server.locationId ?? '' })
    const fLoc = formField({ label: 'Location', control: locSel })
    const newName = textInput({ maxLength: 200, spellcheck: true })
    const fNew = formField({ label: 'New location name', control: newName, required: true })
    fNew.el.hidden = true
    locSel.addEventListener('change', () => { fNew.el.hidden = locSel.value !== NEW_LOCATION; if (!fNew.el.hidden) newName.focus() })
    const fDesc = formField({ label: 'Server description', control: textInput({ value: server.description ?? '', maxLength: 500, spellcheck: true }), optional: true })
    const save = h('button', { type: 'submit', className: 'btn btn-primary' }, 'Save')
    const fields = { locationId: fLoc, location: fNew, description: fDesc }
    const form = h('form', { className: 'dialog-form', noValidate: true, id: 'server-form', on: { submit: onSave } }, fLoc.el, fNew.el, fDesc.el, message)
    save.setAttribute('form', form.id)
    d.body.append(form)
    d.actions.append(h('span', { className: 'form-actions-spacer' }), h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel'), save)
    locSel.focus()

    async function onSave (ev) {
      ev.preventDefault()
      for (const f of Object.values(fields)) f.setError(null)
      message.textContent = ''
      const changes = {}
      if (locSel.value === NEW_LOCATION) {
        const name = newName.value.trim()
        if (!name) { fNew.setError('Enter the name of the new location.'); message.dataset.tone = 'error'; message.textContent = 'Enter the name of the new location.'; newName.focus(); return }
        changes.location = name
      } else if (String(server.locationId ?? '') !== locSel.value) changes.locationId = locSel.value ? Number(locSel.value) : null
      const desc = fDesc.control.value.trim() || null
      if (desc !== (server.description ?? null)) changes.description = desc
      if (Object.keys(changes).length === 0) { d.close(); return }
      save.disabled = true
      save.textContent = 'Saving…'
      try {
        const next = await reg.updateServer(server.id, changes)
        license = { ...license, servers: (license.servers ?? []).map((s) => (s.id === next.id ? next : s)) }
        d.close('done')
        if (mounted) { refresh(); status.show(`Server ${next.name} saved${next.location ? `: ${next.location}` : ''}.`) }
      } catch (err) {
        if (err.status === 401) { d.close(); return }
        const key = fieldOfMessage(err.message, Object.keys(fields))
        if (key) { fields[key].setError(sentence(err.message)); fields[key].control.focus() }
        message.dataset.tone = 'error'
        message.textContent = sentence(err.message)
        save.disabled = false
        save.textContent = 'Save'
      }
    }
  }

  async function onUpgrade () {
    const outcome = await upgradeLicenseDialog(ctx, license)
    if (!outcome || !mounted) return
    setFlash(`License upgraded: ${outcome.previous.slc} is now ${outcome.license.slc} (${outcome.license.productLabel}).`)
    ctx.navigate(`#/licenses/${encodeURIComponent(outcome.license.id)}`)
  }

  async function onRegister () {
    const made = await registerLicenseDialog(ctx)
    if (made && mounted) { status.show(`License ${made.slc} registered.`); void load() }
  }

  // live: a change of one of this license's servers (status, location, customer) refreshes the page
  const offLive = live.on('servers', (_data, msg) => {
    if (!license) return
    const items = msg?.type === 'event' ? [msg.item] : []
    const mine = new Set((license.servers ?? []).map((s) => String(s.id)))
    if (!items.some((s) => s && (mine.has(String(s.serverId)) || s.slc === license.slc))) return
    clearTimeout(liveTimer)
    liveTimer = setTimeout(() => { if (!editables.some((e) => e.editing)) void load() }, LIVE_DEBOUNCE_MS)
  })

  void load()

  return () => {
    mounted = false
    clearTimeout(liveTimer)
    offLive?.()
    live.stop()
    serversGrid?.destroy()
    activationsGrid?.destroy()
  }
}
