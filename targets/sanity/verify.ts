import type {Sender} from './send'
import type {Outcome} from '../target'

/** An intended document the final check did not find as the import left it. */
export interface Unverified {
  id: string
  problem: string
}

/** Ids per verification request: only `_id` and `importFingerprint` come back, so one request covers a corpus. */
const IDS_PER_CHECK = 20_000

/**
 * After the last transaction: one query for the `importFingerprint` of every document the import wrote, found
 * unchanged or deleted. A document missing (or, deleted, still there), or with another fingerprint, is named.
 * Documents left as an editor left them, and those that failed (already reported), are not checked.
 */
export async function verifyWritten(sender: Sender, outcomes: readonly Outcome[]): Promise<Unverified[]> {
  const expected = new Map<string, unknown>()
  const deleted = new Set<string>()
  for (const {action, document} of outcomes) {
    if (action === 'delete') deleted.add(document._id)
    else if (action !== 'keep-edited' && action !== 'failed') expected.set(document._id, document.importFingerprint)
  }
  const ids = [...expected.keys(), ...deleted]
  const found = new Map<string, unknown>()
  for (let at = 0; at < ids.length; at += IDS_PER_CHECK) {
    const rows = await sender.read<{_id: string; importFingerprint: unknown}[]>(
      '*[_id in $ids]{_id, importFingerprint}',
      {ids: ids.slice(at, at + IDS_PER_CHECK)},
      'raw',
    )
    for (const row of rows) found.set(row._id, row.importFingerprint ?? null)
  }
  const unverified: Unverified[] = []
  for (const [id, fingerprint] of expected) {
    if (!found.has(id)) unverified.push({id, problem: 'missing'})
    else if (found.get(id) !== fingerprint) unverified.push({id, problem: 'has another importFingerprint (changed by someone else since it was written?)'})
  }
  for (const id of deleted) if (found.has(id)) unverified.push({id, problem: 'is still there, although the import deleted it'})
  return unverified
}
