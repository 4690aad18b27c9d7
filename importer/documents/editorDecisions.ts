import type {NewsDocument} from '../../model/documents'

type EntityType = 'person' | 'organization'

/** "Dedie A. Rachim" and "Dedie A Rachim" are one name (as the entity index reads names). */
// toLowerCase, not toLocaleLowerCase('id'): Indonesian has no casing rules of its own (only Turkish, Azeri and
// Lithuanian do), and the locale argument is resolved again on every call.
export const nameKey = (text: string): string => text.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim()

/** What an import did because of editors' decisions, for the report. */
export interface DecisionCounts {
  /** Names linked to the person or organization an editor merged them into (once per article and name). */
  linked: number
  /** Names an editor rejected as a person or organization, not made into one (once per article and name). */
  rejected: number
  /** Mentions of rejected names left as plain text. */
  mentionsLeftPlain: number
  /** Quotes whose speaker is a rejected name: not imported. */
  quotesSkipped: number
}

/**
 * The editors' corrections an import honours (entityDecision documents, made by the Studio's "Merge into…" and
 * "Not a person / Not an organization"): a merged name links to the survivor and the merged id is never made
 * again; a rejected name is never made into that type. Deleting a decision undoes it for later imports.
 */
export class EditorDecisions {
  readonly counts: DecisionCounts = {linked: 0, rejected: 0, mentionsLeftPlain: 0, quotesSkipped: 0}
  /** `person:prabowo` -> the survivor's id. */
  private readonly mergedNames = new Map<string, string>()
  /** Merged ids -> where their references go now (absent when the survivor is gone). */
  private readonly mergedIds = new Map<string, string | undefined>()
  private readonly rejected = new Set<string>()

  constructor(documents: Iterable<NewsDocument> = []) {
    const existing = new Set<string>()
    const decisions: NewsDocument[] = []
    for (const document of documents) {
      if (document._id.startsWith('drafts.') || document._id.includes('.')) continue
      existing.add(document._id)
      if (document._type === 'entityDecision') decisions.push(document)
    }
    const next = new Map<string, string | undefined>()
    for (const decision of decisions) {
      if (decision.decision !== 'merge' || typeof decision.entityId !== 'string') continue
      next.set(decision.entityId, (decision.survivor as {_ref?: string} | undefined)?._ref)
    }
    // A survivor merged in its turn: follow to the last one (a cycle, or one deleted since, links nowhere).
    const final = (id: string): string | undefined => {
      const seen = new Set<string>()
      let at: string | undefined = id
      while (at !== undefined && next.has(at)) {
        if (seen.has(at)) return undefined
        seen.add(at)
        at = next.get(at)
      }
      return at !== undefined && existing.has(at) ? at : undefined
    }
    for (const id of next.keys()) this.mergedIds.set(id, final(id))
    for (const decision of decisions) {
      const type = decision.entityType
      if (type !== 'person' && type !== 'organization') continue
      const names = Array.isArray(decision.names) ? decision.names.filter((name): name is string => typeof name === 'string') : []
      if (decision.decision === 'reject') for (const name of names) this.rejected.add(`${type}:${nameKey(name)}`)
      if (decision.decision === 'merge' && typeof decision.entityId === 'string') {
        const survivor = this.mergedIds.get(decision.entityId)
        if (survivor) for (const name of names) this.mergedNames.set(`${type}:${nameKey(name)}`, survivor)
      }
    }
  }

  get isEmpty(): boolean {
    return this.mergedIds.size === 0 && this.rejected.size === 0
  }

  /** The survivor a merged name links to. */
  survivorOfName(type: EntityType, name: string): string | undefined {
    return this.mergedNames.get(`${type}:${nameKey(name)}`)
  }

  /** An id an editor merged away: never made again. */
  isMergedId(id: string): boolean {
    return this.mergedIds.has(id)
  }

  /** Merged ids whose survivor is there, and where their references go. */
  redirects(): Map<string, string> {
    return new Map([...this.mergedIds].filter((entry): entry is [string, string] => entry[1] !== undefined))
  }

  isRejected(type: EntityType, name: string): boolean {
    return this.rejected.has(`${type}:${nameKey(name)}`)
  }
}
