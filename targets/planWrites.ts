import {canonicalJson, fingerprint, hashOf} from '../dataset/fingerprint'
import type {NewsDocument, StoredDocument} from '../model/documents'
import {mergeFacts} from '../model/mergeFacts'

export type WriteAction =
  /** Not in the dataset yet. */
  | 'create'
  /** The importer's own document, and the import changes it. */
  | 'update'
  /** Already exactly what the import would write. */
  | 'unchanged'
  /** Someone else changed it (or it has a draft): left as it is. */
  | 'keep-edited'
  /** Someone else changed it, and `--replace` says the import wins. */
  | 'replace'
  /** The importer's own quote of an article it imports again, no longer found in the article's text. */
  | 'delete'

/** A decision that puts the import's document into the dataset. */
export type Write = 'create' | 'update' | 'replace'

export type PlannedWrite = PlannedChange<Write, NewsDocument> | PlannedChange<Exclude<WriteAction, Write>, StoredDocument>

interface PlannedChange<A extends WriteAction, D extends StoredDocument> {
  action: A
  /**
   * What the dataset should hold after the write: the import's document; for 'unchanged', 'keep-edited' and
   * 'delete', what the dataset holds now, which may be anything an editor made.
   */
  document: D
  /** Why a document is kept: "edited since it was imported", "has a draft". */
  reason?: string
  /** What a kept document's note tells the user to do, when not "use --replace". */
  advice?: string
}

export interface PlanOptions {
  replace: boolean
}

/**
 * Decides, document by document, what an import does to a dataset: the same rules for the local file and for a
 * Sanity dataset. The importer owns a document while its content matches the fingerprint it stamped on it.
 */
export function planWrites(
  intended: readonly NewsDocument[],
  lookup: (id: string) => StoredDocument | undefined,
  options: PlanOptions,
): PlannedWrite[] {
  return intended.map((document): PlannedWrite => {
    const current = lookup(document._id)
    const draft = lookup(`drafts.${document._id}`)
    if (!current) {
      if (draft && !options.replace) return {action: 'keep-edited', document, reason: 'has an unpublished draft'}
      return {action: 'create', document: stamp(document)}
    }
    // Each document's canonical JSON once: fingerprints and comparisons of long articles add up over a corpus.
    const currentJson = canonicalJson(current)
    const edited = current.importFingerprint !== hashOf(currentJson)
    const {document: merged, json: mergedJson} = merge(document, current, currentJson, {keepEditorFields: !options.replace})
    if (edited || draft) {
      const reason = draft ? 'has an unpublished draft' : 'changed by an editor since it was imported'
      return options.replace ? {action: 'replace', document: stamp(merged, mergedJson)} : {action: 'keep-edited', document: current, reason}
    }
    if (mergedJson === currentJson) return {action: 'unchanged', document: current}
    return {action: 'update', document: stamp(merged, mergedJson)}
  })
}

/** A write that puts a document into the dataset: what validation checks and what a target sends. */
export const isWrite = (write: PlannedWrite): write is PlannedChange<Write, NewsDocument> =>
  write.action === 'create' || write.action === 'update' || write.action === 'replace'

/**
 * The quotes an earlier import made from the articles being imported again that this import no longer finds (the
 * text lost a quote, or the quote moved to another position): deleted while they are as the importer left them;
 * kept and reported when an editor changed them or they have a draft, even with `--replace`, which replaces what
 * the import writes but never deletes an editor's work. Quotes without an `importFingerprint` are an editor's own
 * and not the import's to judge. An article left as an editor changed it keeps its quotes.
 *
 * `quotesOf` gives the quotes (published and drafts) whose `article` references one of the given ids.
 */
export function planVanishedQuotes(
  plan: readonly PlannedWrite[],
  quotesOf: (articleIds: ReadonlySet<string>) => Iterable<StoredDocument>,
): PlannedWrite[] {
  const articles = new Set(plan.filter((write) => write.document._type === 'article' && write.action !== 'keep-edited').map((write) => write.document._id))
  if (articles.size === 0) return []
  const intended = new Set(plan.map((write) => write.document._id))
  const quotes = new Map<string, StoredDocument>()
  for (const quote of quotesOf(articles)) quotes.set(quote._id, quote)
  const vanished: PlannedWrite[] = []
  for (const [id, quote] of quotes) {
    if (id.startsWith('drafts.') || intended.has(id) || typeof quote.importFingerprint !== 'string') continue
    vanished.push(decideVanished(quote, quotes.has(`drafts.${id}`)))
  }
  return vanished
}

/** One quote the import no longer finds: deleted if it is still the importer's, else kept with the reason. */
export function decideVanished(quote: StoredDocument, hasDraft: boolean): PlannedWrite {
  const advice = 'left as it is (delete it in the Studio if it should go)'
  if (hasDraft) return {action: 'keep-edited', document: quote, reason: 'is no longer in the article, but has an unpublished draft', advice}
  if (quote.importFingerprint !== fingerprint(quote)) {
    return {action: 'keep-edited', document: quote, reason: 'is no longer in the article, but was changed by an editor', advice}
  }
  return {action: 'delete', document: quote}
}

/** The quotes among `documents` whose article is one of `articleIds`. */
export function quotesOfArticles(documents: Iterable<StoredDocument>, articleIds: ReadonlySet<string>): StoredDocument[] {
  const found: StoredDocument[] = []
  for (const document of documents) {
    if (document._type === 'quote' && articleIds.has(String((document.article as {_ref?: unknown} | undefined)?._ref))) found.push(document)
  }
  return found
}

/** The document with the fingerprint of its content (`json`, its canonical JSON, when the caller has it). */
function stamp(document: NewsDocument, json?: string): NewsDocument {
  const {importFingerprint: _, ...content} = document
  return {...content, importFingerprint: json === undefined ? fingerprint(content) : hashOf(json)}
}

/**
 * People and organizations gather what every article says about them: aliases and roles are added, never
 * dropped, and the name and slug they were first given stay. Articles and quotes are the import's alone.
 */
function merge(intended: NewsDocument, current: StoredDocument, currentJson: string, {keepEditorFields}: {keepEditorFields: boolean}): {document: NewsDocument; json: string} {
  let merged: NewsDocument = intended
  if (intended._type === 'person' || intended._type === 'organization') merged = mergeFacts(current, intended, keepEditorFields ? 'both' : 'incoming')
  // importedAt is left out of canonical JSON, so the fix below does not change it.
  const json = canonicalJson(merged)
  // An unchanged text imported again keeps its first import time, so a re-run rewrites nothing.
  const provenance = merged.provenance as {importedAt?: string} | undefined
  const currentProvenance = current.provenance as {importedAt?: string} | undefined
  if (provenance && currentProvenance?.importedAt && json === currentJson) {
    merged = {...merged, provenance: {...provenance, importedAt: currentProvenance.importedAt}}
  }
  return {document: merged, json}
}

