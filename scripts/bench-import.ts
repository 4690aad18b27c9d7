/**
 * npm run bench:import [-- CORPUS.csv]
 *
 * The whole shared corpus through the importer into a temporary dataset, beside a floor: the same corpus read,
 * split into paragraphs and written as NDJSON with no extraction. First in-process, stage by stage; then as whole
 * commands (`npm run seed -- --csv ...` against `scripts/bench/importFloor.ts`): into an empty dataset, again over
 * its own result (nothing changes; with the analyses the first run kept, and without), and for four times the
 * corpus (rows copied with fresh ids), with the ratio of 4x to 1x and the peak memory of each. Prints figures and ratios; decides nothing.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {validateDocuments} from '../dataset/validateDocuments'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {isNewsDocument} from '../model/documents'
import {readLocalDataset, writeLocalDataset} from '../model/ndjson'
import {planWrites} from '../targets/planWrites'
import {exitWhenFlushed} from './cli'

const CORPUS = process.argv[2] ?? '../shared/corpus/detik-news.csv'
if (!existsSync(CORPUS)) {
  console.error(`error: ${CORPUS}: corpus not found`)
  await exitWhenFlushed(1)
}
const folder = mkdtempSync(join(tmpdir(), 'bench-import-'))
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9

try {
  // Floor: read, parse the CSV, split into paragraphs, write NDJSON.
  let start = process.hrtime.bigint()
  const floorCorpus = readCorpus(readFileSync(CORPUS))
  const floorLines = floorCorpus.rows.map((row) =>
    JSON.stringify({_id: `article-${row.id}`, _type: 'article', title: row.meta.title, body: new TextDecoder().decode(row.body).split(/\r?\n/).filter((line) => line.trim())}),
  )
  writeFileSync(join(folder, 'floor.ndjson'), floorLines.map((line) => `${line}\n`).join(''))
  const floor = seconds(start)

  // The importer: the same corpus, every stage, into an empty dataset.
  start = process.hrtime.bigint()
  const corpus = readCorpus(readFileSync(CORPUS))
  const inputs = corpusInputs('corpus', corpus.rows)
  const dataset = readLocalDataset(join(folder, 'dataset.ndjson'))
  const batch = importBatch(inputs, [...dataset.documents.values()].filter(isNewsDocument), new Date().toISOString())
  const extract = seconds(start)
  const plan = planWrites(batch.documents, (id) => dataset.documents.get(id), {replace: false})
  const writes = plan.map((write) => write.document)
  let stage = process.hrtime.bigint()
  const problems = (await validateDocuments(writes)).filter((problem) => problem.level === 'error')
  const validate = seconds(stage)
  stage = process.hrtime.bigint()
  writeLocalDataset(dataset, writes)
  const write = seconds(stage)
  const total = seconds(start)

  const articles = batch.outcomes.filter((outcome) => outcome.articleId).length
  console.log(`corpus: ${corpus.rows.length} rows (${CORPUS}); ${articles} articles, ${writes.length} documents, ${problems.length} validation errors`)
  console.log(`floor (read + split + write NDJSON): ${floor.toFixed(2)} s`)
  console.log(`importer total:                      ${total.toFixed(2)} s  (${(total / floor).toFixed(1)}x the floor)`)
  console.log(`  extraction (lines..documents):     ${extract.toFixed(2)} s  (${(extract / floor).toFixed(1)}x the floor)`)
  console.log(`  validation (direct, = @sanity/validation): ${validate.toFixed(2)} s`)
  console.log(`  write (atomic NDJSON):             ${write.toFixed(2)} s`)
  console.log(`throughput: ${(articles / total).toFixed(0)} articles/s, ${(writes.length / total).toFixed(0)} documents/s`)

  // As a user runs it: whole processes, timed from outside, with their peak memory.
  const quadruple = join(folder, 'corpus-4x.csv')
  writeFileSync(quadruple, quadrupled(readFileSync(CORPUS, 'utf8')))
  const floorRun = command(['scripts/bench/importFloor.ts', CORPUS, join(folder, 'floor-process.ndjson')])
  const empty = join(folder, 'empty.ndjson')
  // Each with an analysis cache of its own, empty at first: the re-run finds what the first run kept, as a user's does.
  const cache = (name: string) => ({NEWS_CACHE_DIR: join(folder, `analyses-${name}`)})
  const fresh = command(['scripts/seed.ts', '--csv', CORPUS, '--dataset', empty], cache('1x'))
  const again = command(['scripts/seed.ts', '--csv', CORPUS, '--dataset', empty], cache('1x'))
  const againUncached = command(['scripts/seed.ts', '--csv', CORPUS, '--dataset', empty, '--no-cache'], cache('1x'))
  const four = command(['scripts/seed.ts', '--csv', quadruple, '--dataset', join(folder, 'four.ndjson')], cache('4x'))
  const row = (label: string, run: Run, aim: string) =>
    console.log(`${label.padEnd(38)}${run.seconds.toFixed(2).padStart(7)} s  ${(run.seconds / floorRun.seconds).toFixed(1).padStart(6)}x the floor  ${(run.peakKb / 1024).toFixed(0).padStart(6)} MB peak  (${aim})`)
  console.log('\nwhole commands')
  row('floor process', floorRun, 'the measure')
  row('seed --csv into an empty dataset', fresh, 'aim <= 12x')
  row('seed --csv again, nothing changes', again, 'aim <= 8x')
  row('  the same with --no-cache', againUncached, 'every text read again')
  row('seed --csv of 4x the corpus', four, 'aim: peak < 1.5 GB')
  console.log(`4x the corpus took ${(four.seconds / fresh.seconds).toFixed(1)}x the time of 1x (aim <= 5x)`)
} finally {
  rmSync(folder, {recursive: true, force: true})
}

interface Run {
  seconds: number
  peakKb: number
}

/** `node --import tsx ARGS` from the project root, timed, with its peak resident memory (GNU time's %M). */
function command(args: string[], env: Record<string, string> = {}): Run {
  const started = process.hrtime.bigint()
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--import', 'tsx', ...args], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: {...process.env, ...env}})
  const elapsed = seconds(started)
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${run.status}): ${run.stderr.slice(-500)}`)
  const peakKb = Number(run.stderr.trim().split('\n').at(-1))
  return {seconds: elapsed, peakKb}
}

/** The corpus four times over: each copy's rows with ids and titles of their own, so they are four times the articles. */
function quadrupled(csv: string): string {
  const corpus = readCorpus(new TextEncoder().encode(csv))
  const quote = (field: string) => `"${field.replace(/"/g, '""')}"`
  const lines = ['id,judul,tautan,tanggal,isi_berita']
  for (let copy = 1; copy <= 4; copy++) {
    for (const row of corpus.rows) {
      lines.push([`${row.id}-${copy}`, `${row.meta.title ?? ''} (${copy})`, row.meta.url ?? '', '', new TextDecoder().decode(row.body)].map(quote).join(','))
    }
  }
  return `${lines.join('\r\n')}\r\n`
}
