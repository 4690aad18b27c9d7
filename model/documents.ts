/**
 * The documents the project writes, as every part of it handles them: the importer makes them, the targets write
 * them, the server serves them. Their fields are the schema's (TypeGen's types in sanity.types.ts).
 */
import type {Article, EntityDecision, Organization, Person, Quote} from '../sanity.types'

/**
 * Any document a dataset holds, as the store, the server and validation see it: an id, a type and fields. A
 * Studio may write documents of types this project does not define (assets, system documents), so the type is open.
 * Whatever is read from a dataset file or a Sanity dataset is one of these until a check says more.
 */
export interface StoredDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

/**
 * The project's own document types: the four the importer makes (article, person, organization, quote) and the
 * editors' decisions (entityDecision) that it reads and honours.
 */
export const NEWS_TYPES = ['article', 'person', 'organization', 'quote', 'entityDecision'] as const

/** A document of one of the project's own types: what the importer makes, reads back and the targets write. */
export interface NewsDocument extends StoredDocument {
  _type: (typeof NEWS_TYPES)[number]
}

const newsTypes: ReadonlySet<string> = new Set(NEWS_TYPES)

/**
 * Whether a document a dataset holds is of one of the project's own types. Only `_type` is checked: the fields are
 * as an editor or `sanity datasets import` left them, and the code that reads one checks its value first.
 */
export const isNewsDocument = (document: StoredDocument): document is NewsDocument => newsTypes.has(document._type)

/** What the importer writes of each type: the schema's fields, without those the API stamps. */
type Written<T> = Omit<T, '_createdAt' | '_updatedAt' | '_rev'>
export type ArticleDocument = Written<Article>
export type PersonDocument = Written<Person>
export type OrganizationDocument = Written<Organization>
export type QuoteDocument = Written<Quote>
export type EntityDecisionDocument = Written<EntityDecision>
