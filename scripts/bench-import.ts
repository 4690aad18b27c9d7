/**
 * npm run bench:import
 *
 * The whole shared corpus through the importer into a temporary dataset, beside a floor: the same corpus read,
 * split into paragraphs and written as NDJSON with no extraction. Prints throughput and the ratio to the floor.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {validateDocuments} from '../dataset/validateDocuments'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
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
  const batch = importBatch(inputs, dataset.documents.values(), new Date().toISOString())
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
  console.log(`  validation (@sanity/validation):   ${validate.toFixed(2)} s`)
  console.log(`  write (atomic NDJSON):             ${write.toFixed(2)} s`)
  console.log(`throughput: ${(articles / total).toFixed(0)} articles/s, ${(writes.length / total).toFixed(0)} documents/s`)
} finally {
  rmSync(folder, {recursive: true, force: true})
}
