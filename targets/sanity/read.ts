import pMap from 'p-map'

import {isNewsDocument, type NewsDocument, type StoredDocument} from '../../model/documents'
import type {Sender} from './send'

/** A document as the API has it, of any type an editor made: its fields plus `_rev` and the other system fields. */
export type RemoteDocument = StoredDocument & {_rev?: string}

// What the importer links new text against (EntityIndex: names, acronyms, aliases, ids, an article's source) and
// what validation checks slugs against: a few fields of each published person, organization and article.
// Editors' decisions (merges, rejections) are read whole: the import honours them.
const LINK_INDEX_QUERY =
  '*[_type in ["person", "organization", "article", "entityDecision"]]{_id, _type, name, acronym, aliases, slug, "sourceName": provenance.sourceName, ' +
  'decision, entityType, names, entityId, survivor}'

interface LinkIndexRow {
  _id: string
  _type: string
  name: string | null
  acronym: string | null
  aliases: string[] | null
  slug: {current?: string} | null
  sourceName: string | null
  decision: string | null
  entityType: string | null
  names: string[] | null
  entityId: string | null
  survivor: {_ref?: string} | null
}

/**
 * What the dataset already holds that a new import links to: published people, organizations and articles, a few
 * fields each. One query, so a person the dataset knows by name is linked, not created again, as in a local run.
 */
export async function readLinkIndex(sender: Sender): Promise<NewsDocument[]> {
  const rows = await sender.read<LinkIndexRow[]>(LINK_INDEX_QUERY, {}, 'published')
  return rows.flatMap((row) => {
    const document: StoredDocument = {_id: row._id, _type: row._type}
    if (row.name !== null) document.name = row.name
    if (row.acronym !== null) document.acronym = row.acronym
    if (row.aliases !== null) document.aliases = row.aliases
    if (row.slug !== null) document.slug = row.slug
    if (row.sourceName !== null) document.provenance = {sourceName: row.sourceName}
    for (const field of ['decision', 'entityType', 'names', 'entityId', 'survivor'] as const) if (row[field] !== null) document[field] = row[field]
    // The query asks for these types only; what answers is checked all the same.
    return isNewsDocument(document) ? [document] : []
  })
}

/** Ids per read request: the request stays small and the answer a few megabytes at most. */
const IDS_PER_READ = 5000
const READS_AT_ONCE = 4

/**
 * The documents an import would touch, published and drafts (`drafts.<id>`), as they are now, and every quote
 * (published or draft) of the given articles: one round of reads (perspective raw), split into concurrent requests
 * only for thousands of ids.
 */
export async function readDocuments(sender: Sender, ids: readonly string[], quotesOfArticles: readonly string[] = []): Promise<Map<string, RemoteDocument>> {
  const wanted = [...new Set(ids.flatMap((id) => [id, `drafts.${id}`]))]
  const chunks = chunksOf(wanted, IDS_PER_READ).map((chunk) => ({ids: chunk, articles: [] as string[]}))
  for (const [at, articles] of chunksOf(quotesOfArticles, IDS_PER_READ).entries()) {
    if (chunks[at]) chunks[at].articles = articles
    else chunks.push({ids: [], articles})
  }
  const found = new Map<string, RemoteDocument>()
  await pMap(chunks, async (params) => {
    const documents = await sender.read<RemoteDocument[]>('*[_id in $ids || (_type == "quote" && article._ref in $articles)]', params, 'raw')
    for (const document of documents) found.set(document._id, document)
  }, {concurrency: READS_AT_ONCE})
  return found
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size))
  return chunks
}

