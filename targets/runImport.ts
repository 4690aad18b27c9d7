import type {AnalysisCache} from '../importer/analysisCache'
import {prepareInputs} from '../importer/prepareInputs'
import {BatchImport, type BatchInput, type BatchOutcome, type BatchResult, type PreparedInput} from '../importer/importBatch'
import type {DocumentProblem} from '../dataset/validateDocuments'
import type {NewsDocument, StoredDocument} from '../model/documents'
import {ImportError} from '../model/errors'
import {isWrite} from './planWrites'
import type {Target, TargetPlan, WriteResult} from './target'
import {loadValidator, type Validate} from './validator'

/** Progress of a long run, as a terminal shows it; the import says when a stage starts, moves and ends. */
export interface Progress {
  start(stage: 'importing' | 'validating' | 'writing', total: number): void
  update(done: number): void
  stop(): void
}

export interface ImportOptions {
  /** Read input that could not even be turned into an input (a malformed CSV row): counted with the outcomes. */
  rejected?: BatchOutcome[]
  replace: boolean
  /** Plan and validate, write nothing. */
  dryRun: boolean
  /** The one clock reading of the run, stamped on every article as importedAt. */
  importedAt: string
  progress?: Progress
  /** Aborted when the user asks to stop (Ctrl-C): nothing is written after that. */
  signal?: AbortSignal
  /** Threads that read the texts side by side (analyzeInParallel.ts); default one per core, none for a few texts. */
  workers?: number
  /** Analyses of texts read before (analysisCache.ts): a text found there is not read again. */
  cache?: AnalysisCache
}

export interface ImportResult {
  batch: BatchResult
  /** One per input, the rejected first. */
  outcomes: BatchOutcome[]
  failed: BatchOutcome[]
  plan: TargetPlan
  /** Absent in a dry run. */
  written?: WriteResult
}

/**
 * One import, whatever the target: link the texts to what the target holds, import them, plan by the target's
 * rules, validate every document that will be written (one error and nothing is written), then write. A single
 * input that cannot be imported is the run's error.
 */
export async function runImport(inputs: readonly BatchInput[], target: Target, options: ImportOptions): Promise<ImportResult> {
  const {progress} = options
  const linkIndex = await target.linkIndex()
  progress?.start('importing', inputs.length)
  // The validator loads while worker threads read the texts (this thread would mostly wait) once a text has made an
  // article the target does not hold, which will be written. A run that finds only articles the target holds loads
  // it after planning, and only if something is to be written: a re-run that changes nothing never loads it.
  const held = new Set(linkIndex.map((document) => document._id))
  let reading = false
  let newArticle = false
  let validator: Promise<Validate> | undefined
  const loadWhileReading = () => {
    if (reading && newArticle) validator ??= loadValidator()
  }
  // Each text is linked as soon as it and every text before it have been read, while worker threads read the rest.
  const linking = new BatchImport(linkIndex, options.importedAt)
  const prepared: (PreparedInput | undefined)[] = new Array(inputs.length)
  const link = (position: number, read: PreparedInput) => {
    prepared[position] = read
    for (let next = linking.count; next < inputs.length && prepared[next]; next = linking.count) {
      const {articleId} = linking.add(inputs[next]!, prepared[next])
      if (articleId !== undefined && !held.has(articleId)) newArticle = true
      prepared[next] = undefined
    }
    loadWhileReading()
  }
  try {
    await prepareInputs(inputs, {
      cache: options.cache,
      workers: options.workers,
      signal: options.signal,
      onProgress: (done) => progress?.update(done),
      whileReading: () => {
        reading = true
        loadWhileReading()
      },
      onPrepared: link,
    })
  } catch (error) {
    progress?.stop()
    if (options.signal?.aborted) throw new ImportError(`stopped while reading the texts (${String(options.signal.reason)}); nothing was written`)
    throw error
  }
  const batch = linking.finish()
  progress?.stop()
  const outcomes = [...(options.rejected ?? []), ...batch.outcomes]
  const failed = outcomes.filter((outcome) => outcome.error)
  if (inputs.length === 1 && failed.length === 1) throw new ImportError(failed[0]!.error!)

  const plan = await target.plan(batch.documents, {replace: options.replace})
  const writes = plan.decisions.filter(isWrite).map((write) => write.document)
  progress?.start('validating', writes.length)
  const problems = (await validated(writes, plan.world, validator, (done) => progress?.update(done))).filter((problem) => problem.level === 'error')
  progress?.stop()
  if (problems.length > 0) {
    const first = problems[0]!
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''
    throw new ImportError(`${first.documentId}: ${first.path || 'document'}: ${first.message}${more}; nothing was written`)
  }
  if (options.dryRun) return {batch, outcomes, failed, plan}

  // Importing and validating run without giving a signal handler its turn: give it one, then look.
  await new Promise((resolve) => setImmediate(resolve))
  if (options.signal?.aborted) throw new ImportError(`stopped before writing (${String(options.signal.reason)}); nothing was written`)
  progress?.start('writing', writes.length)
  const written = await target.write(plan, {replace: options.replace, onProgress: (done) => progress?.update(done)}).finally(() => progress?.stop())
  return {batch, outcomes, failed, plan, written}
}

/** The problems of the documents to be written, by the validator loaded before or now. */
async function validated(
  writes: readonly NewsDocument[],
  world: readonly StoredDocument[],
  validator: Promise<Validate> | undefined,
  onProgress: (done: number) => void,
): Promise<DocumentProblem[]> {
  if (writes.length === 0) return []
  const validateDocuments = await (validator ?? loadValidator())
  return validateDocuments(writes, world, onProgress)
}
