/**
 * npm run seed [-- FILE [--meta FILE]] [--csv FILE] [--dataset PATH] [--out -] [--replace] [--debug]
 *
 * Imports Indonesian news text into linked Sanity documents. Without arguments: the source article in
 * seed/sources/ into the local dataset (data/production.ndjson).
 */
import {existsSync, readFileSync, statSync} from 'node:fs'
import {basename} from 'node:path'
import {parseArgs} from 'node:util'

import {SingleBar} from 'cli-progress'

import {validateDocuments} from '../dataset/validateDocuments'
import type {ArticleMeta, NewsDocument} from '../importer/documents/buildDocuments'
import {ImportError} from '../importer/errors'
import {importBatch, type BatchInput} from '../importer/importBatch'
import {readCorpus} from '../importer/source/readCorpus'
import {DEFAULT_DATASET, readLocalDataset, writeLocalDataset} from '../targets/localDataset'
import {planWrites, type PlannedWrite, type WriteAction} from '../targets/planWrites'
import {DEFAULT_SOURCE} from '../seed/sources'



const USAGE = 'usage: npm run seed -- [FILE [--meta FILE] | --csv FILE] [--dataset PATH] [--out -] [--replace]'

async function main(argv: string[]): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      meta: {type: 'string'},
      csv: {type: 'string'},
      dataset: {type: 'string', default: DEFAULT_DATASET},
      out: {type: 'string'},
      replace: {type: 'boolean', default: false},
      debug: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length > 1) throw new ImportError(`one source file at a time (got ${positionals.length}); ${USAGE}`)
  if (values.csv && positionals.length > 0) throw new ImportError(`give a FILE or --csv, not both; ${USAGE}`)
  if (values.out !== undefined && values.out !== '-') throw new ImportError(`--out takes only "-" (print to stdout)`)
  const dryRun = values.out === '-'
  const log = dryRun ? console.error : console.log

  const inputs: BatchInput[] = []
  const rejected: {name: string; error: string}[] = []
  if (values.csv) {
    const csv = readInput(values.csv)
    const corpus = readCorpus(new TextDecoder().decode(csv))
    if (corpus.problems.some((problem) => problem.record === 0)) {
      throw new ImportError(`${values.csv}: ${corpus.problems[0]!.message}`)
    }
    for (const problem of corpus.problems) rejected.push({name: `${values.csv}#record=${problem.record}`, error: `${values.csv}: record ${problem.record} ${problem.message}`})
    for (const row of corpus.rows) {
      inputs.push({name: `${basename(values.csv)}#id=${row.id}`, bytes: new TextEncoder().encode(row.body), meta: row.meta})
    }
  } else {
    const file = positionals[0] ?? DEFAULT_SOURCE
    const metaFile = values.meta ?? sidecarOf(file)
    inputs.push({name: file, bytes: readInput(file), meta: metaFile ? readMeta(metaFile) : {}})
  }

  const dataset = readLocalDataset(values.dataset)
  const showProgress = inputs.length > 1 && process.stderr.isTTY
  const bar = (what: string) => new SingleBar({format: `${what} [{bar}] {value}/{total}`, stream: process.stderr})
  const importing = showProgress ? bar('importing articles ') : undefined
  importing?.start(inputs.length, 0)
  const batch = importBatch(inputs, dataset.documents.values(), new Date().toISOString(), (done) => importing?.update(done))
  importing?.stop()
  const outcomes = [...rejected, ...batch.outcomes]
  const failed = outcomes.filter((outcome) => outcome.error)
  if (inputs.length === 1 && failed.length === 1) throw new ImportError(failed[0]!.error!)

  const plan = planWrites(batch.documents, (id) => dataset.documents.get(id), {replace: values.replace})
  const writes = plan.filter((write) => write.action === 'create' || write.action === 'update' || write.action === 'replace')
  const world = [...dataset.documents.values()]
  const validating = showProgress ? bar('validating documents') : undefined
  validating?.start(writes.length, 0)
  const problems = (await validateDocuments(writes.map((write) => write.document), world, (done) => validating?.update(done)))
    .filter((problem) => problem.level === 'error')
  validating?.stop()
  if (problems.length > 0) {
    const first = problems[0]!
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''
    throw new ImportError(`${first.documentId}: ${first.path || 'document'}: ${first.message}${more}; nothing was written`)
  }

  if (dryRun) {
    for (const write of plan) process.stdout.write(`${JSON.stringify(write.document)}\n`)
  } else if (writes.length > 0) {
    writeLocalDataset(dataset, writes.map((write) => write.document))
  }

  report(log, plan, inputs.length === 1)
  for (const warning of batch.warnings) console.error(`warning: ${warning}`)
  for (const outcome of failed) console.error(`skipped: ${outcome.error}`)
  const imported = outcomes.length - failed.length
  log(
    `${outcomes.length} input(s): ${imported} imported, ${failed.length} skipped. ` +
      `${plan.length} document(s): ${summarise(plan)}. ` +
      (dryRun ? 'Dry run: nothing written.' : `Dataset: ${values.dataset}`),
  )
  return failed.length > 0 && imported === 0 ? 1 : 0
}

function readInput(path: string): Uint8Array {
  if (!existsSync(path)) throw new ImportError(`${path}: no such file`)
  if (statSync(path).isDirectory()) throw new ImportError(`${path}: is a directory; give a text file (or --csv FILE)`)
  return readFileSync(path)
}

/** `story.txt` may have metadata beside it in `story.meta.json`. */
function sidecarOf(file: string): string | undefined {
  const sidecar = file.replace(/\.[^./]+$/, '') + '.meta.json'
  return existsSync(sidecar) ? sidecar : undefined
}

function readMeta(path: string): ArticleMeta {
  let meta: unknown
  try {
    meta = JSON.parse(new TextDecoder().decode(readInput(path)))
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(`${path}: not valid JSON`)
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) throw new ImportError(`${path}: metadata must be a JSON object`)
  const {title, url, publishedAt, tags} = meta as Record<string, unknown>
  if (title !== undefined && typeof title !== 'string') throw new ImportError(`${path}: "title" must be a string`)
  if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url))) throw new ImportError(`${path}: "url" must be an http(s) URL`)
  if (publishedAt !== undefined && (typeof publishedAt !== 'string' || Number.isNaN(Date.parse(publishedAt)))) {
    throw new ImportError(`${path}: "publishedAt" must be an ISO 8601 date-time`)
  }
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) throw new ImportError(`${path}: "tags" must be a list of strings`)
  return {
    ...(title ? {title} : {}),
    ...(url ? {url} : {}),
    ...(publishedAt ? {publishedAt: new Date(publishedAt as string).toISOString()} : {}),
    ...(tags ? {tags: tags as string[]} : {}),
  }
}

const ACTION_WORDS: Record<WriteAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  'keep-edited': 'left as edited',
  replace: 'replaced',
}

function report(log: (line: string) => void, plan: PlannedWrite[], detailed: boolean): void {
  const kept = plan.filter((write) => write.action === 'keep-edited')
  if (detailed) {
    for (const write of plan) log(`  ${ACTION_WORDS[write.action].padEnd(14)} ${describe(write.document, plan)}`)
  } else {
    for (const write of kept) log(`  left as edited  ${describe(write.document, plan)}`)
  }
  for (const write of kept) console.error(`note: ${write.document._id} ${write.reason}; left as it is (use --replace to overwrite)`)
}

function describe(document: NewsDocument, plan: PlannedWrite[]): string {
  const name = (id: unknown) => plan.find((write) => write.document._id === id)?.document.name ?? id
  switch (document._type) {
    case 'article':
      return `article       ${document.title}`
    case 'person':
      return `person        ${document.name}`
    case 'organization':
      return `organization  ${document.name}${document.acronym ? ` (${document.acronym})` : ''}`
    case 'quote': {
      const text = String(document.text)
      return `quote         ${name((document.speaker as {_ref: string})._ref)}: “${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`
    }
  }
}

function summarise(plan: PlannedWrite[]): string {
  const counts = new Map<string, number>()
  for (const write of plan) counts.set(ACTION_WORDS[write.action], (counts.get(ACTION_WORDS[write.action]) ?? 0) + 1)
  return [...counts].map(([action, count]) => `${count} ${action}`).join(', ') || 'none'
}

const debug = process.argv.includes('--debug')
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ImportError) console.error(`error: ${error.message}`)
    else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(`error: ${error.message}; ${USAGE}`)
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
    if (debug && error instanceof Error) console.error(error.stack)
    process.exit(1)
  },
)
