import {buildDocuments, type ArticleMeta} from './documents/buildDocuments'
import type {NewsDocument} from '../model/documents'
import type {EntityIndex} from './documents/entityIndex'
import {findEntities} from './entities/findEntities'
import {ImportError} from '../model/errors'
import {splitArticle} from './lines/splitArticle'
import {attributeQuotes} from './quotes/attributeQuotes'
import type {SourceText} from './source/decodeSource'

export interface ImportedArticle {
  documents: NewsDocument[]
  /** Things the importer passed over, each naming where: an unbalanced quote, a quote with no speaker. */
  warnings: string[]
}

/** One news text through every stage: lines, body, entities, quotes, documents. Pure: no files, no clock. */
export function importArticle(source: SourceText, meta: ArticleMeta, index: EntityIndex, importedAt: string): ImportedArticle {
  const parts = splitArticle(source.text)
  if (parts.paragraphs.length === 0) {
    throw new ImportError(`${source.name}: no story text left after removing boilerplate, credits and related links`)
  }
  const entities = findEntities(parts.paragraphs, parts.dateline)
  const {quotes, warnings} = attributeQuotes(parts.paragraphs, entities)
  const documents = buildDocuments({source, meta, parts, entities, quotes, index, importedAt})
  return {documents, warnings: warnings.map((warning) => `${source.name}: ${warning}`)}
}
