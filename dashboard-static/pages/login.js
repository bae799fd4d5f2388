/** Log in: e-mail and password; the collector's message is shown in an aria-live region on failure. */
import { h } from '../lib/dom.js'

const REASONS = {
  expired: 'Your session has ended. Log in again.'
}

/** Only same-app hashes are followed after login, never an outside address. */
function safeNext (next) {
  return typeof next === 'string' && /^#\/[a-z0-9/-]*(\?[^#]*)?$/i.test(next) && !next.startsWith('#/login') ? next : '#/servers'
}

export function mount (view, ctx) {
  const next = safeNext(ctx.params.get('next'))
  if (ctx.session) {
    ctx.navigate(next, { replace: true })
    return () => {}
  }

  const message = h('p', { className: 'form-message', id: 'login-message', attrs: { role: 'alert', 'aria-live': 'assertive' } })
  const reason = REASONS[ctx.params.get('reason')]
  if (reason) {
    message.textContent = reason
    message.dataset.tone = 'info'
  }
  const email = h('input', {
    id: 'login-email', name: 'email', type: 'email', className: 'input', required: true,
    autocomplete: 'username', spellcheck: false, dataset: { autofocus: '' }
  })
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', className: 'input', required: true, autocomplete: 'current-password' })
  const submit = h('button', { type: 'submit', className: 'btn btn-primary btn-block' }, 'Log in')

  async function onSubmit (ev) {
    ev.preventDefault()
    if (!email.value.trim() || !password.value) {
      showError('Enter your e-mail address and password.')
      return
    }
    submit.disabled = true
    submit.textContent = 'Logging in…'
    form.setAttribute('aria-busy', 'true')
    try {
      const body = await ctx.api.post('/api/v1/session', { email: email.value.trim(), password: password.value }, { allow401: true })
      ctx.setSession(body)
      ctx.navigate(next)
    } catch (err) {
      showError(err.message || 'Logging in failed.')
      password.value = ''
      password.focus()
    } finally {
      submit.disabled = false
      submit.textContent = 'Log in'
      form.removeAttribute('aria-busy')
    }
  }

  function showError (text) {
    message.dataset.tone = 'error'
    message.textContent = text
    email.setAttribute('aria-invalid', 'true')
    password.setAttribute('aria-invalid', 'true')
  }

  const form = h('form', { className: 'login-form', noValidate: true, attrs: { 'aria-describedby': 'login-message' }, on: { submit: onSubmit } },
    h('div', { className: 'field' }, h('label', { htmlFor: email.id, className: 'field-label' }, 'E-mail'), email),
    h('div', { className: 'field' }, h('label', { htmlFor: password.id, className: 'field-label' }, 'Password'), password),
    message,
    submit)

  view.append(h('div', { className: 'login-page' },
    h('section', { className: 'login-card', attrs: { 'aria-labelledby': 'login-title' } },
      h('div', { className: 'login-brand' },
        h('img', { src: 'favicon.svg', alt: '', width: 36, height: 36 }),
        h('div', {}, h('p', { className: 'login-product' }, 'Vigil'), h('p', { className: 'login-tagline' }, 'Health and license dashboard'))),
      h('h1', { id: 'login-title', className: 'login-title' }, 'Log in'),
      form)))

  return () => {}
}
