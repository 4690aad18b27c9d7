import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`), as .ci/run installs it. */
export const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/**
 * Chromium with one page for the Studio served at `serverUrl`: the self-signed certificate accepted, every request to
 * another origin blocked (its host added to `blocked`), uncaught page errors collected in `pageErrors`.
 */
export async function studioPage(serverUrl: string, blocked: Set<string>, pageErrors: string[]): Promise<{browser: Browser; context: BrowserContext; page: Page}> {
  const browser = await chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_FLAGS})
  const context = await browser.newContext({ignoreHTTPSErrors: true, viewport: {width: 1400, height: 900}})
  const page = await context.newPage()
  const allowed = new URL(serverUrl).origin
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.origin === allowed) return route.continue()
    blocked.add(url.host)
    return route.abort('blockedbyclient')
  })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return {browser, context, page}
}
