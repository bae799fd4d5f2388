/**
 * Chromium for the dashboard's browser tests: the system's /usr/bin/chromium (Debian package
 * `chromium`) driven by playwright-core, which downloads no browser of its own.
 * Missing browser: a failure under CI=true (CI must install it), a loud skip on a developer's machine.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium'

export async function launchChromium (t: { fail: (...args: any[]) => unknown, skip: (...args: any[]) => unknown }): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `NO BROWSER: ${CHROMIUM_PATH} is missing, so the dashboard was NOT tested in a browser. ` +
      'Install it with `apt-get install -y chromium` (or set VIGIL_CHROMIUM).'
    if (process.env.CI === 'true') t.fail(reason)
    else t.skip(reason)
    return null
  }
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
  })
}
