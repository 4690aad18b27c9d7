/**
 * npm run bench:sync [-- CORPUS.csv]
 *
 * The shared corpus into a Sanity dataset, two ways, against the same local server (server/, 50 ms latency on
 * every request) behind a byte-counting proxy: this project's `--target sanity` sync (targets/sanity/), and the
 * Sanity CLI's `sanity datasets import --replace` of the same documents. Each into an empty dataset, then again
 * over the unchanged result. Prints requests, bytes sent and wall time for each, and the ratios. Not a test: the
 * figures vary with the machine.
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, connect, type AddressInfo, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {delimiter, join, resolve} from 'node:path'

import {canonicalJson} from '../dataset/fingerprint'
import type {NewsDocument, StoredDocument} from '../model/documents'
import {importBatch, type BatchInput} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {readLocalDataset} from '../model/ndjson'
import {startServer} from '../server/startServer'
import {sanityApi} from '../targets/sanity/api'
import {planSanityWrites} from '../targets/sanity/plan'
import {readLinkIndex} from '../targets/sanity/read'
import {Sender} from '../targets/sanity/send'
import {writeSanityPlan} from '../targets/sanity/sync'
import {exitWhenFlushed} from './cli'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'node_modules/.bin')
const CORPUS = process.argv[2] ?? '../shared/corpus/detik-news.csv'
const LATENCY_MS = 50
const TOKEN = 'bench-sync-token-4d1e8a'

if (!existsSync(CORPUS)) {
  console.error(`error: ${CORPUS}: corpus not found (give its path: npm run bench:sync -- FILE.csv)`)
  await exitWhenFlushed(1)
}

/** What one way of importing cost, as the server and the proxy saw it. */
interface Figures {
  label: string
  mutateRequests: number
  readRequests: number
  bytesSent: number
  seconds: number
  note?: string
}

/** Counts what clients send through it to the server: bytes on the wire, headers and retries included. */
async function countingProxy(target: number): Promise<{port: number; sent: () => number; close: () => Promise<void>}> {
  let sent = 0
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1')
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length
      upstream.write(chunk)
    })
    upstream.pipe(client)
    client.on('end', () => upstream.end())
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return {
    port: (server.address() as AddressInfo).port,
    sent: () => sent,
    close: () => new Promise((done) => server.close(() => done())),
  }
}

// The CLI puts the project id in front of the host (`local.localhost`): answer 127.0.0.1 for `*.localhost`, and
// refuse every other name, so that nothing it does can leave this machine.
const LOOPBACK_ONLY_DNS = `const dns = require('node:dns')
const original = dns.lookup
dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === 'function') { callback = options; options = {} }
  const all = typeof options === 'object' && options !== null && options.all
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    return all ? process.nextTick(callback, null, [{address: '127.0.0.1', family: 4}]) : process.nextTick(callback, null, '127.0.0.1', 4)
  }
  if (/^127\\.\\d+\\.\\d+\\.\\d+$/.test(hostname)) return original.call(dns, hostname, options, callback)
  process.nextTick(callback, Object.assign(new Error('getaddrinfo ENOTFOUND ' + hostname + ' (bench: loopback only)'), {code: 'ENOTFOUND', hostname}))
}
`

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<{status: number | null; output: string}> {
  return new Promise((done, fail) => {
    const child = spawn(join(BIN, 'sanity'), args, {cwd, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000)
    child.on('error', fail)
    child.on('close', (status) => {
      clearTimeout(timer)
      done({status, output})
    })
  })
}

const seconds = (start: number) => (performance.now() - start) / 1000
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
/** Content without what the API stamps and the import time, plus the fingerprint the importer stamped. */
const comparable = (document: StoredDocument) => `${canonicalJson(document)} ${String(document.importFingerprint)}`

const folder = mkdtempSync(join(tmpdir(), 'bench-sync-'))
const datasetPath = join(folder, 'production.ndjson')
writeFileSync(datasetPath, '')
const log: string[] = []
const server = await startServer({datasetPath, port: 0, token: TOKEN, latencyMs: LATENCY_MS, log: (line) => log.push(line)})
const proxy = await countingProxy(server.port)
const results: Figures[] = []

/** Runs one way of importing and records what the server and the proxy saw while it ran. */
async function measure(label: string, run: () => Promise<string | undefined>): Promise<void> {
  log.length = 0
  const sentBefore = proxy.sent()
  const start = performance.now()
  const note = await run()
  const elapsed = seconds(start)
  const served = log.filter((line) => !line.startsWith('OPTIONS'))
  results.push({
    label,
    mutateRequests: served.filter((line) => / \/v[^/]+\/data\/mutate\//.test(line)).length,
    readRequests: served.filter((line) => / \/v[^/]+\/data\/(query|doc)\//.test(line)).length,
    bytesSent: proxy.sent() - sentBefore,
    seconds: elapsed,
    ...(note ? {note} : {}),
  })
  const missing = served.filter((line) => / 404 /.test(line))
  if (missing.length > 0) console.log(`  (${label}: the server answered 404 to ${[...new Set(missing.map((line) => line.split(' ').slice(0, 2).join(' ')))].join(', ')})`)
}

try {
  const corpus = readCorpus(readFileSync(CORPUS))
  const inputs: BatchInput[] = corpusInputs('detik-news.csv', corpus.rows)
  const sender = () => new Sender(sanityApi({projectId: 'local', dataset: 'production', token: TOKEN, apiHost: `http://127.0.0.1:${proxy.port}`}))

  // The importer's documents are made outside the timings (extraction is what `npm run bench:import` measures).
  let extraction = 0
  let firstIntended: NewsDocument[] | undefined
  let firstWritten: StoredDocument[] = []
  /** A run of the sync: extracting the corpus again against the dataset, or with the documents of the first run. */
  const importerRun = (extract: boolean) => async (): Promise<string | undefined> => {
    const sync = sender()
    const linkIndex = await readLinkIndex(sync)
    const started = performance.now()
    const intended = extract || !firstIntended ? importBatch(inputs, linkIndex, new Date().toISOString()).documents : firstIntended
    extraction = seconds(started)
    firstIntended ??= intended
    const planned = await planSanityWrites(sync, intended, linkIndex, {replace: false})
    const result = await writeSanityPlan(sync, planned, {replace: false})
    if (firstWritten.length === 0) firstWritten = result.outcomes.map((outcome) => outcome.document)
    const failed = result.outcomes.filter((outcome) => outcome.action === 'failed').length
    const counts = new Map<string, number>()
    for (const outcome of result.outcomes) counts.set(outcome.action, (counts.get(outcome.action) ?? 0) + 1)
    return `${[...counts].map(([action, count]) => `${count} ${action}`).join(', ')}${failed || result.unverified.length ? ' (NOT all written)' : ''}`
  }
  const withoutExtraction = (figures: Figures) => ({...figures, seconds: figures.seconds - extraction})

  console.log(`corpus: ${corpus.rows.length} rows (${CORPUS}); local server with ${LATENCY_MS} ms latency per request\n`)
  await measure('importer (--target sanity), empty dataset', importerRun(true))
  results[results.length - 1] = withoutExtraction(results.at(-1)!)
  const importerDataset = readLocalDataset(datasetPath).documents
  await measure('importer, re-run with the same documents', importerRun(false))
  results[results.length - 1] = withoutExtraction(results.at(-1)!)
  // A whole re-run extracts the corpus again, linked against what the dataset now holds; that changes a few
  // documents (a local run does the same: it is the importer's linking, not the sync).
  await measure('importer, whole re-run (extracted again)', importerRun(true))
  results[results.length - 1] = withoutExtraction(results.at(-1)!)

  // The same documents, as the CLI imports them: an NDJSON file, into an empty dataset (the server reloads the
  // file when it changes on disk).
  const ndjson = join(folder, 'documents.ndjson')
  writeFileSync(ndjson, firstWritten.map((document) => `${JSON.stringify(document)}\n`).join(''))
  writeFileSync(datasetPath, '')
  writeFileSync(join(folder, 'loopback-dns.cjs'), LOOPBACK_ONLY_DNS)
  const cliEnv = {
    DO_NOT_TRACK: '1',
    NO_UPDATE_NOTIFIER: '1',
    SANITY_INTERNAL_ENV: `http://localhost:${proxy.port}`,
    SANITY_AUTH_TOKEN: TOKEN,
    NODE_OPTIONS: `--require ${join(folder, 'loopback-dns.cjs')}`,
    PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`,
  }
  // `--project`, not `--project-id`: @sanity/cli 8.13 reads only the deprecated flag in getProjectId.
  const cliArgs = ['datasets', 'import', ndjson, '--project', 'local', '--dataset', 'production', '--replace']
  let cliFailure: string | undefined
  const cliRun = async (): Promise<string | undefined> => {
    const {status, output} = await runCli(cliArgs, cliEnv, folder)
    if (status !== 0) cliFailure = output.trim().split('\n').slice(-6).join(' | ')
    return status === 0 ? (/Done! Imported (\d+) documents/.exec(output)?.[0] ?? 'done') : `FAILED (exit ${status})`
  }
  await measure('sanity datasets import --replace, empty dataset', cliRun)
  if (!cliFailure) await measure('sanity datasets import --replace, re-run', cliRun)
  const cliDataset = readLocalDataset(datasetPath).documents

  const width = Math.max(...results.map((figures) => figures.label.length))
  console.log(`${''.padEnd(width)}  requests (mutate + read)   bytes sent   wall time`)
  for (const figures of results) {
    const requests = `${figures.mutateRequests + figures.readRequests} (${figures.mutateRequests} + ${figures.readRequests})`
    console.log(
      `${figures.label.padEnd(width)}  ${requests.padStart(24)}   ${megabytes(figures.bytesSent).padStart(10)}   ${figures.seconds.toFixed(2).padStart(7)} s   ${figures.note ?? ''}`,
    )
  }
  console.log(`\nextraction of the corpus by the importer (not in the times above): ${extraction.toFixed(1)} s per run`)
  if (cliFailure) {
    console.log(`\nThe CLI import did not complete, so there is no comparison: ${cliFailure}`)
  } else {
    const [importer, importerAgain, , cli, cliAgain] = results as [Figures, Figures, Figures, Figures, Figures]
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`)
    const total = (figures: Figures) => figures.mutateRequests + figures.readRequests
    console.log(
      `importer / CLI, empty dataset:           requests ${ratio(total(importer), total(cli))}, bytes ${ratio(importer.bytesSent, cli.bytesSent)}, ` +
        `time ${ratio(importer.seconds, cli.seconds)}`,
    )
    console.log(
      `importer / CLI, re-run (same documents): requests ${ratio(total(importerAgain), total(cliAgain))}, bytes ${ratio(importerAgain.bytesSent, cliAgain.bytesSent)}, ` +
        `time ${ratio(importerAgain.seconds, cliAgain.seconds)}`,
    )
    const same =
      importerDataset.size === cliDataset.size &&
      [...importerDataset].every(([id, document]) => cliDataset.has(id) && comparable(cliDataset.get(id)!) === comparable(document))
    console.log(`same documents in the dataset after either (ignoring _rev, _createdAt, _updatedAt, importedAt): ${same ? 'yes' : 'NO'} (${importerDataset.size} vs ${cliDataset.size})`)
  }
} finally {
  await proxy.close()
  await server.close()
  rmSync(folder, {recursive: true, force: true})
}
