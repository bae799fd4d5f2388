/**
 * Helpers of the dashboard's page tests in Chromium: collect script errors and CSP violations, log in
 * through the form, and read the grid.
 */
import type { Page } from 'playwright-core'

/** Every thrown error and console error of the page (a CSP violation is one), except the expected 401s. */
export function watch (page: Page, problems: string[]): Page {
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 40[0-9]/.test(msg.text())) problems.push(`console: ${msg.text()}`)
  })
  return page
}

export async function login (page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/#/login`)
  await page.fill('#login-email', email)
  await page.fill('#login-password', password)
  await page.click('.login-form button[type=submit]')
  await page.waitForSelector('#logout', { state: 'visible' })
}

/** The data-key of each row of the first grid on the page (or of the grid inside `scope`). */
export function rowKeys (page: Page, scope = ''): Promise<string[]> {
  return page.$$eval(`${scope} .grid-table tbody tr[data-key]`.trim(), (trs) => trs.map((tr) => (tr as HTMLElement).dataset.key!))
}

/** The text of column `n` (1-based) of each row. */
export function column (page: Page, n: number, scope = ''): Promise<string[]> {
  return page.$$eval(`${scope} .grid-table tbody tr[data-key] td:nth-child(${n})`.trim(), (tds) => tds.map((td) => td.textContent ?? ''))
}

/** Waits until the grid's count line matches. */
export async function countIs (page: Page, re: RegExp, scope = ''): Promise<void> {
  const sel = `${scope} .grid-count`.trim()
  try {
    await page.waitForFunction(([s, src]) => new RegExp(src).test(document.querySelector(s)?.textContent ?? ''), [sel, re.source] as const, { timeout: 3000 })
  } catch {
    throw new Error(`the count line "${await page.textContent(sel).catch(() => '?')}" does not match ${String(re)}`)
  }
}
