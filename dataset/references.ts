/**
 * The ids a document holds strong references to: every `{_ref}` anywhere in it, except weak ones (`_weak: true`,
 * which the CLI import writes first and strengthens later) and references into another dataset (`_dataset`),
 * which cannot be checked here. The local server refuses a write that would leave one dangling; the Sanity target
 * orders its writes so that none ever does.
 */
export function strongReferences(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) strongReferences(item, found)
  } else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    if (typeof object._ref === 'string' && object._weak !== true && object._dataset === undefined) found.add(object._ref)
    for (const field of Object.values(object)) if (field && typeof field === 'object') strongReferences(field, found)
  }
  return found
}
