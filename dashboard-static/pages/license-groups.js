/**
 * License groups (manual, "License groups page", "Create a license group", "Edit or delete a license
 * group"): the groups with their description, Number of licenses and Number of servers, searched and
 * sorted by the collector. Create license group / Edit open one dialog: Name, Group description, the
 * licenses to pick from (searched by license, product, customer or description, paged by the collector)
 * and, aside, the licenses included, each removable. Edit also offers Delete (after a confirmation).
 */
import { h, replaceChildren, uid } from '../lib/dom.js'
import { createGrid } from '../lib/grid.js'
import { formDialog, formField, icon, plural, textInput } from '../lib/forms.js'
import { gridQuery, registryApi } from '../lib/registry-api.js'
import { customerCell } from '../lib/registry-ui.js'
import { confirmDialog, listPage } from '../lib/ui.js'

export function columnsFor (fmt, onEdit) {
  return [
    { key: 'name', label: 'License group name', className: 'strong' },
    { key: 'description', label: 'Group description', className: 'cell-wide', text: (g) => g.description ?? '' },
    { key: 'licenses', label: 'Number of licenses', numeric: true, text: (g) => fmt.number(g.licenses ?? 0) },
    { key: 'servers', label: 'Number of servers', numeric: true, text: (g) => fmt.number(g.servers ?? 0) },
    {
      key: 'actions', label: 'Actions', sortable: false, hideLabel: true, className: 'cell-action',
      render: (g) => h('span', { className: 'row-actions' },
        h('a', { className: 'btn btn-small', href: '#/licenses', dataset: { focus: 'licenses' }, attrs: { 'aria-label': `Licenses of ${g.name}` }, on: { click: () => showGroupOnLicenses(g) } }, 'Licenses'),
        h('button', { type: 'button', className: 'btn btn-small', dataset: { focus: 'edit' }, attrs: { 'aria-label': `Edit ${g.name}` }, on: { click: () => onEdit(g) } }, 'Edit'))
    }
  ]
}

/** The Licenses page opens filtered by this group (its grid keeps its choices in this browser tab). */
function showGroupOnLicenses (g) {
  try {
    const key = 'vigil.grid.licenses'
    const saved = JSON.parse(globalThis.sessionStorage?.getItem(key) ?? 'null') ?? {}
    globalThis.sessionStorage?.setItem(key, JSON.stringify({ ...saved, q: '', page: 1, filters: { groupId: String(g.id) } }))
  } catch {}
}

/**
 * The Create / Edit license group dialog. `group` null: create. Resolves with { saved } (GroupDetails),
 * { deleted: name }, or null when cancelled.
 */
export async function groupDialog (ctx, group = null) {
  const reg = registryApi(ctx.api)
  const details = group ? await reg.group(group.id) : null
  const picked = new Map((details?.licenseList ?? []).map((l) => [Number(l.id), l.slc]))
  let deleted = null
  let picker = null
  let fName, fDesc

  const result = formDialog({
    title: group ? `Edit license group - ${group.name}` : 'Create license group',
    size: 'xl',
    className: 'group-dialog',
    submitLabel: group ? 'Save' : 'Create',
    build: (d) => {
      fName = formField({ label: 'Name', control: textInput({ value: details?.name ?? '', maxLength: 200, spellcheck: true }), required: true })
      fDesc = formField({ label: 'Group description', control: textInput({ value: details?.description ?? '', maxLength: 500, spellcheck: true }), optional: true })
      const listId = uid('picked')
      const pickedCount = h('span', { className: 'muted' })
      const pickedList = h('ul', { className: 'picked-list', id: listId, attrs: { 'aria-label': 'Licenses included' } })
      const main = h('div', { className: 'picker-main', on: { keydown: (ev) => { if (ev.key === 'Enter' && ev.target.matches?.('input[type=search]')) ev.preventDefault() } } })
      const aside = h('aside', { className: 'picker-aside', attrs: { 'aria-labelledby': `${listId}-title` } },
        h('h3', { id: `${listId}-title` }, 'Licenses included: ', pickedCount), pickedList)

      function renderPicked () {
        pickedCount.textContent = String(picked.size)
        const items = [...picked.entries()].sort((a, b) => a[1].localeCompare(b[1], undefined, { numeric: true }))
        replaceChildren(pickedList, items.length
          ? items.map(([id, slc]) => h('li', {},
            h('button', { type: 'button', className: 'btn-icon', attrs: { 'aria-label': `Remove ${slc}` }, on: { click: (ev) => removePicked(id, ev) } }, icon('close')),
            h('span', {}, slc)))
          : h('li', { className: 'picked-empty' }, 'No licenses yet. Select them in the list.'))
      }
      function removePicked (id, ev) {
        const li = ev.currentTarget.closest('li')
        const next = li?.nextElementSibling ?? li?.previousElementSibling
        picked.delete(id)
        renderPicked()
        picker.refresh()
        // keep the keyboard in the list: the next remove button, else the search
        const slc = next?.querySelector('span')?.textContent
        const again = slc ? [...pickedList.querySelectorAll('li')].find((x) => x.querySelector('span')?.textContent === slc)?.querySelector('button') : null
        ;(again ?? main.querySelector('input[type=search]'))?.focus()
      }
      function toggle (l, on) {
        if (on) picked.set(Number(l.id), l.slc)
        else picked.delete(Number(l.id))
        renderPicked()
      }

      picker = createGrid(main, {
        columns: [
          {
            key: 'pick', label: 'Include', sortable: false, hideLabel: true,
            render: (l) => h('input', {
              type: 'checkbox', className: 'checkbox', checked: picked.has(Number(l.id)), dataset: { focus: 'pick' },
              attrs: { 'aria-label': `Include ${l.slc}` }, on: { change: (ev) => toggle(l, ev.currentTarget.checked) }
            })
          },
          { key: 'slc', label: 'License (SLC)', className: 'mono' },
          { key: 'product', label: 'Product', text: (l) => l.productLabel },
          { key: 'customer', label: 'Customer', render: (l) => customerCell(l.customer, l.customerId) },
          { key: 'description', label: 'License description', text: (l) => l.description ?? '' }
        ],
        rowKey: (l) => l.id,
        caption: 'Licenses to include',
        itemName: ['license', 'licenses'],
        searchPlaceholder: 'License, product, customer or description',
        emptyText: 'No licenses yet. Register licenses on the Licenses page.',
        noMatchText: 'No licenses match the search.',
        defaultSort: { key: 'slc', dir: 'asc' },
        pageSize: 10,
        onActivate: (l) => { toggle(l, !picked.has(Number(l.id))); picker.refresh() },
        fetchPage: (q, signal) => reg.licenses(gridQuery(q), signal)
      })
      renderPicked()
      d.closed.then(() => picker.destroy())

      const del = group
        ? h('button', {
          type: 'button', className: 'btn btn-danger-quiet', id: 'delete-group',
          on: {
            click: async () => {
              const yes = await confirmDialog({
                title: 'Delete license group?',
                body: [h('p', {}, 'The license group ', h('strong', {}, group.name), ' is deleted. Its licenses stay; only the group goes.')],
                confirmLabel: 'Delete group'
              })
              if (!yes) return
              try {
                await reg.deleteGroup(group.id)
                deleted = group.name
                d.close('cancel')
              } catch (err) {
                if (err.status === 401) { d.close('cancel'); return }
                d.dialog.querySelector('.form-message').dataset.tone = 'error'
                d.dialog.querySelector('.form-message').textContent = `The group was not deleted: ${err.message}`
              }
            }
          }
        }, 'Delete')
        : null
      return {
        content: [h('div', { className: 'group-fields' }, fName.el, fDesc.el), h('div', { className: 'picker' }, main, aside)],
        fields: { name: fName, description: fDesc },
        focus: fName.control,
        extraActions: del
      }
    },
    validate: () => (fName.control.value.trim() ? {} : { name: 'Name is required' }),
    submit: () => {
      const body = { name: fName.control.value.trim(), description: fDesc.control.value.trim() || null, licenseIds: [...picked.keys()] }
      return group ? reg.updateGroup(group.id, body) : reg.createGroup(body)
    }
  })
  const saved = await result
  if (deleted) return { deleted }
  return saved ? { saved } : null
}

export function mount (view, ctx) {
  const reg = registryApi(ctx.api)
  const create = h('button', { type: 'button', className: 'btn btn-primary', id: 'create-group', on: { click: () => open(null) } }, 'Create license group')
  const { page, status } = listPage(view, {
    id: 'groups-title', className: 'page-groups', title: 'License groups', actions: [create],
    lead: 'Manage many licenses at once. A license may belong to several groups: by product, customer, internal contact and more.'
  })
  let mounted = true

  const grid = createGrid(page, {
    columns: columnsFor(ctx.fmt, (g) => open(g)),
    rowKey: (g) => g.id,
    caption: 'License groups',
    itemName: ['license group', 'license groups'],
    searchPlaceholder: 'Group name or description',
    emptyText: 'No license groups yet. Create one to manage many licenses at once.',
    noMatchText: 'No license groups match the search.',
    defaultSort: { key: 'name', dir: 'asc' },
    pageSize: ctx.settings.rowsPerPage,
    stateKey: 'license-groups',
    onActivate: (g) => open(g),
    fetchPage: (q, signal) => reg.groups(gridQuery(q), signal)
  })
  grid.el.classList.add('registry-grid')

  async function open (g) {
    let outcome
    try {
      outcome = await groupDialog(ctx, g)
    } catch (err) {
      if (err.status !== 401 && mounted) status.show(err.message, 'error')
      return
    }
    if (!outcome || !mounted) return
    if (outcome.deleted) status.show(`License group deleted: ${outcome.deleted}.`)
    else status.show(`License group ${g ? 'saved' : 'created'}: ${outcome.saved.name}, ${plural(outcome.saved.licenses ?? 0, 'license')}.`)
    void grid.reload()
  }

  return () => {
    mounted = false
    grid.destroy()
  }
}
