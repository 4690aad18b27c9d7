import type {StoredDocument} from '../documentStore'
import {lowerBound} from './sortedKeys'

/**
 * The words of whole documents, for Content Lake's full-text search (`[@, _id] match text::query($q)`, which the
 * Studio's search and document lists send): every string value but system fields (`_type`, `_key`, `_ref`), and
 * `_id`, split into lower-cased words of letters and digits in any script.
 */
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
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}

/**
 * The documents by each word of their text, kept up to date document by document. Lists rather than sets: a
 * dataset of 54,000 documents holds some three million (document, word) pairs, and a list costs a slot each.
 */
export class WordIndex {
  private readonly documents = new Map<string, StoredDocument[]>()
  private sortedWords: string[] | undefined

  constructor(from: Iterable<StoredDocument>) {
    for (const document of from) this.add(document)
  }

  add(document: StoredDocument): void {
    for (const word of wordsOf(document)) {
      const list = this.documents.get(word)
      if (list) list.push(document)
      else {
        this.documents.set(word, [document])
        this.sortedWords = undefined
      }
    }
  }

  remove(document: StoredDocument): void {
    for (const word of wordsOf(document)) {
      const list = this.documents.get(word)
      const at = list?.indexOf(document) ?? -1
      if (at === -1) continue
      // Order within a list does not matter: the last takes the removed one's place.
      list![at] = list![list!.length - 1]!
      list!.pop()
      if (list!.length === 0) {
        this.documents.delete(word)
        this.sortedWords = undefined
      }
    }
  }

  /** The documents with `word`, or with a word starting with it (`prefix`), in no order. */
  withWord(word: string, prefix: boolean): StoredDocument[] {
    if (!prefix) return this.documents.get(word) ?? []
    const sorted = (this.sortedWords ??= [...this.documents.keys()].sort())
    const found: StoredDocument[] = []
    for (let index = lowerBound(sorted, word); index < sorted.length && sorted[index]!.startsWith(word); index++) {
      for (const document of this.documents.get(sorted[index]!)!) found.push(document)
    }
    return found
  }
}

function wordsOf(document: StoredDocument): Set<string> {
  return new Set(documentText(document).flatMap(words))
}
