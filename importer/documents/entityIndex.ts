import type {FoundOrganization} from '../entities/findEntities'
import {slugify} from '../entities/tokens'
import type {NewsDocument} from './buildDocuments'

const lower = (text: string) => text.toLocaleLowerCase('id')

/**
 * What a dataset already holds, looked up by name: a second article that names Jens Stoltenberg links the
 * existing `person-jens-stoltenberg` instead of creating a duplicate. Ids are `<type>-<slug>`, made unique.
 */
export class EntityIndex {
  private readonly byId = new Map<string, NewsDocument>()
  private readonly personByName = new Map<string, string>()
  private readonly organizationByName = new Map<string, string>()

  constructor(documents: Iterable<NewsDocument> = []) {
    this.add(documents)
  }

  add(documents: Iterable<NewsDocument>): void {
    for (const document of documents) {
      if (document._id.startsWith('drafts.')) continue
      this.byId.set(document._id, document)
      const names = [document.name, document.acronym, ...(Array.isArray(document.aliases) ? document.aliases : [])]
      if (document._type === 'person' && typeof document.name === 'string') {
        // Only full names link across articles: a surname alone is too weak outside the story that introduced it.
        this.personByName.set(lower(document.name), document._id)
      }
      if (document._type === 'organization') {
        for (const name of names) if (typeof name === 'string') this.organizationByName.set(lower(name), document._id)
      }
    }
  }

  personId(name: string, _aliases: string[]): string {
    return this.personByName.get(lower(name)) ?? this.claim(`person-${slugify(name) || 'unnamed'}`, (doc) => doc._type === 'person' && lower(String(doc.name)) === lower(name))
  }

  organizationId(entity: FoundOrganization): string {
    for (const name of [entity.acronym, entity.name, ...entity.aliases]) {
      const id = name ? this.organizationByName.get(lower(name)) : undefined
      if (id) return id
    }
    return this.claim(
      `organization-${slugify(entity.acronym ?? entity.name) || 'unnamed'}`,
      (doc) => doc._type === 'organization' && lower(String(doc.name)) === lower(entity.name),
    )
  }

  articleId(slug: string, sourceName: string): string {
    return this.claim(`article-${slug}`, (doc) => (doc.provenance as {sourceName?: string} | undefined)?.sourceName === sourceName)
  }

  /** The id itself when free or already this entity's; otherwise the first `-2`, `-3`... that is. */
  private claim(base: string, isSame: (document: NewsDocument) => boolean): string {
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`
      const holder = this.byId.get(id)
      if (!holder || isSame(holder)) return id
    }
  }
}
