import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import type {Caller} from './auth'
import {badRequest} from './errors'

/**
 * What a query sees. `raw`: every document as stored. `published`: no drafts (nor release versions). `drafts`:
 * each draft laid over its published document, under the published id, with `_originalId` saying which one it is.
 */
export type Perspective = 'raw' | 'published' | 'drafts'

export const DRAFTS_PREFIX = 'drafts.'
const VERSIONS_PREFIX = 'versions.'

export const isDraftId = (id: string) => id.startsWith(DRAFTS_PREFIX)
/** Content Releases keep `versions.<release>.<id>`; this server stores them but shows them only in `raw`. */
const isVersionId = (id: string) => id.startsWith(VERSIONS_PREFIX)
const isPublishedId = (id: string) => !isDraftId(id) && !isVersionId(id)
export const publishedIdOf = (id: string) => (isDraftId(id) ? id.slice(DRAFTS_PREFIX.length) : id)
/**
 * What Sanity shows a request without a token: documents whose ids are not paths (no `.`). Drafts, release
 * versions and private paths (`secrets.x`) all have one.
 */
export const isPublicId = (id: string) => !id.includes('.')

/**
 * Sanity changed the default at API version 2025-02-19: from then on a query sees `published` unless it asks for
 * more; before it, `raw`. Dated versions compare as strings; `v1` is the oldest and `vX` (experimental) the newest.
 */
export const PUBLISHED_BY_DEFAULT_FROM = '2025-02-19'

export function perspectiveFor(requested: string | null, apiVersion: string): Perspective {
  if (requested === null || requested === '') {
    const newDefault = apiVersion === 'X' || (apiVersion !== '1' && apiVersion >= PUBLISHED_BY_DEFAULT_FROM)
    return newDefault ? 'published' : 'raw'
  }
  // `previewDrafts` is the old name of `drafts`; the client still accepts it (and warns).
  if (requested === 'previewDrafts') return 'drafts'
  if (requested === 'raw' || requested === 'published' || requested === 'drafts') return requested
  throw badRequest(
    `Unsupported perspective ${JSON.stringify(requested)}: this local server knows "raw", "published" and "drafts" ` +
      '(release perspectives are not supported)',
  )
}

/**
 * One DocumentStore per perspective, and one of what anyone may read (`public`, every perspective's view for a
 * request without a token), kept up to date document by document as transactions land, so a query never pays for
 * building its view of the dataset.
 */
export class PerspectiveViews {
  readonly raw = new DocumentStore()
  readonly published = new DocumentStore()
  readonly drafts = new DocumentStore()
  readonly public = new DocumentStore()

  constructor(documents: Iterable<StoredDocument>) {
    const ids: string[] = []
    for (const document of documents) {
      this.raw.put(document)
      ids.push(document._id)
    }
    this.refresh(ids)
  }

  /** What a query in `perspective` reads: the perspective's view, or only the public documents for a caller without a token. */
  of(perspective: Perspective, caller: Caller): DocumentStore {
    return caller === 'anonymous' ? this.public : this[perspective]
  }

  /** Writes (or, with null, deletes) documents in the raw view and recomputes what the others show for them. */
  apply(changes: ReadonlyMap<string, StoredDocument | null>): void {
    for (const [id, document] of changes) {
      if (document) this.raw.put(document)
      else this.raw.delete(id)
    }
    this.refresh(changes.keys())
  }

  private refresh(ids: Iterable<string>): void {
    for (const id of ids) {
      if (isPublishedId(id)) {
        const document = this.raw.get(id)
        if (document) this.published.put(document)
        else this.published.delete(id)
        if (isPublicId(id) && document) this.public.put(document)
        else if (isPublicId(id)) this.public.delete(id)
      }
      if (!isVersionId(id)) this.overlay(publishedIdOf(id))
    }
  }

  /** The drafts view of one document: its draft if there is one, else its published version, else nothing. */
  private overlay(publishedId: string): void {
    const draft = this.raw.get(DRAFTS_PREFIX + publishedId)
    const published = this.raw.get(publishedId)
    const shown = draft ?? published
    if (shown) this.drafts.put({...shown, _id: publishedId, _originalId: shown._id})
    else this.drafts.delete(publishedId)
  }
}
