/**
 * The documents the project writes, as every part of it handles them: the importer makes them, the targets write
 * them, the server serves them. Their fields are the schema's (TypeGen's types in sanity.types.ts).
 */
import type {Article, EntityDecision, Organization, Person, Quote} from '../sanity.types'

export interface NewsDocument {
  _id: string
  _type: 'article' | 'person' | 'organization' | 'quote' | 'entityDecision'
  [field: string]: unknown
}

/** What the importer writes of each type: the schema's fields, without those the API stamps. */
type Written<T> = Omit<T, '_createdAt' | '_updatedAt' | '_rev'>
export type ArticleDocument = Written<Article>
export type PersonDocument = Written<Person>
export type OrganizationDocument = Written<Organization>
export type QuoteDocument = Written<Quote>
export type EntityDecisionDocument = Written<EntityDecision>
