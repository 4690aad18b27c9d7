/**
 * A quote's id is its article's and its position's: unique whatever the slug, stable across runs, and a re-import
 * that finds fewer quotes takes away the importer's own quotes it no longer finds, on both targets.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, describe, expect, it} from 'vitest'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {fingerprint} from '../dataset/fingerprint'
import type {NewsDocument} from '../model/documents'
import {importBatch, type BatchInput} from '../importer/importBatch'
import {ARTICLE_PAGE_QUERY} from '../queries'
import {readSanityConfig} from '../targets/sanity/config'
import {SanityTarget} from '../targets/sanity/sanityTarget'
import {importInto, importLocal, later, reportOf} from './helpers/importInProcess'
import {SanityServers, sanityEnv, type SanityServer} from './helpers/sanityTarget'
import {readDataset, TempDirs} from './helpers/seedCommand'

const dirs = new TempDirs()
const servers = new SanityServers()
afterEach(() => servers.closeAll())
afterAll(() => {
  dirs.cleanup()
  servers.dirs.cleanup()
})

const EAST = 'Pemerintah Kota Bandung Mengumumkan Rencana Pembangunan Jalan Tol Baru di Wilayah Timur Tahun Depan'
const WEST = 'Pemerintah Kota Bandung Mengumumkan Rencana Pembangunan Jalan Tol Baru di Wilayah Barat Tahun Depan'

/** A story whose quotes are "Pekerjaan tahap 1 ...", "... tahap 2 ...": one paragraph each, in this order. */
function story(quotes: number, topic = 'jalan'): string {
  const paragraph = (n: number) => `"Pekerjaan ${topic} tahap ${n} selesai tepat waktu," kata Kepala Dinas Pekerjaan Umum Budi Santoso.`
  return ['BANDUNG - Pemerintah Kota Bandung menyelesaikan proyek jalan.', ...Array.from({length: quotes}, (_, at) => paragraph(at + 1))].join('\n')
}

const input = (name: string, title: string, text: string): BatchInput => ({name, bytes: new TextEncoder().encode(text), meta: {title}})
const quotesOf = (documents: readonly NewsDocument[], articleId: string) =>
  documents.filter((document) => document._type === 'quote' && (document.article as {_ref: string})._ref === articleId)
const articleOf = (documents: readonly NewsDocument[], title: string) => documents.find((document) => document.title === title)!

describe('quote ids', () => {
  it('differ for two articles whose slugs share their first 80 characters, in one batch', () => {
    const {documents} = importBatch([input('east.txt', EAST, story(6)), input('west.txt', WEST, story(6, 'jembatan'))], [], 'x')

    const east = articleOf(documents, EAST)
    const west = articleOf(documents, WEST)
    expect(east._id.slice(0, 88)).toBe(west._id.slice(0, 88))
    expect(quotesOf(documents, east._id)).toHaveLength(6)
    expect(quotesOf(documents, west._id)).toHaveLength(6)
    expect(new Set(documents.map((document) => document._id)).size).toBe(documents.length)
    expect(quotesOf(documents, west._id).map((quote) => quote.text)).toContain('Pekerjaan jembatan tahap 6 selesai tepat waktu')
  })

  it('differ for two sources with the same title (the second article is `-2`), and stay under 128 characters', () => {
    const {documents} = importBatch([input('a.txt', EAST, story(2)), input('b.txt', EAST, story(3, 'jembatan'))], [], 'x')

    const articles = documents.filter((document) => document._type === 'article').map((document) => document._id)
    expect(articles).toHaveLength(2)
    expect(articles[1]).toBe(`${articles[0]}-2`)
    expect(quotesOf(documents, articles[0]!)).toHaveLength(2)
    expect(quotesOf(documents, articles[1]!)).toHaveLength(3)
    for (const document of documents) expect(document._id.length).toBeLessThanOrEqual(128)
  })

  it('carry their position, so an article page lists the 10th quote after the 2nd', async () => {
    const {documents} = importBatch([input('east.txt', EAST, story(11))], [], 'x')
    const store = new DocumentStore(documents as StoredDocument[])
    const slug = (articleOf(documents, EAST).slug as {current: string}).current

    const page = (await store.query(ARTICLE_PAGE_QUERY, {slug})) as {quotes: {position: number; text: string}[]}

    expect(page.quotes.map((quote) => quote.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(page.quotes.map((quote) => quote.text)).toEqual(Array.from({length: 11}, (_, at) => `Pekerjaan jalan tahap ${at + 1} selesai tepat waktu`))
  })
})

/** The dataset file with one document changed as an editor would change it: its importFingerprint stays. */
function editInFile(path: string, id: string, edit: (document: NewsDocument) => NewsDocument): void {
  const documents = readDataset(path).map((document) => (document._id === id ? edit(document) : document))
  writeFileSync(path, documents.map((document) => `${JSON.stringify(document)}\n`).join(''))
}

/** An import of one text, and what the command would print for it. */
async function seedLocal(dataset: string, text: BatchInput) {
  const run = await importLocal(dataset, [text], {importedAt: later()})
  return {...run, ...reportOf(run, run.target, 1)}
}

async function seedSanity(target: SanityServer, text: BatchInput) {
  const sanity = new SanityTarget(readSanityConfig(sanityEnv(target.server.url)))
  try {
    const run = await importInto(sanity, [text], {importedAt: later()})
    return {...run, ...reportOf(run, sanity, 1)}
  } finally {
    sanity.close()
  }
}

const freshDataset = () => join(dirs.make(), 'production.ndjson')

describe('a re-import into the local dataset', () => {
  it('keeps every quote of an article when another article with a slug sharing its first 80 characters comes later', async () => {
    const dataset = freshDataset()
    await seedLocal(dataset, input('story.txt', EAST, story(6)))

    const run = await seedLocal(dataset, input('west.txt', WEST, story(5, 'jembatan')))

    const documents = readDataset(dataset)
    expect(quotesOf(documents, articleOf(documents, EAST)._id)).toHaveLength(6)
    expect(quotesOf(documents, articleOf(documents, WEST)._id)).toHaveLength(5)
    expect(run.stdout).not.toMatch(/updated\s+quote/)
  })

  it('deletes the quotes it no longer finds, and keeps and reports one an editor changed', async () => {
    const dataset = freshDataset()
    await seedLocal(dataset, input('story.txt', EAST, story(4)))
    const quoteIds = quotesOf(readDataset(dataset), articleOf(readDataset(dataset), EAST)._id).map((quote) => quote._id)
    expect(quoteIds).toHaveLength(4)
    editInFile(dataset, quoteIds[3]!, (quote) => ({...quote, text: 'Pekerjaan jalan tahap 4 selesai lebih cepat'}))

    const run = await seedLocal(dataset, input('story.txt', EAST, story(2)))

    const ids = new Set(readDataset(dataset).map((document) => document._id))
    expect([...quoteIds].map((id) => ids.has(id))).toEqual([true, true, false, true])
    expect(run.stdout).toMatch(new RegExp(`deleted\\s+quote\\s+Budi Santoso: “Pekerjaan jalan tahap 3`))
    expect(run.stderr).toContain(`note: ${quoteIds[3]} is no longer in the article, but was changed by an editor`)
    expect(run.stdout).toMatch(/1 deleted/)
  })
})

describe('a re-import into a Sanity dataset', () => {
  it('deletes the quotes it no longer finds, keeps one an editor changed, and verifies both', {timeout: 30_000}, async () => {
    const target = await servers.start()
    const first = await seedSanity(target, input('story.txt', EAST, story(4)))
    expect(first.written!.unverified).toEqual([])
    const quotes = await target.client.fetch<NewsDocument[]>('*[_type == "quote"] | order(position asc)')
    expect(quotes.map((quote) => quote.position)).toEqual([1, 2, 3, 4])
    await target.client.patch(quotes[3]!._id).set({text: 'Pekerjaan jalan tahap 4 selesai lebih cepat'}).commit()

    const run = await seedSanity(target, input('story.txt', EAST, story(2)))

    expect(run.written!.unverified).toEqual([])
    expect(run.written!.outcomes.filter((outcome) => outcome.action === 'failed')).toEqual([])
    const left = await target.client.fetch<string[]>('*[_type == "quote"] | order(position asc)._id')
    expect(left).toEqual([quotes[0]!._id, quotes[1]!._id, quotes[3]!._id])
    expect(run.stdout).toMatch(/1 deleted/)
    expect(run.stderr).toContain(`note: ${quotes[3]!._id} is no longer in the article, but was changed by an editor`)
    // The editor's quote is as the editor left it; the import's fingerprint no longer matches its content.
    const kept = await target.client.getDocument(quotes[3]!._id)
    expect(kept?.importFingerprint).not.toBe(fingerprint(kept!))
  })
})
