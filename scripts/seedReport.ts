/**
 * How `npm run seed` tells what an import did: a line per document for a single text (only those left as they were
 * or failed for a batch), notes and warnings on stderr, the dry run's table, and the summary that accounts for
 * every input and every document.
 */
import type {BatchOutcome, BatchResult} from '../importer/importBatch'
import {stripControls} from '../importer/source/controlCharacters'
import {isNewsDocument, type NewsDocument, type StoredDocument} from '../model/documents'
import type {WriteAction} from '../targets/planWrites'
import type {ImportResult} from '../targets/runImport'
import type {ImportAction, Outcome, Target} from '../targets/target'

const ACTION_WORDS: Record<ImportAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  'keep-edited': 'left as edited',
  replace: 'replaced',
  delete: 'deleted',
  failed: 'failed',
}

const PLAN_WORDS: Record<ImportAction, string> = {
  create: 'to create',
  update: 'to update',
  unchanged: 'unchanged',
  'keep-edited': 'to leave as edited',
  replace: 'to replace',
  delete: 'to delete',
  failed: 'failed',
}

const PLAN_COLUMNS: WriteAction[] = ['create', 'update', 'unchanged', 'keep-edited', 'replace', 'delete']

/** A line per document (`detailed`), or only those left as they were and those that failed; their notes on stderr. */
export function reportDocuments(log: (line: string) => void, outcomes: readonly Outcome[], detailed: boolean): void {
  const kept = outcomes.filter((outcome) => outcome.action === 'keep-edited')
  const failed = outcomes.filter((outcome) => outcome.action === 'failed')
  if (detailed) {
    for (const outcome of outcomes) log(`  ${ACTION_WORDS[outcome.action].padEnd(14)} ${describe(outcome.document, outcomes)}`)
  } else {
    for (const outcome of kept) log(`  left as edited  ${describe(outcome.document, outcomes)}`)
    for (const outcome of failed) log(`  failed          ${describe(outcome.document, outcomes)}`)
  }
  for (const outcome of kept) console.error(`note: ${outcome.document._id} ${outcome.reason}; ${outcome.advice ?? 'left as it is (use --replace to overwrite)'}`)
  for (const outcome of failed) console.error(`failed: ${outcome.document._id}: ${outcome.reason}`)
}

/** What the importer passed over, the inputs it skipped, and the people it found to be one under two names. */
export function reportBatchNotes(batch: BatchResult, failed: readonly BatchOutcome[]): void {
  for (const warning of batch.warnings) console.error(`warning: ${warning}`)
  if (batch.merges.length > 20) console.error(`note: ${batch.merges.length} people named by a short form or a misspelling joined their fuller name`)
  else for (const merge of batch.merges) console.error(`note: ${merge.from} is ${merge.into} (${merge.reason}); joined`)
  for (const outcome of failed) console.error(`skipped: ${outcome.error}`)
}

/**
 * What editors' decisions (entityDecision documents) made the import do, or nothing when none applied:
 * `Editors' decisions: 12 name(s) linked to what they were merged into; 2 rejected name(s) not made (5 mention(s) left as plain text, 1 quote(s) skipped).`
 */
export function decisionsLine(batch: BatchResult): string | undefined {
  const {linked, rejected, mentionsLeftPlain, quotesSkipped} = batch.decisions
  if (linked === 0 && rejected === 0) return undefined
  return (
    `Editors' decisions: ${linked} name(s) linked to what they were merged into; ${rejected} rejected name(s) not made ` +
    `(${mentionsLeftPlain} mention(s) left as plain text, ${quotesSkipped} quote(s) skipped).`
  )
}

/** `3 input(s): 2 imported, 1 skipped. 11 document(s): 3 created, 8 unchanged.` — `plan` words for a dry run. */
export function summaryLine(outcomes: readonly BatchOutcome[], failed: readonly BatchOutcome[], documents: readonly Outcome[], options: {everyAction: boolean; planned: boolean}): string {
  const words = options.planned ? PLAN_WORDS : ACTION_WORDS
  const counts = new Map<string, number>()
  if (options.everyAction) for (const word of Object.values(words)) counts.set(word, 0)
  for (const document of documents) counts.set(words[document.action], (counts.get(words[document.action]) ?? 0) + 1)
  const summary = [...counts].map(([action, count]) => `${count} ${action}`).join(', ') || 'none'
  return `${outcomes.length} input(s): ${outcomes.length - failed.length} imported, ${failed.length} skipped. ${documents.length} document(s): ${summary}.`
}

/** `--dry-run`: what the import would do, by type and action. */
export function planTable(title: string, decisions: readonly Outcome[]): string[] {
  const types: NewsDocument['_type'][] = ['organization', 'person', 'article', 'quote']
  const count = (type: string | undefined, action: WriteAction) => decisions.filter((decision) => decision.action === action && (type === undefined || decision.document._type === type)).length
  const header = ['', ...PLAN_COLUMNS.map((action) => PLAN_WORDS[action])]
  const rows = [...types, undefined].map((type) => [type ?? 'total', ...PLAN_COLUMNS.map((action) => String(count(type, action)))])
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ')}`
  return [`Plan for ${title} (dry run):`, line(header), ...rows.map(line)]
}

/** One line about a document; what an editor put into a document the import left alone is printed without controls. */
function describe(document: StoredDocument, outcomes: readonly Outcome[]): string {
  const name = (id: unknown) => outcomes.find((outcome) => outcome.document._id === id)?.document.name ?? id
  // What an editor left at an id the import writes may be of any type.
  if (!isNewsDocument(document)) return stripControls(`${document._type.padEnd(13)} ${document._id}`)
  switch (document._type) {
    case 'article':
      return stripControls(`article       ${document.title}`)
    case 'person':
      return stripControls(`person        ${document.name}`)
    case 'organization':
      return stripControls(`organization  ${document.name}${document.acronym ? ` (${document.acronym})` : ''}`)
    case 'quote': {
      const text = String(document.text)
      return stripControls(`quote         ${name((document.speaker as {_ref: string})._ref)}: “${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`)
    }
    case 'entityDecision':
      return stripControls(`decision      ${document.decision} ${document.entityId}`)
  }
}

/**
 * What the command prints for a run that did not fail, in order: a dry run's plan (its table, or with
 * `printDocuments` the documents themselves on stdout, `--out -`) or a written import's lines per document, then
 * the notes and warnings (on stderr), the editors' decisions and the summary. `log` is where the report goes
 * (stdout; stderr under `--out -`); `inputs` the number of inputs (one gets a line per document).
 */
export function printReport(result: ImportResult, target: Target, inputs: number, log: (line: string) => void, printDocuments = false): void {
  const {batch, outcomes, failed, plan, written} = result
  if (!written) {
    const described = target.describePlan(plan)
    if (printDocuments) {
      for (const decision of plan.decisions) if (decision.action !== 'delete') process.stdout.write(`${JSON.stringify(decision.document)}\n`)
    } else {
      for (const line of [...planTable(target.name, plan.decisions), ...described.details]) log(line)
    }
    reportDocuments(log, plan.decisions, printDocuments && inputs === 1)
    reportBatchNotes(batch, failed)
    const decided = decisionsLine(batch)
    if (decided) log(decided)
    log(`${summaryLine(outcomes, failed, plan.decisions, {everyAction: false, planned: !printDocuments})} ${described.summary}`)
    return
  }
  reportDocuments(log, written.outcomes, inputs === 1)
  reportBatchNotes(batch, failed)
  const decided = decisionsLine(batch)
  if (decided) log(decided)
  log(`${summaryLine(outcomes, failed, written.outcomes, {everyAction: target.countsEveryAction, planned: false})} ${written.summary}`)
}
