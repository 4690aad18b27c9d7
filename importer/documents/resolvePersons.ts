import {KNOWN_ORGANIZATIONS, NAME_SUFFIXES, ORGANIZATION_HEADS, ORGANIZATION_TAILS, PERSON_TITLES, PLACES, ROLE_WORDS} from '../lexicon'
import type {NewsDocument} from '../../model/documents'
import {mergeFacts} from '../../model/mergeFacts'
import {nearSpelling} from '../entities/spelling'

/** One person's document folded into another's: the same real person, by a shorter name or a misspelling. */
export interface PersonMerge {
  from: string
  into: string
  /** "short form", "near spelling": for the report. */
  reason: string
}

const wordsOf = (name: string) => name.split(/\s+/).filter(Boolean)
const lower = (word: string) => word.toLowerCase()

/**
 * Which of the people a batch created are people the batch or the dataset already has under a fuller or a better
 * spelt name. A batch can name "Prabowo" in one article and "Prabowo Subianto" in a later one; articles are imported
 * one by one, so only the batch as a whole can see that they are one person.
 *
 * - A short form (its words, in order, inside one longer name) joins that name when it is the only one that holds it;
 *   when several do ("Prabowo Subianto", "Listyo Sigit Prabowo"), it joins the one whose role it shares, or none.
 * - A near spelling ("Gibran Rakabubing Raka") joins the known name it differs from by one letter or two in one word,
 *   when both hold the same role: the spelling more articles use wins.
 *
 * Only documents the batch created are folded away; a person the dataset already has stays (merging those is an
 * editor's decision). A longer name with a title, a role, a place or an organization word in it is a wrongly cut
 * name ("Federal Reserve Jerome Powell"), never a target.
 */
export function findPersonMerges(created: readonly NewsDocument[], known: readonly NewsDocument[], uses: ReadonlyMap<string, number>): PersonMerge[] {
  const persons = [...new Map([...known, ...created].filter((document) => document._type === 'person').map((document) => [document._id, document])).values()]
  const createdIds = new Set(created.filter((document) => document._type === 'person').map((document) => document._id))
  const words = new Map(persons.map((person) => [person._id, wordsOf(String(person.name ?? '')).map(lower)]))
  // Candidates by a word they hold (a short form's first word is in every name that holds it), and by their words
  // with one left out (two near spellings differ in one word): lookups, not a scan of every pair.
  const byWord = new Map<string, NewsDocument[]>()
  const byMasked = new Map<string, NewsDocument[]>()
  const push = (index: Map<string, NewsDocument[]>, key: string, person: NewsDocument) => index.set(key, [...(index.get(key) ?? []), person])
  for (const person of persons) {
    if (!isCleanName(String(person.name ?? ''))) continue
    const own = words.get(person._id)!
    for (const word of new Set(own)) push(byWord, word, person)
    own.forEach((_, at) => push(byMasked, masked(own, at), person))
  }
  const merges: PersonMerge[] = []
  const folded = new Set<string>()
  // Longer names first: once "Rosan Roeslani" has joined "Rosan Perkasa Roeslani", a bare "Rosan" has one name to join.
  const byLength = [...persons].sort((a, b) => words.get(b._id)!.length - words.get(a._id)!.length)
  for (const person of byLength) {
    if (!createdIds.has(person._id)) continue
    const name = words.get(person._id)!
    if (name.length === 0) continue
    const longer = (byWord.get(name[0]!) ?? []).filter((other) => other._id !== person._id && !folded.has(other._id) && containsInOrder(words.get(other._id)!, name))
    const into = pick(longer, person)
    if (into) {
      merges.push({from: person._id, into: into._id, reason: 'short form'})
      folded.add(person._id)
      continue
    }
    const alike = new Set(name.flatMap((_, at) => byMasked.get(masked(name, at)) ?? []))
    const near = [...alike].filter((other) => other._id !== person._id && nearSpelling(words.get(other._id)!, name) && sharesRole(person, other))
    const best = near.sort((a, b) => (uses.get(b._id) ?? 0) - (uses.get(a._id) ?? 0))[0]
    if (best && (uses.get(best._id) ?? 0) >= (uses.get(person._id) ?? 0) && best._id !== person._id) {
      merges.push({from: person._id, into: best._id, reason: 'near spelling'})
      folded.add(person._id)
    }
  }
  return settle(merges)
}

const masked = (words: readonly string[], at: number) => words.map((word, index) => (index === at ? '*' : word)).join(' ')

/** The one longer name to join: the only candidate, or the only one sharing a role; else none. */
function pick(candidates: NewsDocument[], person: NewsDocument): NewsDocument | undefined {
  if (candidates.length === 1) return candidates[0]
  const sharing = candidates.filter((candidate) => sharesRole(person, candidate))
  return sharing.length === 1 ? sharing[0] : undefined
}

/** Follows chains (a -> b -> c becomes a -> c, b -> c) and drops cycles, so each document is folded once. */
function settle(merges: PersonMerge[]): PersonMerge[] {
  const into = new Map(merges.map((merge) => [merge.from, merge]))
  const final = (id: string, seen = new Set<string>()): string | undefined => {
    const next = into.get(id)
    if (!next) return id
    if (seen.has(id)) return undefined
    seen.add(id)
    return final(next.into, seen)
  }
  return merges.flatMap((merge) => {
    const target = final(merge.into, new Set([merge.from]))
    return target && target !== merge.from ? [{...merge, into: target}] : []
  })
}

/** A name of name words only: no title, role, degree, place or organization word that a wrong cut left in it. */
function isCleanName(name: string): boolean {
  const words = wordsOf(name)
  const phrases = words.flatMap((_, from) => words.slice(from).map((__, length) => words.slice(from, from + length + 1).join(' ')))
  return (
    !phrases.some((phrase) => KNOWN_ORGANIZATIONS.has(phrase)) &&
    words.length >= 2 &&
    words.every((word) => /^\p{Lu}/u.test(word) || /^(?:bin|binti|van|von|der|de|da|al|el)$/i.test(word)) &&
    !words.some((word) => PERSON_TITLES.has(word) || ROLE_WORDS.has(word) || NAME_SUFFIXES.has(word) || PLACES.has(word) || ORGANIZATION_HEADS.has(word) || ORGANIZATION_TAILS.has(word) || word === 'The')
  )
}

/**
 * "Sri Mulyani" in "Sri Mulyani Indrawati" (words side by side), or "Rosan Roeslani" in "Rosan Perkasa Roeslani"
 * (a first name and a later one, with the middle left out).
 */
export function containsInOrder(longer: readonly string[], shorter: readonly string[]): boolean {
  if (longer.length <= shorter.length) return false
  for (let at = 0; at + shorter.length <= longer.length; at++) if (shorter.every((word, offset) => longer[at + offset] === word)) return true
  if (shorter.length < 2 || shorter[0] !== longer[0]) return false
  let from = 1
  for (const word of shorter.slice(1)) {
    from = longer.indexOf(word, from)
    if (from === -1) return false
    from++
  }
  return true
}

function sharesRole(a: NewsDocument, b: NewsDocument): boolean {
  const roles = (document: NewsDocument) => (Array.isArray(document.roles) ? (document.roles as {title?: string; organization?: {_ref?: string}}[]) : [])
  const titles = new Set(roles(b).map((role) => lower(role.title ?? '')).filter(Boolean))
  const organizations = new Set(roles(b).map((role) => role.organization?._ref).filter(Boolean))
  return roles(a).some((role) => titles.has(lower(role.title ?? '')) || (role.organization?._ref !== undefined && organizations.has(role.organization._ref)))
}

/**
 * The batch's documents with each merge applied: every reference to a folded person points at the one it joined
 * (duplicate references in one list dropped), the folded person's names and roles become the survivor's, and the
 * folded document is gone. Survivors the dataset already holds are returned changed too, so the plan updates them.
 */
export function applyPersonMerges(documents: readonly NewsDocument[], known: ReadonlyMap<string, NewsDocument>, merges: readonly PersonMerge[]): NewsDocument[] {
  if (merges.length === 0) return [...documents]
  const into = new Map(merges.map((merge) => [merge.from, merge.into]))
  const byId = new Map(documents.map((document) => [document._id, document]))
  const survivors = new Map<string, NewsDocument>()
  for (const merge of merges) {
    const folded = byId.get(merge.from)
    const survivor = survivors.get(merge.into) ?? byId.get(merge.into) ?? known.get(merge.into)
    if (!folded || !survivor) continue
    // The folded name is one more name of the survivor's.
    const merged = mergeFacts(survivor, {...folded, aliases: [String(folded.name), ...((folded.aliases as string[] | undefined) ?? [])]}, 'known')
    const aliases = ((merged.aliases as string[] | undefined) ?? []).filter((alias) => alias !== merged.name).sort()
    survivors.set(merge.into, {...merged, ...(aliases.length > 0 ? {aliases} : {})})
  }
  const result: NewsDocument[] = []
  for (const document of documents) {
    if (into.has(document._id)) continue
    result.push(rewriteReferences(survivors.get(document._id) ?? document, into))
  }
  for (const [id, survivor] of survivors) if (!byId.has(id)) result.push(rewriteReferences(survivor, into))
  return result
}

/**
 * `value` with every `_ref` that `into` names pointing at its survivor, and lists of references deduplicated: copied
 * where something changes, the same object where nothing does (most of a batch: a body holds no person's id).
 */
export function rewriteReferences<T>(value: T, into: ReadonlyMap<string, string>): T {
  if (!value || typeof value !== 'object') return value
  // A walk over every document of the batch: nothing is allocated until something changes.
  if (Array.isArray(value)) {
    let kept: unknown[] | undefined
    let refs: Set<string> | undefined
    for (let index = 0; index < value.length; index++) {
      const item: unknown = rewriteReferences(value[index], into)
      const ref = (item as {_ref?: unknown} | null)?._ref
      let keep = true
      if (typeof ref === 'string' && '_key' in (item as object)) {
        refs ??= new Set()
        keep = !refs.has(ref)
        refs.add(ref)
      }
      if (!kept && (!keep || item !== value[index])) kept = value.slice(0, index)
      if (kept && keep) kept.push(item)
    }
    return (kept ?? value) as T
  }
  const record = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const field of Object.keys(record)) {
    const child = record[field]
    const rewritten = field === '_ref' && typeof child === 'string' && into.has(child) ? into.get(child) : rewriteReferences(child, into)
    if (rewritten !== child) (copy ??= {...record})[field] = rewritten
  }
  return (copy ?? value) as T
}
