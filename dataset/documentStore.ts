import {evaluate, parse, type ExprNode} from 'groq-js'

import {conjuncts, findNodes, isConstant} from './groqTree'

/** How one `*[...]` of a query reads: every document, candidates from an index, or a lookup by a tied path. */
export type FilterPlan = {reads: 'all' | 'index'; candidates: number} | {reads: 'lookup'; path: string}

export interface StoredDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

/**
 * Documents held in memory and queried with groq-js, with the indexes a Content Lake leans on. Before a query
 * runs, each `*[...]` in it is planned: where its filter pins `_id`, `_type` or another field to a value, or ties
 * a field to its enclosing document (`article._ref == ^._id`, `^._id in roles[].organization._ref`), the filter
 * runs over just the documents an index says can match. The filter itself still decides: an index only narrows.
 */
export class DocumentStore {
  private readonly byId = new Map<string, StoredDocument>()
  private readonly byType = new Map<string, Map<string, StoredDocument>>()
  private readonly position = new Map<string, number>()
  private readonly pathIndexes = new Map<string, Map<string, StoredDocument[]>>()
  private sequence = 0
  private everything: StoredDocument[] | undefined

  constructor(documents: Iterable<StoredDocument> = []) {
    for (const document of documents) this.put(document)
  }

  put(document: StoredDocument): void {
    this.delete(document._id)
    this.byId.set(document._id, document)
    this.position.set(document._id, this.sequence++)
    let ofType = this.byType.get(document._type)
    if (!ofType) this.byType.set(document._type, (ofType = new Map()))
    ofType.set(document._id, document)
    this.pathIndexes.clear()
    this.everything = undefined
  }

  delete(id: string): void {
    const existing = this.byId.get(id)
    if (!existing) return
    this.byId.delete(id)
    this.position.delete(id)
    this.byType.get(existing._type)?.delete(id)
    this.pathIndexes.clear()
    this.everything = undefined
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
    const {tree, params: planned} = await this.prepare(query, params)
    const value = await evaluate(tree, {
      dataset: this.all(),
      params: planned,
      dereference: ({_ref}) => (_ref.startsWith(INDEX_REF) ? this.lookup(_ref) : (this.byId.get(_ref) ?? null)),
    })
    return value.get()
  }

  /**
   * How `query` would read each `*[...]` in it, outermost first: from an id or type index (and how many candidates
   * that leaves the filter), through a lookup by a path tied to the enclosing document, or by scanning everything.
   * Read off the very tree `query` evaluates.
   */
  async explain(query: string, params: Record<string, unknown> = {}): Promise<FilterPlan[]> {
    const {tree, params: planned} = await this.prepare(query, params)
    return findNodes(tree, (node) => node.type === 'Filter' && (node as {base?: ExprNode}).base !== undefined).flatMap((node): FilterPlan[] => {
      const base = (node as {base: ExprNode}).base
      if (base.type === 'Everything') return [{reads: 'all', candidates: this.size}]
      if (base.type === 'Parameter' && (base as {name: string}).name.startsWith(CANDIDATES)) {
        const name = (base as {name: string}).name
        return [{reads: 'index', candidates: (planned[name] as unknown[]).length}]
      }
      const ref = findNodes(base, (child) => child.type === 'Value' && String((child as {value?: unknown}).value).startsWith(INDEX_REF))[0]
      if (ref) return [{reads: 'lookup', path: String((ref as {value: string}).value).slice(INDEX_REF.length).split(':')[1] ?? ''}]
      return []
    })
  }

  /** The query's tree with every narrowable `*[...]` reading from an index, and the parameters that carries. */
  private async prepare(query: string, params: Record<string, unknown>): Promise<{tree: ExprNode; params: Record<string, unknown>}> {
    const tree = parse(query, {params})
    const planned = {params: {...params}, next: 0}
    const rewritten = await this.plan(tree, planned)
    return {tree: rewritten as ExprNode, params: planned.params}
  }

  /** A copy of the tree in which every `*[filter]` that an index can narrow reads from the index instead. */
  private async plan(node: unknown, planned: {params: Record<string, unknown>; next: number}): Promise<unknown> {
    if (Array.isArray(node)) return Promise.all(node.map((child) => this.plan(child, planned)))
    if (!node || typeof node !== 'object') return node
    const copy: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(node)) copy[key] = await this.plan(child, planned)
    const filter = copy as {type?: string; base?: ExprNode; expr?: ExprNode}
    if (filter.type !== 'Filter' || filter.base?.type !== 'Everything' || !filter.expr) return copy
    const parts = conjuncts(filter.expr)

    // Pinned to values known before the query runs: look the candidates up now.
    const pins: Pin[] = []
    for (const conjunct of parts) {
      const pin = await pinOf(conjunct, planned.params)
      if (pin) pins.push(pin)
    }
    // Tied to the enclosing document: look the candidates up as the query runs, through a dereference. This
    // narrows further than a type does, so it wins over every pin but an id.
    const tied = parts.map(indexLookupOf).find((lookup) => lookup !== undefined)
    const pinnedToIds = pins.some((pin) => pin.path.length === 1 && pin.path[0] === '_id')
    if (tied && !pinnedToIds) return {...copy, base: tied}
    if (pins.length > 0) {
      const name = `${CANDIDATES}${planned.next++}`
      planned.params[name] = this.candidates(pins)
      return {...copy, base: {type: 'Parameter', name}}
    }
    return copy
  }

  private candidates(pins: Pin[]): StoredDocument[] {
    const idPin = pins.find((pin) => pin.path.length === 1 && pin.path[0] === '_id')
    const typePin = pins.find((pin) => pin.path.length === 1 && pin.path[0] === '_type')
    let candidates: StoredDocument[]
    if (idPin) candidates = this.inOrder(idPin.values.flatMap((id) => (typeof id === 'string' && this.byId.get(id)) || []))
    else if (typePin) candidates = this.inOrder(typePin.values.flatMap((type) => [...(this.byType.get(String(type))?.values() ?? [])]))
    else candidates = this.all()
    const others = pins.filter((pin) => pin !== idPin && pin !== typePin)
    return others.length === 0 ? candidates : candidates.filter((document) => others.every((pin) => pin.values.includes(valueAt(document, pin.path))))
  }

  /** Answers a planned dereference `{"_ref": "__index:eq:<path>:<value>"}` with `{docs: [...]}`. */
  private lookup(ref: string): {_id: string; docs: StoredDocument[]} {
    const found = new Set<StoredDocument>()
    for (const alternative of ref.split(INDEX_ALTERNATIVE)) {
      const [kind, path, ...rest] = alternative.slice(INDEX_REF.length).split(':')
      const value = rest.join(':')
      const index = this.pathIndex(path!)
      for (const key of kind === 'in' ? value.split(INDEX_SEPARATOR) : [value]) {
        for (const document of index.get(key) ?? []) found.add(document)
      }
    }
    return {_id: ref, docs: this.inOrder([...found])}
  }

  /** Every document by each string value found at a path (`roles[].organization._ref`), built when first asked. */
  private pathIndex(path: string): Map<string, StoredDocument[]> {
    let index = this.pathIndexes.get(path)
    if (index) return index
    index = new Map()
    const segments = path.split('.').filter(Boolean)
    for (const document of this.byId.values()) {
      for (const value of new Set(valuesAt(document, segments))) {
        const list = index.get(value)
        if (list) list.push(document)
        else index.set(value, [document])
      }
    }
    this.pathIndexes.set(path, index)
    return index
  }

  private inOrder(documents: StoredDocument[]): StoredDocument[] {
    return documents.sort((a, b) => this.position.get(a._id)! - this.position.get(b._id)!)
  }
}

const INDEX_REF = '__index:'
const CANDIDATES = '__candidates'
const INDEX_SEPARATOR = '\u001f'
const INDEX_ALTERNATIVE = '\u001e'

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
  path: string[]
  values: unknown[]
}

async function pinOf(node: ExprNode, params: Record<string, unknown>): Promise<Pin | undefined> {
  if (node.type !== 'OpCall') return undefined
  const {op, left, right} = node as {op: string; left: ExprNode; right: ExprNode}
  if (op !== '==' && op !== 'in') return undefined
  const path = attributePath(left)
  if (!path || !isConstant(right)) return undefined
  const value = await (await evaluate(right, {params, dataset: []})).get()
  const values = op === 'in' ? value : [value]
  if (!Array.isArray(values) || !values.every(isPlain)) return undefined
  return {path, values}
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

/** Every string at a path, through arrays at any step. */
function valuesAt(value: unknown, segments: string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, segments))
  if (segments.length === 0) return typeof value === 'string' ? [value] : []
  if (!value || typeof value !== 'object') return []
  return valuesAt((value as Record<string, unknown>)[segments[0]!], segments.slice(1))
}

function valueAt(document: StoredDocument, path: string[]): unknown {
  let value: unknown = document
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  return value
}
