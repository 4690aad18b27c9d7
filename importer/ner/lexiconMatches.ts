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

/** Phrases word by word: the lists (bits) holding the phrase that ends at a node, and the words that may follow. */
interface PhraseNode {
  bits: number
  next: Map<string, PhraseNode> | undefined
  /** Most words of a phrase from here on (this word counted). */
  longest: number
}

const newNode = (): PhraseNode => ({bits: 0, next: undefined, longest: 0})

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

let indexes: {anyCase: PhraseNode; exact: PhraseNode} | undefined

function buildIndexes(): {anyCase: PhraseNode; exact: PhraseNode} {
  const anyCase = newNode()
  const exact = newNode()
  const add = (root: PhraseNode, words: string[], bit: number) => {
    let node = root
    words.forEach((word, index) => {
      node.next ??= new Map()
      let child = node.next.get(word)
      if (!child) node.next.set(word, (child = newNode()))
      child.longest = Math.max(child.longest, words.length - index)
      node = child
    })
    node.bits |= bit
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

const NO_NODE: PhraseNode = newNode()

export function wordInLists(word: string, lower: string): WordInLists {
  indexes ??= buildIndexes()
  const anyCase = indexes.anyCase.next?.get(lower) ?? NO_NODE
  const exact = indexes.exact.next?.get(word) ?? NO_NODE
  return {anyCase: anyCase.bits, exact: exact.bits, anyCaseLongest: anyCase.longest, exactLongest: exact.longest}
}

// Bits of the phrase of each length from the word being matched (scratch: matchLists does not call itself).
let phraseBits = new Int32Array(16)

/**
 * Marks where the lists name words of a sentence, longest phrase of each list first ("Jawa Barat" is one place,
 * not "Jawa" and then some). `words` as matched (lower case, or as written for `exact`), `entries` their
 * wordInLists; results go into `into`, which must hold words.length entries.
 */
export function matchLists(words: readonly string[], entries: readonly WordInLists[], exact: boolean, into: ListMatches): void {
  indexes ??= buildIndexes()
  const root = exact ? indexes.exact : indexes.anyCase
  const n = words.length
  into.begins.fill(0, 0, n)
  into.continues.fill(0, 0, n)
  for (let start = 0; start < n; start++) {
    const entry = entries[start]!
    const longest = Math.min(exact ? entry.exactLongest : entry.anyCaseLongest, n - start)
    let seen = 0
    if (longest >= 2) {
      // Walk the phrases word by word as far as the sentence follows one, then take the longest first.
      if (phraseBits.length <= longest) phraseBits = new Int32Array(2 * longest)
      let node = root.next?.get(words[start]!)
      let reached = 1
      while (node && reached < longest) {
        node = node.next?.get(words[start + reached]!)
        if (!node) break
        phraseBits[++reached] = node.bits
      }
      for (let length = reached; length >= 2; length--) {
        const bits = phraseBits[length]! & ~seen
        if (bits === 0) continue
        seen |= bits
        into.begins[start] = into.begins[start]! | bits
        for (let at = start + 1; at < start + length; at++) into.continues[at] = into.continues[at]! | bits
      }
    }
    into.begins[start] = into.begins[start]! | ((exact ? entry.exact : entry.anyCase) & ~seen)
  }
}
