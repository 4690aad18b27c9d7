/**
 * The project's word lists as evidence for the tagger: which words of a sentence a list names, alone or as part of
 * a phrase ("Jawa Barat", "Dewan Perwakilan Rakyat", "Kombes Pol"). The tagger learns how far to trust each list;
 * the lists do not decide.
 */
import {
  ATTRIBUTION_VERBS,
  KNOWN_ORGANIZATIONS,
  MONTHS,
  NAME_SUFFIXES,
  NICKNAMES,
  NOT_NAME_WORDS,
  ORGANIZATION_HEADS,
  OUTLETS,
  ORGANIZATION_TAILS,
  PERSON_TITLES,
  PLACE_HEADS,
  PLACES,
  ROLE_COMPLEMENTS,
  ROLE_WORDS,
  SENTENCE_STARTERS,
  SPEECH_VERBS,
} from '../lexicon'
import {tokenize} from '../entities/tokens'

/** The lists, by the name their features carry. Order is part of the model: append, never reorder. */
const LISTS: readonly (readonly [name: string, phrases: readonly string[], cased: boolean])[] = [
  ['place', [...PLACES], true],
  ['orgAcronym', [...KNOWN_ORGANIZATIONS.keys()], true],
  ['orgName', [...KNOWN_ORGANIZATIONS.values()].map((organization) => organization.name), true],
  ['placeHead', [...PLACE_HEADS], true],
  ['orgHead', [...ORGANIZATION_HEADS], true],
  ['orgTail', [...ORGANIZATION_TAILS], true],
  ['title', [...PERSON_TITLES], true],
  ['nameSuffix', [...NAME_SUFFIXES], true],
  ['role', [...ROLE_WORDS], true],
  ['roleComplement', [...ROLE_COMPLEMENTS], true],
  ['starter', [...SENTENCE_STARTERS], true],
  ['notName', [...NOT_NAME_WORDS], true],
  // Lower-case base forms; "ujarnya" attributes as "ujar" does.
  ['attribution', [...ATTRIBUTION_VERBS].flatMap((verb) => [verb, `${verb}nya`]), false],
  ['speech', [...SPEECH_VERBS], false],
  ['month', [...MONTHS.keys()], false],
  ['nickname', [...NICKNAMES.keys()], true],
  ['nicknamed', [...NICKNAMES.values()], true],
  // Outlets as written in datelines, lower case ("kompas.com"), and their publishers' names.
  ['outlet', [...OUTLETS.keys()], false],
  ['publisher', [...OUTLETS.values()], true],
]

export const LIST_NAMES: readonly string[] = LISTS.map(([name]) => name)

/**
 * A hash of every list's contents. The model records the lists it was trained with: lists edited since (a place
 * added) still work, but the model has not learnt them, and eval:ner says so until it is retrained.
 */
export function listsFingerprint(): string {
  let hash = 0x811c9dc5
  for (const [name, phrases] of LISTS) {
    for (const text of [name, ...[...phrases].sort()]) {
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
      hash = Math.imul(hash ^ 10, 0x01000193)
    }
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** Phrases keyed by their words joined with one space, each with the lists (bits) that hold it. */
interface PhraseIndex {
  phrases: Map<string, number>
  /** First word -> most words of a phrase it starts. */
  longest: Map<string, number>
}

/** What the lists say of one word on its own, looked up once per word (features.ts caches it). */
export interface WordInLists {
  /** Lists holding the word as a one-word phrase, ignoring case / as written. */
  anyCase: number
  exact: number
  /** Most words of a phrase starting with this word (0: none), ignoring case / as written. */
  anyCaseLongest: number
  exactLongest: number
}

/** Per word of a sentence: bits of the lists with a phrase beginning at it, and running on through it. */
export interface ListMatches {
  begins: Int32Array
  continues: Int32Array
}

let indexes: {anyCase: PhraseIndex; exact: PhraseIndex} | undefined

function buildIndexes(): {anyCase: PhraseIndex; exact: PhraseIndex} {
  const anyCase: PhraseIndex = {phrases: new Map(), longest: new Map()}
  const exact: PhraseIndex = {phrases: new Map(), longest: new Map()}
  const add = (index: PhraseIndex, words: string[], bit: number) => {
    const key = words.join(' ')
    index.phrases.set(key, (index.phrases.get(key) ?? 0) | bit)
    index.longest.set(words[0]!, Math.max(index.longest.get(words[0]!) ?? 0, words.length))
  }
  LISTS.forEach(([, phrases, cased], list) => {
    for (const phrase of phrases) {
      // Split as the tagger's text is split, so "St. Petersburg" and "Dato'" are matched word for word.
      const words = tokenize(phrase).map((token) => token.text)
      if (words.length === 0) continue
      add(anyCase, words.map((word) => word.toLowerCase()), 1 << list)
      if (cased) add(exact, words, 1 << list)
    }
  })
  return {anyCase, exact}
}

export function wordInLists(word: string, lower: string): WordInLists {
  indexes ??= buildIndexes()
  const {anyCase, exact} = indexes
  return {
    anyCase: anyCase.phrases.get(lower) ?? 0,
    exact: exact.phrases.get(word) ?? 0,
    anyCaseLongest: anyCase.longest.get(lower) ?? 0,
    exactLongest: exact.longest.get(word) ?? 0,
  }
}

/**
 * Marks where the lists name words of a sentence, longest phrase of each list first ("Jawa Barat" is one place,
 * not "Jawa" and then some). `words` as matched (lower case, or as written for `exact`), `entries` their
 * wordInLists; results go into `into`, which must hold words.length entries.
 */
export function matchLists(words: readonly string[], entries: readonly WordInLists[], exact: boolean, into: ListMatches): void {
  indexes ??= buildIndexes()
  const index = exact ? indexes.exact : indexes.anyCase
  const n = words.length
  into.begins.fill(0, 0, n)
  into.continues.fill(0, 0, n)
  for (let start = 0; start < n; start++) {
    const entry = entries[start]!
    const longest = Math.min(exact ? entry.exactLongest : entry.anyCaseLongest, n - start)
    let seen = 0
    for (let length = longest; length >= 2; length--) {
      const bits = (index.phrases.get(words.slice(start, start + length).join(' ')) ?? 0) & ~seen
      if (bits === 0) continue
      seen |= bits
      into.begins[start] = into.begins[start]! | bits
      for (let at = start + 1; at < start + length; at++) into.continues[at] = into.continues[at]! | bits
    }
    into.begins[start] = into.begins[start]! | ((exact ? entry.exact : entry.anyCase) & ~seen)
  }
}
