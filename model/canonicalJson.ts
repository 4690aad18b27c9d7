/** Fields that change without anyone changing the content: system fields, the import time, the fingerprint itself. */
const VOLATILE = new Set(['_rev', '_createdAt', '_updatedAt', '_originalId', 'importFingerprint', 'importedAt'])

/**
 * JSON with keys sorted at every level and volatile fields left out, so equal content gives equal text. Pure (no
 * Node module), so that the Studio computes the importer's fingerprint of a document it corrects the same way.
 */
export function canonicalJson(value: unknown): string {
  // Written with loops and string appends (it runs over every document an import writes or compares), giving
  // exactly what the plain form gives: `[items].join(',')` (an undefined item as nothing), entries sorted by key.
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (Array.isArray(value)) {
    let json = '['
    for (let index = 0; index < value.length; index++) {
      if (index > 0) json += ','
      const item = canonicalJson(value[index])
      if (item !== undefined) json += item
    }
    return `${json}]`
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort()
  let json = '{'
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!
    const item = record[key]
    if (item === undefined || VOLATILE.has(key)) continue
    if (json.length > 1) json += ','
    json += `${quotedKey(key)}${canonicalJson(item)}`
  }
  return `${json}}`
}

/** `"name":`, made once per field name: documents repeat a few dozen names some millions of times. */
const quotedKeys = new Map<string, string>()

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`
    // Field names come from the schema; a document with thousands of others is not worth remembering them for.
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted)
  }
  return quoted
}
