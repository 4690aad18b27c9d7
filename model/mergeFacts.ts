import type {NewsDocument, StoredDocument} from './documents'
import {roleIdentity} from './keys'

/**
 * The one policy for what several sources say about one person or organization, wherever they meet: two articles of
 * a batch, an import and the dataset, a short form folded into a fuller name. The name, slug and acronym the entity
 * was first known by stay, and any other name the incoming one has becomes an alias ("Kejaksaan Agung RI" of
 * Kejaksaan Agung); aliases and roles gather (a role once, by title, organization and source), never repeating
 * the name or the acronym; the other fields are the known document's, the incoming one's, or both with the
 * incoming's over the known's.
 */
export function mergeFacts(known: StoredDocument, incoming: NewsDocument, otherFields: 'known' | 'incoming' | 'both'): NewsDocument {
  const base = otherFields === 'known' ? known : otherFields === 'incoming' ? incoming : {...known, ...incoming}
  const merged: NewsDocument = {
    ...base,
    // Of the type the import makes, whatever holds the id now (a dataset's document may be of any type).
    _type: incoming._type,
    ...firstOf('name', known, incoming),
    ...firstOf('slug', known, incoming),
    ...united('roles', known.roles, incoming.roles, roleIdentity),
  }
  if (known._type === 'organization') Object.assign(merged, firstOf('acronym', known, incoming))
  const incomingName = incoming.name !== undefined && incoming.name !== incoming.acronym ? [incoming.name] : []
  const aliases = united('aliases', known.aliases, [...(Array.isArray(incoming.aliases) ? incoming.aliases : []), ...incomingName], (alias) => String(alias)).aliases
  const kept = aliases?.filter((alias) => alias !== merged.name && alias !== merged.acronym)
  delete merged.aliases
  if (kept && kept.length > 0) merged.aliases = kept
  return merged
}

function firstOf(field: string, known: StoredDocument, incoming: NewsDocument): Record<string, unknown> {
  const value = known[field] ?? incoming[field]
  return value === undefined ? {} : {[field]: value}
}

function united(field: string, known: unknown, incoming: unknown, key: (item: unknown) => string): Record<string, unknown[]> {
  const seen = new Map<string, unknown>()
  for (const item of [...(Array.isArray(known) ? known : []), ...(Array.isArray(incoming) ? incoming : [])]) if (!seen.has(key(item))) seen.set(key(item), item)
  return seen.size > 0 ? {[field]: [...seen.values()]} : {}
}
