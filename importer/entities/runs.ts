import {KNOWN_ORGANIZATIONS, ORGANIZATION_HEADS, PERSON_TITLES, ROLE_COMPLEMENTS, ROLE_WORDS, RUN_CONNECTORS, SENTENCE_STARTERS} from '../lexicon'
import type {Paragraph} from '../lines/splitArticle'
import {adjacent, isCapitalised, tokenize, type Token} from './tokens'

/** A run of capitalised words with only spaces between them: where names, roles and organizations are written. */
export interface Run {
  paragraph: Paragraph
  tokens: Token[]
  /** Text before and after the run in its paragraph, for the cues around it. */
  before: string
  after: string
}

export function capitalisedRuns(paragraph: Paragraph): Run[] {
  const tokens = tokenize(paragraph.text)
  const runs: Run[] = []
  let current: Token[] = []
  const close = () => {
    while (current.length > 0 && !isCapitalised(current.at(-1)!.text)) current.pop()
    if (current.length > 0) {
      const first = current[0]!
      const last = current.at(-1)!
      runs.push({
        paragraph,
        tokens: current,
        before: paragraph.text.slice(0, first.start),
        after: paragraph.text.slice(last.end),
      })
    }
    current = []
  }
  for (const token of tokens) {
    const previous = current.at(-1)
    const joins = previous !== undefined && adjacent(paragraph.text, previous, token)
    if (isCapitalised(token.text) || /^\d+$/.test(token.text)) {
      if (!joins) close()
      if (current.length === 0 && /^\d/.test(token.text)) continue
      current.push(token)
    } else if (joins && RUN_CONNECTORS.has(token.text.toLowerCase())) {
      current.push(token)
    } else {
      close()
    }
  }
  close()
  return runs
}

export const words = (tokens: Token[]) => tokens.map((token) => token.text)

export const joinTokens = (run: Run, from: number, to: number) =>
  run.paragraph.text.slice(run.tokens[from]!.start, run.tokens[to - 1]!.end)

/** Drops sentence starters, role words and prepositions that open a run but are not part of the name. */
export function stripLeading(tokens: Token[], run: Run): Token[] {
  let index = 0
  while (index < tokens.length - 1) {
    const word = tokens[index]!.text
    const sentenceStart = index === 0 && /(^|[.!?:"“]\s*)$/.test(run.before)
    if ((sentenceStart || index > 0) && SENTENCE_STARTERS.has(word)) index++
    else if (index === 0 && sentenceStart && !ORGANIZATION_HEADS.has(word) && !KNOWN_ORGANIZATIONS.has(word) && /^\p{Lu}\p{Ll}+$/u.test(word) && isCommonWord(word, run)) index++
    else break
  }
  // A role before an organization is not part of its name: "Sekjen NATO", "Kepala BPS", and the words that go on
  // with the role ("Ketua Umum Ikatan Keluarga Minang", "Direktur Utama Bank Mandiri").
  const roleStart = index
  while (index < tokens.length - 1 && (ROLE_WORDS.has(tokens[index]!.text) || PERSON_TITLES.has(tokens[index]!.text))) index++
  // "VP Sales & Marketing Damai Putra Group": after an ampersand the role phrase goes on.
  if (index > roleStart || (index === 0 && /&\s*$/.test(run.before))) {
    while (index < tokens.length - 1 && ROLE_COMPLEMENTS.has(tokens[index]!.text) && !ORGANIZATION_HEADS.has(tokens[index]!.text) && !KNOWN_ORGANIZATIONS.has(tokens[index]!.text)) index++
  }
  return tokens.slice(index)
}

/** A capitalised word that the same story also writes in lower case is an ordinary word at a sentence start. */
export function isCommonWord(word: string, run: Run): boolean {
  return lowerCaseWords(run.paragraph).has(word.toLowerCase())
}

const lowerCaseWordCache = new WeakMap<Paragraph, Set<string>>()

/** The words a paragraph writes in lower case (not capitalised), and the parts of such words with a hyphen ("alun-alun"). */
export function lowerCaseWords(paragraph: Paragraph): ReadonlySet<string> {
  let words = lowerCaseWordCache.get(paragraph)
  if (!words) {
    words = new Set()
    for (const {text} of tokenize(paragraph.text)) {
      if (!isCapitalised(text)) words.add(text)
      if (text.includes('-')) for (const part of text.split('-')) if (part && !isCapitalised(part)) words.add(part)
    }
    lowerCaseWordCache.set(paragraph, words)
  }
  return words
}
