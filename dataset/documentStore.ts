import {evaluate, parse, type ExprNode} from 'groq-js'

export interface StoredDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

/**
 * Documents held in memory and queried with groq-js, with the two indexes every Sanity query leans on: by `_id`
 * and by `_type`. A query with a single `*[...]` whose filter pins `_id` or `_type` (or other fields to plain
 * values) is evaluated over just the documents that can match: the same answer, without scanning the dataset.
 */
export class DocumentStore {
  private readonly byId = new Map<string, StoredDocument>()
  private readonly byType = new Map<string, Map<string, StoredDocument>>()

  constructor(documents: Iterable<StoredDocument> = []) {
    for (const document of documents) this.put(document)
  }

  put(document: StoredDocument): void {
    this.delete(document._id)
    this.byId.set(document._id, document)
    let ofType = this.byType.get(document._type)
    if (!ofType) this.byType.set(document._type, (ofType = new Map()))
    ofType.set(document._id, document)
  }

  delete(id: string): void {
    const existing = this.byId.get(id)
    if (!existing) return
    this.byId.delete(id)
    this.byType.get(existing._type)?.delete(id)
  }

  get(id: string): StoredDocument | undefined {
    return this.byId.get(id)
  }

  all(): StoredDocument[] {
    return [...this.byId.values()]
  }

  get size(): number {
    return this.byId.size
  }

  async query(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const tree = parse(query, {params})
    const value = await evaluate(tree, {
      dataset: await this.candidates(tree, params),
      params,
      dereference: ({_ref}) => this.byId.get(_ref) ?? null,
    })
    return value.get()
  }

  /** The documents a query can see: all of them, unless its one `*[...]` filter pins them down. */
  private async candidates(tree: ExprNode, params: Record<string, unknown>): Promise<StoredDocument[]> {
    const everything = findNodes(tree, (node) => node.type === 'Everything')
    const filters = findNodes(tree, (node) => node.type === 'Filter' && (node as {base: ExprNode}).base.type === 'Everything')
    if (everything.length !== 1 || filters.length !== 1) return this.all()
    const pins: Pin[] = []
    for (const conjunct of conjuncts((filters[0] as {expr: ExprNode}).expr)) {
      const pin = await pinOf(conjunct, params)
      if (pin) pins.push(pin)
    }
    const idPin = pins.find((pin) => pin.path.length === 1 && pin.path[0] === '_id')
    const typePin = pins.find((pin) => pin.path.length === 1 && pin.path[0] === '_type')
    let candidates: StoredDocument[]
    if (idPin) candidates = idPin.values.flatMap((id) => (typeof id === 'string' && this.byId.get(id)) || [])
    else if (typePin) candidates = typePin.values.flatMap((type) => [...(this.byType.get(String(type))?.values() ?? [])])
    else candidates = this.all()
    const others = pins.filter((pin) => pin !== idPin && pin !== typePin)
    return others.length === 0 ? candidates : candidates.filter((document) => others.every((pin) => pin.values.includes(valueAt(document, pin.path))))
  }
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

/** Built from values, parameters and operators alone: the same for every document. */
function isConstant(node: ExprNode): boolean {
  return findNodes(node, (child) => ['Everything', 'This', 'Parent', 'AccessAttribute', 'Context', 'FuncCall'].includes(child.type)).length === 0
}

function conjuncts(node: ExprNode): ExprNode[] {
  if (node.type === 'And') {
    const {left, right} = node as {left: ExprNode; right: ExprNode}
    return [...conjuncts(left), ...conjuncts(right)]
  }
  if (node.type === 'Group') return conjuncts((node as {base: ExprNode}).base)
  return [node]
}

function findNodes(node: unknown, test: (node: ExprNode) => boolean, found: ExprNode[] = []): ExprNode[] {
  if (Array.isArray(node)) {
    for (const child of node) findNodes(child, test, found)
  } else if (node && typeof node === 'object') {
    if (typeof (node as {type?: unknown}).type === 'string' && test(node as ExprNode)) found.push(node as ExprNode)
    for (const child of Object.values(node)) if (child && typeof child === 'object') findNodes(child, test, found)
  }
  return found
}

function valueAt(document: StoredDocument, path: string[]): unknown {
  let value: unknown = document
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  return value
}
