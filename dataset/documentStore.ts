import {evaluate, evaluateSync, type ExprNode} from 'groq-js'

import type {StoredDocument} from '../model/documents'
import {findNodes} from './groqTree'
import {parseGroq} from './parseGroq'
import {SortedIndex} from './indexes/sortedIndex'
import {TextIndex} from './indexes/textIndex'
import {ValueIndex} from './indexes/valueIndex'
import {WordIndex} from './indexes/wordIndex'
import {CANDIDATES, INDEX_ALTERNATIVE, INDEX_REF, INDEX_SEPARATOR, planQuery, type FilterPlan, type IndexSource, type PlannedQuery} from './queryPlanner'

export type {FilterPlan} from './queryPlanner'

export type {StoredDocument}

/**
 * Documents held in memory and queried with groq-js, with the indexes a Content Lake leans on. Before a query
 * runs, each `*[...]` in it is planned (queryPlanner.ts): where its filter pins `_id`, `_type` or another field to
 * a value, matches a field against a pattern, is ordered and sliced, or ties a field to its enclosing document
 * (`article._ref == ^._id`), the filter runs over just the documents an index says can match. The filter itself
 * still decides: an index only narrows.
 *
 * The id, type, value and token indexes follow every write document by document; a sorted index is rebuilt
 * when a query needs it after a write to its types (or, for one that reads other documents, any write).
 */
export class DocumentStore implements IndexSource {
  private readonly byId = new Map<string, StoredDocument>()
  private readonly byType = new Map<string, Map<string, StoredDocument>>()
  private readonly position = new Map<StoredDocument, number>()
  private readonly valueIndexes = new Map<string, ValueIndex>()
  private readonly textIndexes = new Map<string, TextIndex>()
  private readonly sortedIndexes = new Map<string, SortedIndex>()
  private wordIndex: WordIndex | undefined
  private readonly typeLists = new Map<string, {types: string[]; documents: StoredDocument[]}>()
  private sequence = 0
  private everything: StoredDocument[] | undefined

  constructor(documents: Iterable<StoredDocument> = []) {
    for (const document of documents) this.put(document)
  }

  put(document: StoredDocument): void {
    const existing = this.byId.get(document._id)
    if (existing) this.delete(document._id)
    this.byId.set(document._id, document)
    this.position.set(document, this.sequence++)
    let ofType = this.byType.get(document._type)
    if (!ofType) this.byType.set(document._type, (ofType = new Map()))
    ofType.set(document._id, document)
    for (const index of this.valueIndexes.values()) index.add(document)
    for (const index of this.textIndexes.values()) index.add(document)
    this.wordIndex?.add(document)
    this.changed(document._type)
  }

  delete(id: string): void {
    const existing = this.byId.get(id)
    if (!existing) return
    this.byId.delete(id)
    this.position.delete(existing)
    this.byType.get(existing._type)?.delete(id)
    for (const index of this.valueIndexes.values()) index.remove(existing)
    for (const index of this.textIndexes.values()) index.remove(existing)
    this.wordIndex?.remove(existing)
    this.changed(existing._type)
  }

  private changed(type: string): void {
    this.everything = undefined
    for (const index of this.sortedIndexes.values()) if (index.readsOtherDocuments || index.types.includes(type)) index.invalidate()
    for (const [key, list] of this.typeLists) if (list.types.includes(type)) this.typeLists.delete(key)
  }

  get(id: string): StoredDocument | undefined {
    return this.byId.get(id)
  }

  /**
   * Every document, in the order they were put. Kept between changes: a query's `*` reads it, and copying the
   * whole dataset for each of thousands of small queries (validation asks one per rule) made their cost grow with
   * the dataset. Callers must not change the array.
   */
  all(): StoredDocument[] {
    this.everything ??= [...this.byId.values()]
    return this.everything
  }

  get size(): number {
    return this.byId.size
  }

  async query(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
    return this.queryParsed(parseGroq(query, params), params)
  }

  /** A query already parsed by `parseGroq`: the server has parsed it to check it. */
  async queryParsed(parsed: ExprNode, params: Record<string, unknown> = {}): Promise<unknown> {
    const timestamp = new Date()
    const {tree, params: planned} = planQuery(parsed, params, this, timestamp)
    const options = {dataset: this.all(), params: planned, timestamp, dereference: (ref: {_ref: string}) => this.dereference(ref) as StoredDocument | null}
    // Synchronous evaluation does not wrap every step in a promise; what it cannot do (a stream) it says so.
    try {
      return evaluateSync(tree, options).data
    } catch (error) {
      if (!(error instanceof Error && /Stream encountered|executeSync not supported|not supported in synchronous mode/.test(error.message))) throw error
    }
    return (await evaluate(tree, options)).get()
  }

  /**
   * How `query` would read each `*[...]` in it, outermost first: from an id, type or value index, the token index
   * of a `match`, or along a sorted index (and how many candidates that leaves the filter), through a lookup by a
   * path tied to the enclosing document, or by scanning everything. Read off the very tree `query` evaluates.
   */
  async explain(query: string, params: Record<string, unknown> = {}): Promise<FilterPlan[]> {
    const {tree, params: planned, kinds} = this.prepare(query, params, new Date())
    return findNodes(tree, (node) => node.type === 'Filter' && (node as {base?: ExprNode}).base !== undefined).flatMap((node): FilterPlan[] => {
      const base = (node as {base: ExprNode}).base
      if (base.type === 'Everything') return [{reads: 'all', candidates: this.size}]
      if (base.type === 'Parameter' && (base as {name: string}).name.startsWith(CANDIDATES)) {
        const name = (base as {name: string}).name
        return [{reads: kinds.get(name)!, candidates: (planned[name] as unknown[]).length}]
      }
      const ref = findNodes(base, (child) => child.type === 'Value' && String((child as {value?: unknown}).value).startsWith(INDEX_REF))[0]
      if (ref) return [{reads: 'lookup', path: String((ref as {value: string}).value).slice(INDEX_REF.length).split(':')[1] ?? ''}]
      return []
    })
  }

  private prepare(query: string, params: Record<string, unknown>, timestamp: Date): PlannedQuery {
    return planQuery(parseGroq(query, params), params, this, timestamp)
  }

  // What the planner reads (IndexSource).

  /** Kept until a document of one of the types changes. Callers must not change the array. */
  ofTypes(types: string[]): StoredDocument[] {
    const distinct = [...new Set(types)].sort()
    const key = JSON.stringify(distinct)
    let list = this.typeLists.get(key)
    if (!list) {
      // A type's map keeps the order documents were put in, as the dataset does: one type needs no sorting.
      const documents = distinct.flatMap((type) => [...(this.byType.get(type)?.values() ?? [])])
      list = {types: distinct, documents: distinct.length === 1 ? documents : this.inOrder(documents)}
      this.typeLists.set(key, list)
    }
    return list.documents
  }

  inOrder(documents: Iterable<StoredDocument>): StoredDocument[] {
    return [...documents].sort((a, b) => this.position.get(a)! - this.position.get(b)!)
  }

  withValue(path: string, value: string): ReadonlySet<StoredDocument> {
    return this.valueIndex(path).get(value)
  }

  withToken(path: string, term: string): ReadonlySet<StoredDocument> | undefined {
    let index = this.textIndexes.get(path)
    if (!index) this.textIndexes.set(path, (index = new TextIndex(path, this.byId.values())))
    return index.candidates(term)
  }

  /**
   * The documents whose text (`documentText`) has `word`, or a word starting with it: what full-text search
   * (`text::query`) narrows by. The index is built when first asked, then kept up to date. In no order.
   */
  withWord(word: string, prefix: boolean): StoredDocument[] {
    this.buildWordIndex()
    return this.wordIndex!.withWord(word, prefix)
  }

  /** Builds the word index now if it is not yet (seconds for 200,000 documents); whether it had to. */
  buildWordIndex(): boolean {
    if (this.wordIndex) return false
    this.wordIndex = new WordIndex(this.byId.values())
    return true
  }

  get hasWordIndex(): boolean {
    return this.wordIndex !== undefined
  }

  sorted(types: string[], terms: ExprNode[]): StoredDocument[] {
    const key = JSON.stringify([[...new Set(types)].sort(), terms])
    let index = this.sortedIndexes.get(key)
    if (!index) {
      index = new SortedIndex([...new Set(types)], terms, () => this.ofTypes(types), (ref) => this.dereference(ref) as StoredDocument | null)
      this.sortedIndexes.set(key, index)
    }
    return index.documents()
  }

  /** A reference, or a planned lookup `{"_ref": "__index:eq:<path>:<value>"}` answered with `{docs: [...]}`. */
  dereference({_ref}: {_ref: string}): unknown {
    return _ref.startsWith(INDEX_REF) ? this.lookup(_ref) : (this.byId.get(_ref) ?? null)
  }

  private lookup(ref: string): {_id: string; docs: StoredDocument[]} {
    const found = new Set<StoredDocument>()
    for (const alternative of ref.split(INDEX_ALTERNATIVE)) {
      const [kind, path, ...rest] = alternative.slice(INDEX_REF.length).split(':')
      const value = rest.join(':')
      for (const key of kind === 'in' ? value.split(INDEX_SEPARATOR) : [value]) {
        for (const document of this.withValue(path!, key)) found.add(document)
      }
    }
    return {_id: ref, docs: this.inOrder(found)}
  }

  private valueIndex(path: string): ValueIndex {
    let index = this.valueIndexes.get(path)
    if (!index) this.valueIndexes.set(path, (index = new ValueIndex(path, this.byId.values())))
    return index
  }
}
