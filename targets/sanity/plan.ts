import type {NewsDocument, StoredDocument} from '../../model/documents'
import {isWrite, planVanishedQuotes, planWrites, quotesOfArticles, type PlannedWrite} from '../planWrites'
import {orderPhases, type Phase} from './phases'
import {readDocuments, type RemoteDocument} from './read'
import type {Sender} from './send'

/** What an import will do to a Sanity dataset, decided from one round of reads. */
export interface SanityPlan {
  /** One decision per intended document, in the same order (planWrites). */
  plan: PlannedWrite[]
  /** The intended documents as the importer made them: what a re-check plans again from. */
  intended: NewsDocument[]
  /** The touched documents as read, published and drafts, with their revisions. */
  current: ReadonlyMap<string, RemoteDocument>
  /** Published documents known to exist: the link index and the touched documents. */
  existing: ReadonlySet<string>
  /** What validation checks references and slugs against: the link index with the touched documents over it. */
  world: StoredDocument[]
}

export {isWrite}

/**
 * Reads the documents the import would touch (drafts included) and decides, with the same rules as a local run
 * (planWrites), what to create, update, leave unchanged, leave as an editor left it, or replace.
 */
export async function planSanityWrites(
  sender: Sender,
  intended: readonly NewsDocument[],
  linkIndex: readonly NewsDocument[],
  options: {replace: boolean},
): Promise<SanityPlan> {
  const articles = intended.filter((document) => document._type === 'article').map((document) => document._id)
  const current = await readDocuments(sender, intended.map((document) => document._id), articles)
  const plan = planWrites(intended, (id) => current.get(id), options)
  plan.push(...planVanishedQuotes(plan, (articleIds) => quotesOfArticles(current.values(), articleIds)))
  const known = new Map<string, StoredDocument>(linkIndex.map((document) => [document._id, document]))
  for (const [id, document] of current) known.set(id, document)
  return {
    plan,
    intended: [...intended],
    current,
    existing: new Set([...known.keys()].filter((id) => !id.startsWith('drafts.'))),
    world: [...known.values()],
  }
}

/**
 * The writes (create, update, replace) in the order their strong references allow; throws, before anything is
 * written, if one would dangle. Validation, run before, says the same in the schema's words.
 */
export function phasesOf(sanityPlan: SanityPlan): Phase[] {
  const phases = orderPhases(sanityPlan.plan.filter(isWrite), (id) => sanityPlan.existing.has(id))
  // Nothing references a quote, so the quotes an article no longer has go last, once everything else is in.
  const deletions = sanityPlan.plan.filter((write) => write.action === 'delete')
  return deletions.length > 0 ? [...phases, {label: 'deletions', writes: deletions}] : phases
}
