/**
 * Text as the tagger reads it: sentences of words, with the punctuation written between the words kept beside
 * them. The project's tokenizer keeps only words; the comma and quote of `," kata Budi` are where a speaker's
 * name begins, so the tagger reads them as features of the words around them.
 */
import {tokenize, type Token} from '../entities/tokens'

export interface Sentence {
  words: string[]
  /** gaps[i]: what is written before words[i] (spaces removed, quotes and dashes in one form); gaps[words.length]: after the last. */
  gaps: string[]
  /** Where each word comes from: its index in the caller's tokens. */
  tokenIndex: number[]
}

const HAS_WORD = /[\p{L}\p{N}]/u
// A sentence ends at . ! ? (or a quote or bracket closing after one) followed by a space: "...itu." Lalu ...
// The tokenizer keeps an abbreviation's dot in its word ("Dr.", "Jl."), so that dot is never in a gap.
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s)/u

/** Punctuation in one spelling: curly and straight quotes alike, dashes alike; at most three marks. */
export function normalizeGap(gap: string): string {
  if (gap === ' ' || gap === '') return ''
  return gap
    .replace(/\s+/g, '')
    .replace(/[“”„«»]/g, '"')
    .replace(/[‘’`]/g, "'")
    .replace(/[–—]/g, '-')
    .slice(0, 3)
}

/** Splits a paragraph's tokens (from `tokenize`) into sentences, reading the punctuation between them from `text`. */
export function sentencesOfText(text: string, tokens: readonly Token[] = tokenize(text)): Sentence[] {
  const sentences: Sentence[] = []
  let current: Sentence = {words: [], gaps: [], tokenIndex: []}
  let before = text.slice(0, tokens[0]?.start ?? text.length)
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!
    current.words.push(token.text)
    current.gaps.push(normalizeGap(before))
    current.tokenIndex.push(index)
    const next = tokens[index + 1]
    const gap = text.slice(token.end, next ? next.start : text.length)
    const end = next && gap !== ' ' ? SENTENCE_END.exec(gap) : null
    if (end) {
      current.gaps.push(normalizeGap(gap.slice(0, end.index + end[0].length)))
      sentences.push(current)
      current = {words: [], gaps: [], tokenIndex: []}
      before = gap.slice(end.index + end[0].length)
    } else {
      before = gap
    }
  }
  if (current.words.length > 0) {
    current.gaps.push(normalizeGap(before))
    sentences.push(current)
  }
  return sentences
}

/**
 * One sentence given as tokens, as a benchmark or another tokenizer writes them: tokens with a letter or digit are
 * words, the others (`,` `"` `(`) are the punctuation between them.
 */
export function sentenceOfTokens(tokens: readonly string[]): Sentence {
  const sentence: Sentence = {words: [], gaps: [], tokenIndex: []}
  let gap = ''
  tokens.forEach((token, index) => {
    if (!HAS_WORD.test(token)) {
      gap += token
      return
    }
    sentence.words.push(token)
    sentence.gaps.push(normalizeGap(gap))
    sentence.tokenIndex.push(index)
    gap = ''
  })
  sentence.gaps.push(normalizeGap(gap))
  return sentence
}
