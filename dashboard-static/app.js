/**
 * Vigil dashboard: the shell, the hash router and the session.
 * Routes: #/login, #/licenses (+ /:id), #/customers (+ /:id), #/license-groups, #/test-licenses (+ /:id),
 * #/errors (+ #/errors/:id), #/error-filters (+ /new, /:id/edit), #/monitor (and
 * #/monitor?token=… for NOC screens without a login), #/servers.
 * Every page module exports mount(view, ctx) → unmount().
 */
import { createApi } from './lib/api.js'
import { createFormatter } from './lib/format.js'
import { createLive, liveUrl } from './lib/live.js'
import { h, replaceChildren } from './lib/dom.js'

/**
 * The main menu, in the manual's order, one line per page. Later pages (Licenses, Customers,
 * License groups, Test licenses, Errors, Notification manager) are one more line each here.
 * chrome: false = the page fills the screen (no header, no menu); token: true = a NOC screen may open it
 * with ?token= instead of a login.
 */
const NAV = [
  { path: '/licenses', label: 'Licenses', load: () => import('./pages/licenses.js') },
  { path: '/customers', label: 'Customers', load: () => import('./pages/customers.js') },
  { path: '/license-groups', label: 'License groups', load: () => import('./pages/license-groups.js') },
  { path: '/test-licenses', label: 'Test licenses', load: () => import('./pages/test-licenses.js') },
  { path: '/errors', label: 'Errors', load: () => import('./pages/errors.js') },
  { path: '/monitor', label: 'Monitor mode', load: () => import('./pages/monitor-mode.js'), chrome: false, token: true },
  { path: '/servers', label: 'Server status', load: () => import('./pages/server-status.js') }
]
/** Pages reached from a menu page, not in the menu: `:name` segments become ctx.pathParams; nav = the menu item lit. */
const SUBPAGES = [
  { path: '/errors/:id', label: 'Error details', load: () => import('./pages/error-details.js'), nav: '/errors' },
  { path: '/error-filters', label: 'Manage error filters', load: () => import('./pages/error-filters.js'), nav: '/errors' },
  { path: '/error-filters/new', label: 'Create filter', load: () => import('./pages/error-filter-form.js'), nav: '/errors' },
  { path: '/error-filters/:id/edit', label: 'Edit filter', load: () => import('./pages/error-filter-form.js'), nav: '/errors' },
  { path: '/licenses/:id', label: 'License details', load: () => import('./pages/license-details.js'), nav: '/licenses' },
  { path: '/customers/:id', label: 'Customer details', load: () => import('./pages/customer-details.js'), nav: '/customers' },
  { path: '/test-licenses/:id', label: 'Test license details', load: () => import('./pages/test-license-details.js'), nav: '/test-licenses' }
]
const LOGIN = { path: '/login', label: 'Log in', load: () => import('./pages/login.js'), chrome: false, public: true }
const HOME = '#/servers'

const api = createApi()
let session = null // { csrfToken, user: { id, email, name, role, settings } }
let sessionChecked = false
let current = null // { route, unmount }
let renderToken = 0

const view = document.getElementById('view')

function parseHash () {
  const raw = location.hash.replace(/^#/, '') || '/'
  const q = raw.indexOf('?')
  const path = q === -1 ? raw : raw.slice(0, q)
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1))
  return { path: path || '/', params }
}

/** The route of a path and its `:name` values, or null. Literal segments win over `:name` ones. */
function findRoute (path) {
  if (path === LOGIN.path) return { route: LOGIN, pathParams: {} }
  const segs = path.split('/').filter(Boolean)
  let best = null
  for (const route of [...NAV, ...SUBPAGES]) {
    const want = route.path.split('/').filter(Boolean)
    if (want.length !== segs.length) continue
    const pathParams = {}
    let literal = 0
    const ok = want.every((w, i) => {
      if (w.startsWith(':')) { pathParams[w.slice(1)] = decodeURIComponent(segs[i]); return true }
      literal += 1
      return w === segs[i]
    })
    if (ok && (!best || literal > best.literal)) best = { route, pathParams, literal }
  }
  return best && { route: best.route, pathParams: best.pathParams }
}

function navigate (hash, { replace = false } = {}) {
  if (location.hash === hash) { void render(); return }
  if (replace) {
    history.replaceState(null, '', hash)
    void render()
  } else {
    location.hash = hash
  }
}

function setSession (body) {
  session = body && body.user ? body : null
  api.setCsrfToken(session?.csrfToken ?? null)
  document.getElementById('user-name').textContent = session ? (session.user.name || session.user.email) : ''
  if (session?.user?.settings?.language) document.documentElement.lang = session.user.settings.language
}

async function loadSession () {
  try {
    setSession(await api.get('/api/v1/session', { allow401: true }))
  } catch (err) {
    if (err.status !== 401) throw err
    setSession(null)
  }
  sessionChecked = true
}

function toLogin (reason) {
  const { path, params } = parseHash()
  if (path === LOGIN.path) return
  const here = `#${path}${params.toString() ? `?${params}` : ''}`
  const qs = new URLSearchParams({ next: here })
  if (reason) qs.set('reason', reason)
  navigate(`#/login?${qs}`, { replace: true })
}

api.onUnauthorized(() => {
  setSession(null)
  toLogin('expired')
})

function context (route, params, pathParams) {
  const settings = session?.user?.settings ?? {}
  return {
    api,
    params,
    pathParams,
    route,
    get session () { return session },
    settings,
    fmt: createFormatter(settings),
    navigate,
    setSession,
    /** Opens a live feed for this page; closing it is the page's job (live.stop() in unmount). */
    openLive (topics, { token } = {}) {
      return createLive({
        url: liveUrl(location, token),
        topics,
        checkAuth: token ? undefined : async () => {
          try { await api.get('/api/v1/session', { allow401: true }); return true } catch (err) { return err.status !== 401 }
        },
        onUnauthorized: token ? undefined : () => { setSession(null); toLogin('expired') }
      }).start()
    }
  }
}

function renderNav (activePath) {
  const list = document.getElementById('nav-list')
  if (!list.childElementCount) {
    replaceChildren(list, NAV.map((r) => h('li', {}, h('a', { href: `#${r.path}`, className: 'sidenav-link', dataset: { path: r.path } }, r.label))))
  }
  for (const a of list.querySelectorAll('a')) {
    if (a.dataset.path === activePath) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
}

function setChrome (on) {
  document.body.dataset.chrome = on ? 'on' : 'off'
  document.getElementById('topbar').hidden = !on
  document.getElementById('sidenav').hidden = !on
}

async function render () {
  const token = ++renderToken
  const { path, params } = parseHash()
  const found = findRoute(path)
  if (!found) { navigate(HOME, { replace: true }); return }
  const { route, pathParams } = found

  const tokenMode = route.token && params.has('token')
  if (!route.public && !tokenMode) {
    if (!sessionChecked) {
      try { await loadSession() } catch (err) { return showFatal(err) }
      if (token !== renderToken) return
    }
    if (!session) { toLogin(); return }
  } else if (route === LOGIN && !sessionChecked) {
    try { await loadSession() } catch { /* the login form will say what is wrong when it is used */ }
    if (token !== renderToken) return
  }

  let mod
  try {
    mod = await route.load()
  } catch (err) {
    return showFatal(err)
  }
  if (token !== renderToken) return

  current?.unmount?.()
  current = null
  view.replaceChildren()
  setChrome(route.chrome !== false)
  renderNav(route.nav ?? route.path)
  document.title = `${route.label} · Vigil`
  view.scrollTop = 0
  const unmount = mod.mount(view, context(route, params, pathParams))
  current = { route, unmount }
  const focusTarget = view.querySelector('[data-autofocus]') ?? view.querySelector('.page-title')
  focusTarget?.focus({ preventScroll: true })
}

function showFatal (err) {
  setChrome(false)
  replaceChildren(view, h('div', { className: 'fatal' },
    h('h1', {}, 'Vigil cannot start'),
    h('p', {}, err?.message || String(err)),
    h('button', { type: 'button', className: 'btn btn-primary', on: { click: () => location.reload() } }, 'Try again')))
}

document.getElementById('logout').addEventListener('click', async () => {
  try { await api.del('/api/v1/session') } catch { /* logged out either way */ }
  setSession(null)
  navigate('#/login', { replace: true })
})
document.getElementById('skip-link').addEventListener('click', (ev) => {
  ev.preventDefault() // the hash is the router's: focus the content instead of jumping to #view
  view.focus()
})
window.addEventListener('hashchange', () => { void render() })
void render()
