/**
 * npm run bench:query [-- --target N] [--scales 1,4] [--runs N] [--clients N] [--seconds S]
 *
 * The front-end queries against a large local dataset: the shared corpus imported once, then repeated with fresh
 * ids until it holds at least `target` documents (50,000), and again at each further scale (4x: about 218,000).
 * At each size it prints the median and p95 of each page query in-process (groq-js over the indexed
 * DocumentStore) and over HTTP (the local server, through @sanity/client), beside floors (the same article by id
 * from the index, and over HTTP with getDocument), the aims of issue 12, the dataset's memory, and how many
 * article pages `clients` clients at once get answered per second over HTTP: pages no one asked for before, and
 * the same few pages again (which the server answers from its answer cache until a write). Every timed sample asks
 * for another page (another article, person, organization or search term), so no answer is the last one's again.
 */
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import v8 from 'node:v8'
import {runInNewContext} from 'node:vm'

import {createClient, type SanityClient} from '@sanity/client'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {ARTICLE_PAGE_QUERY, LATEST_ARTICLES_QUERY, ORGANIZATION_PAGE_QUERY, PERSON_PAGE_QUERY, SEARCH_ENTITIES_QUERY} from '../queries'
import {exitWhenFlushed} from './cli'

const {values} = parseArgs({
  options: {
    csv: {type: 'string', default: '../shared/corpus/detik-news.csv'},
    target: {type: 'string', default: '50000'},
    scales: {type: 'string', default: '1,4'},
    runs: {type: 'string', default: '40'},
    clients: {type: 'string', default: '8'},
    seconds: {type: 'string', default: '3'},
  },
})
if (!existsSync(values.csv)) {
  console.error(`error: ${values.csv}: corpus not found`)
  await exitWhenFlushed(1)
}
const runs = Number(values.runs)
const clients = Number(values.clients)

v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heapMb = () => {
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

/** What each page query is measured against: aims in ms (p50), in-process and over HTTP. */
const AIMS = {inProcess: {article: 3, person: 3, organization: 3, latest: 3, search: 10}, http: {article: 5, person: 5, organization: 5}, pagesPerSecond: 800}

const corpus = readCorpus(readFileSync(values.csv))
const started = performance.now()
const base = importBatch(corpusInputs('corpus', corpus.rows), [], new Date().toISOString()).documents
console.log(`imported ${corpus.rows.length} corpus articles: ${base.length} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`)

/** Pages to ask for, one per sample: articles with quotes, their speakers, organizations with an acronym, name prefixes. */
const articleIds = [...new Set(base.filter((document) => document._type === 'quote').map((quote) => (quote.article as {_ref: string})._ref))]
const personIds = [...new Set(base.filter((document) => document._type === 'quote').map((quote) => (quote.speaker as {_ref: string})._ref))]
const organizations = base.filter((document) => document._type === 'organization' && document.acronym)
const byId = new Map(base.map((document) => [document._id, document]))
const slugOf = (document: StoredDocument | undefined) => (document?.slug as {current: string} | undefined)?.current
const spread = <T,>(items: T[]): T[] => Array.from({length: runs}, (_, index) => items[Math.floor((index * items.length) / runs)]!)
const pages = {
  article: spread(articleIds.map((id) => slugOf(byId.get(id))).filter((slug): slug is string => slug !== undefined)).map((slug) => ({slug})),
  person: spread(personIds.map((id) => slugOf(byId.get(id))).filter((slug): slug is string => slug !== undefined)).map((slug) => ({slug})),
  organization: spread(organizations.map(slugOf).filter((slug): slug is string => slug !== undefined)).map((slug) => ({slug})),
  latest: spread([{limit: 20}]),
  search: spread([...new Set(base.filter((document) => document._type === 'person').map((person) => String(person.name).slice(0, 3).toLowerCase()))]).map((term) => ({term})),
}
const QUERIES = {article: ARTICLE_PAGE_QUERY, person: PERSON_PAGE_QUERY, organization: ORGANIZATION_PAGE_QUERY, latest: LATEST_ARTICLES_QUERY, search: SEARCH_ENTITIES_QUERY}
type Page = keyof typeof QUERIES
/** What the Studio's document search sends, in the shape it sends it. */
const STUDIO_SEARCH_QUERY = '*[_type in ["person", "organization", "article"] && [@, _id] match text::query($q)] | order(_updatedAt desc) [0...50] {_id, _type}'

interface Figures {
  median: number
  p95: number
}

/** Runs `task` once per sample (after one warm-up), each with the next of `params`. */
async function time(label: string, params: Record<string, unknown>[], task: (params: Record<string, unknown>) => Promise<unknown>, aim?: number): Promise<Figures> {
  await task(params[0]!)
  const samples: number[] = []
  for (const sample of params) {
    const start = process.hrtime.bigint()
    await task(sample)
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  const figures = percentiles(samples)
  const verdict = aim === undefined ? '' : `   aim <= ${aim} ms: ${figures.median <= aim ? 'met' : 'unmet'}`
  console.log(`  ${label.padEnd(36)} median ${figures.median.toFixed(2).padStart(8)} ms   p95 ${figures.p95.toFixed(2).padStart(8)} ms${verdict}`)
  return figures
}

function percentiles(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b)
  return {median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!}
}

/** The same document under fresh ids: every id, reference and slug gets a suffix. */
function renamed(document: StoredDocument, copy: number): StoredDocument {
  const suffix = `-copy${copy}`
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename)
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, field]) => [key, (key === '_ref' || key === '_id' || key === 'current') && typeof field === 'string' ? `${field}${suffix}` : rename(field)]),
      )
    }
    return value
  }
  return rename(document) as StoredDocument
}

// Each scale repeats the corpus import `scale` times as often as the first does.
const copiesAtOne = Math.ceil(Number(values.target) / base.length)
for (const scale of values.scales.split(',').map(Number)) {
  const copies = copiesAtOne * scale
  const before = heapMb()
  const documents: StoredDocument[] = []
  for (let copy = 0; copy < copies; copy++) documents.push(...(copy === 0 ? base : base.map((document) => renamed(document, copy))))
  const documentsMb = heapMb() - before
  const built = performance.now()
  const store = new DocumentStore(documents)
  const buildMs = performance.now() - built
  const storeMb = heapMb() - before - documentsMb
  console.log(`\n${scale}x: ${documents.length} documents (x${copies} the corpus import, fresh ids); ${documentsMb.toFixed(0)} MB of documents, the store ${storeMb.toFixed(0)} MB more, built in ${buildMs.toFixed(0)} ms`)

  console.log(' in-process (first query of each shape builds its indexes, in the warm-up):')
  const someArticle = store.get(articleIds[0]!)!
  const floor = await time('floor: article by id', pages.article, async () => store.get(someArticle._id))
  const inProcess = {} as Record<Page, Figures>
  for (const page of Object.keys(QUERIES) as Page[]) {
    inProcess[page] = await time(`${page} page`, pages[page], (params) => store.query(QUERIES[page], params), AIMS.inProcess[page])
  }
  console.log(`  article page / floor: ${(inProcess.article.median / Math.max(floor.median, 0.001)).toFixed(0)}x`)

  const folder = mkdtempSync(join(tmpdir(), 'bench-query-'))
  const datasetPath = join(folder, 'production.ndjson')
  writeFileSync(datasetPath, documents.map((document) => `${JSON.stringify(document)}\n`).join(''))
  // The server runs as `npm run serve` does, in a process of its own: the clients here do not share its thread.
  const server = await serve(datasetPath)
  try {
    const client = createClient({projectId: 'local', dataset: 'production', apiHost: server.url, useProjectHostname: false, apiVersion: '2025-02-19', useCdn: false})
    console.log(' over HTTP (the local server, @sanity/client, one client):')
    const httpFloor = await time('floor: getDocument', pages.article, () => client.getDocument(someArticle._id))
    const http = {} as Record<Page, Figures>
    for (const page of Object.keys(QUERIES) as Page[]) {
      http[page] = await time(`${page} page`, pages[page], (params) => client.fetch(QUERIES[page], params), (AIMS.http as Record<string, number>)[page])
    }
    console.log(`  article page over HTTP / in-process: ${(http.article.median / inProcess.article.median).toFixed(1)}x; / HTTP floor: ${(http.article.median / httpFloor.median).toFixed(1)}x`)
    const distinct = documents.filter((document) => document._type === 'article').map((article) => ({slug: slugOf(article)}))
    await throughput(client, 'distinct pages, every answer computed', distinct)
    await throughput(client, `the same ${pages.article.length} pages again, answers kept until a write`, pages.article)
    // The Studio's search, which only the server answers (it rewrites text::query through its word index). After
    // the clients: once built, the word index is a large part of each worker's heap, and collecting that costs
    // the page queries some 5% (it is built only where full-text search is used).
    const studioSearch = pages.search.map(({term}) => ({q: `${term}*`}))
    await time('Studio search (text::query)', studioSearch, (params) => client.fetch(STUDIO_SEARCH_QUERY, params))
    const memory = server.memoryMb()
    if (memory) console.log(`  the server's memory (the dataset in its own thread and in each of two query workers): ${memory.now.toFixed(0)} MB resident, ${memory.peak.toFixed(0)} MB at its peak (reading the file)`)
  } finally {
    await server.close()
    rmSync(folder, {recursive: true, force: true})
  }
  documents.length = 0
}

/**
 * `scripts/serve.ts` on a free port, once it says where it listens (which it says once its query workers have read
 * the dataset); `memoryMb()` is its peak resident memory (its
 * query workers' replicas included; Linux only) and what it holds now, `close()` stops it (SIGTERM) and waits.
 */
async function serve(datasetPath: string): Promise<{url: string; memoryMb(): {peak: number; now: number} | undefined; close(): Promise<void>}> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--dataset', datasetPath, '--port', '0'], {
    env: {...process.env, SANITY_LOCAL_TOKEN: randomBytes(16).toString('hex')},
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      const found = / at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (found) resolve(found[1]!)
    })
    child.once('exit', (code) => reject(new Error(`npm run serve exited (${code}) before listening: ${output.trim()}`)))
  })
  const memoryMb = () => {
    const status = existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : ''
    const [peak, now] = ['VmHWM', 'VmRSS'].map((field) => new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1])
    return peak === undefined || now === undefined ? undefined : {peak: Number(peak) / 1024, now: Number(now) / 1024}
  }
  return {url, memoryMb, close: async () => void (child.kill('SIGTERM'), await exited)}
}

/**
 * `clients` clients asking for article pages one after another for a few seconds, each for the next of `asked`:
 * pages a second, and their p50. With more pages than requests, no answer is asked for twice.
 */
async function throughput(client: SanityClient, label: string, asked: Record<string, unknown>[]): Promise<void> {
  const until = performance.now() + Number(values.seconds) * 1000
  const samples: number[] = []
  let next = 0
  await Promise.all(
    Array.from({length: clients}, async () => {
      while (performance.now() < until) {
        const params = asked[next++ % asked.length]!
        const start = performance.now()
        await client.fetch(ARTICLE_PAGE_QUERY, params)
        samples.push(performance.now() - start)
      }
    }),
  )
  const perSecond = samples.length / Number(values.seconds)
  const {median} = percentiles(samples)
  const verdict = `aim >= ${AIMS.pagesPerSecond}/s: ${perSecond >= AIMS.pagesPerSecond ? 'met' : 'unmet'}`
  console.log(`  ${clients} clients at once, ${label}: ${perSecond.toFixed(0)} article pages a second, p50 ${median.toFixed(1)} ms   ${verdict}`)
}

await exitWhenFlushed(0)
