import type {Schema} from '@sanity/types'
import type {ValidationClient} from '@sanity/validation'
import {evaluateSync, parse, type ExprNode} from 'groq-js'

import type {DocumentStore, StoredDocument} from '../documentStore'
import {conjuncts, findNodes, isConstant} from '../groqTree'
import {createMemoryClient} from '../memoryClient'

/**
 * What validation asks of the dataset, answered from indexes so that a document costs the same whatever the
 * dataset's size: whether a referenced document exists (the id map), whether a slug is taken (an index of slugs by
 * type, built once), and the GROQ that custom rules fetch through `context.getClient()`.
 */
export class DatasetLookups {
  /** The client custom rules get: id-pinned queries answered synchronously, any other query by the store. */
  readonly client: ValidationClient
  private readonly prepared = new Map<string, PreparedQuery | undefined>()
  private readonly slugIndexes = new Map<string, Map<string, Map<string, StoredDocument[]>>>()
  private positions: Map<string, number> | undefined

  constructor(
    private readonly world: DocumentStore,
    readonly schema: Schema,
  ) {
    const general = createMemoryClient(world) as unknown as Record<string, unknown>
    const client: Record<string, unknown> = {
      ...general,
      fetch: (query: string, params?: Record<string, unknown>) => this.fetch(query, params ?? {}),
      withConfig: () => client,
    }
    this.client = client as unknown as ValidationClient
  }

  /** `context.getClient` for custom rules. */
  readonly getClient = (): ValidationClient => this.client

  /** `context.getDocumentExists` for custom rules. */
  readonly getDocumentExists = async ({id}: {id: string}): Promise<boolean> => this.exists(id)

  exists(id: string): boolean {
    return this.world.get(id) !== undefined
  }

  /**
   * Whether no other document of `type` (other than versions of `publishedId`) has `slug` at `path`: Sanity's
   * `!defined(*[_type == $docType && !sanity::versionOf($published) && <path> == $slug][0]._id)`.
   */
  isSlugUnique(type: string, publishedId: string, path: string[], slug: string): boolean {
    for (const document of this.slugIndex(path).get(type)?.get(slug) ?? []) {
      if (!isVersionOf(publishedId, document._id)) return false
    }
    return true
  }

  private slugIndex(path: string[]): Map<string, Map<string, StoredDocument[]>> {
    const name = path.join('.')
    let index = this.slugIndexes.get(name)
    if (index) return index
    index = new Map()
    for (const document of this.world.all()) {
      const slug = attributeAt(document, path)
      if (typeof slug !== 'string' || typeof document._type !== 'string' || typeof document._id !== 'string') continue
      let ofType = index.get(document._type)
      if (!ofType) index.set(document._type, (ofType = new Map()))
      const list = ofType.get(slug)
      if (list) list.push(document)
      else ofType.set(slug, [document])
    }
    this.slugIndexes.set(name, index)
    return index
  }

  private fetch(query: string, params: Record<string, unknown>): Promise<unknown> {
    if (!this.prepared.has(query)) this.prepared.set(query, prepare(query))
    const prepared = this.prepared.get(query)
    if (prepared) {
      try {
        return Promise.resolve(prepared.run(params, (ids) => this.documentsByIds(ids)))
      } catch {
        // Outside what groq-js evaluates synchronously: the store evaluates it (and reports its errors).
      }
    }
    return this.world.query(query, params)
  }

  /** The documents with these ids, in the store's order (the order `*` reads them in). */
  private documentsByIds(ids: string[]): StoredDocument[] {
    const found: StoredDocument[] = []
    for (const id of ids) {
      const document = this.world.get(id)
      if (document && !found.includes(document)) found.push(document)
    }
    if (found.length < 2) return found
    this.positions ??= new Map(this.world.all().map((document, index) => [document._id, index]))
    return found.sort((a, b) => this.positions!.get(a._id)! - this.positions!.get(b._id)!)
  }
}

/** groq-js' `sanity::versionOf`: the id itself, its draft, or one of its release versions. */
function isVersionOf(baseId: string, id: string): boolean {
  if (id === baseId) return true
  const components = id.split('.')
  return (
    (components.length >= 2 && components[0] === 'drafts' && components.slice(1).join('.') === baseId) ||
    (components.length >= 3 && components[0] === 'versions' && components.slice(2).join('.') === baseId)
  )
}

/** GROQ's `a.b.c` from a document: null through anything that is not an object. */
function attributeAt(value: unknown, path: string[]): unknown {
  let current = value
  for (const key of path) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/**
 * A query parsed once whose every `*[...]` pins `_id` (`*[_id in [$id, "drafts." + $id]]`, `*[_id == $id]`): each
 * run looks the candidates up by id and lets groq-js evaluate the rest synchronously, the filter still deciding.
 */
interface PreparedQuery {
  run(params: Record<string, unknown>, byIds: (ids: string[]) => StoredDocument[]): unknown
}

const CANDIDATES = '__lookupCandidates'

function prepare(query: string): PreparedQuery | undefined {
  let tree: ExprNode
  try {
    tree = parse(query)
  } catch {
    return undefined
  }
  // Parsed without parameters, `x[$i]` is a filter, though with them it is an element access: leave such to the store.
  const ambiguous = findNodes(tree, (node) => node.type === 'Filter' && isConstant((node as {expr: ExprNode}).expr))
  if (ambiguous.length > 0 || findNodes(tree, (node) => node.type === 'Deref').length > 0) return undefined

  const pins: {name: string; op: '==' | 'in'; values: ExprNode}[] = []
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (!node || typeof node !== 'object') return node
    const copy: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(node)) copy[key] = rewrite(child)
    const filter = node as {type?: string; base?: ExprNode; expr?: ExprNode}
    if (filter.type === 'Filter' && filter.base?.type === 'Everything' && filter.expr) {
      const pin = conjuncts(filter.expr).map(idPin).find((found) => found !== undefined)
      if (pin) {
        const name = `${CANDIDATES}${pins.length}`
        pins.push({name, ...pin})
        copy.base = {type: 'Parameter', name}
      }
    }
    return copy
  }
  const planned = rewrite(tree) as ExprNode
  if (findNodes(planned, (node) => node.type === 'Everything').length > 0) return undefined

  return {
    run(params, byIds) {
      const candidates: Record<string, unknown> = {}
      for (const pin of pins) {
        const value = evaluateSync(pin.values, {params}).data
        const ids = pin.op === '==' ? [value] : Array.isArray(value) ? value : []
        // `_id == x` holds only for a string x: GROQ's equality is strict about types.
        candidates[pin.name] = byIds(ids.filter((id): id is string => typeof id === 'string'))
      }
      return evaluateSync(planned, {params: {...params, ...candidates}}).data
    },
  }
}

/** `_id == <constant>` or `_id in <constant>`. */
function idPin(node: ExprNode): {op: '==' | 'in'; values: ExprNode} | undefined {
  if (node.type !== 'OpCall') return undefined
  const {op, left, right} = node as {op: string; left: ExprNode; right: ExprNode}
  if ((op !== '==' && op !== 'in') || !isIdAttribute(left) || !isConstant(right)) return undefined
  return {op, values: right}
}

function isIdAttribute(node: ExprNode): boolean {
  const access = node as {type: string; name?: string; base?: ExprNode}
  return access.type === 'AccessAttribute' && access.name === '_id' && (access.base === undefined || access.base.type === 'This')
}
