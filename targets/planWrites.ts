import {fingerprint, sameContent} from '../dataset/fingerprint'
import type {NewsDocument} from '../importer/documents/buildDocuments'

export type WriteAction =
  /** Not in the dataset yet. */
  | 'create'
  /** The importer's own document, and the import changes it. */
  | 'update'
  /** Already exactly what the import would write. */
  | 'unchanged'
  /** Someone else changed it (or it has a draft): left as it is. */
  | 'keep-edited'
  /** Someone else changed it, and `--replace` says the import wins. */
  | 'replace'

export interface PlannedWrite {
  action: WriteAction
  /** What the dataset should hold after the write (for 'unchanged' and 'keep-edited', what it holds now). */
  document: NewsDocument
  /** Why a document is kept: "edited since it was imported", "has a draft". */
  reason?: string
}

export interface PlanOptions {
  replace: boolean
}

/**
 * Decides, document by document, what an import does to a dataset: the same rules for the local file and for a
 * Sanity dataset. The importer owns a document while its content matches the fingerprint it stamped on it.
 */
export function planWrites(
  intended: readonly NewsDocument[],
  lookup: (id: string) => NewsDocument | undefined,
  options: PlanOptions,
): PlannedWrite[] {
  return intended.map((document): PlannedWrite => {
    const current = lookup(document._id)
    const draft = lookup(`drafts.${document._id}`)
    if (!current) {
      if (draft && !options.replace) return {action: 'keep-edited', document, reason: 'has an unpublished draft'}
      return {action: 'create', document: stamp(document)}
    }
    const edited = current.importFingerprint !== fingerprint(current)
    const merged = merge(document, current, {keepEditorFields: !options.replace})
    if (edited || draft) {
      const reason = draft ? 'has an unpublished draft' : 'changed by an editor since it was imported'
      return options.replace ? {action: 'replace', document: stamp(merged)} : {action: 'keep-edited', document: current, reason}
    }
    if (sameContent(merged, current)) return {action: 'unchanged', document: current}
    return {action: 'update', document: stamp(merged)}
  })
}

function stamp(document: NewsDocument): NewsDocument {
  const {importFingerprint: _, ...content} = document
  return {...content, importFingerprint: fingerprint(content)} as NewsDocument
}

/**
 * People and organizations gather what every article says about them: aliases and roles are added, never
 * dropped, and the name and slug they were first given stay. Articles and quotes are the import's alone.
 */
function merge(intended: NewsDocument, current: NewsDocument, {keepEditorFields}: {keepEditorFields: boolean}): NewsDocument {
  let merged: NewsDocument = intended
  if (intended._type === 'person' || intended._type === 'organization') {
    const base = keepEditorFields ? current : {}
    merged = {
      ...base,
      ...intended,
      name: current.name ?? intended.name,
      slug: current.slug ?? intended.slug,
      ...union('aliases', current.aliases, intended.aliases, (alias) => String(alias)),
      ...union('roles', current.roles, intended.roles, (role) => (role as {_key: string})._key),
    }
    if (intended._type === 'organization' && current.acronym && !intended.acronym) merged.acronym = current.acronym
  }
  // An unchanged text imported again keeps its first import time, so a re-run rewrites nothing.
  const provenance = merged.provenance as {importedAt?: string} | undefined
  const currentProvenance = current.provenance as {importedAt?: string} | undefined
  if (provenance && currentProvenance?.importedAt && sameContent(merged, current)) {
    merged = {...merged, provenance: {...provenance, importedAt: currentProvenance.importedAt}}
  }
  return merged
}

function union(field: string, current: unknown, intended: unknown, key: (item: unknown) => string): Record<string, unknown[]> {
  const items = [...(Array.isArray(current) ? current : []), ...(Array.isArray(intended) ? intended : [])]
  const seen = new Map<string, unknown>()
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item)
  return seen.size > 0 ? {[field]: [...seen.values()]} : {}
}
