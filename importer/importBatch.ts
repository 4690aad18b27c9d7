import type {NewsDocument} from '../model/documents'
import {ImportError} from '../model/errors'
import {mergeFacts} from '../model/mergeFacts'
import type {ArticleMeta} from './documents/buildDocuments'
import {EntityIndex} from './documents/entityIndex'
import type {DecisionCounts} from './documents/editorDecisions'
import {applyPersonMerges, findPersonMerges, rewriteReferences, type PersonMerge} from './documents/resolvePersons'
import type {ArticleAnalysis} from './analyzeArticle'
import {importArticle} from './importArticle'
import {decodeSource, type SourceText} from './source/decodeSource'

export interface BatchInput {
  name: string
  bytes: Uint8Array
  meta: ArticleMeta
  /** What reading the input found wrong and did without (a corpus row's unreadable date), reported with its name. */
  warnings?: string[]
}

export interface BatchOutcome {
  name: string
  /** The article's id when imported; the one-line reason when not. */
  articleId?: string
  error?: string
}

export interface BatchResult {
  /** One document per id: people and organizations named by several articles gather all they say. */
  documents: NewsDocument[]
  outcomes: BatchOutcome[]
  warnings: string[]
  /** People the batch named by a short form or a misspelling, folded into the person's fuller name. */
  merges: PersonMerge[]
  /** What editors' decisions (entityDecision documents) made the import link or leave out. */
  decisions: DecisionCounts
}

/**
 * An input decoded and analyzed ahead of the batch (analyzeInParallel.ts), or why it could not be: what importBatch
 * would have found doing it itself.
 */
export type PreparedInput = {source: SourceText; analysis: ArticleAnalysis} | {error: string}

/**
 * Imports many texts against what a dataset already holds. A text that cannot be imported is reported in its
 * outcome and the others go on; every input has exactly one outcome. `prepared` holds, by position, inputs already
 * decoded and analyzed; the rest are read here. Linking runs in input order either way, each text against what the
 * ones before it made, so the result is the same.
 */
export function importBatch(
  inputs: Iterable<BatchInput>,
  existing: Iterable<NewsDocument>,
  importedAt: string,
  onProgress?: (done: number) => void,
  prepared?: readonly PreparedInput[],
): BatchResult {
  const batch = new BatchImport(existing, importedAt)
  let position = 0
  for (const input of inputs) {
    batch.add(input, prepared?.[position++])
    onProgress?.(batch.count)
  }
  return batch.finish()
}

/**
 * importBatch a text at a time, for a caller that has the texts' analyses one by one (as worker threads answer):
 * `add` each input in input order, then `finish` once for what only the whole batch can decide (people named by a
 * short form, editors' merges).
 */
export class BatchImport {
  private readonly known = new Map<string, NewsDocument>()
  private readonly index: EntityIndex
  private readonly documents = new Map<string, NewsDocument>()
  private readonly outcomes: BatchOutcome[] = []
  private readonly warnings: string[] = []

  constructor(
    existing: Iterable<NewsDocument>,
    private readonly importedAt: string,
  ) {
    for (const document of existing) this.known.set(document._id, document)
    this.index = new EntityIndex(this.known.values())
  }

  /** How many inputs have been added. */
  get count(): number {
    return this.outcomes.length
  }

  /** The next input, linked against the dataset and the inputs added before it; `ready` is its analysis, if made. */
  add(input: BatchInput, ready?: PreparedInput): BatchOutcome {
    try {
      if (ready && 'error' in ready) throw new ImportError(ready.error)
      const source = ready?.source ?? decodeSource(input.name, input.bytes)
      const imported = importArticle(source, input.meta, this.index, this.importedAt, ready?.analysis)
      for (const document of imported.documents) {
        const earlier = this.documents.get(document._id)
        this.documents.set(document._id, earlier ? mergeFacts(earlier, document, 'known') : document)
      }
      this.index.add(imported.documents)
      this.warnings.push(...(input.warnings ?? []).map((warning) => `${input.name}: ${warning}`), ...imported.warnings)
      return this.outcome({name: input.name, articleId: imported.documents[0]?._id})
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      return this.outcome({name: input.name, error: error.message})
    }
  }

  private outcome(outcome: BatchOutcome): BatchOutcome {
    this.outcomes.push(outcome)
    return outcome
  }

  finish(): BatchResult {
    const {known, index, documents} = this
    const created = [...documents.values()].filter((document) => !known.has(document._id))
    // A person an editor rejected, still in the dataset (something refers to it), is no one's fuller name.
    const targets = [...known.values()].filter((document) => !(document._type === 'person' && index.isRejected('person', String(document.name ?? ''))))
    const merges = findPersonMerges(created, targets, referenceCounts(documents.values()))
    let merged = applyPersonMerges([...documents.values()], known, merges)
    // An id an editor merged away is never written again, and nothing refers to it: its references go to the survivor.
    if (!index.decisions.isEmpty) {
      const redirects = index.decisions.redirects()
      merged = merged.filter((document) => !index.decisions.isMergedId(document._id)).map((document) => rewriteReferences(document, redirects))
    }
    return {documents: merged, outcomes: this.outcomes, warnings: this.warnings, merges, decisions: {...index.decisions.counts}}
  }
}

/** How many references point at each id: how many quotes, mentions and credits a person has in the batch. */
function referenceCounts(documents: Iterable<NewsDocument>): Map<string, number> {
  const counts = new Map<string, number>()
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    const record = value as Record<string, unknown>
    for (const field of Object.keys(record)) {
      const child = record[field]
      if (field === '_ref' && typeof child === 'string') counts.set(child, (counts.get(child) ?? 0) + 1)
      else visit(child)
    }
  }
  for (const document of documents) visit(document)
  return counts
}

