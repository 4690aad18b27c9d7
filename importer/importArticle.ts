import {analyzeArticle, type ArticleAnalysis} from './analyzeArticle'
import {buildDocuments, type ArticleMeta} from './documents/buildDocuments'
import type {NewsDocument} from '../model/documents'
import type {EntityIndex} from './documents/entityIndex'
import type {SourceText} from './source/decodeSource'

export interface ImportedArticle {
  documents: NewsDocument[]
  /** Things the importer passed over, each naming where: an unbalanced quote, a quote with no speaker. */
  warnings: string[]
}

/**
 * One news text through every stage: lines, body, entities, quotes (analyzeArticle, unless `analysis` has been made
 * already, in another thread), then documents linked to what `index` knows. Pure: no files, no clock.
 */
export function importArticle(source: SourceText, meta: ArticleMeta, index: EntityIndex, importedAt: string, analysis: ArticleAnalysis = analyzeArticle(source)): ImportedArticle {
  const {parts, entities, quotes, warnings} = analysis
  const documents = buildDocuments({source, meta, parts, entities, quotes, index, importedAt})
  return {documents, warnings: warnings.map((warning) => `${source.name}: ${warning}`)}
}
