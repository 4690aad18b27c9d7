/** Fields that change without anyone changing the content: system fields, the import time, the fingerprint itself. */
const VOLATILE = new Set(['_rev', '_createdAt', '_updatedAt', '_originalId', 'importFingerprint', 'importedAt'])

/**
 * JSON with keys sorted at every level and volatile fields left out, so equal content gives equal text. Pure (no
 * Node module), so that the Studio computes the importer's fingerprint of a document it corrects the same way.
 */
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
