/**
 * The documents the project writes, as every part of it handles them: the importer makes them, the targets write
 * them, the server serves them. Their fields are the schema's (TypeGen's types in sanity.types.ts).
 */
import type {Article, EntityDecision, Organization, Person, Quote} from '../sanity.types'

/**
 * Any document a dataset holds, as the store, the server and validation see it: an id, a type and fields. A
 * Studio may write documents of types this project does not define (assets, system documents), so the type is open.
 */
export interface StoredDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

/** A document of one of the project's own types: what the importer makes and the targets write. */
export interface NewsDocument extends StoredDocument {
  _type: 'article' | 'person' | 'organization' | 'quote' | 'entityDecision'
}

/** What the importer writes of each type: the schema's fields, without those the API stamps. */
type Written<T> = Omit<T, '_createdAt' | '_updatedAt' | '_rev'>
export type ArticleDocument = Written<Article>
export type PersonDocument = Written<Person>
export type OrganizationDocument = Written<Organization>
export type QuoteDocument = Written<Quote>
export type EntityDecisionDocument = Written<EntityDecision>
