/**
 * The import as `npm run seed` runs it, without the process: runImport into the local dataset file (or any target),
 * and the report scripts/seed.ts prints from its result, put together from scripts/seedReport.ts in the same order.
 * The process's own part (arguments, exit codes, which stream, --out -, the lock under a server, signals) stays
 * with the command tests.
 */
import {vi} from 'vitest'

import type {BatchInput, BatchOutcome} from '../../importer/importBatch'
import type {StoredDocument} from '../../model/documents'
import {LocalTarget} from '../../targets/localTarget'
import {runImport, type ImportOptions, type ImportResult} from '../../targets/runImport'
import type {Target} from '../../targets/target'
import {printReport} from '../../scripts/seedReport'

/** The clock reading of a first run; a re-run gets another (`later()`), as a real re-run would. */
export const IMPORTED_AT = '2026-01-01T00:00:00.000Z'
let tick = 0
/** A clock reading after every one handed out before. */
export const later = (): string => new Date(Date.parse(IMPORTED_AT) + ++tick * 60_000).toISOString()

export type InProcessOptions = Partial<Omit<ImportOptions, 'progress' | 'signal'>> & {rejected?: BatchOutcome[]}

/** runImport with the command's defaults: no --replace, a write (not --out -). */
export function importInto(target: Target, inputs: readonly BatchInput[], options: InProcessOptions = {}): Promise<ImportResult> {
  return runImport(inputs, target, {replace: false, dryRun: false, importedAt: IMPORTED_AT, ...options})
}

/**
 * `npm run seed -- ... --dataset PATH`: the local dataset file held for the run and let go of afterwards, whatever
 * happens; with the target, for reportOf.
 */
export async function importLocal(path: string, inputs: readonly BatchInput[], options: InProcessOptions = {}): Promise<ImportResult & {target: LocalTarget}> {
  const target = await LocalTarget.open(path, {write: !options.dryRun})
  try {
    return {...(await importInto(target, inputs, options)), target}
  } finally {
    target.close()
  }
}

/** What --out - prints: the documents of the plan, less the deletions. */
export const plannedDocuments = (result: ImportResult): StoredDocument[] =>
  result.plan.decisions.filter((decision) => decision.action !== 'delete').map((decision) => decision.document)

/**
 * Runs `work` with the console taken: what it printed, and what it threw. The command prints nothing else of its own
 * for a refused input than the one `error:` line of the error (scripts/cli.ts).
 */
export async function printedAndThrown(work: () => Promise<unknown>): Promise<{printed: string[]; thrown: unknown}> {
  const printed: string[] = []
  const spies = (['log', 'error', 'warn', 'info'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(`${method}: ${args.join(' ')}`)),
  )
  try {
    await work()
    return {printed, thrown: undefined}
  } catch (error) {
    return {printed, thrown: error}
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
}

export interface Report {
  /** What the command prints on stdout (`--out -` aside): the lines per document, the decisions, the summary. */
  stdout: string
  /** What it prints on stderr: notes, warnings, skipped inputs. */
  stderr: string
}

/**
 * What scripts/seed.ts prints for a run that did not fail: a written import's report, or a dry run's plan
 * (`--dry-run`; not `--out -`, whose documents are the command's to print). `inputs` is the number of inputs: one
 * gets a line per document.
 */
export function reportOf(result: ImportResult, target: Target, inputs: number): Report {
  const out: string[] = []
  const err: string[] = []
  const log = (line: string) => void out.push(line)
  const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)))
  try {
    printReport(result, target, inputs, log)
  } finally {
    spy.mockRestore()
  }
  const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('')
  return {stdout: text(out), stderr: text(err)}
}
