import type {PlannedWrite} from '../planWrites'
import type {SanityMutation} from './api'
import type {RemoteDocument} from './read'

/** Sanity refuses a request body over 4,000,000 bytes. */
export const REQUEST_LIMIT = 4_000_000
/** Transactions are packed to this size: room under the limit for the client's own bytes and a miscount. */
export const PACK_BYTES = 3_500_000

/** One mutate request: its mutations, the writes they carry, and the body's size. */
export interface Transaction {
  mutations: SanityMutation[]
  writes: PlannedWrite[]
  /** For each mutation, the index in `writes` of the write it belongs to (a delete takes two mutations). */
  writeAt: number[]
  bytes: number
}

export interface Packed {
  transactions: Transaction[]
  /** Writes whose one mutation alone is over the request limit: Sanity cannot take them in any request. */
  oversized: {write: PlannedWrite; bytes: number}[]
}

/** Fields the API keeps itself; a body that carried them would either be refused or be ignored. */
const SYSTEM_FIELDS = new Set(['_id', '_type', '_rev', '_createdAt', '_updatedAt', '_originalId'])

/**
 * The mutations for one write, each safe to send twice:
 * - create: `createIfNotExists` (a second send finds it and does nothing);
 * - update: a patch guarded by the revision that was read, setting every field and unsetting the ones gone, so an
 *   editor's change made since the read is not overwritten (the transaction fails with a revision conflict instead);
 * - replace (`--replace`): `createOrReplace`: the import wins, whatever the revision.
 */
export function toMutations(write: PlannedWrite, current: RemoteDocument | undefined): SanityMutation[] {
  const document = withoutSystemFields(write.document)
  const guard = typeof current?._rev === 'string' ? {ifRevisionID: current._rev} : {}
  switch (write.action) {
    case 'create':
      return [{createIfNotExists: document}]
    case 'replace':
      return [{createOrReplace: document}]
    case 'update': {
      const {_id, _type, ...set} = document
      const unset = current ? Object.keys(current).filter((field) => !SYSTEM_FIELDS.has(field) && !(field in set)) : []
      return [{patch: {id: _id, ...guard, set, ...(unset.length > 0 ? {unset} : {})}}]
    }
    case 'delete':
      // A delete takes no revision; a patch that changes nothing but is guarded by the revision read goes first, so
      // that the transaction fails, and the quote stays, if an editor changed it since.
      return [{patch: {id: document._id, ...guard, set: {importFingerprint: document.importFingerprint}}}, {delete: {id: document._id}}]
    default:
      throw new Error(`${write.document._id}: nothing to write for "${write.action}"`)
  }
}

/**
 * Packs writes, in order, into as few transactions as fit `maxBytes` each: a request per transaction instead of a
 * request per document. A write too big for `maxBytes` but within the request limit goes alone.
 */
export function packTransactions(
  writes: readonly PlannedWrite[],
  currentOf: (id: string) => RemoteDocument | undefined,
  maxBytes: number = PACK_BYTES,
): Packed {
  const packed: Packed = {transactions: [], oversized: []}
  // `{"mutations":[` + `]}`, and a comma between mutations.
  const envelope = Buffer.byteLength('{"mutations":[]}')
  let open: Transaction | undefined
  for (const write of writes) {
    const mutations = toMutations(write, currentOf(write.document._id))
    const size = mutations.reduce((sum, mutation) => sum + Buffer.byteLength(JSON.stringify(mutation)) + 1, 0)
    if (size - 1 + envelope > REQUEST_LIMIT) {
      packed.oversized.push({write, bytes: size - 1 + envelope})
      continue
    }
    if (!open || open.bytes + size > maxBytes) {
      open = {mutations: [], writes: [], writeAt: [], bytes: envelope - 1}
      packed.transactions.push(open)
    }
    for (const mutation of mutations) {
      open.mutations.push(mutation)
      open.writeAt.push(open.writes.length)
    }
    open.writes.push(write)
    open.bytes += size
  }
  return packed
}

function withoutSystemFields(document: PlannedWrite['document']): {_id: string; _type: string; [field: string]: unknown} {
  const body: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(document)) if (field === '_id' || field === '_type' || !SYSTEM_FIELDS.has(field)) body[field] = value
  return body as {_id: string; _type: string}
}
