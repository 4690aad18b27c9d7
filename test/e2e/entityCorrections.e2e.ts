/**
 * Editors correct the importer once, in the Studio, and the next import respects it. The corpus is imported (it
 * splits Bahlil Lahadalia in two: "Bahlil" alone, in 17 documents, is person-bahlil, because a story that glues a
 * verb to his surname, "Bahlil Lahadaliamengatakan", leaves two fuller names for the short form), the local Studio
 * serves it in Chromium, and one editing session merges person-bahlil into person-bahlil-lahadalia with "Merge into…",
 * marks "Relawan Jokowi Mania" (a group of volunteers) "Not a person", and looks at the views; GROQ checks each
 * step. Then `npm run seed` imports the corpus again: neither comes back. Screenshots go to
 * screenshots/entity-corrections/.
 */
import {existsSync, mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {DocumentStore} from '../../dataset/documentStore'
import {startServer, type RunningServer} from '../../server/startServer'
import {selfSignedCertificate} from '../../server/tlsCertificate'
import {ROOT, runSeed, shown, TempDirs, readDataset} from '../helpers/seedCommand'
import {CORPUS, hasShared, NEEDS_SHARED} from '../helpers/shared'
import {CHROMIUM, studioPage} from './chromium'

const SCREENSHOTS = join(ROOT, 'screenshots/entity-corrections')
const TOKEN = 'local-e2e-corrections-token-51c0'

const MERGED = 'person-bahlil'
const SURVIVOR = 'person-bahlil-lahadalia'
const REJECTED = 'person-relawan-jokowi-mania'
const ARTICLE = 'article-ancaman-inflasi-bayangi-burden-sharing-bi-kemenkeu'

const dirs = new TempDirs()
let datasetPath = ''
let server: RunningServer
let browser: Browser
let page: Page
const pageErrors: string[] = []
/** Hosts the Studio tried to reach beyond the server, each blocked. */
const blocked = new Set<string>()
const timings: Record<string, number> = {}

const shot = (name: string) => page.screenshot({path: join(SCREENSHOTS, `${name}.png`)})
const eventually = <T>(read: () => T | Promise<T>, timeout = 20_000) => expect.poll(read, {timeout, interval: 200})
/** GROQ over the dataset file the Studio's server writes at every save (perspective raw: drafts included). */
const groq = async <T>(query: string, params: Record<string, unknown> = {}) => (await new DocumentStore(readDataset(datasetPath)).query(query, params)) as T

async function open(type: string, id: string): Promise<void> {
  await page.goto(`${server.url}/structure/${type};${id}`)
  await page.locator('[data-comments-field-id="name"], [data-comments-field-id="title"]').first().waitFor()
}

/** A custom action sits in the footer's menu, after Publish. */
async function runAction(label: string, screenshot?: string): Promise<void> {
  await page.getByTestId('action-menu-button').click()
  const item = page.getByRole('menuitem', {name: label})
  await item.waitFor()
  if (screenshot) await shot(screenshot)
  await item.click()
}

describe.skipIf((!existsSync(CHROMIUM) && !process.env.CI) || !hasShared(CORPUS))(`editors' corrections in the Studio, honoured by the next import ${NEEDS_SHARED}`, () => {
  beforeAll(async () => {
    const started = performance.now()
    rmSync(SCREENSHOTS, {recursive: true, force: true})
    mkdirSync(SCREENSHOTS, {recursive: true})
    datasetPath = join(dirs.make(), 'production.ndjson')
    const seeded = runSeed(['--csv', CORPUS, '--dataset', datasetPath])
    expect(seeded.status, shown(seeded)).toBe(0)
    server = await startServer({datasetPath, port: 0, token: TOKEN, tls: selfSignedCertificate(), studioDir: inject('studioDir')})
    const opened = await studioPage(server.url, blocked, pageErrors)
    browser = opened.browser
    page = opened.page
    page.setDefaultTimeout(20_000)
    timings.setup = Math.round(performance.now() - started)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    dirs.cleanup()
  })

  it('finds the duplicate the import made: "Bahlil" alone and Bahlil Lahadalia', async () => {
    expect(await groq('*[_id in [$a, $b]]{_id, name} | order(_id asc)', {a: MERGED, b: SURVIVOR})).toEqual([
      {_id: MERGED, name: 'Bahlil'},
      {_id: SURVIVOR, name: 'Bahlil Lahadalia'},
    ])
    expect(await groq('count(*[references($id)])', {id: MERGED})).toBeGreaterThan(10)
  })

  it('shows, beside the person, the quotes they gave and the articles that name them', async () => {
    const started = performance.now()
    await open('person', MERGED)
    await page.getByRole('tab', {name: 'Quotes and articles'}).click()
    await eventually(() => page.getByTestId('view-quotes-row').count()).toBeGreaterThan(3)
    await eventually(() => page.getByTestId('view-articles-row').count()).toBeGreaterThan(3)
    await shot('01-person-quotes-and-articles')
    await page.getByRole('tab', {name: 'Editor'}).click()
    timings.view = Math.round(performance.now() - started)
  })

  it('merges "Bahlil" into Bahlil Lahadalia with Merge into…, after showing what will change', async () => {
    const started = performance.now()
    const references = await groq<number>('count(*[references($id)])', {id: MERGED})
    await runAction('Merge into…', '02-actions-menu')
    // The search starts from the name; the survivor is one of the people whose names start so.
    await page.getByTestId(`merge-candidate-${SURVIVOR}`).click()
    const summary = page.getByTestId('merge-summary')
    await eventually(() => summary.innerText()).toMatch(/\d+ articles: Body \d+/)
    expect(await summary.innerText()).toMatch(/\d+ quotes: Speaker \d+/)
    await shot('03-merge-into-dialog')
    await page.getByTestId('merge-confirm').click()
    // The Studio goes on to the survivor.
    await eventually(() => page.url()).toContain(SURVIVOR)
    await eventually(() => groq('count(*[references($id)])', {id: MERGED})).toBe(0)
    expect(await groq('*[_id in [$id, "drafts." + $id]]._id', {id: MERGED})).toEqual([])
    expect(await groq<string[]>('*[_id == $id][0].aliases', {id: SURVIVOR})).toContain('Bahlil')
    expect(await groq('count(*[references($id)])', {id: SURVIVOR})).toBeGreaterThanOrEqual(references)
    expect(await groq('*[_id == $id][0]{decision, entityType, names, entityId, "survivor": survivor._ref}', {id: `entityDecision-merge-${MERGED}`})).toEqual({
      decision: 'merge',
      entityType: 'person',
      names: ['Bahlil'],
      entityId: MERGED,
      survivor: SURVIVOR,
    })
    await page.locator('[data-comments-field-id="aliases"]').scrollIntoViewIfNeeded()
    await shot('04-merged-survivor')
    timings.merge = Math.round(performance.now() - started)
  })

  it('marks "Relawan Jokowi Mania" Not a person: the mention goes, the text stays, the person is deleted and the decision recorded', async () => {
    const started = performance.now()
    const mentioning = await groq<{_id: string; text: string}[]>(
      '*[_type == "article" && $id in body[].markDefs[].reference._ref]{_id, "text": pt::text(body)}',
      {id: REJECTED},
    )
    expect(mentioning.length).toBeGreaterThan(0)
    await open('person', REJECTED)
    await runAction('Not a person')
    await eventually(() => page.getByTestId('reject-summary').innerText()).toMatch(/1 article: Body \d+/)
    await shot('05-not-a-person-dialog')
    await page.getByTestId('reject-confirm').click()
    await eventually(() => groq('count(*[_id in [$id, "drafts." + $id]])', {id: REJECTED})).toBe(0)
    expect(await groq('count(*[references($id)])', {id: REJECTED})).toBe(0)
    expect(await groq('*[_id in $ids]{_id, "text": pt::text(body)}', {ids: mentioning.map((article) => article._id)})).toEqual(mentioning)
    expect(await groq('*[_id == $id][0]{decision, entityType, names}', {id: `entityDecision-reject-${REJECTED}`})).toEqual({
      decision: 'reject',
      entityType: 'person',
      names: ['Relawan Jokowi Mania', 'Mania'],
    })
    timings.reject = Math.round(performance.now() - started)
  })

  it('lists both decisions under Editor decisions, and shows an article its quotes in order', async () => {
    await page.goto(`${server.url}/structure/entityDecision`)
    await eventually(() => page.locator('a[href*="entityDecision-"]').count()).toBe(2)
    await page.locator(`a[href$="entityDecision-merge-${MERGED}"]`).click()
    await page.locator('[data-comments-field-id="names"]').waitFor()
    await shot('06-editor-decisions')
    await open('article', ARTICLE)
    await page.getByRole('tab', {name: 'Quotes'}).click()
    const rows = page.getByTestId('view-article-quotes-row')
    await eventually(() => rows.count()).toBe(5)
    expect((await rows.allInnerTexts()).map((text) => text.split('.')[0])).toEqual(['1', '2', '3', '4', '5'])
    await shot('07-article-quotes-in-order')
  })

  it('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([])
  })

  it('once the Studio is stopped, importing the corpus again brings back neither, links "Bahlil" to the survivor and says so', async () => {
    await browser.close()
    await server.close()
    const started = performance.now()
    const run = runSeed(['--csv', CORPUS, '--dataset', datasetPath])
    timings.reimport = Math.round(performance.now() - started)
    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout, shown(run)).toMatch(/^Editors' decisions: [1-9]\d* name\(s\) linked to what they were merged into; [1-9]\d* rejected name\(s\) not made/m)
    const documents = readDataset(datasetPath)
    const ids = new Set(documents.map((document) => document._id))
    expect([ids.has(MERGED), ids.has(REJECTED), ids.has(SURVIVOR)]).toEqual([false, false, true])
    expect(documents.filter((document) => document._type !== 'entityDecision' && JSON.stringify(document).includes(`"${MERGED}"`)).map((document) => document._id)).toEqual([])
    expect(documents.filter((document) => document._type === 'person' && /Jokowi Mania/.test(String(document.name)))).toEqual([])
    // The documents the corrections changed stay the importer's: none is left as edited.
    expect(run.stdout, shown(run)).not.toMatch(/left as edited/)
    console.log(`entity corrections e2e timings (ms): ${JSON.stringify(timings)}; hosts blocked: ${[...blocked].sort().join(', ')}`)
  }, 60_000)
})
