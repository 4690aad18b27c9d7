import type {NewsDocument} from '../model/documents'
import {containsInOrder} from '../importer/documents/resolvePersons'
import {nearSpelling} from '../importer/entities/spelling'
import {KNOWN_ORGANIZATIONS, ORGANIZATION_HEADS, PLACES} from '../importer/lexicon'

/** Two documents that look like one person or organization, or one that looks wrongly cut, and why. */
export interface Suspect {
  kind: SuspectKind
  ids: string[]
  names: string[]
}

export type SuspectKind =
  | 'person: short form of another'
  | 'person: near spelling of another'
  | 'person: starts with a place or compass word'
  | 'person: holds an organization'
  | 'organization: extends another'
  | 'organization: ends with a person'

const COMPASS = new Set(['Utara', 'Selatan', 'Timur', 'Barat', 'Tengah', 'Tenggara', 'Daya', 'Laut', 'Raya'])
const wordsOf = (name: unknown) => String(name ?? '').split(/\s+/).filter(Boolean)
const lower = (word: string) => word.toLocaleLowerCase('id')

/**
 * The kinds of duplicate and cut the issue names, found in a set of documents (a corpus import): what an editor would
 * otherwise find by hand. A short form held by exactly one fuller name should have been joined to it; one held by
 * several is listed too, since a reader cannot tell which person it is.
 */
export function findSuspects(documents: readonly NewsDocument[]): Suspect[] {
  const persons = documents.filter((document) => document._type === 'person')
  const organizations = documents.filter((document) => document._type === 'organization')
  const suspects: Suspect[] = []
  const add = (kind: SuspectKind, found: NewsDocument[]) => suspects.push({kind, ids: found.map((document) => document._id), names: found.map((document) => String(document.name))})

  const byWord = new Map<string, NewsDocument[]>()
  for (const person of persons) for (const word of new Set(wordsOf(person.name).map(lower))) byWord.set(word, [...(byWord.get(word) ?? []), person])
  for (const person of persons) {
    const words = wordsOf(person.name)
    if (words.length === 0) continue
    const holders = (byWord.get(lower(words[0]!)) ?? []).filter((other) => other !== person && containsInOrder(wordsOf(other.name).map(lower), words.map(lower)))
    if (holders.length > 0) add('person: short form of another', [person, ...holders])
    if (COMPASS.has(words[0]!) || PLACES.has(words[0]!)) add('person: starts with a place or compass word', [person])
    const phrases = words.flatMap((_, from) => words.slice(from).map((__, length) => words.slice(from, from + length + 1).join(' ')))
    if (phrases.some((phrase) => KNOWN_ORGANIZATIONS.has(phrase)) || words.some((word) => ORGANIZATION_HEADS.has(word))) add('person: holds an organization', [person])
  }
  for (let a = 0; a < persons.length; a++) {
    for (let b = a + 1; b < persons.length; b++) if (nearSpelling(wordsOf(persons[a]!.name).map(lower), wordsOf(persons[b]!.name).map(lower))) add('person: near spelling of another', [persons[a]!, persons[b]!])
  }
  const personNames = new Set(persons.map((person) => String(person.name)))
  for (const organization of organizations) {
    const name = String(organization.name)
    const longer = organizations.filter((other) => other !== organization && String(other.name).startsWith(`${name} `))
    if (longer.length > 0) add('organization: extends another', [organization, ...longer])
    const words = wordsOf(name)
    for (let from = 1; from < words.length - 1; from++) {
      if (personNames.has(words.slice(from).join(' '))) {
        add('organization: ends with a person', [organization])
        break
      }
    }
  }
  return suspects
}
