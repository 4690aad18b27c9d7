import {createHash} from 'node:crypto'

/** Fields that change without anyone changing the content: system fields, the import time, the fingerprint itself. */
const VOLATILE = new Set(['_rev', '_createdAt', '_updatedAt', '_originalId', 'importFingerprint', 'importedAt'])

/** JSON with keys sorted at every level and volatile fields left out, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, field]) => !VOLATILE.has(key) && field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

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

