import type {StoredDocument} from '../dataset/documentStore'

/**
 * `text::query()` is Content Lake full-text search, and groq-js cannot evaluate it. The Studio's document lists and
 * search send it in two shapes, which are rewritten into GROQ that groq-js runs before the query is evaluated:
 *
 * - `[@, _id] match text::query($q)` (the whole document): `_id in $__textMatchesN`, the ids of the documents
 *   whose text matches, found here by `matchesTextQuery` over the view the query reads;
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

export function rewriteTextQueries(
  query: string,
  params: Record<string, unknown>,
  documents: () => Iterable<StoredDocument>,
): RewrittenQuery {
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
    added[name] = [...documents()].filter((document) => matchesTextQuery(documentText(document), search)).map((document) => document._id)
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

/** The strings a whole-document search reads: every string value but system fields (`_type`, `_key`, `_ref`), and `_id`. */
export function documentText(document: StoredDocument): string[] {
  const found: string[] = [document._id]
  const visit = (value: unknown) => {
    if (typeof value === 'string') found.push(value)
    else if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) if (!key.startsWith('_')) visit(field)
    }
  }
  visit(document)
  return found
}

/** Lower-cased words: letters and digits in any script ("Stoltenberg," and "stoltenberg" are one word). */
function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}
