import type {StoredDocument} from '../documentStore'
import {lowerBound} from './sortedKeys'
import {stringsAt} from './valueIndex'

/**
 * groq-js's `match`, as its source has it (shared chunk of groq-js 2): the text loses dots at word edges, then
 * splits into tokens of the characters below; a pattern splits the same way but keeps `*`, and each of its terms
 * becomes `RegExp("^" + term.slice(0, 1024) with * as .* + "$", "i")`. A document matches when every term matches
 * one of its tokens. The index must find every document groq-js would match, so it mirrors this exactly; the
 * differential tests fail if the two part.
 */
const TOKEN = /([^!@#$%^&*(),\\/?";:{}|[\]+<>\s-])+/g
const TERM = /([^!@#$%^&(),\\/?";:{}|[\]+<>\s-])+/g
const EDGE_DOTS = /(\b\.+|\.+\b)/g
const MAX_TERM = 1024

export const matchTokens = (text: string): string[] => text.replace(EDGE_DOTS, '').match(TOKEN) ?? []
export const patternTerms = (pattern: string): string[] => (pattern.replace(EDGE_DOTS, '').match(TERM) ?? []).map((term) => term.slice(0, MAX_TERM))

/**
 * A term's literal start, in the index's key form: what every token it matches begins with. A regular expression
 * treats only `*` (made `.*`) and `.` as special among the characters a term may hold, so the start runs to the
 * first of them. Empty when the term starts with either: it can then match any token.
 */
export function literalStart(term: string): string {
  const end = term.search(/[*.]/)
  return caseKey(end === -1 ? term : term.slice(0, end))
}

/** Whether a term matches whole tokens only (no wildcard, no `.`): then only tokens equal to its key match. */
export const isExactTerm = (term: string): boolean => !/[*.]/.test(term)

/**
 * The key under which a case-insensitive regular expression without the `u` flag sees a string: each UTF-16 unit
 * canonicalised as ECMAScript's Canonicalize does (its upper case, unless that is not one unit, or would turn a
 * non-ASCII unit into an ASCII one: `ſ` stays `ſ`, though it upper-cases to `S`).
 */
export function caseKey(text: string): string {
  let key = ''
  for (let index = 0; index < text.length; index++) {
    const unit = text[index]!
    const upper = unit.toUpperCase()
    key += upper.length !== 1 || (unit.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) ? unit : upper
  }
  return key
}

/**
 * The documents by each token `match` sees in the strings at one path (`name`, `aliases[]` as `aliases`), under
 * its case key. Kept up to date document by document; the sorted list of keys, for prefix lookups, is rebuilt
 * when a query needs it after keys came or went.
 */
export class TextIndex {
  private readonly documents = new Map<string, Set<StoredDocument>>()
  private readonly segments: string[]
  private sortedKeys: string[] | undefined

  constructor(readonly path: string, from: Iterable<StoredDocument>) {
    this.segments = path.split('.').filter(Boolean)
    for (const document of from) this.add(document)
  }

  add(document: StoredDocument): void {
    for (const key of this.keysOf(document)) {
      const set = this.documents.get(key)
      if (set) set.add(document)
      else {
        this.documents.set(key, new Set([document]))
        this.sortedKeys = undefined
      }
    }
  }

  remove(document: StoredDocument): void {
    for (const key of this.keysOf(document)) {
      const set = this.documents.get(key)
      set?.delete(document)
      if (set?.size === 0) {
        this.documents.delete(key)
        this.sortedKeys = undefined
      }
    }
  }

  /**
   * The documents with a token that `term` may match: those whose token key equals the term's (a term without a
   * wildcard), or starts with its literal start. Undefined when the term can match any token (it starts with `*`).
   */
  candidates(term: string): Set<StoredDocument> | undefined {
    const start = literalStart(term)
    if (isExactTerm(term)) return new Set(this.documents.get(start) ?? [])
    if (start === '') return undefined
    const keys = (this.sortedKeys ??= [...this.documents.keys()].sort())
    const found = new Set<StoredDocument>()
    for (let index = lowerBound(keys, start); index < keys.length && keys[index]!.startsWith(start); index++) {
      for (const document of this.documents.get(keys[index]!)!) found.add(document)
    }
    return found
  }

  private keysOf(document: StoredDocument): Set<string> {
    return new Set(stringsAt(document, this.segments).flatMap((text) => matchTokens(text).map(caseKey)))
  }
}
