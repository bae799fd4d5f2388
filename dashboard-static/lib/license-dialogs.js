/**
 * The license dialogs shared by the Licenses, Customers and license details pages:
 * - Register new license (SLC) (manual, "Register software license codes (SLCs)"): step 1 the SLC and the
 *   MAC address of the server used for activation, checked by the collector on Next; step 2 the optional
 *   License group and License description, the Customer (or "+ Add customer"), Register SLC.
 * - Import licenses: a CSV file registered row by row by the collector, with a report per row.
 * - Upgrade license (manual, "Upgrade a software license"): what moves, the release, the
 *   "I understand…" check box, then the previous and the new SLC.
 */
import { h, replaceChildren, uid } from './dom.js'
import { compositeField, customerChooser, fieldOfMessage, formField, icon, openDialog, selectInput, sentence, textInput } from './forms.js'
import { MAC_RE, SLC_RE, importPreview } from './registry.js'
import { allItems, registryApi } from './registry-api.js'

/** The customers and license groups a dialog offers (whole lists, by name). */
export async function loadChoices (reg) {
  const [customers, groups] = await Promise.all([allItems(reg.customers), allItems(reg.groups)])
  return { customers, groups }
}

/** A labelled text field bound to a key of the collector's messages. */
function textField (key, label, props = {}, opts = {}) {
  const control = textInput(props)
  const f = formField({ label, control, ...opts })
  f.key = key
  return f
}

function stepList (labels, current) {
  return h('ol', { className: 'dialog-steps', attrs: { 'aria-label': 'Steps' } },
    labels.map((l, i) => h('li', { attrs: { 'aria-current': i === current ? 'step' : null } }, `${i + 1}. ${l}`)))
}

/**
 * Register new license (SLC). Resolves with the registered LicenseDetails, or null when cancelled.
 * opts.customerId preselects a customer (from a customer's page).
 */
export function registerLicenseDialog (ctx, { customerId = null } = {}) {
  const reg = registryApi(ctx.api)
  const d = openDialog({ title: 'Register new license (SLC)', lead: 'Register a license to your company account.', size: 'md' })
  const message = h('p', { className: 'form-message', attrs: { role: 'alert' } })
  const showMessage = (text, tone = 'error') => { message.dataset.tone = tone; message.textContent = text ?? '' }
  const choices = loadChoices(reg)
  const catalog = reg.products().then((b) => (Array.isArray(b?.items) ? b.items : []), () => [])
  let result = null
  let checked = null

  // ---- step 1: SLC and MAC
  const fSlc = textField('slc', 'VMS license code (SLC)', { className: 'input input-mono', placeholder: 'M01-C01-123-45-6A7890', maxLength: 40, autocapitalize: 'characters' }, { required: true })
  const fMac = textField('mac', 'MAC address of the server that was used for activation', { className: 'input input-mono', placeholder: '00:10:2A:3B:45:67', maxLength: 17 }, {
    required: true, hint: 'Six pairs of hex digits, with : or - between them or none.'
  })
  function step1 () {
    const next = h('button', { type: 'submit', className: 'btn btn-primary' }, 'Next')
    const form = h('form', { className: 'dialog-form', noValidate: true, id: uid('reg-form'), on: { submit: (ev) => { ev.preventDefault(); void onNext(next) } } },
      stepList(['License code', 'Customer and details'], 0), fSlc.el, fMac.el, message)
    next.setAttribute('form', form.id)
    replaceChildren(d.body, form)
    replaceChildren(d.actions, h('span', { className: 'form-actions-spacer' }),
      h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel'), next)
    fSlc.control.focus()
  }

  async function onNext (btn) {
    fSlc.setError(null); fMac.setError(null); showMessage('')
    const slc = fSlc.control.value.trim()
    const mac = fMac.control.value.trim()
    const problems = []
    if (!slc) problems.push([fSlc, 'Enter the software license code (SLC).'])
    else if (!SLC_RE.test(slc)) problems.push([fSlc, 'This is not a software license code (SLC): letters and digits like M01-C01-123-45-6A7890 or 7A1-2345-B678.'])
    if (!mac) problems.push([fMac, 'Enter the MAC address of the server the license was activated on.'])
    else if (!MAC_RE.test(mac)) problems.push([fMac, 'This is not a MAC address: six pairs of hex digits like 00:10:2A:3B:45:67.'])
    if (problems.length) {
      for (const [f, text] of problems) f.setError(text)
      showMessage(problems.length === 1 ? problems[0][1] : 'Enter the SLC and the MAC address.')
      problems[0][0].control.focus()
      return
    }
    btn.disabled = true
    btn.textContent = 'Checking…'
    try {
      checked = await reg.checkLicense(slc, mac)
      fSlc.control.value = checked.slc
      fMac.control.value = checked.mac
      await step2()
    } catch (err) {
      if (err.status === 401) { d.close(); return }
      const key = fieldOfMessage(err.message, ['slc', 'mac'])
      const f = key === 'mac' ? fMac : fSlc
      f.setError(sentence(err.message))
      showMessage(err.status === 409 ? 'This license is already registered. Find it on the Licenses page.' : sentence(err.message))
      f.control.focus()
    } finally {
      if (btn.isConnected) { btn.disabled = false; btn.textContent = 'Next' }
    }
  }

  // ---- step 2: group, description, customer
  async function step2 () {
    let loaded
    try { loaded = await choices } catch (err) { showMessage(sentence(err.message)); return }
    const { customers, groups } = loaded
    const more = licenseInfoFields(await catalog, checked.discovered)
    const groupSel = selectInput([{ value: '', label: '-' }, ...groups.map((g) => ({ value: g.id, label: g.name }))])
    const fGroup = formField({ label: 'License group', control: groupSel, optional: true })
    const fDesc = formField({ label: 'License description', control: textInput({ maxLength: 500, spellcheck: true }), optional: true, hint: 'You can search by license description on the Licenses page.' })
    const chooser = customerChooser({ customers, value: customerId })
    const fCustomer = compositeField({ label: 'Customer', chooser, hint: 'Without a customer the license is Unspecified. You must specify a customer before you download or e-mail the initial .lic file.' })
    const found = checked.discovered
    const summary = h('dl', { className: 'dialog-summary' },
      h('dt', {}, 'License (SLC)'), h('dd', { className: 'mono' }, checked.slc),
      h('dt', {}, 'MAC address'), h('dd', { className: 'mono' }, checked.mac),
      found ? [h('dt', {}, 'Reported by agents'), h('dd', {}, `${found.product ?? 'Unknown product'}${found.version ? ` ${found.version}` : ''}, ${found.servers === 1 ? '1 server' : `${found.servers} servers`}`)] : null)
    const fields = { groupIds: fGroup, description: fDesc, customer: fCustomer, customerId: fCustomer, ...more.fields }
    const register = h('button', { type: 'submit', className: 'btn btn-primary' }, 'Register SLC')
    const form = h('form', {
      className: 'dialog-form', noValidate: true, id: uid('reg-form'),
      on: { submit: (ev) => { ev.preventDefault(); void onRegister(register, { groupSel, fDesc, chooser, fields, more }) } }
    }, stepList(['License code', 'Customer and details'], 1), summary, fGroup.el, fDesc.el, fCustomer.el, more.el, message)
    register.setAttribute('form', form.id)
    showMessage('')
    replaceChildren(d.body, form)
    replaceChildren(d.actions,
      h('button', { type: 'button', className: 'btn btn-quiet', on: { click: () => { showMessage(''); step1() } } }, 'Back'),
      h('span', { className: 'form-actions-spacer' }),
      h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel'), register)
    groupSel.focus()
  }

  async function onRegister (btn, { groupSel, fDesc, chooser, fields, more }) {
    for (const f of Object.values(fields)) f.setError(null)
    showMessage('')
    const description = fDesc.control.value.trim()
    const body = { slc: checked.slc, mac: checked.mac, ...chooser.selection() }
    if (body.customerId === null) delete body.customerId
    if (groupSel.value) body.groupIds = [Number(groupSel.value)]
    if (description) body.description = description
    const extra = more.values()
    if (extra.problem) { fields[extra.problem.key].setError(extra.problem.text); showMessage(extra.problem.text); fields[extra.problem.key].control.focus(); return }
    Object.assign(body, extra.body)
    btn.disabled = true
    btn.textContent = 'Registering…'
    try {
      result = await reg.registerLicense(body)
      d.close('done')
    } catch (err) {
      if (err.status === 401) { d.close(); return }
      const key = fieldOfMessage(err.message, Object.keys(fields))
      if (key) { fields[key].setError(sentence(err.message)); fields[key].control.focus() }
      showMessage(sentence(err.message))
    } finally {
      if (btn.isConnected) { btn.disabled = false; btn.textContent = 'Register SLC' }
    }
  }

  step1()
  return d.closed.then((how) => (how === 'done' ? result : null))
}

/**
 * "More about this license (optional)" of the register dialog: Product and version (the catalog), the
 * Care Plus and Care Premium expiry, and the device licenses on the SLC. Without them the license is an
 * "Unknown product" with Care "Unknown" (nothing to upgrade, no Care Plus rule) until they are recorded.
 * A license agents already report has its product: it is shown, and sent only when changed.
 */
function licenseInfoFields (products, discovered) {
  const productSel = selectInput([{ value: '', label: discovered?.product ? `${discovered.product} (reported by agents)` : 'Not known' }, ...products.map((p) => ({ value: p.name, label: p.name }))])
  const versionSel = selectInput([])
  const fillVersions = () => {
    const p = products.find((x) => x.name === productSel.value)
    replaceChildren(versionSel, h('option', { value: '' }, p ? 'Select version' : '-'), (p?.versions ?? []).map((v) => h('option', { value: v.version }, v.version)))
    versionSel.disabled = !p
  }
  productSel.addEventListener('change', fillVersions)
  fillVersions()
  const fProduct = formField({ label: 'Product', control: productSel })
  const fVersion = formField({ label: 'Version', control: versionSel })
  const plus = h('input', { type: 'date', className: 'input' })
  const premium = h('input', { type: 'date', className: 'input' })
  const devices = h('input', { type: 'number', className: 'input', min: 0, max: 100000, step: 1, inputMode: 'numeric' })
  const fPlus = formField({ label: 'Milestone Care Plus expires on', control: plus, hint: 'Leave empty for Care Basic only.' })
  const fPremium = formField({ label: 'Milestone Care Premium expires on', control: premium })
  const fDevices = formField({ label: 'Device licenses on this SLC', control: devices })
  const care = h('label', { className: 'check' }, h('input', { type: 'checkbox', className: 'checkbox', id: uid('care') }), h('span', {}, 'Record Milestone Care for this license'))
  const careBox = care.querySelector('input')
  const careFields = h('div', { className: 'form-pair', hidden: true }, fPlus.el, fPremium.el)
  careBox.addEventListener('change', () => { careFields.hidden = !careBox.checked })
  const el = h('details', { className: 'more-fields' },
    h('summary', {}, 'More about this license', h('span', { className: 'field-optional' }, ' (optional)')),
    h('div', { className: 'more-fields-body' }, h('div', { className: 'form-pair' }, fProduct.el, fVersion.el), care, careFields, fDevices.el))
  return {
    el,
    fields: { product: fProduct, version: fVersion, care: fPlus, deviceLicenses: fDevices },
    values () {
      const body = {}
      if (productSel.value) {
        if (!versionSel.value) return { problem: { key: 'version', text: 'Choose the version of the product.' } }
        body.product = productSel.value
        body.version = versionSel.value
      }
      if (careBox.checked) body.care = { plusExpiresOn: plus.value || null, premiumExpiresOn: premium.value || null }
      if (devices.value !== '') body.deviceLicenses = Number(devices.value)
      return { body, problem: null }
    }
  }
}

const SAMPLE = 'SLC,MAC,Customer,Description,Group\nM01-C01-123-45-6A7890,00:10:2A:3B:45:67,ACME Retail,HQ 1,ACME Main HQ'
const RESULT_LABELS = { imported: 'Imported', refused: 'Refused' }

/**
 * Import licenses from a CSV file: the file, a preview (how many rows), Import, then the collector's
 * report per row. Resolves with the number imported (0 when nothing was), or null when cancelled early.
 */
export function importLicensesDialog (ctx) {
  const reg = registryApi(ctx.api)
  const d = openDialog({ title: 'Import licenses from a file', lead: 'Register many licenses at once from a CSV file. Each row is registered on its own, by the same rules as Register new license (SLC).', size: 'lg' })
  const message = h('p', { className: 'form-message', attrs: { role: 'alert' } })
  const showMessage = (text, tone = 'error') => { message.dataset.tone = tone; message.textContent = text ?? '' }
  const file = h('input', { type: 'file', accept: '.csv,text/csv,text/plain' })
  const fFile = formField({ label: 'CSV file', control: file, required: true, hint: 'Columns SLC, MAC, Customer, Description, Group in that order, or in any order when the first line names them. Several groups: separate them with |. Up to 1 MB.' })
  const preview = h('p', { className: 'field-hint', attrs: { 'aria-live': 'polite' } })
  let text = null
  let imported = null
  file.addEventListener('change', async () => {
    fFile.setError(null); showMessage(''); preview.textContent = ''
    text = null
    const f = file.files?.[0]
    if (!f) return
    if (f.size > 1024 * 1024) { fFile.setError('The file is larger than 1 MB: split it in parts.'); return }
    text = await f.text()
    const p = importPreview(text)
    preview.textContent = p.rows === 0
      ? 'This file holds no license rows.'
      : `${p.rows === 1 ? '1 license row' : `${p.rows} license rows`}${p.header ? ', columns named on the first line' : ', columns in the default order'}: ${p.sample.join(', ')}${p.rows > p.sample.length ? ', …' : ''}`
  })
  const importBtn = h('button', { type: 'submit', className: 'btn btn-primary' }, icon('upload'), 'Import')
  const form = h('form', { className: 'dialog-form', noValidate: true, id: uid('import-form'), on: { submit: onImport } },
    h('div', { className: 'import-drop' }, fFile.el, preview),
    h('details', { className: 'import-help' }, h('summary', {}, 'Example file'), h('pre', { className: 'import-sample' }, SAMPLE)),
    message)
  importBtn.setAttribute('form', form.id)
  d.body.append(form)
  d.actions.append(h('span', { className: 'form-actions-spacer' }), h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel'), importBtn)
  file.focus()

  async function onImport (ev) {
    ev.preventDefault()
    fFile.setError(null); showMessage('')
    if (!text) { fFile.setError('Choose a CSV file.'); file.focus(); return }
    importBtn.disabled = true
    importBtn.textContent = 'Importing…'
    try {
      const report = await reg.importLicenses(text)
      imported = report.imported ?? 0
      showReport(report)
    } catch (err) {
      if (err.status === 401) { d.close(); return }
      fFile.setError(sentence(err.message))
      showMessage(sentence(err.message))
      file.focus()
      importBtn.disabled = false
      importBtn.replaceChildren(icon('upload'), 'Import')
    }
  }

  function showReport (report) {
    const rows = Array.isArray(report.rows) ? report.rows : []
    const summary = h('p', { className: 'report-summary', attrs: { role: 'status' } },
      h('span', { className: 'chip chip-ok' }, h('span', { className: 'chip-dot', attrs: { 'aria-hidden': 'true' } }), `${report.imported ?? 0} imported`),
      h('span', { className: `chip ${report.refused ? 'chip-danger' : 'chip-muted'}` }, h('span', { className: 'chip-dot', attrs: { 'aria-hidden': 'true' } }), `${report.refused ?? 0} refused`))
    const table = h('table', { className: 'report-table' },
      h('caption', { className: 'visually-hidden' }, 'Import report, one line per row of the file'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'License (SLC)'), h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Message'))),
      h('tbody', {}, rows.map((r) => h('tr', { dataset: { result: r.result } },
        h('td', { className: 'num-like' }, String(r.line)),
        h('td', { className: 'mono' }, r.licenseId != null ? h('a', { href: `#/licenses/${encodeURIComponent(r.licenseId)}` }, r.slc) : (r.slc || '–')),
        h('td', {}, h('span', { className: `chip ${r.result === 'imported' ? 'chip-ok' : 'chip-danger'}` }, h('span', { className: 'chip-dot', attrs: { 'aria-hidden': 'true' } }), RESULT_LABELS[r.result] ?? r.result)),
        h('td', { className: 'report-message' }, r.message ? sentence(r.message) : '')))))
    d.title.textContent = 'Import report'
    replaceChildren(d.body, h('div', { className: 'dialog-form' }, summary, h('div', { className: 'report-scroll', tabIndex: 0, attrs: { role: 'region', 'aria-label': 'Import report' } }, table)))
    d.dialog.querySelector('.dialog-lead')?.remove()
    const close = h('button', { type: 'button', className: 'btn btn-primary', on: { click: () => d.close('done') } }, 'Close')
    replaceChildren(d.actions, h('span', { className: 'form-actions-spacer' }), close)
    close.focus()
  }

  return d.closed.then(() => imported)
}

/**
 * Upgrade license: the preview (GET …/upgrade), the release to upgrade to, the new SLC from Milestone
 * (optional), the "I understand…" check box, then the previous and the new SLC and Continue.
 * Resolves with { previous, license } after an upgrade, or null.
 */
export function upgradeLicenseDialog (ctx, license) {
  const reg = registryApi(ctx.api)
  const d = openDialog({ title: `Upgrade license ${license.slc}`, size: 'md' })
  const message = h('p', { className: 'form-message', attrs: { role: 'alert' } })
  const showMessage = (text, tone = 'error') => { message.dataset.tone = tone; message.textContent = text ?? '' }
  let outcome = null
  d.body.append(h('p', { className: 'muted' }, 'Loading the upgrade…'))
  d.actions.append(h('span', { className: 'form-actions-spacer' }), h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel'))

  reg.upgradePreview(license.id).then(build, (err) => {
    if (err.status === 401) { d.close(); return }
    replaceChildren(d.body, message)
    showMessage(sentence(err.message))
  })

  function build (p) {
    if (!p.available) {
      replaceChildren(d.body, h('p', {}, sentence(p.reason) || 'No upgrade is available for this license.'))
      return
    }
    const versions = p.versions ?? []
    const versionSel = selectInput(versions.map((v) => ({ value: v.version, label: `${p.product} ${v.version}${v.releasedOn ? ` (released ${ctx.fmt.day(v.releasedOn)})` : ''}` })), { value: p.latestVersion })
    const fVersion = formField({ label: 'Upgrade to', control: versionSel, hint: p.carePlusExpiresOn ? `Releases up to the Care Plus expiry (${ctx.fmt.day(p.carePlusExpiresOn)}).` : undefined })
    const fSlc = formField({ label: 'New license code (SLC) from Milestone', control: textInput({ className: 'input input-mono', placeholder: 'Leave empty to have one made', maxLength: 40 }), optional: true })
    const understand = h('input', { type: 'checkbox', className: 'checkbox', id: uid('understand') })
    const upgrade = h('button', { type: 'submit', className: 'btn btn-primary', disabled: true }, 'Upgrade')
    understand.addEventListener('change', () => { upgrade.disabled = !understand.checked })
    const target = () => `${p.product} ${versionSel.value}`
    const headline = h('p', { className: 'upgrade-headline' }, h('strong', {}, `Upgrade to ${target()}`))
    versionSel.addEventListener('change', () => { headline.firstChild.textContent = `Upgrade to ${target()}`; installStep.textContent = `Download the ${target()} installer, and install ${target()} using the new software license file (.lic).` })
    const moves = p.moves ?? {}
    const installStep = h('li', {}, `Download the ${target()} installer, and install ${target()} using the new software license file (.lic).`)
    const fields = { version: fVersion, slc: fSlc }
    const form = h('form', { className: 'dialog-form', noValidate: true, id: uid('upgrade-form'), on: { submit: onUpgrade } },
      headline,
      h('div', { className: 'upgrade-text' },
        h('p', {}, 'Once you upgrade this license:'),
        h('ul', {},
          h('li', {}, 'The current license will be deactivated and you will no longer be able to add new devices.'),
          h('li', {}, `A new license will be registered with all associated customer and installation information${moves.customer ? ` (${moves.customer}` : ''}${moves.customer ? `, ${moves.servers === 1 ? '1 server' : `${moves.servers ?? 0} servers`}${moves.groups?.length ? `, ${moves.groups.map((g) => g.name).join(', ')}` : ''})` : ''}.`),
          h('li', {}, 'You will receive a new software license code (SLC) and software license file (.lic).')),
        h('p', {}, 'To complete the product upgrade:'),
        h('ul', {}, installStep)),
      fVersion.el, fSlc.el,
      h('label', { className: 'check check-confirm', htmlFor: understand.id }, understand, h('span', {}, 'I understand that once upgraded the current license (SLC) will be deactivated')),
      message)
    upgrade.setAttribute('form', form.id)
    replaceChildren(d.body, form)
    replaceChildren(d.actions, h('span', { className: 'form-actions-spacer' }), h('button', { type: 'button', className: 'btn', on: { click: () => d.close() } }, 'Cancel'), upgrade)
    versionSel.focus()

    async function onUpgrade (ev) {
      ev.preventDefault()
      fVersion.setError(null); fSlc.setError(null); showMessage('')
      if (!understand.checked) { showMessage('Tick "I understand…" to upgrade.'); understand.focus(); return }
      const body = { version: versionSel.value }
      const slc = fSlc.control.value.trim()
      if (slc) {
        if (!SLC_RE.test(slc)) { fSlc.setError('This is not a software license code (SLC): letters and digits like M01-C01-123-45-6A7890.'); fSlc.control.focus(); return }
        body.slc = slc
      }
      upgrade.disabled = true
      upgrade.textContent = 'Upgrading…'
      try {
        outcome = await reg.upgradeLicense(license.id, body)
        done(outcome)
      } catch (err) {
        if (err.status === 401) { d.close(); return }
        const key = fieldOfMessage(err.message, Object.keys(fields))
        if (key) { fields[key].setError(sentence(err.message)); fields[key].control.focus() }
        showMessage(sentence(err.message))
        upgrade.disabled = !understand.checked
        upgrade.textContent = 'Upgrade'
      }
    }
  }

  function done ({ previous, license: next }) {
    d.title.textContent = 'License upgraded'
    const cont = h('button', { type: 'button', className: 'btn btn-primary', on: { click: () => d.close('done') } }, 'Continue')
    replaceChildren(d.body, h('div', { className: 'dialog-form', attrs: { role: 'status' } },
      h('p', { className: 'created-ok' }, `${next.productLabel} is registered.`),
      h('dl', { className: 'dialog-summary' },
        h('dt', {}, 'Previous license (SLC)'), h('dd', { className: 'mono' }, previous.slc),
        h('dt', {}, 'New license (SLC)'), h('dd', { className: 'mono' }, next.slc)),
      h('p', { className: 'muted' }, 'Use the upgraded software license file (.lic) to upgrade the XProtect VMS installation, then activate the license.')))
    replaceChildren(d.actions, h('span', { className: 'form-actions-spacer' }), cont)
    cont.focus()
  }

  return d.closed.then(() => outcome) // closed by Esc after the upgrade: it happened all the same
}
