/**
 * npm run bench:query [-- --copies N] [--runs N]
 *
 * The front-end queries against a large local dataset: the shared corpus imported once, then repeated with fresh
 * ids until it holds at least 50,000 documents. Prints the median and p95 time of each page query in-process
 * (groq-js over the indexed DocumentStore) and over HTTP (the local server, through @sanity/client), beside
 * floors: the same article fetched by id from the index, and over HTTP with getDocument.
 */
import {randomBytes} from 'node:crypto'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

import {createClient} from '@sanity/client'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {startServer} from '../server/startServer'
import {ARTICLE_PAGE_QUERY, LATEST_ARTICLES_QUERY, ORGANIZATION_PAGE_QUERY, PERSON_PAGE_QUERY, SEARCH_ENTITIES_QUERY} from '../queries'
import {exitWhenFlushed} from './cli'

const {values} = parseArgs({
  options: {
    csv: {type: 'string', default: '../shared/corpus/detik-news.csv'},
    target: {type: 'string', default: '50000'},
    runs: {type: 'string', default: '30'},
  },
})
if (!existsSync(values.csv)) {
  console.error(`error: ${values.csv}: corpus not found`)
  await exitWhenFlushed(1)
}

const corpus = readCorpus(readFileSync(values.csv))
const batch = importBatch(
  corpusInputs('corpus', corpus.rows),
  [],
  new Date().toISOString(),
)
const base = batch.documents as StoredDocument[]
const copies = Math.ceil(Number(values.target) / base.length)
const documents: StoredDocument[] = []
for (let copy = 0; copy < copies; copy++) documents.push(...(copy === 0 ? base : base.map((document) => renamed(document, copy))))
const store = new DocumentStore(documents)
console.log(`dataset: ${documents.length} documents (${base.length} from ${corpus.rows.length} corpus articles, x${copies} with fresh ids)`)

/** The same document under fresh ids: every id and every reference gets a suffix. */
function renamed(document: StoredDocument, copy: number): StoredDocument {
  const suffix = `-copy${copy}`
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename)
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, field]) => [
          key,
          (key === '_ref' || key === '_id') && typeof field === 'string'
            ? `${field}${suffix}`
            : key === 'current' && typeof field === 'string'
              ? `${field}${suffix}`
              : rename(field),
        ]),
      )
    }
    return value
  }
  return rename(document) as StoredDocument
}

const runs = Number(values.runs)
async function time(label: string, task: () => Promise<unknown>): Promise<number> {
  await task()
  const samples: number[] = []
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint()
    await task()
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  samples.sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)]!
  const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!
  console.log(`${label.padEnd(34)} median ${median.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms`)
  return median
}

const article = base.find((document) => document._type === 'quote')!
const articleDoc = store.get((article.article as {_ref: string})._ref)!
const slug = (articleDoc.slug as {current: string}).current
const person = store.get((article.speaker as {_ref: string})._ref)!
const organization = base.find((document) => document._type === 'organization' && document.acronym)!

const floor = await time('floor: article by id (index)', async () => store.get(articleDoc._id))
const page = await time('article page (in-process)', () => store.query(ARTICLE_PAGE_QUERY, {slug}))
await time('person page (in-process)', () => store.query(PERSON_PAGE_QUERY, {slug: (person.slug as {current: string}).current}))
await time('organization page (in-process)', () => store.query(ORGANIZATION_PAGE_QUERY, {slug: (organization.slug as {current: string}).current}))
await time('latest 20 articles (in-process)', () => store.query(LATEST_ARTICLES_QUERY, {limit: 20}))
await time('search "jok" (in-process)', () => store.query(SEARCH_ENTITIES_QUERY, {term: 'jok'}))
console.log(`article page / floor: ${(page / Math.max(floor, 0.001)).toFixed(0)}x`)

// The same over HTTP: the dataset written to a file, served locally, queried with the real client.
const folder = mkdtempSync(join(tmpdir(), 'bench-query-'))
const datasetPath = join(folder, 'production.ndjson')
writeFileSync(datasetPath, documents.map((document) => `${JSON.stringify(document)}\n`).join(''))
const server = await startServer({datasetPath, port: 0, token: randomBytes(16).toString('hex')})
try {
  const client = createClient({projectId: 'local', dataset: 'production', apiHost: server.url, useProjectHostname: false, apiVersion: '2025-02-19', useCdn: false})
  // Queries run in the server's query workers, which read the dataset as the server starts: no sample may include that.
  await server.queriesReady()
  const httpFloor = await time('floor: getDocument (HTTP)', () => client.getDocument(articleDoc._id))
  const httpPage = await time('article page (HTTP)', () => client.fetch(ARTICLE_PAGE_QUERY, {slug}))
  await time('person page (HTTP)', () => client.fetch(PERSON_PAGE_QUERY, {slug: (person.slug as {current: string}).current}))
  console.log(`article page over HTTP / in-process: ${(httpPage / page).toFixed(1)}x; / HTTP floor: ${(httpPage / httpFloor).toFixed(1)}x`)
} finally {
  await server.close()
  rmSync(folder, {recursive: true, force: true})
}
