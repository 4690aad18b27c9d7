/**
 * The Studio as an editor uses it, without an account or a network: the local variant is built (`sanity build`
 * with SANITY_STUDIO_LOCAL_API), served with a fresh seed dataset over HTTPS/HTTP/2 by the local server, and
 * driven in Debian's Chromium through playwright-core. Every request to a host other than the server is blocked.
 * The steps run in order on one page, as one editing session; each leaves a screenshot in screenshots/studio-e2e/.
 */
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:https'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import type {Browser, BrowserContext, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {startServer, type RunningServer} from '../../server/startServer'
import {selfSignedCertificate} from '../../server/tlsCertificate'
import {fileDocuments, TOKEN} from '../helpers/server'
import {ROOT, runSeed, shown, TempDirs} from '../helpers/seedCommand'
import {CHROMIUM, studioPage} from './chromium'

const SCREENSHOTS = join(ROOT, 'screenshots/studio-e2e')

const ARTICLE_TITLE = 'Langkah Presiden Armenia, Armen Sarkissian, meminta bantuan Pakta Pertahanan Atlantik Utara (NATO) menjadi sorotan.'
const JENS = 'person-jens-stoltenberg'
const QUOTE = 'quote-langkah-presiden-armenia-armen-sarkissian-meminta-bantuan-pakta-pertahanan-atlantik-utara-nato-1'
const NEW_DESCRIPTION = 'Sekretaris Jenderal NATO 2014–2024; mantan Perdana Menteri Norwegia.'

const dirs = new TempDirs()
let datasetPath = ''
let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page
/** Another local site (https on another port of 127.0.0.1): what a second dev server, or a hostile one, would be. */
let foreignSite: Server
/** Hosts the Studio tried to reach beyond the server, each blocked. */
const blocked = new Set<string>()
const pageErrors: string[] = []
const timings: Record<string, number> = {}

/** Runs one step, timing it; the screenshot is taken whether the step passes or fails. */
async function step(name: string, run: () => Promise<void>): Promise<void> {
  const started = performance.now()
  try {
    await run()
  } finally {
    timings[name] = Math.round(performance.now() - started)
    await page.screenshot({path: join(SCREENSHOTS, `${name}.png`)}).catch(() => undefined)
  }
}

const shot = (name: string) => page.screenshot({path: join(SCREENSHOTS, `${name}.png`)})

const documentIn = (id: string) => fileDocuments(datasetPath).get(id)

/** The Studio renders and saves asynchronously: a check is retried for a while before it fails. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, {timeout: 15_000, interval: 100})

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the Studio against the local dataset, in Chromium', () => {
  beforeAll(async () => {
    const started = performance.now()
    rmSync(SCREENSHOTS, {recursive: true, force: true})
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium), as .ci/run does`)
    }
    mkdirSync(SCREENSHOTS, {recursive: true})
    const dir = dirs.make()
    datasetPath = join(dir, 'production.ndjson')
    const seeded = runSeed(['--dataset', datasetPath])
    expect(seeded.status, shown(seeded)).toBe(0)
    const studioDir = inject('studioDir')
    timings.setupSeed = Math.round(performance.now() - started)
    const tls = selfSignedCertificate()
    server = await startServer({datasetPath, port: 0, token: TOKEN, tls, studioDir})
    foreignSite = createServer(tls, (_request, response) => response.writeHead(200, {'content-type': 'text/html'}).end('<!doctype html><title>Elsewhere</title>'))
    await new Promise<void>((resolve) => foreignSite.listen(0, '127.0.0.1', resolve))
    const opened = await studioPage(server.url, blocked, pageErrors)
    browser = opened.browser
    context = opened.context
    page = opened.page
    page.setDefaultTimeout(15_000)
    timings.setup = Math.round(performance.now() - started)
  }, 90_000)

  afterAll(async () => {
    writeFileSync(join(SCREENSHOTS, 'summary.json'), `${JSON.stringify({timings, blockedHosts: [...blocked].sort(), pageErrors}, null, 2)}\n`)
    await browser?.close()
    await server?.close()
    foreignSite?.close()
    dirs.cleanup()
  })

  it('shows the structure: Articles, People, Organizations, Quotes, Quotes by speaker and Editor decisions', async () => {
    await step('01-speakers', async () => {
      await page.goto(`${server.url}/structure`)
      const items = page.locator('[data-testid="structure-tool-list-pane"] a[data-testid^="pane-item-"]')
      await items.last().waitFor()
      expect(await items.allInnerTexts()).toEqual(['Articles', 'People', 'Organizations', 'Quotes', 'Quotes by speaker', 'Editor decisions'])
      await shot('01-structure')
      // The speakers list runs a filter with a subquery: only people who have quotes.
      await page.getByTestId('pane-item-Quotes by speaker').click()
      await eventually(() => page.locator('a[href*="person-"]').allInnerTexts()).toEqual([expect.stringContaining('Jens Stoltenberg')])
    })
  })

  it('lets a page on another port of 127.0.0.1 neither write with the Studio\'s cookie nor read the Studio\'s page', async () => {
    // Same browser, same cookies: the Studio's session cookie is set, and SameSite sends it from this same-site page.
    const foreign = await context.newPage()
    try {
      await foreign.goto(`https://127.0.0.1:${(foreignSite.address() as AddressInfo).port}/`)
      const attempts = await foreign.evaluate(async (studio) => {
        const outcome = (call: Promise<Response>, read: (response: Response) => Promise<string>) =>
          call.then(read, (error: Error) => `failed: ${error.name}`)
        const body = (id: string) => JSON.stringify({mutations: [{createOrReplace: {_id: id, _type: 'person', name: 'Intruder'}}]})
        const mutate = `${studio}/v2025-02-19/data/mutate/production`
        return {
          page: await outcome(fetch(`${studio}/`, {credentials: 'include'}), async (response) => `read ${(await response.text()).length} characters`),
          jsonWrite: await outcome(
            fetch(mutate, {method: 'POST', credentials: 'include', headers: {'content-type': 'application/json'}, body: body('person-intruder-1')}),
            async (response) => `${response.status} ${await response.text()}`,
          ),
          // A "simple" request: no preflight, the answer unreadable, but sent with the cookie all the same.
          blindWrite: await outcome(
            fetch(mutate, {method: 'POST', mode: 'no-cors', credentials: 'include', headers: {'content-type': 'text/plain'}, body: body('person-intruder-2')}),
            async (response) => response.type,
          ),
        }
      }, server.url)
      const written = [documentIn('person-intruder-1')?.name, documentIn('person-intruder-2')?.name]
      // The page could not be read (no CORS for the Studio's files); the writes were sent, with the cookie, and refused.
      expect({...attempts, written}).toEqual({
        page: 'failed: TypeError',
        jsonWrite: expect.stringMatching(/^401 .*unauthorizedError/),
        blindWrite: 'opaque',
        written: [undefined, undefined],
      })
    } finally {
      await foreign.close()
    }
  })

  it('opens the seeded article with its title and body; its preview names the publisher', async () => {
    await step('02-article', async () => {
      await page.getByTestId('pane-item-Articles').click()
      const preview = page.locator('a[href*="article-"]')
      await eventually(() => preview.innerText()).toContain('Warta Ekonomi')
      await preview.click()
      const title = page.locator('[data-comments-field-id="title"]').locator('textarea, input').first()
      await eventually(() => title.inputValue()).toBe(ARTICLE_TITLE)
      const body = page.locator('[data-comments-field-id="body"]')
      await eventually(() => body.innerText()).toContain('VIVA Militer melaporkan dalam berita sebelumnya')
      expect(await body.innerText()).toContain('Jens Stoltenberg')
      await body.scrollIntoViewIfNeeded()
    })
  })

  it('opens a quote whose speaker field shows Jens Stoltenberg; its preview names the speaker', async () => {
    await step('03-quote', async () => {
      await page.getByTestId('pane-item-Quotes').click()
      const preview = page.locator(`a[href$="${QUOTE}"]`)
      await eventually(() => preview.innerText()).toContain('Jens Stoltenberg')
      await preview.click()
      const speaker = page.locator('[data-comments-field-id="speaker"]')
      await eventually(() => speaker.innerText()).toContain('Jens Stoltenberg')
      await eventually(() => page.locator('[data-comments-field-id="text"] textarea').inputValue()).toMatch(/^Saya mengingatkan Presiden/)
    })
  })

  it("finds a person by the list search, edits and publishes the description, and the dataset file holds it", async () => {
    await step('04-person-search', async () => {
      await page.getByTestId('pane-item-People').click()
      await page.getByPlaceholder('Search list').fill('Stolt')
      // The list search is `[@, _id] match text::query("Stolt*")`: one person matches.
      await eventually(() => page.locator('a[href*="person-"]').allInnerTexts()).toEqual([expect.stringContaining('Jens Stoltenberg')])
      await page.locator(`a[href$="${JENS}"]`).click()
      await page.locator('[data-comments-field-id="description"] textarea').fill(NEW_DESCRIPTION)
      // "Saved" once the server's listener has echoed the edit back to the document the Studio holds.
      await page.getByTestId('pane-footer').getByText('Saved', {exact: true}).waitFor()
      // The edit is saved as a draft before anything is published.
      await eventually(() => documentIn(`drafts.${JENS}`)?.description).toBe(NEW_DESCRIPTION)
      expect(documentIn(JENS)?.description).not.toBe(NEW_DESCRIPTION)
    })
    await step('05-person-published', async () => {
      const publish = page.getByTestId('action-publish')
      await eventually(() => publish.isEnabled()).toBe(true)
      await publish.click()
      await eventually(() => documentIn(JENS)?.description).toBe(NEW_DESCRIPTION)
      expect(documentIn(`drafts.${JENS}`)).toBeUndefined()
      await page.getByText('was published').first().waitFor()
    })
  })

  it('shows the validation error of a quote whose text is emptied, and does not publish it', async () => {
    const publishedText = documentIn(QUOTE)?.text
    expect(publishedText).toMatch(/^Saya mengingatkan Presiden/)
    await step('06-quote-emptied', async () => {
      await page.getByTestId('pane-item-Quotes').click()
      await page.locator(`a[href$="${QUOTE}"]`).click()
      const text = page.locator('[data-comments-field-id="text"] textarea')
      await eventually(() => text.inputValue()).toBe(publishedText)
      await text.fill('')
      const error = page.locator('[data-comments-field-id="text"] [data-testid="input-validation-icon-error"]')
      await error.waitFor()
      await error.hover()
      await page.getByText('Required').first().waitFor()
      // The emptied text is kept as a draft; the published quote is untouched.
      await eventually(() => documentIn(`drafts.${QUOTE}`) !== undefined && documentIn(`drafts.${QUOTE}`)?.text === undefined).toBe(true)
    })
    await step('07-quote-not-publishable', async () => {
      const publish = page.getByTestId('action-publish')
      await eventually(() => publish.isDisabled()).toBe(true)
      await publish.hover({force: true})
      await page.getByText('validation errors that need to be fixed').first().waitFor()
      await publish.click({force: true})
      await page.waitForTimeout(1000)
      expect(documentIn(QUOTE)?.text).toBe(publishedText)
    })
  })

  it('refuses `npm run seed` while the Studio serves the dataset, naming it, and writes nothing', () => {
    const before = readFileSync(datasetPath, 'utf8')
    const run = runSeed(['--dataset', datasetPath])
    expect(run.status, shown(run)).toBe(1)
    expect(run.stderr, shown(run)).toContain(`error: ${datasetPath} is open in npm run serve at ${server.url}`)
    expect(readFileSync(datasetPath, 'utf8')).toBe(before)
  })

  it('raised no uncaught error in the page through all of it', () => {
    expect(pageErrors).toEqual([])
  })

  it('once the Studio is stopped, a later `npm run seed` reports the person as changed by an editor and leaves it as edited', async () => {
    await browser.close()
    await server.close()
    const before = readFileSync(datasetPath, 'utf8')
    const run = runSeed(['--dataset', datasetPath])
    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout, shown(run)).toMatch(/left as edited\s+person\s+Jens Stoltenberg/)
    expect(run.stderr, shown(run)).toContain(`${JENS} changed by an editor`)
    expect(documentIn(JENS)?.description).toBe(NEW_DESCRIPTION)
    // The draft of the quote is the editor's too: the import keeps it and the published quote.
    expect(documentIn(`drafts.${QUOTE}`)).toBeDefined()
    expect(readFileSync(datasetPath, 'utf8')).toBe(before)
  })
})
