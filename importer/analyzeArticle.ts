import {ImportError} from '../model/errors'
import type {PreparedInput} from './importBatch'
import {findEntities} from './entities/findEntities'
import type {Entities} from './entities/found'
import {splitArticle, type ArticleParts} from './lines/splitArticle'
import {attributeQuotes, type FoundQuote} from './quotes/attributeQuotes'
import type {SourceText} from './source/decodeSource'

/**
 * What one text says, read without the dataset: its lines and body, the people and organizations it names, its
 * quotes and who said them. Nothing here depends on other articles or on what a dataset holds (that is
 * buildDocuments'), so texts can be read side by side (analyzeInParallel.ts). Plain data, Maps and Sets: it
 * crosses between threads as it is.
 */
export interface ArticleAnalysis {
  parts: ArticleParts
  entities: Entities
  quotes: FoundQuote[]
  /** Unprefixed: the importer names the text when it reports them. */
  warnings: string[]
}

export function analyzeArticle(source: SourceText): ArticleAnalysis {
  const parts = splitArticle(source.text)
  if (parts.paragraphs.length === 0) {
    throw new ImportError(`${source.name}: no story text left after removing boilerplate, credits and related links`)
  }
  const entities = findEntities(parts.paragraphs, parts.dateline)
  const {quotes, warnings} = attributeQuotes(parts.paragraphs, entities)
  return {parts, entities, quotes, warnings}
}

/** A decoded text analyzed, or the one-line reason it cannot be (nothing left after boilerplate): what importBatch would find. */
export function analyzed(source: SourceText): PreparedInput {
  try {
    return {source, analysis: analyzeArticle(source)}
  } catch (error) {
    if (error instanceof ImportError) return {error: error.message}
    throw error
  }
}
