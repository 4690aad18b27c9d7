import {createHash} from 'node:crypto'

import {canonicalJson} from '../model/canonicalJson'

export {canonicalJson} from '../model/canonicalJson'

/**
 * The importer stamps each document it writes with this hash of its content. A document whose content no longer
 * matches its stamp was changed by someone else (an editor), and the importer leaves it alone.
 */
export function fingerprint(document: object): string {
  return hashOf(canonicalJson(document))
}

/** The fingerprint of a document's canonical JSON, for a caller that has it already. */
export function hashOf(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 32)
}

