import type {StoredDocument} from '../documentStore'

/**
 * The documents by each string found at one path (`slug.current`, `roles.organization._ref`), through arrays at
 * any step. Kept up to date document by document as the store changes, so a write costs the index only what that
 * document holds, and a query never pays for building it twice.
 */
export class ValueIndex {
  private readonly documents = new Map<string, Set<StoredDocument>>()
  private readonly segments: string[]

  constructor(readonly path: string, from: Iterable<StoredDocument>) {
    this.segments = path.split('.').filter(Boolean)
    for (const document of from) this.add(document)
  }

  add(document: StoredDocument): void {
    for (const value of new Set(stringsAt(document, this.segments))) {
      const set = this.documents.get(value)
      if (set) set.add(document)
      else this.documents.set(value, new Set([document]))
    }
  }

  remove(document: StoredDocument): void {
    for (const value of new Set(stringsAt(document, this.segments))) {
      const set = this.documents.get(value)
      set?.delete(document)
      if (set?.size === 0) this.documents.delete(value)
    }
  }

  /** The documents holding `value` at the path, in no particular order. */
  get(value: string): ReadonlySet<StoredDocument> {
    return this.documents.get(value) ?? EMPTY
  }
}

const EMPTY: ReadonlySet<StoredDocument> = new Set()

/** Every string at a path, through arrays at any step. */
export function stringsAt(value: unknown, segments: readonly string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => stringsAt(item, segments))
  if (segments.length === 0) return typeof value === 'string' ? [value] : []
  if (!value || typeof value !== 'object') return []
  return stringsAt((value as Record<string, unknown>)[segments[0]!], segments.slice(1))
}
