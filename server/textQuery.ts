import type {DocumentStore, StoredDocument} from '../dataset/documentStore'
import {documentText, words} from '../dataset/indexes/wordIndex'

/**
 * `text::query()` is Content Lake full-text search, and groq-js cannot evaluate it. The Studio's document lists and
 * search send it in two shapes, which are rewritten into GROQ that groq-js runs before the query is evaluated:
 *
 * - `[@, _id] match text::query($q)` (the whole document): `_id in $__textMatchesN`, the ids of the documents
 *   whose text matches, found here by `matchesTextQuery` among what the view's word index gives;
 * - `<field> match text::query($q)` (search weights in `score()`): `<field> match $__textTermsN`, the query's
 *   words as groq-js `match` patterns.
 *
 * The rewrite is textual: the Studio writes these clauses the same way every time, and groq-js keeps no positions
 * in its syntax tree to rewrite it there.
 */
export interface RewrittenQuery {
  query: string
  params: Record<string, unknown>
}

const WHOLE_DOCUMENT = /\[\s*@\s*,\s*_id\s*\]\s+match\s+text::query\(\s*(\$\w+|"(?:[^"\\]|\\.)*")\s*\)/g
const ANY_TEXT_QUERY = /text::query\(\s*(\$\w+|"(?:[^"\\]|\\.)*")\s*\)/g

export function rewriteTextQueries(query: string, params: Record<string, unknown>, view: Pick<DocumentStore, 'all' | 'withWord'>): RewrittenQuery {
  if (!query.includes('text::query')) return {query, params}
  const added: Record<string, unknown> = {}
  let next = 0
  const searchText = (argument: string): string => {
    const value = argument.startsWith('$') ? params[argument.slice(1)] : (JSON.parse(argument) as unknown)
    return typeof value === 'string' ? value : ''
  }
  let rewritten = query.replace(WHOLE_DOCUMENT, (_clause, argument: string) => {
    const search = parseTextQuery(searchText(argument))
    if (search.matchesAll) return 'true'
    const name = `__textMatches${next++}`
    added[name] = textMatches(view, search).map((document) => document._id)
    return `_id in $${name}`
  })
  rewritten = rewritten.replace(ANY_TEXT_QUERY, (_call, argument: string) => {
    const search = parseTextQuery(searchText(argument))
    const name = `__textTerms${next++}`
    added[name] = search.matchesAll ? ['*'] : search.terms.filter((term) => !term.negated && !term.phrase).map((term) => `${term.word}${term.prefix ? '*' : ''}`)
    return `$${name}`
  })
  return {query: rewritten, params: {...params, ...added}}
}

/**
 * The documents whose text matches a search, from the word index: a document has a word term exactly when the
 * index lists it under that word (or a word it starts), so word terms are set operations (every term that is not
 * negated required, every negated one excluded). Only phrases need the text itself: the documents left are
 * checked with `matchesTextQuery`. A search of negated terms alone starts from every document.
 */
function textMatches(view: Pick<DocumentStore, 'all' | 'withWord'>, search: TextSearch): StoredDocument[] {
  const words = search.terms.filter((term) => !term.phrase)
  const required = words.filter((term) => !term.negated).map((term) => view.withWord(term.word, term.prefix)).sort((a, b) => a.length - b.length)
  let candidates: Iterable<StoredDocument> = required.length > 0 ? new Set(required[0]) : view.all()
  for (const documents of required.slice(1)) {
    const these = new Set(documents)
    candidates = [...candidates].filter((document) => these.has(document))
  }
  for (const term of words.filter((word) => word.negated)) {
    const excluded = new Set(view.withWord(term.word, term.prefix))
    candidates = [...candidates].filter((document) => !excluded.has(document))
  }
  const phrases = search.terms.filter((term) => term.phrase)
  if (phrases.length === 0) return [...candidates]
  // A phrase's words must all be there too: the rarest narrows what the phrases are checked on.
  const phraseWords = phrases.filter((term) => !term.negated).flatMap((term) => term.word.split(' ')).map((word) => view.withWord(word, false))
  const rarest = phraseWords.sort((a, b) => a.length - b.length)[0]
  if (rarest) {
    const these = new Set(rarest)
    candidates = [...candidates].filter((document) => these.has(document))
  }
  const onlyPhrases: TextSearch = {terms: phrases, matchesAll: false}
  return [...candidates].filter((document) => matchesTextQuery(documentText(document), onlyPhrases))
}

/** One word or phrase of a search: `nato`, `stolten*` (prefix), `"jens stoltenberg"` (phrase), `-rusia` (not). */
interface SearchTerm {
  word: string
  prefix: boolean
  phrase: boolean
  negated: boolean
}

export interface TextSearch {
  terms: SearchTerm[]
  /** No term at all (an empty search, or the Studio's `*` for "no search"): every document matches. */
  matchesAll: boolean
}

export function parseTextQuery(text: string): TextSearch {
  const terms: SearchTerm[] = []
  for (const token of text.match(/-?"[^"]*"?|\S+/g) ?? []) {
    const negated = token.length > 1 && token.startsWith('-')
    const body = negated ? token.slice(1) : token
    if (body.startsWith('"')) {
      const phrase = words(body.replace(/"/g, '')).join(' ')
      if (phrase) terms.push({word: phrase, prefix: false, phrase: true, negated})
      continue
    }
    const parts = words(body)
    parts.forEach((word, at) => {
      const prefix = at === parts.length - 1 && body.endsWith('*')
      terms.push({word, prefix, phrase: false, negated})
    })
  }
  return {terms, matchesAll: terms.length === 0}
}

/** Every word of the text must be there (a prefix term as the start of a word, a phrase as consecutive words). */
export function matchesTextQuery(text: string[], search: TextSearch): boolean {
  const tokens = text.flatMap(words)
  const joined = ` ${tokens.join(' ')} `
  const found = (term: SearchTerm) =>
    term.phrase ? joined.includes(` ${term.word} `) : tokens.some((token) => (term.prefix ? token.startsWith(term.word) : token === term.word))
  return search.terms.every((term) => found(term) !== term.negated)
}
