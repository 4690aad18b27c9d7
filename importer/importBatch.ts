import {roleIdentity, type ArticleMeta, type NewsDocument} from './documents/buildDocuments'
import {EntityIndex} from './documents/entityIndex'
import {ImportError} from './errors'
import {importArticle} from './importArticle'
import {decodeSource} from './source/decodeSource'

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
}

/**
 * Imports many texts against what a dataset already holds. A text that cannot be imported is reported in its
 * outcome and the others go on; every input has exactly one outcome.
 */
export function importBatch(
  inputs: Iterable<BatchInput>,
  existing: Iterable<NewsDocument>,
  importedAt: string,
  onProgress?: (done: number) => void,
): BatchResult {
  const index = new EntityIndex(existing)
  const documents = new Map<string, NewsDocument>()
  const outcomes: BatchOutcome[] = []
  const warnings: string[] = []
  for (const input of inputs) {
    try {
      const source = decodeSource(input.name, input.bytes)
      const imported = importArticle(source, input.meta, index, importedAt)
      for (const document of imported.documents) {
        const earlier = documents.get(document._id)
        documents.set(document._id, earlier ? gather(earlier, document) : document)
      }
      index.add(imported.documents)
      warnings.push(...(input.warnings ?? []).map((warning) => `${input.name}: ${warning}`), ...imported.warnings)
      outcomes.push({name: input.name, articleId: imported.documents[0]?._id})
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      outcomes.push({name: input.name, error: error.message})
    }
    onProgress?.(outcomes.length)
  }
  return {documents: [...documents.values()], outcomes, warnings}
}

/** Two articles' views of one person or organization, as one document. */
function gather(earlier: NewsDocument, later: NewsDocument): NewsDocument {
  const merged: NewsDocument = {...earlier}
  for (const field of ['aliases', 'roles'] as const) {
    const items = [...((earlier[field] as unknown[]) ?? []), ...((later[field] as unknown[]) ?? [])]
    const byKey = new Map(items.map((item) => [typeof item === 'string' ? item : roleIdentity(item), item]))
    if (byKey.size > 0) merged[field] = [...byKey.values()]
  }
  if (!merged.acronym && later.acronym) merged.acronym = later.acronym
  return merged
}
