import type {NewsDocument} from '../../model/documents'
import {quoteId, roleKey, slugify} from '../../model/keys'
import {toPortableText, type MentionSpan} from '../body/toPortableText'
import type {Entities, FoundEntity, FoundOrganization} from '../entities/findEntities'
import {outletName} from '../lines/publisher'
import type {ArticleParts} from '../lines/splitArticle'
import type {FoundQuote} from '../quotes/attributeQuotes'
import type {SourceText} from '../source/decodeSource'
import type {EntityIndex} from './entityIndex'
import {IMPORTER_VERSION} from '../version'

export interface ArticleMeta {
  title?: string
  /** The outlet that published it, when the metadata says (it wins over what the text says). */
  publisher?: string
  url?: string
  /** ISO 8601 date-time. */
  publishedAt?: string
  tags?: string[]
}


export interface BuildInput {
  source: SourceText
  meta: ArticleMeta
  parts: ArticleParts
  entities: Entities
  quotes: FoundQuote[]
  /** What the dataset already holds, to link existing people and organizations instead of duplicating them. */
  index: EntityIndex
  /** When the import runs: the one clock reading, passed in so that building stays pure. */
  importedAt: string
}

const reference = (id: string) => ({_type: 'reference' as const, _ref: id})
const keyedReference = (id: string) => ({_type: 'reference' as const, _key: id.replace(/^[a-z]+-/, '').slice(0, 60), _ref: id})

/**
 * Turns what was found in one story into Sanity documents with deterministic ids: the article, its people and
 * organizations (linked to existing ones where the dataset already has them), and its quotes.
 */
export function buildDocuments(input: BuildInput): NewsDocument[] {
  const {source, meta, parts, entities, quotes, index} = input
  const title = meta.title?.trim() || deriveTitle(parts.paragraphs[0]?.text ?? '')
  const articleId = index.articleId(slugify(title) || 'untitled', source.name)

  const ids = new Map<string, string>()
  const documents = new Map<string, NewsDocument>()
  // Names an editor rejected as that type ("Not a person"): no document, no mention, no quote of theirs.
  const rejected = new Set([...entities.byKey].filter(([, entity]) => index.isRejected(entity.kind, entity.name)).map(([key]) => key))
  // Each rejected name counts once an article, whether named in the text, credited or the publisher.
  const rejectedNames = new Set<string>()
  const countRejected = (kind: string, name: string) => {
    if (rejectedNames.has(`${kind}:${name.toLowerCase()}`)) return
    rejectedNames.add(`${kind}:${name.toLowerCase()}`)
    index.decisions.counts.rejected++
  }
  for (const key of rejected) countRejected(entities.byKey.get(key)!.kind, entities.byKey.get(key)!.name)
  const entityDocument = (key: string, entity: FoundEntity): string => {
    const known = ids.get(key)
    if (known) return known
    const id = entity.kind === 'person' ? index.personId(entity.name, [...entity.aliases]) : index.organizationId(entity)
    ids.set(key, id)
    return id
  }
  for (const [key, entity] of entities.byKey) if (!rejected.has(key)) entityDocument(key, entity)
  const mentions = entities.mentions.filter((mention) => !rejected.has(mention.entity))
  index.decisions.counts.mentionsLeftPlain += entities.mentions.length - mentions.length
  const spoken = quotes.filter((quote) => !rejected.has(quote.speaker))
  index.decisions.counts.quotesSkipped += quotes.length - spoken.length
  const citedSources = entities.citedSources.filter((key) => !rejected.has(key))

  const usedEntities = new Set<string>([
    ...mentions.map((mention) => mention.entity),
    ...spoken.flatMap((quote) => [quote.speaker, quote.quotedVia ?? []].flat()),
    ...citedSources,
  ].filter((key) => !rejected.has(key)))
  // An organization a used person's role names is used too: the role references it.
  for (const key of [...usedEntities]) {
    const entity = entities.byKey.get(key)
    if (entity?.kind === 'person') for (const role of entity.roles) if (role.organization && !rejected.has(role.organization)) usedEntities.add(role.organization)
  }
  for (const [key, entity] of entities.byKey) {
    if (!usedEntities.has(key)) continue
    const id = ids.get(key)!
    if (entity.kind === 'person') {
      documents.set(id, {
        _id: id,
        _type: 'person',
        name: entity.name,
        slug: {_type: 'slug', current: id.replace(/^person-/, '')},
        ...nonEmpty('aliases', [...entity.aliases].filter((alias) => alias !== entity.name).sort()),
        ...nonEmpty(
          'roles',
          entity.roles.map((role) => ({
            _type: 'role',
            _key: roleKey(role.title, articleId),
            title: role.title,
            ...(role.organization && ids.get(role.organization) ? {organization: reference(ids.get(role.organization)!)} : {}),
            source: {...reference(articleId), _weak: true},
          })),
        ),
      })
    } else {
      documents.set(id, organizationDocument(id, entity))
    }
  }

  const creditedPerson = (name: string): string | undefined => {
    if (index.isRejected('person', name)) {
      countRejected('person', name)
      return undefined
    }
    const id = index.personId(name, [])
    if (!documents.has(id)) {
      documents.set(id, {_id: id, _type: 'person', name, slug: {_type: 'slug', current: id.replace(/^person-/, '')}})
    }
    return id
  }
  const publisherName = meta.publisher?.trim() || parts.publishers[0]
  let publisherId: string | undefined
  if (publisherName && index.isRejected('organization', publisherName)) countRejected('organization', publisherName)
  else if (publisherName) {
    // The outlet as the story also names it: "KOMPAS.com" in the dateline is the publisher Kompas.com.
    const isPublisher = (name: string | undefined) => name !== undefined && (name.toLowerCase() === publisherName.toLowerCase() || outletName(name) === publisherName)
    const existing = [...entities.byKey].find(([key, entity]) => !rejected.has(key) && entity.kind === 'organization' && [entity.name, entity.acronym, ...entity.aliases].some(isPublisher))
    const named = existing?.[1].kind === 'organization' ? existing[1] : undefined
    // Named as the publisher is named ("Liputan6.com"), with the story's own form as an alias ("Liputan6").
    const publisher: FoundOrganization = named
      ? {...named, name: publisherName, aliases: new Set([...named.aliases, named.name]), organizationKind: 'media'}
      : {kind: 'organization', name: publisherName, aliases: new Set(), organizationKind: 'media'}
    publisherId = existing ? ids.get(existing[0])! : index.organizationId(publisher)
    if (named || !documents.has(publisherId)) documents.set(publisherId, organizationDocument(publisherId, publisher))
  }

  const body = parts.paragraphs.map((paragraph) =>
    toPortableText(
      paragraph,
      mentions
        .filter((mention) => mention.paragraphKey === paragraph.key)
        .map((mention): MentionSpan => ({start: mention.start, end: mention.end, ref: ids.get(mention.entity)!})),
    ),
  )

  const editor = parts.editors[0] ? creditedPerson(parts.editors[0]) : undefined
  const authors = parts.authors.map(creditedPerson).filter((id): id is string => id !== undefined)
  const tags = [...new Set([...(meta.tags ?? []), ...parts.tags])]
  const article: NewsDocument = {
    _id: articleId,
    _type: 'article',
    title,
    slug: {_type: 'slug', current: articleId.replace(/^article-/, '')},
    language: 'id',
    body,
    ...(meta.publishedAt ? {publishedAt: meta.publishedAt} : {}),
    ...(publisherId ? {publisher: reference(publisherId)} : {}),
    ...(editor ? {editor: reference(editor)} : {}),
    ...nonEmpty('authors', [...new Set(authors)].map(keyedReference)),
    // The outlet itself, named in its dateline or copyright line, is the publisher, not a source the story cites.
    ...nonEmpty('citedSources', citedSources.filter((key) => ids.get(key) !== publisherId).map((key) => keyedReference(ids.get(key)!))),
    ...nonEmpty('places', entities.places),
    ...nonEmpty(
      'relatedLinks',
      parts.relatedLinks.map((link, at) => ({_type: 'relatedLink', _key: `related-${at + 1}`, title: link.title})),
    ),
    ...nonEmpty('tags', tags),
    provenance: {
      _type: 'provenance',
      sourceName: source.name,
      titleSource: meta.title?.trim() ? 'metadata' : 'derived from first sentence',
      ...(meta.url ? {url: meta.url} : {}),
      originalText: source.text,
      sha256: source.sha256,
      importerVersion: IMPORTER_VERSION,
      importedAt: input.importedAt,
    },
  }

  const quoteDocuments = spoken.map((quote, at): NewsDocument => ({
    _id: quoteId(articleId, at + 1),
    _type: 'quote',
    position: at + 1,
    text: quote.text,
    speaker: reference(ids.get(quote.speaker)!),
    article: reference(articleId),
    paragraphKey: quote.paragraphKey,
    ...(quote.verb ? {verb: quote.verb} : {}),
    ...(quote.quotedVia && ids.has(quote.quotedVia) ? {quotedVia: reference(ids.get(quote.quotedVia)!)} : {}),
    kind: 'direct',
  }))
  for (const quote of spoken) {
    const speaker = ids.get(quote.speaker)!
    if (!documents.has(speaker)) {
      const entity = entities.byKey.get(quote.speaker)
      if (entity?.kind === 'person') documents.set(speaker, {_id: speaker, _type: 'person', name: entity.name, slug: {_type: 'slug', current: speaker.replace(/^person-/, '')}})
    }
  }
  return [article, ...documents.values(), ...quoteDocuments]
}

function organizationDocument(id: string, entity: FoundOrganization): NewsDocument {
  return {
    _id: id,
    _type: 'organization',
    name: entity.name,
    slug: {_type: 'slug', current: id.replace(/^organization-/, '')},
    ...(entity.acronym ? {acronym: entity.acronym} : {}),
    ...nonEmpty('aliases', [...entity.aliases].filter((alias) => alias !== entity.name && alias !== entity.acronym).sort()),
    kind: entity.organizationKind,
  }
}

function nonEmpty<K extends string, V>(key: K, values: V[]): Partial<Record<K, V[]>> {
  return values.length > 0 ? ({[key]: values} as Record<K, V[]>) : {}
}

const MAX_TITLE = 120

/**
 * A text without metadata has no headline; its title is the first sentence of the first paragraph, cut at a word
 * boundary to at most 120 characters with an ellipsis. Provenance records that the title was derived.
 */
export function deriveTitle(firstParagraph: string): string {
  const sentence = /^.+?[.!?](?=\s|$)/.exec(firstParagraph)?.[0] ?? firstParagraph
  if (sentence.length <= MAX_TITLE) return sentence.trim()
  const cut = sentence.slice(0, MAX_TITLE - 1)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).trim()}…`
}
