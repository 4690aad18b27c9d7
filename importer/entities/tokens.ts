import {ABBREVIATIONS, NAME_SUFFIXES} from '../lexicon'

export interface Token {
  text: string
  start: number
  end: number
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// Degrees written with inner dots ("M.Si", "S.Sos", "Ph.D", "Sp.THT-KL") are one token each, as the word lists write
// them, so that "Ahmad Yani M.Si" never yields a name "Si". Longest first: "S.H." before "S.H".
const DOTTED = [...NAME_SUFFIXES].filter((suffix) => /\.[\p{L}]/u.test(suffix)).sort((a, b) => b.length - a.length).map(escape)
// Words, with inner hyphens and apostrophes ("Nagorno-Karabakh", "Ma'ruf") and a dot that may abbreviate ("Jl.").
const WORD = new RegExp(`(?<![\\p{L}\\p{N}.])(?:${DOTTED.join('|')})(?![\\p{L}\\p{N}])|[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*\\.?`, 'gu')
const isDotted = new Set(NAME_SUFFIXES)

// The passes of one story tokenize its paragraphs again and again (runs, the tagger, the lower-case words): the
// last few hundred paragraphs' tokens are kept. Tokens are never changed by those who read them.
const recent = new Map<string, readonly Token[]>()
const RECENT = 512

/** Splits a paragraph into word tokens with their character offsets. */
export function tokenize(text: string): Token[] {
  const known = recent.get(text)
  if (known) return known as Token[]
  const tokens = splitWords(text)
  if (recent.size >= RECENT) recent.clear()
  recent.set(text, Object.freeze(tokens) as readonly Token[])
  return tokens
}

function splitWords(text: string): Token[] {
  const tokens: Token[] = []
  for (const match of text.matchAll(WORD)) {
    let word = match[0]
    // Keep a trailing dot only where it abbreviates ("Jl.", "H.", "Dr."): a sentence's full stop is not part of a word.
    if (word.endsWith('.') && !/^\p{Lu}\.$/u.test(word) && !ABBREVIATIONS.has(word.slice(0, -1)) && !isDotted.has(word)) word = word.slice(0, -1)
    tokens.push({text: word, start: match.index, end: match.index + word.length})
  }
  return tokens
}

export const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word)

/** Only spaces lie between two tokens: they can belong to one name. */
export const adjacent = (text: string, left: Token, right: Token): boolean =>
  /^ +$/.test(text.slice(left.end, right.start))
