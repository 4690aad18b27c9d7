import {evaluateSync, type ExprNode} from 'groq-js'

import type {StoredDocument} from './documentStore'
import {conjuncts, findNodes, isConstant} from './groqTree'
import {isReusableOrder} from './indexes/sortedIndex'
import {patternTerms} from './indexes/textIndex'

/**
 * How one `*[...]` of a query reads: every document; candidates from an id, type or value index; candidates from
 * the token index of a `match`; the first documents along a sorted index (for `order(...)[a...b]`); or a lookup,
 * per enclosing document, by a path tied to it.
 */
export type PlanKind = 'index' | 'text' | 'sorted'
export type FilterPlan = {reads: 'all' | PlanKind; candidates: number} | {reads: 'lookup'; path: string}

/** What the planner reads from the store. Every list it returns is in the dataset's order. */
export interface IndexSource {
  readonly size: number
  all(): StoredDocument[]
  get(id: string): StoredDocument | undefined
  ofTypes(types: string[]): StoredDocument[]
  inOrder(documents: Iterable<StoredDocument>): StoredDocument[]
  /** The documents with the string `value` at `path` (`slug.current`), in no order. */
  withValue(path: string, value: string): ReadonlySet<StoredDocument>
  /** The documents with a token `term` may match at `path`; undefined when any token may match. */
  withToken(path: string, term: string): ReadonlySet<StoredDocument> | undefined
  /** The documents of `types` in the order `terms` put them. */
  sorted(types: string[], terms: ExprNode[]): StoredDocument[]
  dereference(ref: {_ref: string}): unknown
}

export interface PlannedQuery {
  tree: ExprNode
  params: Record<string, unknown>
  /** The kind of each candidates parameter the plan added. */
  kinds: Map<string, PlanKind>
}

export const INDEX_REF = '__index:'
export const CANDIDATES = '__candidates'
export const INDEX_SEPARATOR = '\u001f'
export const INDEX_ALTERNATIVE = '\u001e'

/**
 * The query's tree with every narrowable `*[...]` reading from an index, and the parameters that carries. The
 * filter itself still decides what matches: an index only ever narrows what it is given. `timestamp` is the
 * query's `now()`, the same while planning as when the query runs.
 */
export function planQuery(tree: ExprNode, params: Record<string, unknown>, source: IndexSource, timestamp: Date): PlannedQuery {
  const planner = new Planner(source, {...params}, timestamp)
  return {tree: planner.plan(tree) as ExprNode, params: planner.params, kinds: planner.kinds}
}

class Planner {
  readonly kinds = new Map<string, PlanKind>()
  private next = 0

  constructor(
    private readonly source: IndexSource,
    readonly params: Record<string, unknown>,
    private readonly timestamp: Date,
  ) {}

  /** A copy of the tree in which every `*[filter]` that an index can narrow reads from the index instead. */
  plan(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((child) => this.plan(child))
    if (!node || typeof node !== 'object') return node
    const sorted = this.sortedRead(node as ExprNode)
    if (sorted) return sorted
    const copy: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(node)) copy[key] = this.plan(child)
    const filter = copy as {type?: string; base?: ExprNode; expr?: ExprNode}
    if (filter.type !== 'Filter' || filter.base?.type !== 'Everything' || !filter.expr) return copy
    const parts = conjuncts(filter.expr)

    // Tied to the enclosing document: look the candidates up as the query runs, through a dereference. This
    // narrows further than a type does, so it wins over everything but an id.
    const tied = parts.map(indexLookupOf).find((lookup) => lookup !== undefined)
    const narrowed = this.narrowed(parts)
    if (tied && narrowed?.by !== 'id') return {...copy, base: tied}
    if (narrowed) return {...copy, expr: withoutSettled(filter.expr, narrowed.settled), base: this.candidatesParameter(narrowed.documents, narrowed.by === 'text' ? 'text' : 'index')}
    return copy
  }

  /**
   * `*[filter] | order(terms) [a...b]` (or `[n]`) over pinned types, with nothing narrower to read from: the
   * first documents along the types' sorted index that pass the filter, as many as the slice reaches. The filter
   * must not look outward (`^`): it is run here, once, before the query.
   */
  private sortedRead(node: ExprNode): ExprNode | undefined {
    const reach = sliceReach(node)
    if (reach === undefined) return undefined
    const order = (node as {base: ExprNode}).base as {type: string; name?: string; base?: ExprNode; args?: ExprNode[]}
    if (order.type !== 'PipeFuncCall' || order.name !== 'order' || !order.args || !isReusableOrder(order.args)) return undefined
    const filter = order.base as {type: string; base?: ExprNode; expr?: ExprNode} | undefined
    if (filter?.type !== 'Filter' || filter.base?.type !== 'Everything' || !filter.expr) return undefined
    if (findNodes(filter.expr, (child) => child.type === 'Parent').length > 0) return undefined
    const expr = this.plan(filter.expr) as ExprNode
    const parts = conjuncts(expr)
    const narrowed = this.narrowed(parts)
    // Read along the sorted index when the types are pinned and nothing narrows the filter to a few documents
    // (then groq-js sorting those few is cheaper); documents an index rules out are skipped without evaluating.
    if (!narrowed?.types || narrowed.by === 'id' || (narrowed.by !== 'type' && narrowed.documents.length <= reach * FEW_PER_REACHED)) return undefined
    const allowed = narrowed.by === 'type' ? undefined : new Set(narrowed.documents)
    const along = this.source.sorted(narrowed.types, order.args)
    // The documents along the index are of the pinned types: the type pin is true of each.
    const quick = withoutSettled(expr, narrowed.by === 'type' ? narrowed.settled : [])
    const found: StoredDocument[] = []
    for (let start = 0, size = 32; start < along.length && found.length < reach; start += size, size = Math.min(size * 2, 4096)) {
      const chunk = along.slice(start, start + size)
      found.push(...this.passing(quick, allowed ? chunk.filter((document) => allowed.has(document)) : chunk))
    }
    const candidates = this.candidatesParameter(this.source.inOrder(found.slice(0, reach)), 'sorted')
    return {...node, base: {...order, base: {...filter, expr: quick, base: candidates}}} as unknown as ExprNode
  }

  /** The documents of `documents` that pass `expr`, in their order, as groq-js's filter decides. */
  private passing(expr: ExprNode, documents: StoredDocument[]): StoredDocument[] {
    const tree = {type: 'Filter', base: {type: 'Parameter', name: '__chunk'}, expr} as unknown as ExprNode
    const options = {params: {...this.params, __chunk: documents}, dataset: this.source.all(), timestamp: this.timestamp, dereference: this.source.dereference.bind(this.source)}
    return evaluateSync(tree, options as Parameters<typeof evaluateSync>[1]).data as StoredDocument[]
  }

  private candidatesParameter(documents: StoredDocument[], kind: PlanKind): ExprNode {
    const name = `${CANDIDATES}${this.next++}`
    this.params[name] = documents
    this.kinds.set(name, kind)
    return {type: 'Parameter', name} as unknown as ExprNode
  }

  /**
   * The fewest candidates the filter's conjuncts pin it to, by what pinned them: ids (`_id == $id`), types, values
   * at a path (`slug.current == $slug`), or the tokens of a `match`. In the dataset's order, and within the pinned
   * types and ids; undefined when nothing pins it.
   */
  private narrowed(parts: ExprNode[]): Narrowed | undefined {
    const pins = parts.flatMap((part) => this.pinOf(part) ?? [])
    const idPin = pins.find((pin) => pin.path === '_id')
    const typePin = pins.find((pin) => pin.path === '_type')
    // Every candidate has its id among an id pin's (it was looked up by them) and its type among a type pin's (it
    // was kept for it): those conjuncts are true of each, and need not be evaluated again.
    const settled = (...also: Pin[]) => [...(typePin ? [typePin.node] : []), ...also.map((pin) => pin.node)]
    const inTypes = (document: StoredDocument) => !typePin || typePin.values.includes(document._type)
    const types = typePin?.values.filter((type): type is string => typeof type === 'string')
    if (idPin) {
      const ids = idPin.values.filter((id): id is string => typeof id === 'string')
      return {by: 'id', documents: this.source.inOrder(ids.flatMap((id) => this.source.get(id) ?? []).filter(inTypes)), types, settled: settled(idPin)}
    }
    const sets: {by: 'value' | 'text'; documents: ReadonlySet<StoredDocument>}[] = []
    for (const pin of pins) {
      if (pin === typePin || !pin.values.every((value) => typeof value === 'string')) continue
      const documents = new Set<StoredDocument>()
      for (const value of pin.values as string[]) for (const document of this.source.withValue(pin.path, value)) documents.add(document)
      sets.push({by: 'value', documents})
    }
    for (const part of parts) {
      const documents = this.textCandidates(part)
      if (documents) sets.push({by: 'text', documents})
    }
    const smallest = sets.sort((a, b) => a.documents.size - b.documents.size)[0]
    if (smallest && (!types || smallest.documents.size < this.source.ofTypes(types).length)) {
      return {by: smallest.by, documents: this.source.inOrder([...smallest.documents].filter(inTypes)), types, settled: settled()}
    }
    if (types) return {by: 'type', documents: this.source.ofTypes(types), types, settled: settled()}
    return undefined
  }

  /** A conjunct `path == value` or `path in [values]`, the value known before the query runs. */
  private pinOf(node: ExprNode): Pin | undefined {
    if (node.type !== 'OpCall') return undefined
    const {op, left, right} = node as {op: string; left: ExprNode; right: ExprNode}
    if (op !== '==' && op !== 'in') return undefined
    const path = attributePath(left)
    if (!path || !isConstant(right)) return undefined
    const value = this.constant(right)
    const values = op === 'in' ? value : [value]
    if (!Array.isArray(values) || !values.every(isPlain)) return undefined
    return {path: path.join('.'), values, node}
  }

  /**
   * The documents a `match` conjunct can be true for: `path match pattern` with the pattern known before the
   * query runs, through the token index (every term must match a token, so any one term narrows; the fewest
   * wins); `a || b` unions both sides, `a && b` takes either. Undefined when it cannot narrow.
   */
  private textCandidates(node: ExprNode): ReadonlySet<StoredDocument> | undefined {
    if (node.type === 'Group') return this.textCandidates((node as {base: ExprNode}).base)
    const {left, right} = node as {left: ExprNode; right: ExprNode}
    if (node.type === 'Or') {
      const [a, b] = [this.textCandidates(left), this.textCandidates(right)]
      return a && b ? new Set([...a, ...b]) : undefined
    }
    if (node.type === 'And') {
      const [a, b] = [this.textCandidates(left), this.textCandidates(right)]
      return a && b ? (a.size <= b.size ? a : b) : (a ?? b)
    }
    if (node.type !== 'OpCall' || (node as {op: string}).op !== 'match' || !isConstant(right)) return undefined
    const path = pathSegments(left)
    if (!path || path.length === 0) return undefined
    const pattern = this.constant(right)
    const texts = typeof pattern === 'string' ? [pattern] : Array.isArray(pattern) && pattern.every((part) => typeof part === 'string') ? (pattern as string[]) : undefined
    if (!texts) return undefined
    const terms = texts.flatMap(patternTerms)
    // No terms: groq-js's match is false for every document.
    if (terms.length === 0) return new Set()
    let fewest: ReadonlySet<StoredDocument> | undefined
    for (const term of terms) {
      const documents = this.source.withToken(path.join('.'), term)
      if (documents && (!fewest || documents.size < fewest.size)) fewest = documents
    }
    return fewest
  }

  private constant(node: ExprNode): unknown {
    return evaluateSync(node, {params: this.params, dataset: [], timestamp: this.timestamp}).data
  }
}

/**
 * The filter with the conjuncts every candidate is known to pass made `true`: the same answer for the candidates
 * (`true && x` is `x`), without evaluating `_id in $ids` against thousands of ids for each of thousands of them.
 */
function withoutSettled(expr: ExprNode, settled: ExprNode[]): ExprNode {
  if (settled.length === 0) return expr
  const parts = conjuncts(expr).map((part) => (settled.includes(part) ? ({type: 'Value', value: true} as unknown as ExprNode) : part))
  return parts.reduce((left, right) => ({type: 'And', left, right}) as unknown as ExprNode)
}

/** What a filter's conjuncts narrow it to: its candidates, what pinned them, and the types it is pinned to. */
interface Narrowed {
  by: 'id' | 'type' | 'value' | 'text'
  documents: StoredDocument[]
  types?: string[]
  /** Conjuncts true of every candidate (the pins that chose them exactly): the filter may skip them. */
  settled: ExprNode[]
}

/**
 * Below this many candidates per element a slice reaches, groq-js sorts the candidates an index gave; above it,
 * the read goes along the sorted index and skips what the index ruled out.
 */
const FEW_PER_REACHED = 4

/** How many elements `node` (a slice `[a...b]`, `[a..b]` or an element `[n]`) reads from its base, from the start. */
function sliceReach(node: ExprNode): number | undefined {
  if (node.type === 'Slice') {
    const {left, right, isInclusive} = node as unknown as {left: number; right: number; isInclusive: boolean}
    if (left < 0 || right < 0) return undefined
    return isInclusive ? right + 1 : right
  }
  if (node.type === 'AccessElement') {
    const {index} = node as unknown as {index: number}
    return index >= 0 ? index + 1 : undefined
  }
  return undefined
}

/**
 * `path == ^.x` or `^.x in path[]` -> the documents whose `path` holds that value; `path in ^.xs` -> those whose
 * `path` holds one of them. Built as a dereference of `{"_ref": "__index:..."}`; when the value is not a string
 * the reference is null and the filter falls back to every document, so the answer never changes.
 */
function indexLookupOf(node: ExprNode): ExprNode | undefined {
  const ref = lookupRef(node)
  if (!ref) return undefined
  const docs = {type: 'AccessAttribute', name: 'docs', base: {type: 'Deref', base: {type: 'Object', attributes: [{type: 'ObjectAttributeValue', name: '_ref', value: ref}]}}}
  return {type: 'FuncCall', namespace: 'global', name: 'coalesce', args: [docs, {type: 'Everything'}]} as unknown as ExprNode
}

/** The string a planned dereference carries, as a GROQ expression; `a || b` unions the lookups of both. */
function lookupRef(node: ExprNode): ExprNode | undefined {
  if (node.type === 'Group') return lookupRef((node as {base: ExprNode}).base)
  if (node.type === 'Or') {
    const {left, right} = node as {left: ExprNode; right: ExprNode}
    const [a, b] = [lookupRef(left), lookupRef(right)]
    return a && b ? concat2(a, INDEX_ALTERNATIVE, b) : undefined
  }
  if (node.type !== 'OpCall') return undefined
  const {op, left, right} = node as {op: string; left: ExprNode; right: ExprNode}
  if (op === '==') {
    const [path, other] = documentPath(left) ? [documentPath(left), right] : [documentPath(right), left]
    if (path && fromParent(other)) return concat(`${INDEX_REF}eq:${path}:`, oneScopeOut(other))
  } else if (op === 'in') {
    const rightPath = documentPath(right)
    const leftPath = documentPath(left)
    if (rightPath && fromParent(left)) return concat(`${INDEX_REF}eq:${rightPath}:`, oneScopeOut(left))
    if (leftPath && fromParent(right)) {
      const joined = {type: 'FuncCall', namespace: 'array', name: 'join', args: [{type: 'FuncCall', namespace: 'array', name: 'compact', args: [oneScopeOut(right)]}, {type: 'Value', value: INDEX_SEPARATOR}]}
      return concat(`${INDEX_REF}in:${leftPath}:`, joined as unknown as ExprNode)
    }
  }
  return undefined
}

const concat2 = (left: ExprNode, middle: string, right: ExprNode): ExprNode =>
  ({type: 'OpCall', op: '+', left: {type: 'OpCall', op: '+', left, right: {type: 'Value', value: middle}}, right}) as unknown as ExprNode

const concat = (prefix: string, value: ExprNode): ExprNode =>
  ({type: 'OpCall', op: '+', left: {type: 'Value', value: prefix}, right: value}) as unknown as ExprNode

/**
 * A path read off the document being filtered, as the index names it: `article._ref`, `roles.organization._ref`
 * (array steps and inner filters dropped: the index then holds more candidates, never fewer). Only paths that end
 * in `_ref` or `_id` qualify: their values are strings.
 */
function documentPath(node: ExprNode): string | undefined {
  const path = pathSegments(node)
  const last = path?.at(-1)
  return path && path.length > 0 && (last === '_ref' || last === '_id') ? path.join('.') : undefined
}

/** `body[].markDefs[...].reference._ref` parses as FlatMap/Map nodes: their base, then their expression. */
function pathSegments(node: ExprNode | undefined): string[] | undefined {
  if (!node || node.type === 'This') return []
  const step = node as {type: string; base?: ExprNode; expr?: ExprNode; name?: string}
  if (node.type === 'AccessAttribute') {
    const base = pathSegments(step.base)
    return base && [...base, step.name!]
  }
  if (node.type === 'ArrayCoerce' || node.type === 'Filter') return pathSegments(step.base)
  if (node.type === 'FlatMap' || node.type === 'Map') {
    const base = pathSegments(step.base)
    const rest = pathSegments(step.expr)
    return base && rest && [...base, ...rest]
  }
  return undefined
}

/** An expression whose value comes from the enclosing scope (`^._id`, `^.body[].markDefs[...].reference._ref`). */
function fromParent(node: ExprNode): boolean {
  let current: ExprNode | undefined = node
  while (current && ['AccessAttribute', 'AccessElement', 'ArrayCoerce', 'Filter', 'FlatMap', 'Map', 'Projection', 'Slice'].includes(current.type)) {
    current = (current as {base?: ExprNode}).base
  }
  // Only the chain's root may look outward: a `^` deeper inside would change meaning once moved.
  return current?.type === 'Parent' && findNodes(node, (child) => child.type === 'Parent').length === 1
}

/**
 * The expression moved from inside `*[...]` to its base, one scope further out: there the enclosing document is
 * `@`, not `^` (`^._id` becomes `@._id`; `^.^._id` becomes `^._id`).
 */
function oneScopeOut(node: ExprNode): ExprNode {
  const copy = structuredClone(node) as unknown as Record<string, unknown>
  let current: Record<string, unknown> = copy
  while (current.base && (current.base as {type: string}).type !== 'Parent') current = current.base as Record<string, unknown>
  const parent = current.base as {type: 'Parent'; n: number} | undefined
  if (parent) current.base = parent.n > 1 ? {type: 'Parent', n: parent.n - 1} : {type: 'This'}
  else if ((copy as {type?: string}).type === 'Parent') return ((copy as {n: number}).n > 1 ? {type: 'Parent', n: (copy as {n: number}).n - 1} : {type: 'This'}) as unknown as ExprNode
  return copy as unknown as ExprNode
}

/** A conjunct `path == value` or `path in [values]`: only documents with one of these plain values can match. */
interface Pin {
  path: string
  values: unknown[]
  /** The conjunct itself. */
  node: ExprNode
}

const isPlain = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

/** `slug.current` as ['slug', 'current']; anything other than a plain attribute chain from the document: none. */
function attributePath(node: ExprNode): string[] | undefined {
  const path: string[] = []
  let current: ExprNode | undefined = node
  while (current && current.type === 'AccessAttribute') {
    const access = current as {base?: ExprNode; name: string}
    path.unshift(access.name)
    current = access.base
  }
  return path.length > 0 && (current === undefined || current.type === 'This') ? path : undefined
}
