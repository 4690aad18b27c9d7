import type {NewsDocument, StoredDocument} from '../model/documents'
import type {PlannedWrite, WriteAction} from './planWrites'

/** What became of a document: a plan's decision, or, once written, `failed`. */
export type ImportAction = WriteAction | 'failed'

export interface Outcome {
  action: ImportAction
  /** The import's document, or, for a document left as it is, what the target holds. */
  document: StoredDocument
  /** Why a document was left as it is, or why it failed. */
  reason?: string
  /** What the user can do about a document left as it is, when not "use --replace". */
  advice?: string
}

/** What an import will do to a target, decided from what the target holds now. */
export interface TargetPlan {
  /** One decision per intended document, then one per quote the import no longer finds. */
  decisions: PlannedWrite[]
  /** What validation checks references and slug uniqueness against: what the target holds, with the import over it. */
  world: StoredDocument[]
}

export interface WriteResult {
  /** One per decision, in the same order. */
  outcomes: Outcome[]
  /** Documents the final check did not find as the import left them. */
  unverified: {id: string; problem: string}[]
  /** What went to the target, in words: "Dataset: data/production.ndjson", "... 3 mutation request(s) ...". */
  summary: string
}

/**
 * Where an import goes: the local dataset file, or a Sanity dataset (targets/sanity/). Each reads what exists, plans
 * by the same rules (planWrites), writes, and checks what it wrote; runImport does the rest the same for both.
 */
export interface Target {
  /** In words, for messages: `data/production.ndjson`, `Sanity project "abc", dataset "production"`. */
  readonly name: string
  /** The summary counts every action, also those that did not occur (the Sanity target's habit). */
  readonly countsEveryAction: boolean
  /**
   * What new text is linked to: the people, organizations and articles the target holds, and the editors' decisions;
   * only documents of the project's own types (isNewsDocument), whatever else the target holds.
   */
  linkIndex(): Promise<NewsDocument[]>
  plan(intended: readonly NewsDocument[], options: {replace: boolean}): Promise<TargetPlan>
  /** For a dry run: lines on what it would send, and the end of the summary line (what it read, that nothing went). */
  describePlan(plan: TargetPlan): {details: string[]; summary: string}
  write(plan: TargetPlan, options: {replace: boolean; onProgress?: (done: number, total: number) => void}): Promise<WriteResult>
  /** Lets go of what the target holds (a lock). */
  close(): void
}
