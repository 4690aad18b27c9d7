/**
 * npm run seed [-- FILE [--meta FILE]] [--csv FILE] [--dataset PATH] [--out -] [--replace] [--debug]
 * npm run seed -- --target sanity [FILE | --csv FILE] [--replace] [--dry-run]
 *
 * Imports Indonesian news text into linked Sanity documents. Without arguments: the source article in
 * seed/sources/ into the local dataset (data/production.ndjson). With `--target sanity`: into the Sanity dataset
 * that SANITY_PROJECT_ID, SANITY_DATASET and SANITY_API_WRITE_TOKEN name (SANITY_API_HOST for another API host).
 */
import {existsSync} from 'node:fs'
import {basename} from 'node:path'
import {parseArgs} from 'node:util'

import {SingleBar} from 'cli-progress'

import type {StoredDocument} from '../dataset/documentStore'
import {validateDocuments} from '../dataset/validateDocuments'
import type {ArticleMeta} from '../importer/documents/buildDocuments'
import type {NewsDocument} from '../model/documents'
import {ImportError} from '../model/errors'
import {importBatch, type BatchInput, type BatchOutcome, type BatchResult} from '../importer/importBatch'
import {corpusInputs, httpUrl, readCorpus} from '../importer/source/readCorpus'
import {stripControls} from '../importer/source/controlCharacters'
import {MAX_SOURCE_BYTES} from '../importer/source/decodeSource'
import {DatasetLock, describeHolder, HeldByServer, type LockHolder} from '../model/datasetLock'
import {DEFAULT_DATASET, readLocalDataset, writeLocalDataset} from '../model/ndjson'
import {isWrite, planVanishedQuotes, planWrites, quotesOfArticles, type WriteAction} from '../targets/planWrites'
import {sanityApi} from '../targets/sanity/api'
import {describeTarget, ENV, readSanityConfig, redact, type SanityConfig} from '../targets/sanity/config'
import {packTransactions} from '../targets/sanity/pack'
import {phasesOf, planSanityWrites, type SanityPlan} from '../targets/sanity/plan'
import {readLinkIndex} from '../targets/sanity/read'
import {Sender, SendFailure} from '../targets/sanity/send'
import {SanityAuthError, writeSanityPlan, type SyncAction} from '../targets/sanity/sync'
import {DEFAULT_SOURCE} from '../seed/sources'
import {runCli} from './cli'
import {readInput} from './inputFiles'

/** A corpus CSV is read whole: 256 MB is about 70,000 articles of the detik.com corpus. */
const MAX_CSV_BYTES = 256 * 1024 * 1024

/** The token of a local server (`npm run serve`), for writing through it. */
const LOCAL_TOKEN = 'SANITY_LOCAL_TOKEN'

const USAGE =
  'usage: npm run seed -- [FILE [--meta FILE] | --csv FILE] [--dataset PATH] [--out -] [--replace] [--target local|sanity] [--dry-run]'

/** What became of a document, as the report shows it: a plan's decision, or the outcome of a write to Sanity. */
interface Reported {
  action: SyncAction
  document: NewsDocument
  reason?: string
  advice?: string
}

async function main(argv: string[]): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      meta: {type: 'string'},
      csv: {type: 'string'},
      dataset: {type: 'string'},
      out: {type: 'string'},
      replace: {type: 'boolean', default: false},
      target: {type: 'string', default: 'local'},
      'dry-run': {type: 'boolean', default: false},
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
  if (values.target !== 'local' && values.target !== 'sanity') throw new ImportError(`--target is "local" or "sanity" (got ${JSON.stringify(values.target)})`)
  if (values.target === 'sanity') {
    if (values.dataset !== undefined) throw new ImportError(`--dataset names a local dataset file; with --target sanity the dataset is ${ENV.dataset}`)
    if (values.out !== undefined) throw new ImportError('--out - prints documents for the local dataset; with --target sanity use --dry-run')
  } else if (values['dry-run']) {
    throw new ImportError('--dry-run is for --target sanity; for the local dataset, --out - prints the documents and writes nothing')
  }
  // The Sanity configuration is checked before anything is read or sent.
  const sanity = values.target === 'sanity' ? readSanityConfig(process.env) : undefined
  const dryRun = values.out === '-'
  const log = dryRun ? console.error : console.log

  const inputs: BatchInput[] = []
  const rejected: {name: string; error: string}[] = []
  if (values.csv) {
    const corpus = readCorpus(readInput(values.csv, MAX_CSV_BYTES, 'CSV file'))
    if (corpus.problems.some((problem) => problem.record === 0)) {
      throw new ImportError(`${values.csv}: ${corpus.problems[0]!.message}`)
    }
    for (const problem of corpus.problems) rejected.push({name: `${values.csv}#record=${problem.record}`, error: `${values.csv}: record ${problem.record} ${problem.message}`})
    inputs.push(...corpusInputs(basename(values.csv), corpus.rows))
  } else {
    const file = positionals[0] ?? DEFAULT_SOURCE
    const metaFile = values.meta ?? sidecarOf(file)
    inputs.push({name: file, bytes: readInput(file, MAX_SOURCE_BYTES, 'text'), meta: metaFile ? readMeta(metaFile) : {}})
  }

  const showProgress = inputs.length > 1 && process.stderr.isTTY
  if (sanity) return seedSanity(sanity, {inputs, rejected, replace: values.replace, dryRun: values['dry-run'], showProgress})

  const datasetPath = values.dataset ?? DEFAULT_DATASET
  // One writer per dataset file: a dry run only reads (a server's writes are atomic renames); a write holds the
  // lock from reading the file to writing it, so that no other writer's documents are lost in between.
  let lock: DatasetLock | undefined
  if (!dryRun) {
    try {
      lock = await DatasetLock.acquire(datasetPath, {
        kind: 'seed',
        command: 'npm run seed',
        waitForSeeds: true,
        onWait: (holder) => console.error(`waiting: ${datasetPath} is being written by ${describeHolder(holder)}`),
      })
    } catch (error) {
      if (!(error instanceof HeldByServer)) throw error
      const config = throughServer(datasetPath, error.holder)
      console.error(`note: ${datasetPath} is served by ${describeHolder(error.holder)}: writing through it`)
      return seedSanity(config, {inputs, rejected, replace: values.replace, dryRun: false, showProgress})
    }
  }
  try {
    return await seedLocal(datasetPath, {inputs, rejected, replace: values.replace, dryRun, showProgress, log})
  } finally {
    lock?.release()
  }
}

interface LocalRun {
  inputs: BatchInput[]
  rejected: BatchOutcome[]
  replace: boolean
  /** `--out -`: print the documents, write nothing. */
  dryRun: boolean
  showProgress: boolean
  log: (line: string) => void
}

async function seedLocal(datasetPath: string, {inputs, rejected, replace, dryRun, showProgress, log}: LocalRun): Promise<number> {
  const dataset = readLocalDataset(datasetPath)
  const {batch, outcomes, failed} = importInputs(inputs, rejected, dataset.documents.values(), showProgress)

  const plan = planWrites(batch.documents, (id) => dataset.documents.get(id), {replace})
  plan.push(...planVanishedQuotes(plan, (articleIds) => quotesOfArticles(dataset.documents.values(), articleIds)))
  const writes = plan.filter(isWrite)
  const deletes = plan.filter((write) => write.action === 'delete').map((write) => write.document._id)
  await validate(writes.map((write) => write.document), [...dataset.documents.values()], showProgress)

  if (dryRun) {
    for (const write of plan) if (write.action !== 'delete') process.stdout.write(`${JSON.stringify(write.document)}\n`)
  } else if (writes.length > 0 || deletes.length > 0) {
    writeLocalDataset(dataset, writes.map((write) => write.document), deletes)
  }

  report(log, plan, inputs.length === 1)
  reportBatchNotes(batch)
  for (const outcome of failed) console.error(`skipped: ${outcome.error}`)
  const imported = outcomes.length - failed.length
  log(
    `${outcomes.length} input(s): ${imported} imported, ${failed.length} skipped. ` +
      `${plan.length} document(s): ${summarise(plan)}. ` +
      (dryRun ? 'Dry run: nothing written.' : `Dataset: ${datasetPath}`),
  )
  return failed.length > 0 && imported === 0 ? 1 : 0
}

/**
 * A server holds the dataset file: the import goes through its API, as into a Sanity dataset (revision-checked
 * patches, verified at the end), so that nothing the server writes meanwhile is lost. That needs the server's
 * token; the Studio's server speaks HTTPS with a certificate made at its start, which this process cannot check.
 */
function throughServer(datasetPath: string, holder: LockHolder): SanityConfig {
  const server = describeHolder(holder)
  if (!holder.url || !holder.datasetName) throw new ImportError(`${datasetPath} is being opened by ${server}; try again in a moment`)
  if (holder.url.startsWith('https:')) {
    throw new ImportError(`${datasetPath} is open in ${server}; stop it (Ctrl-C), seed, then start it again; nothing was written`)
  }
  const token = process.env[LOCAL_TOKEN]
  if (!token) {
    throw new ImportError(`${datasetPath} is served by ${server}; set ${LOCAL_TOKEN} to that server's token to write through it, or stop the server; nothing was written`)
  }
  return {projectId: 'local', dataset: holder.datasetName, token, apiHost: holder.url, label: `the local server at ${holder.url}`, tokenVariable: LOCAL_TOKEN}
}

/** Imports the inputs against what the target holds; a single input that fails is the run's error. */
function importInputs(
  inputs: BatchInput[],
  rejected: BatchOutcome[],
  existing: Iterable<NewsDocument>,
  showProgress: boolean,
): {batch: BatchResult; outcomes: BatchOutcome[]; failed: BatchOutcome[]} {
  const importing = showProgress ? bar('importing articles ') : undefined
  importing?.start(inputs.length, 0)
  const batch = importBatch(inputs, existing, new Date().toISOString(), (done) => importing?.update(done))
  importing?.stop()
  const outcomes = [...rejected, ...batch.outcomes]
  const failed = outcomes.filter((outcome) => outcome.error)
  if (inputs.length === 1 && failed.length === 1) throw new ImportError(failed[0]!.error!)
  return {batch, outcomes, failed}
}

/** What the importer passed over, and the people it found to be one under two names. */
function reportBatchNotes(batch: BatchResult): void {
  for (const warning of batch.warnings) console.error(`warning: ${warning}`)
  if (batch.merges.length > 20) console.error(`note: ${batch.merges.length} people named by a short form or a misspelling joined their fuller name`)
  else for (const merge of batch.merges) console.error(`note: ${merge.from} is ${merge.into} (${merge.reason}); joined`)
}

/** Validates what is about to be written against the schema, references checked against `world` too. */
async function validate(documents: NewsDocument[], world: StoredDocument[], showProgress: boolean): Promise<void> {
  const validating = showProgress ? bar('validating documents') : undefined
  validating?.start(documents.length, 0)
  const problems = (await validateDocuments(documents, world, (done) => validating?.update(done))).filter((problem) => problem.level === 'error')
  validating?.stop()
  if (problems.length > 0) {
    const first = problems[0]!
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''
    throw new ImportError(`${first.documentId}: ${first.path || 'document'}: ${first.message}${more}; nothing was written`)
  }
}

const bar = (what: string) => new SingleBar({format: `${what} [{bar}] {value}/{total}`, stream: process.stderr})

interface SanityRun {
  inputs: BatchInput[]
  rejected: BatchOutcome[]
  replace: boolean
  dryRun: boolean
  showProgress: boolean
}

/**
 * `--target sanity`: the same import as a local run, linked against the names the Sanity dataset holds, planned from
 * one round of reads of the documents it touches, and written there in phases (see targets/sanity/). Exits non-zero
 * if any document failed or is not as written.
 */
async function seedSanity(config: SanityConfig, run: SanityRun): Promise<number> {
  const target = describeTarget(config)
  const sender = new Sender(sanityApi(config))
  try {
    const linkIndex = await readLinkIndex(sender)
    const {batch, outcomes, failed} = importInputs(run.inputs, run.rejected, linkIndex, run.showProgress)
    const planned = await planSanityWrites(sender, batch.documents, linkIndex, {replace: run.replace})
    const writes = planned.plan.filter(isWrite)
    await validate(writes.map((write) => write.document), planned.world, run.showProgress)
    const imported = outcomes.length - failed.length
    const inputsLine = `${outcomes.length} input(s): ${imported} imported, ${failed.length} skipped.`
    const inputsFailed = failed.length > 0 && imported === 0 ? 1 : 0

    if (run.dryRun) {
      printPlan(planned, target)
      report(console.log, planned.plan, false)
      reportBatchNotes(batch)
      for (const outcome of failed) console.error(`skipped: ${outcome.error}`)
      console.log(
        `${inputsLine} ${planned.plan.length} document(s): ${summarise(planned.plan, false, PLAN_WORDS)}. ` +
          `Dry run: no mutation sent (${sender.stats.readRequests} read request(s)).`,
      )
      return inputsFailed
    }

    const writing = process.stderr.isTTY && (run.showProgress || writes.length > 100) ? bar('writing documents   ') : undefined
    writing?.start(writes.length, 0)
    const result = await writeSanityPlan(sender, planned, {replace: run.replace, onProgress: (done) => writing?.update(done)}).finally(() =>
      writing?.stop(),
    )
    report(console.log, result.outcomes, run.inputs.length === 1)
    reportBatchNotes(batch)
    for (const outcome of failed) console.error(`skipped: ${outcome.error}`)
    const {stats} = result
    console.log(
      `${inputsLine} ${result.outcomes.length} document(s): ${summarise(result.outcomes, true)}. ` +
        `${target}: ${stats.mutationRequests} mutation request(s) (${stats.transactions} transaction(s) in ${stats.phases} phase(s), ` +
        `${stats.retries} retried request(s)), ${stats.readRequests} read request(s).`,
    )
    for (const {id, problem} of result.unverified) console.error(`error: ${id}: after the import the dataset's document ${problem}`)
    const documentsFailed = result.outcomes.filter((outcome) => outcome.action === 'failed').length
    if (result.unverified.length > 0 || documentsFailed > 0) {
      console.error(`error: ${documentsFailed} document(s) failed and ${result.unverified.length} were not found as written; run again to retry them`)
      return 1
    }
    return inputsFailed
  } catch (error) {
    const refused = error instanceof SanityAuthError || (error instanceof SendFailure && error.failure.kind === 'unauthorized')
    if (refused) {
      const status = error instanceof SanityAuthError ? error.status : (error as SendFailure).failure.status
      const written = error instanceof SanityAuthError ? error.written : 0
      throw new ImportError(
        `${target} refused the token in ${config.tokenVariable ?? ENV.token} (HTTP ${status ?? 401}): use a token of this project with write access to the dataset; ` +
          (written === 0 ? 'nothing was written' : `${written} document(s) had been written before (run again to finish)`),
      )
    }
    if (error instanceof SendFailure) {
      throw new ImportError(`${target}: ${error.message}${error.attempts > 1 ? ` (after ${error.attempts} attempts)` : ''}; the import stopped`)
    }
    throw error
  }
}

const PLAN_COLUMNS: WriteAction[] = ['create', 'update', 'unchanged', 'keep-edited', 'replace', 'delete']
const PLAN_WORDS: Record<SyncAction, string> = {
  create: 'to create',
  update: 'to update',
  unchanged: 'unchanged',
  'keep-edited': 'to leave as edited',
  replace: 'to replace',
  delete: 'to delete',
  failed: 'failed',
}

/** `--dry-run`: what the import would do, by type and action, and the requests it would send. */
function printPlan(planned: SanityPlan, target: string): void {
  const types: NewsDocument['_type'][] = ['organization', 'person', 'article', 'quote']
  const count = (type: string | undefined, action: WriteAction) =>
    planned.plan.filter((write) => write.action === action && (type === undefined || write.document._type === type)).length
  const header = ['', ...PLAN_COLUMNS.map((action) => PLAN_WORDS[action])]
  const rows = [...types, undefined].map((type) => [type ?? 'total', ...PLAN_COLUMNS.map((action) => String(count(type, action)))])
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ')}`
  console.log(`Plan for ${target} (dry run):`)
  console.log(line(header))
  for (const row of rows) console.log(line(row))
  let transactions = 0
  let bytes = 0
  const phases = phasesOf(planned)
  for (const phase of phases) {
    const packed = packTransactions(phase.writes, (id) => planned.current.get(id))
    transactions += packed.transactions.length
    bytes += packed.transactions.reduce((sum, transaction) => sum + transaction.bytes, 0)
  }
  console.log(`  would send ${transactions} transaction(s) in ${phases.length} phase(s), ${(bytes / 1e6).toFixed(2)} MB`)
}

/** `story.txt` may have metadata beside it in `story.meta.json`. */
function sidecarOf(file: string): string | undefined {
  const sidecar = file.replace(/\.[^./]+$/, '') + '.meta.json'
  return existsSync(sidecar) ? sidecar : undefined
}

/** A metadata file is small; anything larger is not one. */
const MAX_META_BYTES = 1024 * 1024
/** `2025-06-10`, or a date-time with its zone: `2025-06-10T07:11:00+07:00`, `2025-06-10T00:11:00.000Z`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/

function readMeta(path: string): ArticleMeta {
  const bytes = readInput(path, MAX_META_BYTES, 'metadata file')
  let meta: unknown
  try {
    meta = JSON.parse(new TextDecoder('utf-8', {fatal: true}).decode(bytes))
  } catch (error) {
    throw new ImportError(`${path}: not valid JSON${error instanceof TypeError ? ' (not valid UTF-8)' : ''}`)
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) throw new ImportError(`${path}: metadata must be a JSON object`)
  const {title, url, publishedAt, tags, publisher} = meta as Record<string, unknown>
  if (title !== undefined && typeof title !== 'string') throw new ImportError(`${path}: "title" must be a string`)
  if (publisher !== undefined && typeof publisher !== 'string') throw new ImportError(`${path}: "publisher" must be a string`)
  if (url !== undefined && (typeof url !== 'string' || !httpUrl(url))) throw new ImportError(`${path}: "url" must be an http(s) URL`)
  if (publishedAt !== undefined && (typeof publishedAt !== 'string' || !ISO_DATE.test(publishedAt) || Number.isNaN(Date.parse(publishedAt)))) {
    throw new ImportError(`${path}: "publishedAt" must be an ISO 8601 date or date-time with its zone (2025-06-10T07:11:00+07:00)`)
  }
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) throw new ImportError(`${path}: "tags" must be a list of strings`)
  const cleanTitle = typeof title === 'string' ? stripControls(title).trim() : ''
  const cleanTags = [...new Set(((tags ?? []) as string[]).map((tag) => stripControls(tag).trim()).filter(Boolean))]
  return {
    ...(cleanTitle ? {title: cleanTitle} : {}),
    ...(typeof publisher === 'string' && stripControls(publisher).trim() ? {publisher: stripControls(publisher).trim()} : {}),
    ...(url ? {url} : {}),
    ...(publishedAt ? {publishedAt: new Date(publishedAt as string).toISOString()} : {}),
    ...(cleanTags.length > 0 ? {tags: cleanTags} : {}),
  }
}

const ACTION_WORDS: Record<SyncAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  'keep-edited': 'left as edited',
  replace: 'replaced',
  delete: 'deleted',
  failed: 'failed',
}

function report(log: (line: string) => void, plan: Reported[], detailed: boolean): void {
  const kept = plan.filter((write) => write.action === 'keep-edited')
  const failed = plan.filter((write) => write.action === 'failed')
  if (detailed) {
    for (const write of plan) log(`  ${ACTION_WORDS[write.action].padEnd(14)} ${describe(write.document, plan)}`)
  } else {
    for (const write of kept) log(`  left as edited  ${describe(write.document, plan)}`)
    for (const write of failed) log(`  failed          ${describe(write.document, plan)}`)
  }
  for (const write of kept) console.error(`note: ${write.document._id} ${write.reason}; ${write.advice ?? 'left as it is (use --replace to overwrite)'}`)
  for (const write of failed) console.error(`failed: ${write.document._id}: ${write.reason}`)
}

/** One line about a document; what an editor put into a document the import left alone is printed without controls. */
function describe(document: NewsDocument, plan: Reported[]): string {
  return stripControls(describeRaw(document, plan))
}

function describeRaw(document: NewsDocument, plan: Reported[]): string {
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

/** `3 created, 8 unchanged`; with `all`, every action including those that did not occur (the Sanity summary). */
function summarise(plan: Reported[], all = false, words: Record<SyncAction, string> = ACTION_WORDS): string {
  const counts = new Map<string, number>()
  if (all) for (const word of Object.values(words)) counts.set(word, 0)
  for (const write of plan) counts.set(words[write.action], (counts.get(words[write.action]) ?? 0) + 1)
  return [...counts].map(([action, count]) => `${count} ${action}`).join(', ') || 'none'
}

// The token is never in a message this script makes; redacting guards against one that a library made.
runCli(() => main(process.argv.slice(2)), {usage: USAGE, redact: (text) => redact(redact(text, process.env[ENV.token]), process.env[LOCAL_TOKEN])})
