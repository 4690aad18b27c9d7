/**
 * npm run bench:validation [-- --csv PATH]
 *
 * Both validators on the shared corpus, imported once, and on four times the corpus (copies under fresh ids, their
 * references and slugs renamed with them): @sanity/validation (validateDocumentsWithSanity) once, the direct
 * validator (validateDocuments) three times, its first run (what an import pays) and its median. Prints seconds,
 * ms per document, the ratio, and whether both found the same problems.
 */
import {existsSync, readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {SingleBar} from 'cli-progress'

import type {StoredDocument} from '../dataset/documentStore'
import {validateDocuments, validateDocumentsWithSanity, type DocumentProblem} from '../dataset/validateDocuments'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {exitWhenFlushed} from './cli'

const {values} = parseArgs({options: {csv: {type: 'string', default: '../shared/corpus/detik-news.csv'}}})
if (!existsSync(values.csv)) {
  console.error(`error: ${values.csv}: corpus not found`)
  await exitWhenFlushed(1)
}

type Validate = (documents: readonly StoredDocument[], existing: readonly StoredDocument[], onProgress?: (done: number) => void) => Promise<DocumentProblem[]>

/** Seconds taken and the problems found, with a progress bar on a terminal. */
async function timed(label: string, validate: Validate, documents: StoredDocument[]): Promise<{seconds: number; problems: DocumentProblem[]}> {
  const bar = process.stdout.isTTY
    ? new SingleBar({format: `  ${label} [{bar}] {percentage}% {value}/{total} documents`, clearOnComplete: true, hideCursor: true})
    : undefined
  bar?.start(documents.length, 0)
  const start = process.hrtime.bigint()
  const problems = await validate(documents, [], (done) => {
    if (done % 200 === 0 || done === documents.length) bar?.update(done)
  })
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  bar?.stop()
  return {seconds, problems}
}

/** The same document under fresh ids: every id, every reference and every slug gets a suffix. */
function renamed(document: StoredDocument, copy: number): StoredDocument {
  const suffix = `-copy${copy}`
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename)
    if (!value || typeof value !== 'object') return value
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        key,
        (key === '_ref' || key === '_id' || key === 'current') && typeof field === 'string' ? `${field}${suffix}` : rename(field),
      ]),
    )
  }
  return rename(document) as StoredDocument
}

const sameProblems = (a: DocumentProblem[], b: DocumentProblem[]) => JSON.stringify(a) === JSON.stringify(b)
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!
const perDocument = (seconds: number, count: number) => `${((seconds * 1000) / count).toFixed(3)} ms/doc`

const corpus = readCorpus(readFileSync(values.csv))
const base = importBatch(corpusInputs('corpus', corpus.rows), [], new Date().toISOString()).documents
console.log(`corpus: ${corpus.rows.length} rows -> ${base.length} documents (${values.csv})`)

for (const copies of [1, 4]) {
  const documents = Array.from({length: copies}, (_, copy) => (copy === 0 ? base : base.map((document) => renamed(document, copy)))).flat()
  const name = copies === 1 ? 'corpus' : `${copies}x corpus`
  const sanity = await timed(`${name}, @sanity/validation`, validateDocumentsWithSanity, documents)
  const direct: {seconds: number; problems: DocumentProblem[]}[] = []
  for (let run = 1; run <= 3; run++) direct.push(await timed(`${name}, direct run ${run}`, validateDocuments, documents))
  const first = direct[0]!.seconds
  const typical = median(direct.map((run) => run.seconds))
  console.log(`${name}: ${documents.length} documents, ${sanity.problems.length} problems`)
  console.log(`  @sanity/validation:  ${sanity.seconds.toFixed(2)} s  (${perDocument(sanity.seconds, documents.length)})`)
  console.log(`  direct, first run:   ${first.toFixed(3)} s  (${perDocument(first, documents.length)})  ${(sanity.seconds / first).toFixed(0)}x faster`)
  console.log(`  direct, median of 3: ${typical.toFixed(3)} s  (${perDocument(typical, documents.length)})  ${(sanity.seconds / typical).toFixed(0)}x faster`)
  console.log(`  same problems, paths, levels, messages and order: ${direct.every((run) => sameProblems(run.problems, sanity.problems)) ? 'yes' : 'NO'}`)
}
