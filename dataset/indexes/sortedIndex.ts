import {evaluateSync, type ExprNode} from 'groq-js'

import type {StoredDocument} from '../documentStore'
import {findNodes} from '../groqTree'

/**
 * The documents of some types in the order an `order(...)` puts them, sorted by groq-js itself: it compares by
 * type class and then value, and breaks ties by the order it was given the documents in (the dataset's order).
 * That is a total order, so the documents of a query's filter, taken along this list, come out in exactly the
 * order groq-js would put the filtered documents in: the first n that match are the first n of the answer.
 */
export class SortedIndex {
  /** Whether a write to any document may change the order (a term dereferences another document). */
  readonly readsOtherDocuments: boolean
  private sorted: StoredDocument[] | undefined

  constructor(
    readonly types: readonly string[],
    private readonly terms: ExprNode[],
    private readonly documentsOfTypes: () => StoredDocument[],
    private readonly dereference: (ref: {_ref: string}) => StoredDocument | null,
  ) {
    this.readsOtherDocuments = findNodes(terms, (node) => node.type === 'Deref').length > 0
  }

  documents(): StoredDocument[] {
    if (this.sorted) return this.sorted
    const tree = {type: 'PipeFuncCall', name: 'order', base: {type: 'Parameter', name: 'documents'}, args: this.terms} as unknown as ExprNode
    const value = evaluateSync(tree, {params: {documents: this.documentsOfTypes()}, dataset: [], dereference: this.dereference})
    this.sorted = value.data as StoredDocument[]
    return this.sorted
  }

  /** Called by the store when a document of one of its types (or, for one that reads others, any) changes. */
  invalidate(): void {
    this.sorted = undefined
  }
}

/**
 * Order terms the index may sort by once and reuse for every query: built from the document's own fields, other
 * documents through `->`, and functions whose value depends on nothing else. `now()`, `^`, `$params`, subqueries
 * and scores would make the order differ from one query to the next.
 */
export function isReusableOrder(terms: ExprNode[]): boolean {
  return findNodes(terms, (node) => {
    if (node.type === 'FuncCall') {
      const {namespace, name} = node as {namespace: string; name: string}
      return !(namespace === 'global' && REUSABLE_FUNCTIONS.has(name))
    }
    return !REUSABLE_NODES.has(node.type)
  }).length === 0
}

const REUSABLE_NODES = new Set(['Asc', 'Desc', 'AccessAttribute', 'AccessElement', 'ArrayCoerce', 'This', 'Value', 'Deref', 'FuncCall', 'Group', 'OpCall', 'Neg', 'Pos', 'Not', 'And', 'Or'])
const REUSABLE_FUNCTIONS = new Set(['coalesce', 'lower', 'upper', 'string', 'dateTime', 'length', 'defined', 'round'])
