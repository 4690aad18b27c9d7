/**
 * What the tagger looks at, as 32-bit feature keys (hashes of template and value: no feature strings in the model
 * file). Features of a word alone are computed once per word and cached (wordFeatures); features of its place in
 * a sentence (punctuation, word pairs, word-list phrases, capitalisation around it) per sentence
 * (contextFeatures).
 *
 * NER-P is all lower case, so a feature that reads case would learn "lower case" for every name in it: features
 * that read case are emitted only for cased text (`cased`), which news text always is.
 */
import {LIST_NAMES, matchLists, wordInLists, type ListMatches, type WordInLists} from './lexiconMatches'
import type {Sentence} from './sentences'

/** Bumped whenever a feature changes: a model trained with other features must not be read with these. */
export const FEATURE_VERSION = 2

const FNV_OFFSET = 0x811c9dc5

/** FNV-1a over `text`, continuing from `hash`. */
export function hashText(hash: number, text: string): number {
  let h = hash
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Two hashes into one (a murmur3-style finaliser): keys for word pairs and case patterns without building strings. */
export function combine(hash: number, value: number): number {
  let h = Math.imul(hash ^ value, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h, 0x85ebca77)
  h ^= h >>> 13
  return h >>> 0
}

const seed = (template: string): number => hashText(FNV_OFFSET, `${template}=`)

/** A word's features by where it stands relative to the word being tagged. */
export const ROLES = ['self', 'prev1', 'next1', 'prev2', 'next2'] as const
export type Role = (typeof ROLES)[number]

export interface WordFeatures {
  /** The word as written, and in lower case: kept here so that every later lookup reuses one string. */
  word: string
  lower: string
  /** Hash of the lower-case word, combined into word-pair keys. */
  wordHash: number
  /** Hash of the capitalisation class ("title", "upper", ...; none in uncased text), combined into case keys. */
  capsHash: number
  /** Written with a capital first, as names are ("Jakarta", "DPR", "McDonald"); false in uncased text. */
  capitalised: boolean
  lists: WordInLists
  /** Keys per role, in ROLES order. */
  keys: readonly Uint32Array[]
}

/** Receives the features of each word of a sentence. */
export interface FeatureSink {
  add(word: number, key: number): void
}

/** Sentence start and end, as words of their own: the neighbours of the first and last words. */
export const BEGIN = '<s>'
export const END = '</s>'

// Indonesian affixes, longest first: "mengatakan" is meng-...-kan, "dilaporkan" di-...-kan, "penjualannya" ...-nya.
const PREFIXES = ['memper', 'diper', 'meng', 'meny', 'peng', 'peny', 'mem', 'men', 'pem', 'pen', 'ber', 'ter', 'per', 'me', 'di', 'ke', 'se', 'pe', 'be']
const SUFFIXES = ['nya', 'kan', 'lah', 'kah', 'pun', 'an', 'i']

interface Spelling {
  /** Letters, digits and marks in classes, runs collapsed: "Jakarta" Xx, "DPR-RI" X-X, "20.000" d.d, "M.Si" X.Xx. */
  caseShape: string
  /** The same without case: "Jakarta" x, "DPR-RI" x-x. */
  shape: string
  /** Capitalisation class: title, upper, initial, camel, mixed, lower, digitFirst, none. */
  caps: string
}

// One pass over the word. ASCII words (nearly all) by char code with no strings built but the two shapes;
// anything else by Unicode property, code point by code point.
function spellingOf(word: string): Spelling {
  let ascii = true
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 128) ascii = false
  return ascii ? asciiSpelling(word) : unicodeSpelling(word)
}

function asciiSpelling(word: string): Spelling {
  let caseShape = ''
  let shape = ''
  let lastCased = -1
  let lastPlain = -1
  let letters = 0
  let upper = 0
  let first = -1
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i)
    // Kinds as char codes: 'X' 88, 'x' 120, 'd' 100, or the mark itself.
    const kind = code >= 65 && code <= 90 ? 88 : code >= 97 && code <= 122 ? 120 : code >= 48 && code <= 57 ? 100 : code
    if (kind === 88 || kind === 120) {
      letters++
      if (kind === 88) upper++
    }
    if (first === -1) first = kind
    if (kind !== lastCased) caseShape += String.fromCharCode((lastCased = kind))
    const plain = kind === 88 ? 120 : kind
    if (plain !== lastPlain) shape += String.fromCharCode((lastPlain = plain))
  }
  return {caseShape, shape, caps: capsClass(letters, upper, first === 100 ? 'd' : first === 88 ? 'X' : '')}
}

function unicodeSpelling(word: string): Spelling {
  let caseShape = ''
  let shape = ''
  let letters = 0
  let upper = 0
  let first = ''
  for (const char of word) {
    const code = char.charCodeAt(0)
    let kind: string
    if (code >= 65 && code <= 90) kind = 'X'
    else if (code >= 97 && code <= 122) kind = 'x'
    else if (code >= 48 && code <= 57) kind = 'd'
    else if (code < 128) kind = char
    else kind = /\p{Lu}/u.test(char) ? 'X' : /\p{L}/u.test(char) ? 'x' : /\p{N}/u.test(char) ? 'd' : char
    if (kind === 'X' || kind === 'x') {
      letters++
      if (kind === 'X') upper++
    }
    first ||= kind
    if (!caseShape.endsWith(kind)) caseShape += kind
    const plain = kind === 'X' ? 'x' : kind
    if (!shape.endsWith(plain)) shape += plain
  }
  return {caseShape, shape, caps: capsClass(letters, upper, first)}
}

/** `first`: the first character's kind ('X' upper case, 'd' digit; anything else reads as neither). */
function capsClass(letters: number, upper: number, first: string): string {
  if (letters === 0) return 'none'
  if (first === 'd') return 'digitFirst'
  if (first === 'X') return upper === letters ? (letters === 1 ? 'initial' : 'upper') : upper > 1 ? 'camel' : 'title'
  return upper > 0 ? 'mixed' : 'lower'
}

const lengthClass = (length: number): string => (length <= 4 ? String(length) : length <= 6 ? '5-6' : length <= 9 ? '7-9' : '10+')

const TEMPLATES = ['w', 'p2', 's2', 'p3', 's3', 'p4', 's4', 'prefix', 'suffix', 'circumfix', 'length', 'shape', 'caseShape', 'caps', 'caps+suffix', 'caps+w'] as const
const T = Object.fromEntries(TEMPLATES.map((template, index) => [template, index])) as Record<(typeof TEMPLATES)[number], number>
/** Seed of each role and template: SEEDS[role * TEMPLATES.length + template]. */
const SEEDS = Uint32Array.from(ROLES.flatMap((role) => TEMPLATES.map((template) => seed(`${role}:${template}`))))
const NO_LISTS: WordInLists = {anyCase: 0, exact: 0, anyCaseLongest: 0, exactLongest: 0}
const seedOf = (role: number, template: number): number => SEEDS[role * TEMPLATES.length + template]!

/** FNV-1a over text[from, to): hashText of a slice, without the slice. */
function hashRange(hash: number, text: string, from: number, to: number): number {
  let h = hash
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function prefixOf(lower: string): string {
  for (const affix of PREFIXES) if (lower.length >= affix.length + 3 && lower.startsWith(affix)) return affix
  return ''
}
function suffixOf(lower: string): string {
  for (const affix of SUFFIXES) if (lower.length >= affix.length + 3 && lower.endsWith(affix)) return affix
  return ''
}

/** Receives a word's feature keys: role (ROLES index) and key, in the order the model sums them. */
export type WordKeySink = (role: number, key: number) => void

/**
 * The features of one word in each role: the keys go to `emit`, role by role in ROLES order; what context
 * features need of the word is returned (`keys` empty: wordFeatures fills them).
 */
export function emitWordFeatures(word: string, cased: boolean, emit: WordKeySink): WordFeatures {
  const lower = word.toLowerCase()
  const boundary = word === BEGIN || word === END
  const spelling = boundary ? undefined : spellingOf(word)
  const caps = cased && spelling ? spelling.caps : ''
  const n = lower.length
  emit(0, hashText(seedOf(0, T.w), lower))
  if (spelling) {
    if (n > 2) emit(0, hashRange(seedOf(0, T.p2), lower, 0, 2)), emit(0, hashRange(seedOf(0, T.s2), lower, n - 2, n))
    if (n > 3) emit(0, hashRange(seedOf(0, T.p3), lower, 0, 3)), emit(0, hashRange(seedOf(0, T.s3), lower, n - 3, n))
    if (n > 4) emit(0, hashRange(seedOf(0, T.p4), lower, 0, 4)), emit(0, hashRange(seedOf(0, T.s4), lower, n - 4, n))
  }
  const prefix = spelling ? prefixOf(lower) : ''
  const suffix = spelling ? suffixOf(lower) : ''
  if (spelling) {
    if (prefix) emit(0, hashText(seedOf(0, T.prefix), prefix))
    if (suffix) emit(0, hashText(seedOf(0, T.suffix), suffix))
    if (prefix && suffix) emit(0, hashText(hashText(hashText(seedOf(0, T.circumfix), prefix), '+'), suffix))
    emit(0, hashText(seedOf(0, T.length), lengthClass(n)))
    emit(0, hashText(seedOf(0, T.shape), spelling.shape))
    if (cased) {
      emit(0, hashText(seedOf(0, T.caseShape), spelling.caseShape))
      emit(0, hashText(seedOf(0, T.caps), caps))
      emit(0, hashText(hashText(hashText(seedOf(0, T['caps+suffix']), caps), '+'), suffix))
      emit(0, hashText(hashText(hashText(seedOf(0, T['caps+w']), caps), '+'), lower))
    }
  }
  for (let role = 1; role < ROLES.length; role++) {
    emit(role, hashText(seedOf(role, T.w), lower))
    if (!spelling) continue
    // Neighbours one away: whether they look like verbs (me-, di-), how they end, their shape.
    if (role <= 2) {
      emit(role, hashText(seedOf(role, T.prefix), prefix))
      emit(role, hashRange(seedOf(role, T.s3), lower, Math.max(0, n - 3), n))
      emit(role, hashText(seedOf(role, T.shape), spelling.shape))
    }
    if (cased) emit(role, hashText(seedOf(role, T.caps), caps))
  }
  return {
    word,
    lower,
    wordHash: hashText(FNV_OFFSET, lower),
    capsHash: hashText(FNV_OFFSET, caps),
    capitalised: caps === 'title' || caps === 'upper' || caps === 'initial' || caps === 'camel',
    lists: boundary ? NO_LISTS : wordInLists(word, lower),
    keys: [],
  }
}

/** The features of one word in each role, keys included (for training). */
export function wordFeatures(word: string, cased: boolean): WordFeatures {
  const keys: number[][] = ROLES.map(() => [])
  const features = emitWordFeatures(word, cased, (role, key) => keys[role]!.push(key))
  return {...features, keys: keys.map((list) => Uint32Array.from(list))}
}

const BEGIN_HASH = hashText(FNV_OFFSET, BEGIN)
const END_HASH = hashText(FNV_OFFSET, END)
const BIAS = seed('bias')
const FIRST = seed('first')
const LAST = seed('last')
const GAP_BEFORE = seed('gapBefore')
const GAP_AFTER = seed('gapAfter')
const PAIR_LEFT = seed('w-1|w')
const PAIR_RIGHT = seed('w|w+1')
const CAPS_LEFT = seed('caps-1|caps')
const CAPS_RIGHT = seed('caps|caps+1')
const CAPS_AROUND = seed('caps-1|caps|caps+1')
const CAPS_FIRST = seed('first|caps')
const GAP_CAPS = seed('gapBefore|caps')
const RUN_PLACE = seed('capsRun:place|length')
const RUN_HEAD = seed('capsRun:head')
const RUN_BEFORE = seed('capsRun:wordBefore')
const WORD_CAPS_LEFT = seed('w-1|caps')
const WORD_CAPS_RIGHT = seed('caps|w+1')
const LIST_SEEDS = [false, true].map((exact) =>
  LIST_NAMES.map((name) => {
    const kind = exact ? 'exactList' : 'list'
    return {begins: seed(`${kind}:${name}=B`), continues: seed(`${kind}:${name}=I`), before: seed(`${kind}-1:${name}`), after: seed(`${kind}+1:${name}`)}
  }),
)

// Scratch space for one sentence at a time (contextFeatures does not call itself).
const scratch = {
  lower: [] as string[],
  written: [] as string[],
  lists: [] as WordInLists[],
  anyCase: {begins: new Int32Array(64), continues: new Int32Array(64)} as ListMatches,
  exact: {begins: new Int32Array(64), continues: new Int32Array(64)} as ListMatches,
}

function addLists(matches: ListMatches, exact: boolean, i: number, n: number, sink: FeatureSink): void {
  const begins = matches.begins[i]!
  const continues = matches.continues[i]!
  const before = i > 0 ? matches.begins[i - 1]! | matches.continues[i - 1]! : 0
  const after = i + 1 < n ? matches.begins[i + 1]! : 0
  let bits = begins | continues | before | after
  const seeds = LIST_SEEDS[exact ? 1 : 0]!
  while (bits !== 0) {
    const bit = bits & -bits
    bits ^= bit
    const list = seeds[31 - Math.clz32(bit)]!
    if (begins & bit) sink.add(i, list.begins)
    else if (continues & bit) sink.add(i, list.continues)
    if (before & bit) sink.add(i, list.before)
    if (after & bit) sink.add(i, list.after)
  }
}

/**
 * The features of each word's place in its sentence: punctuation around it, first or last, the word pairs it
 * forms, the word-list phrases it is in or beside, and (cased text) how capitalisation runs around it.
 * `words` are the sentence's wordFeatures.
 */
export function contextFeatures(sentence: Sentence, words: readonly WordFeatures[], cased: boolean, sink: FeatureSink): void {
  const n = words.length
  if (scratch.anyCase.begins.length < n) {
    for (const matches of [scratch.anyCase, scratch.exact]) {
      matches.begins = new Int32Array(2 * n)
      matches.continues = new Int32Array(2 * n)
    }
  }
  scratch.lower.length = scratch.written.length = scratch.lists.length = 0
  for (let i = 0; i < n; i++) {
    scratch.lower.push(words[i]!.lower)
    scratch.written.push(words[i]!.word)
    scratch.lists.push(words[i]!.lists)
  }
  matchLists(scratch.lower, scratch.lists, false, scratch.anyCase)
  if (cased) matchLists(scratch.written, scratch.lists, true, scratch.exact)
  for (let i = 0; i < n; i++) {
    const word = words[i]!
    const leftHash = i > 0 ? words[i - 1]!.wordHash : BEGIN_HASH
    const rightHash = i + 1 < n ? words[i + 1]!.wordHash : END_HASH
    sink.add(i, BIAS)
    if (i === 0) sink.add(i, FIRST)
    if (i === n - 1) sink.add(i, LAST)
    const gapBefore = sentence.gaps[i] ?? ''
    const gapAfter = sentence.gaps[i + 1] ?? ''
    if (gapBefore) sink.add(i, hashText(GAP_BEFORE, gapBefore))
    if (gapAfter) sink.add(i, hashText(GAP_AFTER, gapAfter))
    sink.add(i, combine(combine(PAIR_LEFT, leftHash), word.wordHash))
    sink.add(i, combine(combine(PAIR_RIGHT, word.wordHash), rightHash))
    addLists(scratch.anyCase, false, i, n, sink)
    if (!cased) continue
    addLists(scratch.exact, true, i, n, sink)
    if (word.capitalised) {
      // Where the word stands in its run of capitalised words ("Menteri Keuangan Sri Mulyani"), how long the run is,
      // which word opens it and which word stands before it.
      let first = i
      while (first > 0 && words[first - 1]!.capitalised) first--
      let last = i
      while (last + 1 < n && words[last + 1]!.capitalised) last++
      const length = Math.min(last - first + 1, 5)
      const place = first === last ? 0 : i === first ? 1 : i === last ? 3 : 2
      sink.add(i, combine(RUN_PLACE, place * 8 + length))
      if (first !== i) sink.add(i, combine(RUN_HEAD, words[first]!.wordHash))
      sink.add(i, combine(RUN_BEFORE, first > 0 ? words[first - 1]!.wordHash : BEGIN_HASH))
    }
    const capsLeft = i > 0 ? words[i - 1]!.capsHash : BEGIN_HASH
    const capsRight = i + 1 < n ? words[i + 1]!.capsHash : END_HASH
    sink.add(i, combine(combine(CAPS_LEFT, capsLeft), word.capsHash))
    sink.add(i, combine(combine(CAPS_RIGHT, word.capsHash), capsRight))
    sink.add(i, combine(combine(combine(CAPS_AROUND, capsLeft), word.capsHash), capsRight))
    if (i === 0) sink.add(i, combine(CAPS_FIRST, word.capsHash))
    sink.add(i, combine(gapBefore ? hashText(GAP_CAPS, gapBefore) : GAP_CAPS, word.capsHash))
    // "kata Budi", "Budi mengatakan": the word beside a capitalised word says what it names.
    sink.add(i, combine(combine(WORD_CAPS_LEFT, leftHash), word.capsHash))
    sink.add(i, combine(combine(WORD_CAPS_RIGHT, word.capsHash), rightHash))
  }
}
