import type {FoundOrganization} from '../entities/findEntities'
import {initialsOf, organizationIdentity} from '../entities/registry'
import {nearSpelling} from '../entities/spelling'
import {slugify} from '../../model/keys'
import type {NewsDocument} from '../../model/documents'
import {EditorDecisions, nameKey} from './editorDecisions'

/**
 * What a dataset already holds, looked up by name: a second article that names Jens Stoltenberg links the
 * existing `person-jens-stoltenberg` instead of creating a duplicate. Ids are `<type>-<slug>`, made unique.
 */
export class EntityIndex {
  private readonly byId = new Map<string, NewsDocument>()
  private readonly personByName = new Map<string, string>()
  /**
   * A person's aliases of two words or more, an editor's among them ("Gus Ipul", "Bang Bobby"); undefined where two
   * people have the alias. A surname alone is too weak outside the story that introduced it.
   */
  private readonly personByAlias = new Map<string, string | undefined>()
  private readonly organizationByName = new Map<string, string>()
  /** Aliases only answer when no name or acronym does: "DPR" is DPR's acronym before it is anyone's alias. */
  private readonly organizationByAlias = new Map<string, string>()
  /** Last of all, the form two names of one body share: "Kejaksaan Agung RI" is Kejaksaan Agung, "Pemprov Jatim" Pemerintah Provinsi Jawa Timur. */
  private readonly organizationByIdentity = new Map<string, string>()
  /**
   * Ids handed out since the last `add`, by whom: two names of one article that slug alike ("PT MAM", "PT MÃM")
   * must not get one id before either is in the index.
   */
  private readonly claims = new Map<string, string>()

  /** Editors' merges and rejections (entityDecision documents), read from the same documents. */
  readonly decisions: EditorDecisions

  constructor(documents: Iterable<NewsDocument> = []) {
    const all = [...documents]
    this.decisions = new EditorDecisions(all)
    this.add(all)
  }

  add(documents: Iterable<NewsDocument>): void {
    this.claims.clear()
    for (const document of documents) {
      if (document._id.startsWith('drafts.')) continue
      this.byId.set(document._id, document)
      if (document._type === 'person' && typeof document.name === 'string') {
        // Only full names link across articles: a surname alone is too weak outside the story that introduced it.
        if (!this.personByName.has(nameKey(document.name))) this.personByName.set(nameKey(document.name), document._id)
        for (const alias of Array.isArray(document.aliases) ? document.aliases : []) {
          if (typeof alias !== 'string' || !alias.trim().includes(' ')) continue
          const key = nameKey(alias)
          const holder = this.personByAlias.get(key)
          this.personByAlias.set(key, this.personByAlias.has(key) && holder !== document._id ? undefined : document._id)
        }
      }
      if (document._type === 'organization') {
        for (const name of [document.name, document.acronym]) {
          if (typeof name === 'string' && !this.organizationByName.has(nameKey(name))) this.organizationByName.set(nameKey(name), document._id)
        }
        for (const alias of Array.isArray(document.aliases) ? document.aliases : []) {
          if (typeof alias === 'string' && !this.organizationByAlias.has(nameKey(alias))) this.organizationByAlias.set(nameKey(alias), document._id)
        }
        for (const name of [document.name, ...(Array.isArray(document.aliases) ? document.aliases : [])]) {
          if (typeof name === 'string' && !this.organizationByIdentity.has(identityOf(name))) this.organizationByIdentity.set(identityOf(name), document._id)
        }
      }
    }
  }

  /** Whether an editor rejected this name as a person or an organization: nothing is made of it. */
  isRejected(type: 'person' | 'organization', name: string): boolean {
    return this.decisions.isRejected(type, name)
  }

  personId(name: string, _aliases: string[]): string {
    const merged = this.decisions.survivorOfName('person', name)
    if (merged) {
      this.decisions.counts.linked++
      return merged
    }
    return (
      this.personByName.get(nameKey(name)) ??
      this.personByAlias.get(nameKey(name)) ??
      this.claim(`person-${slugify(name) || 'unnamed'}`, `person:${nameKey(name)}`, (doc) => doc._type === 'person' && nameKey(String(doc.name)) === nameKey(name))
    )
  }

  organizationId(entity: FoundOrganization): string {
    const names = [entity.acronym, entity.name, ...entity.aliases].filter((name): name is string => Boolean(name))
    for (const name of names) {
      const merged = this.decisions.survivorOfName('organization', name)
      if (merged) {
        this.decisions.counts.linked++
        return merged
      }
    }
    for (const byName of [this.organizationByName, this.organizationByAlias]) {
      for (const name of names) {
        const id = byName.get(nameKey(name))
        // "PBB" is Perserikatan Bangsa-Bangsa in one story and Pajak Bumi dan Bangunan in another: an acronym links
        // only a body whose name could be this one's.
        const acronymOnly = name !== entity.name && (name === entity.acronym || /^[\p{Lu}\d&.-]{2,}$/u.test(name))
        if (id && (!acronymOnly || this.couldBeNamed(id, entity.name, name))) return id
      }
    }
    for (const name of [entity.name, ...entity.aliases]) {
      const id = this.organizationByIdentity.get(identityOf(name))
      if (id) return id
    }
    return this.claim(
      `organization-${slugify(entity.acronym ?? entity.name) || 'unnamed'}`,
      `organization:${nameKey(entity.name)}`,
      (doc) => doc._type === 'organization' && nameKey(String(doc.name)) === nameKey(entity.name),
    )
  }

  /**
   * Whether the body known by this id, found by the acronym `form`, could be the one named `name`: it is known
   * by that form alone, or one of the two names holds the other ("Partai Gerakan Indonesia Raya"), is the same form, a letter or two off it or
   * its initials after the same head ("Kementerian ESDM"), or they share their head and another word.
   */
  private couldBeNamed(id: string, name: string, form: string): boolean {
    const known = this.byId.get(id)
    const knownName = typeof known?.name === 'string' ? known.name : undefined
    // A body known only by the form that found it ("FISIP", "PN Semarang") has no name to disagree with.
    if (!knownName || knownName === known?.acronym || nameKey(knownName) === nameKey(form)) return true
    const aliases = Array.isArray(known?.aliases) ? known.aliases.filter((alias): alias is string => typeof alias === 'string') : []
    const words = (text: string) => ` ${text.toLowerCase().replace(/[\s-]+/g, ' ')} `
    for (const form of [knownName, ...aliases]) {
      const [a, b] = [words(form), words(name)]
      if (a.includes(b) || b.includes(a)) return true
      if (identityOf(form) === identityOf(name) || nearSpelling(form.split(' '), name.split(' ')) || initialsOf(form, name) || initialsOf(name, form)) return true
    }
    const [first, ...rest] = words(name).trim().split(' ')
    const [knownFirst, ...knownRest] = words(knownName).trim().split(' ')
    return first === knownFirst && rest.some((word) => word.length > 3 && knownRest.includes(word))
  }

  articleId(slug: string, sourceName: string): string {
    return this.claim(`article-${slug}`, `article:${sourceName}`, (doc) => (doc.provenance as {sourceName?: string} | undefined)?.sourceName === sourceName)
  }

  /** The id itself when free or already this entity's; otherwise the first `-2`, `-3`... that is. */
  private claim(base: string, claimer: string, isSame: (document: NewsDocument) => boolean): string {
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`
      // An id an editor merged away is never handed out again.
      if (this.decisions.isMergedId(id)) continue
      const holder = this.byId.get(id)
      const claimedBy = this.claims.get(id)
      if (holder ? isSame(holder) : claimedBy === undefined || claimedBy === claimer) {
        this.claims.set(id, claimer)
        return id
      }
    }
  }
}

const identityOf = (name: string) => nameKey(organizationIdentity(name))
