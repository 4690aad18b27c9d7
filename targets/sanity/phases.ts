import type {NewsDocument} from '../../model/documents'
import {ImportError} from '../../model/errors'
import {strongReferences} from '../../dataset/references'
import type {PlannedWrite} from '../planWrites'

/** Documents written together once the phase before has been confirmed. */
export interface Phase {
  /** `organizations`, `persons`, ... (`organizations, step 2` when organizations reference new organizations). */
  label: string
  writes: PlannedWrite[]
}

/**
 * The order a strong reference dictates: its target must exist when the referring document is written. The importer's
 * graph points one way (persons -> organizations; articles -> persons, organizations; quotes -> persons, articles,
 * organizations; a person's role `source` is a weak reference), so this order never leaves one dangling.
 */
const TYPE_ORDER: readonly string[] = ['organization', 'person', 'article', 'quote'] satisfies NewsDocument['_type'][]

/**
 * Splits the writes into phases: by type in TYPE_ORDER, and within a type by how deep documents of that type
 * reference new ones of the same type. Fails, before anything is written, if a strong reference points at a document
 * that neither exists nor is written, or at one written only in a later phase.
 */
export function orderPhases(writes: readonly PlannedWrite[], exists: (id: string) => boolean): Phase[] {
  const written = new Map(writes.map((write) => [write.document._id, write]))
  const missing = (id: string) => !exists(id)
  const rank = (type: string) => TYPE_ORDER.indexOf(type)

  const depth = new Map<string, number>()
  const depthOf = (write: PlannedWrite, visiting: Set<string>): number => {
    const id = write.document._id
    const known = depth.get(id)
    if (known !== undefined) return known
    visiting.add(id)
    let level = 0
    for (const target of strongReferences(write.document)) {
      if (target === id || !missing(target)) continue
      const dependency = written.get(target)
      if (!dependency) {
        throw new ImportError(`${id}: references ${target}, which does not exist in the dataset (it may have only a draft) and is not part of this import; nothing was written`)
      }
      const order = rank(dependency.document._type) - rank(write.document._type)
      if (order > 0) {
        throw new ImportError(`${id}: references ${target}, a ${dependency.document._type} this import creates after ${write.document._type}s; nothing was written`)
      }
      // A cycle of new documents of one type would need one transaction; none occurs in what the importer makes.
      if (order === 0 && !visiting.has(target)) level = Math.max(level, depthOf(dependency, visiting) + 1)
    }
    visiting.delete(id)
    depth.set(id, level)
    return level
  }

  const phases = new Map<string, Phase>()
  const ordered = [...writes].sort((a, b) => rank(a.document._type) - rank(b.document._type))
  for (const write of ordered) {
    if (rank(write.document._type) < 0) throw new ImportError(`${write.document._id}: unknown document type ${write.document._type}`)
    const level = depthOf(write, new Set())
    const label = `${write.document._type}s${level > 0 ? `, step ${level + 1}` : ''}`
    const key = `${rank(write.document._type)}:${String(level).padStart(4, '0')}`
    let phase = phases.get(key)
    if (!phase) phases.set(key, (phase = {label, writes: []}))
    phase.writes.push(write)
  }
  return [...phases.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, phase]) => phase)
}
