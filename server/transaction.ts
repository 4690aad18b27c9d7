import {Mutation, type Mut} from '@sanity/mutator'

import type {StoredDocument} from '../dataset/documentStore'
import {badRequest, mutationError, quoted, type MutationErrorItem} from './errors'
import {idProblem, randomId} from './ids'
import {strongReferences} from '../dataset/references'

/** What one mutation did to one document, as Sanity reports it (`none`: createIfNotExists of an existing id). */
export type MutationOperation = 'create' | 'update' | 'delete' | 'none'

export interface MutationResult {
  id: string
  operation: MutationOperation
}

/** The dataset as a transaction reads it: documents by id, and all of them (for references into deleted ones). */
export interface DatasetReader {
  get(id: string): StoredDocument | undefined
  all(): Iterable<StoredDocument>
}

export interface TransactionRequest {
  /** The request body's `mutations`, not yet checked. */
  mutations: unknown[]
  transactionId: string
  /** ISO time stamped on every written document as `_updatedAt` (and `_createdAt` on new ones). */
  now: string
  /** Give array items that are objects without `_key` a random one, as `autoGenerateArrayKeys=true` asks. */
  autoGenerateArrayKeys: boolean
}

/** A transaction that passed every check: the documents to write (null: delete) and one result per change. */
export interface TransactionOutcome {
  changes: Map<string, StoredDocument | null>
  results: MutationResult[]
}

const KINDS = ['create', 'createOrReplace', 'createIfNotExists', 'delete', 'patch'] as const
type MutationKind = (typeof KINDS)[number]
const PATCH_OPERATIONS = new Set(['set', 'setIfMissing', 'unset', 'inc', 'dec', 'insert', 'diffMatchPatch'])
const PATCH_KEYS = new Set([...PATCH_OPERATIONS, 'id', 'query', 'params', 'ifRevisionID'])

/**
 * Applies a transaction's mutations in order to a copy of the dataset and checks the result, without touching the
 * dataset itself: either every mutation is valid and the outcome says what to write, or an ApiError says why
 * nothing is. Patches are applied by @sanity/mutator, the library the Studio uses for the same operations.
 */
export function applyTransaction(dataset: DatasetReader, request: TransactionRequest): TransactionOutcome {
  const changes = new Map<string, StoredDocument | null>()
  const current = (id: string) => (changes.has(id) ? (changes.get(id) ?? undefined) : dataset.get(id))
  const results: MutationResult[] = []
  // Which mutation last wrote each id, so that a reference problem found at the end names the mutation behind it.
  const writtenBy = new Map<string, number>()
  const write = (id: string, document: StoredDocument | null, index: number) => {
    changes.set(id, document)
    writtenBy.set(id, index)
  }

  request.mutations.forEach((mutation, index) => {
    const fail = (status: number, type: string, description: string, details: Record<string, unknown> = {}): never => {
      throw mutationError(status, [{index, error: {type, description, ...details}}])
    }
    const {kind, body} = kindOf(mutation, fail)

    if (kind === 'create' || kind === 'createOrReplace' || kind === 'createIfNotExists') {
      if (!isPlainObject(body)) return fail(400, 'invalidDocumentError', `${kind} takes a document (a JSON object)`)
      const id = kind === 'create' ? completedId(body._id) : body._id
      checkId(id, fail)
      if (typeof body._type !== 'string' || body._type === '') {
        return fail(400, 'invalidDocumentError', `Document ${quoted(id)} needs a "_type" (a non-empty string)`, {id})
      }
      const existing = current(id)
      if (existing && kind === 'create') {
        return fail(409, 'documentAlreadyExistsError', `Document by ID ${quoted(id)} already exists`, {id})
      }
      if (existing && kind === 'createIfNotExists') {
        results.push({id, operation: 'none'})
        return
      }
      // `_createdAt` survives a replace; an explicit one (from an export being imported) wins.
      const createdAt = typeof body._createdAt === 'string' ? body._createdAt : (existing?._createdAt ?? request.now)
      write(id, {...body, _id: id, _type: body._type, _createdAt: createdAt}, index)
      results.push({id, operation: existing ? 'update' : 'create'})
      return
    }

    if (!isPlainObject(body)) return fail(400, 'invalidMutationError', `${kind} takes an object with "id"`)
    if ('query' in body) {
      return fail(400, 'unsupportedMutationError', `${kind} by query is not supported by the local server; select documents by "id"`)
    }
    const ids = Array.isArray(body.id) ? body.id : [body.id]
    if (ids.length === 0) return fail(400, 'invalidMutationError', `${kind} needs an "id"`)
    for (const id of ids) checkId(id, fail)

    if (kind === 'delete') {
      for (const id of ids as string[]) {
        const existed = current(id) !== undefined
        if (existed) write(id, null, index)
        results.push({id, operation: existed ? 'delete' : 'none'})
      }
      return
    }

    const unknown = Object.keys(body).filter((key) => !PATCH_KEYS.has(key))
    if (unknown.length > 0) {
      return fail(400, 'invalidPatchError', `Unknown patch operation ${quoted(unknown[0]!)}; known: ${[...PATCH_OPERATIONS].join(', ')}`)
    }
    for (const id of ids as string[]) {
      const document = current(id)
      if (!document) return fail(409, 'documentNotFoundError', `Cannot patch document ${quoted(id)}: it does not exist`, {id})
      if (body.ifRevisionID !== undefined && body.ifRevisionID !== document._rev) {
        return fail(
          409,
          'documentRevisionIDDoesNotMatchError',
          `Document ${quoted(id)} has unexpected revision ID (${quoted(String(document._rev))}), expected ${quoted(String(body.ifRevisionID))}`,
          {id, currentRevisionID: document._rev ?? null, expectedRevisionID: body.ifRevisionID},
        )
      }
      let patched: StoredDocument | null
      try {
        const patch = {...body, id} as unknown as Mut['patch']
        patched = new Mutation({mutations: [{patch}]}).apply(document)
      } catch (error) {
        return fail(400, 'invalidPatchError', `Patch of ${quoted(id)} cannot be applied: ${error instanceof Error ? error.message : String(error)}`, {id})
      }
      if (!patched || patched._id !== id) return fail(400, 'invalidPatchError', `A patch may not change "_id" (document ${quoted(id)})`, {id})
      if (typeof patched._type !== 'string' || patched._type === '') {
        return fail(400, 'invalidPatchError', `A patch may not remove "_type" or make it other than a string (document ${quoted(id)})`, {id})
      }
      write(id, patched, index)
      results.push({id, operation: 'update'})
    }
  })

  // Every written document gets this transaction's id as its revision, as in Sanity, and a fresh _updatedAt.
  for (const [id, document] of changes) {
    if (!document) continue
    const stamped: StoredDocument = {...document, _rev: request.transactionId, _updatedAt: request.now}
    changes.set(id, request.autoGenerateArrayKeys ? withKeyedArrays(stamped) : stamped)
  }
  checkReferences(dataset, changes, writtenBy)
  return {changes, results}
}

/** A create without an id gets a generated one; one ending in "." (like "drafts.") gets one appended. */
function completedId(given: unknown): unknown {
  if (given === undefined) return randomId()
  return typeof given === 'string' && given.length > 1 && given.endsWith('.') ? `${given}${randomId()}` : given
}

function kindOf(mutation: unknown, fail: (status: number, type: string, description: string) => never): {kind: MutationKind; body: unknown} {
  if (!isPlainObject(mutation)) return fail(400, 'invalidMutationError', 'Each mutation must be an object such as {"create": {...}}')
  const keys = Object.keys(mutation)
  const kind = keys.find((key): key is MutationKind => (KINDS as readonly string[]).includes(key))
  if (!kind) {
    return fail(400, 'unknownMutationError', `Unknown mutation ${quoted(keys[0] ?? '{}')}; known: ${KINDS.join(', ')}`)
  }
  if (keys.length > 1) return fail(400, 'invalidMutationError', `A mutation has one kind; this one has ${keys.map((key) => quoted(key)).join(', ')}`)
  return {kind, body: mutation[kind]}
}

function checkId(id: unknown, fail: (status: number, type: string, description: string, details?: Record<string, unknown>) => never): asserts id is string {
  const problem = idProblem(id)
  if (problem) fail(400, 'invalidDocumentIdError', `Malformed document ID: ${typeof id === 'string' ? quoted(id) : String(id)} (${problem})`)
}

/**
 * Strong references must point at documents that exist once the transaction is done: a written document may not
 * reference a missing one, and a deleted document may not be referenced by one that stays. Weak references
 * (`_weak: true`) and cross-dataset ones (`_dataset`) are not checked, as in Sanity.
 */
function checkReferences(
  dataset: DatasetReader,
  changes: ReadonlyMap<string, StoredDocument | null>,
  writtenBy: ReadonlyMap<string, number>,
): void {
  const exists = (id: string) => (changes.has(id) ? changes.get(id) != null : dataset.get(id) !== undefined)
  const items: MutationErrorItem[] = []
  for (const [id, document] of changes) {
    if (!document) continue
    for (const target of strongReferences(document)) {
      if (!exists(target)) {
        items.push({
          index: writtenBy.get(id) ?? 0,
          error: {type: 'referenceError', description: `Document ${quoted(id)} references non-existent document ${quoted(target)}`, id, target},
        })
      }
    }
  }
  const deleted = new Set([...changes].filter(([id, document]) => document === null && dataset.get(id) !== undefined).map(([id]) => id))
  if (deleted.size > 0) {
    const remaining = function* () {
      for (const document of dataset.all()) if (!changes.has(document._id)) yield document
      for (const document of changes.values()) if (document) yield document
    }
    for (const document of remaining()) {
      for (const target of strongReferences(document)) {
        if (deleted.has(target)) {
          items.push({
            index: writtenBy.get(target) ?? 0,
            error: {type: 'referenceError', description: `Document ${quoted(target)} cannot be deleted as there are references to it from ${quoted(document._id)}`, id: target, referencedBy: document._id},
          })
        }
      }
    }
  }
  if (items.length > 0) throw mutationError(409, items)
}

/** The document with a `_key` on every object of its arrays that has none, as `autoGenerateArrayKeys` asks. */
function withKeyedArrays(document: StoredDocument): StoredDocument {
  const fields = Object.fromEntries(Object.entries(document).map(([key, field]) => [key, withArrayKeys(field)]))
  // `_id` and `_type` are strings, which withArrayKeys leaves as they are (and where they are).
  return {...fields, _id: document._id, _type: document._type}
}

function withArrayKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const keyed = withArrayKeys(item)
      return isPlainObject(keyed) && keyed._key === undefined ? {_key: randomId(12), ...keyed} : keyed
    })
  }
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withArrayKeys(field)]))
  return value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The body of a mutate request: `{"mutations": [...], "transactionId"?: "..."}`. */
export function readMutateBody(body: unknown): {mutations: unknown[]; transactionId?: string} {
  if (!isPlainObject(body) || !Array.isArray(body.mutations)) {
    throw badRequest('Request body must be a JSON object with a "mutations" array')
  }
  const {transactionId} = body
  if (transactionId !== undefined && (typeof transactionId !== 'string' || idProblem(transactionId))) {
    throw badRequest('"transactionId" must be a string of letters, digits, ".", "_" and "-"')
  }
  return {mutations: body.mutations, transactionId}
}
