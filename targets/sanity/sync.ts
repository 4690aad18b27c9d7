import pMap from 'p-map'

import {fingerprint} from '../../dataset/fingerprint'
import type {NewsDocument} from '../../model/documents'
import {ImportError} from '../../model/errors'
import {decideVanished, planWrites, type PlannedWrite} from '../planWrites'
import type {Outcome} from '../target'
import {PACK_BYTES, packTransactions, type Transaction} from './pack'
import {strongReferences} from '../../dataset/references'
import {phasesOf, type SanityPlan} from './plan'
import {readDocuments, type RemoteDocument} from './read'
import {SendFailure, type Sender, type SendStats} from './send'
import {verifyWritten, type Unverified} from './verify'


export interface SyncResult {
  /** One per intended document, in the plan's order. */
  outcomes: Outcome[]
  /** Documents the final check did not find as written (empty when it found all, or when nothing was sent). */
  unverified: Unverified[]
  stats: SendStats & {transactions: number; phases: number}
}

export interface WriteOptions {
  replace: boolean
  /** Transactions in flight at once. */
  concurrency?: number
  maxTransactionBytes?: number
  /** Called as documents are settled (written, found written, kept or failed). */
  onProgress?: (settled: number, total: number) => void
}

/** The API refused the token (401/403): nothing more can be written. `written` documents were, before that. */
export class SanityAuthError extends Error {
  override name = 'SanityAuthError'

  constructor(
    readonly status: number | undefined,
    readonly written: number,
  ) {
    super(`the API refused the token (HTTP ${status ?? '401'})`)
  }
}

/** A write in flight, and where its outcome goes. */
interface Job {
  at: number
  write: PlannedWrite
}

/** A group of jobs to pack and send: a phase at first; half of a refused transaction; re-planned writes. */
interface Unit {
  jobs: Job[]
}

const MAX_ROUNDS = 20

/**
 * Writes a plan to Sanity, phase by phase (a phase only after the one before is confirmed), in transactions packed
 * to the size limit, a few in flight, retried by the Sender. When a transaction's effect is uncertain (a createIfNotExists
 * that found the id taken, a guarded patch that found another revision, or retries given up on a connection
 * failure) the documents are read again and compared by fingerprint: one already as intended is done, one an editor
 * changed meanwhile is left and reported, and the rest are planned again and sent. A final query checks that every
 * intended document is there with its fingerprint.
 */
export async function writeSanityPlan(sender: Sender, sanityPlan: SanityPlan, options: WriteOptions): Promise<SyncResult> {
  const {plan, intended} = sanityPlan
  const phases = phasesOf(sanityPlan)
  const concurrency = options.concurrency ?? 4
  const maxBytes = options.maxTransactionBytes ?? PACK_BYTES
  const revisions = new Map<string, RemoteDocument>(sanityPlan.current)
  const outcomes: (Outcome | undefined)[] = plan.map((write) =>
    write.action === 'unchanged' || write.action === 'keep-edited'
      ? {action: write.action, document: write.document, ...(write.reason ? {reason: write.reason} : {}), ...(write.advice ? {advice: write.advice} : {})}
      : undefined,
  )
  const at = new Map(plan.map((write, index) => [write.document._id, index]))
  const total = phases.reduce((sum, phase) => sum + phase.writes.length, 0)
  let settled = 0
  let transactions = 0
  let written = 0
  const failed = new Set<string>()
  const settle = (job: Job, outcome: Outcome) => {
    if (outcomes[job.at]) return
    outcomes[job.at] = outcome
    if (outcome.action === 'failed') failed.add(job.write.document._id)
    else if (outcome.action !== 'unchanged' && outcome.action !== 'keep-edited') written++
    options.onProgress?.(++settled, total)
  }
  const done = (job: Job) => settle(job, {action: job.write.action, document: job.write.document})
  const fail = (job: Job, reason: string) => settle(job, {action: 'failed', document: job.write.document, reason})

  let probed = false
  for (const phase of phases) {
    const ready: Job[] = []
    for (const write of phase.writes) {
      const job = {at: at.get(write.document._id)!, write}
      const blocked = write.action === 'delete' ? undefined : [...strongReferences(write.document)].find((id) => failed.has(id))
      if (blocked) fail(job, `not written: it references ${blocked}, which could not be written`)
      else ready.push(job)
    }
    let units: Unit[] = ready.length > 0 ? [{jobs: ready}] : []
    for (let round = 1; units.length > 0; round++) {
      if (round > MAX_ROUNDS) {
        for (const job of units.flatMap((unit) => unit.jobs)) fail(job, `not written after ${MAX_ROUNDS} rounds of retries and re-checks`)
        break
      }
      const toSend: Transaction[] = []
      const jobsOf = new Map<Transaction, Job[]>()
      for (const unit of units) {
        const byWrite = new Map(unit.jobs.map((job) => [job.write, job]))
        const packed = packTransactions(unit.jobs.map((job) => job.write), (id) => revisions.get(id), maxBytes)
        for (const {write, bytes} of packed.oversized) {
          fail(byWrite.get(write)!, `is ${bytes} bytes as a mutation, over Sanity's 4,000,000-byte request limit`)
        }
        for (const transaction of packed.transactions) {
          toSend.push(transaction)
          jobsOf.set(transaction, transaction.writes.map((write) => byWrite.get(write)!))
        }
      }

      const recheck: Job[] = []
      const givenUp = new Map<Job, string>()
      const next: Unit[] = []
      let refused: SendFailure | undefined
      const send = async (transaction: Transaction) => {
        if (refused) return
        const jobs = jobsOf.get(transaction)!
        transactions++
        try {
          const results = await sender.send(transaction.mutations, transaction.bytes)
          const operation = new Map(results.map((result) => [result.id, result.operation]))
          for (const job of jobs) {
            // `none`: a createIfNotExists found the id taken, by an earlier attempt of ours or by someone else.
            if (operation.get(job.write.document._id) === 'none') recheck.push(job)
            else done(job)
          }
        } catch (error) {
          if (!(error instanceof SendFailure)) throw error
          const {failure} = error
          if (failure.kind === 'unauthorized') refused = error
          else if (failure.kind === 'revisionConflict') recheck.push(...jobs)
          else if (failure.kind === 'retry') {
            // Given up, but the last attempt may have landed: look before calling it failed.
            for (const job of jobs) givenUp.set(job, `${failure.message} (gave up after ${error.attempts} attempts)`)
            recheck.push(...jobs)
          } else if (failure.items && failure.items.length > 0) {
            // Sanity names mutations; a write may have taken more than one (a delete takes two).
            const named = new Map(failure.items.map((item) => [transaction.writeAt[item.index] ?? item.index, item.description]))
            jobs.forEach((job, index) => (named.has(index) ? fail(job, named.get(index)!) : undefined))
            const others = jobs.filter((_, index) => !named.has(index))
            if (others.length > 0) next.push({jobs: others})
          } else if (jobs.length > 1) {
            // Refused without saying which document: halve until the one it refuses is alone.
            const half = Math.ceil(jobs.length / 2)
            next.push({jobs: jobs.slice(0, half)}, {jobs: jobs.slice(half)})
          } else {
            fail(jobs[0]!, failure.message)
          }
        }
      }
      // The run's first transaction goes alone: a refused token then stops the import before anything is written.
      if (!probed && toSend.length > 0) {
        probed = true
        await send(toSend[0]!)
        await pMap(toSend.slice(1), send, {concurrency})
      } else {
        await pMap(toSend, send, {concurrency})
      }
      if (refused) throw new SanityAuthError(refused.failure.status, written)

      if (recheck.length > 0) {
        const again = await recheckJobs(sender, recheck, intended, givenUp, options.replace, {done, fail, settle, revisions})
        if (again.length > 0) next.push({jobs: again})
      }
      units = next
    }
  }

  const final = outcomes.map((outcome, index) => outcome ?? {action: 'failed' as const, document: plan[index]!.document, reason: 'not written'})
  let unverified: Unverified[] = []
  try {
    if (sender.stats.mutationRequests > 0) unverified = await verifyWritten(sender, final)
  } catch (error) {
    if (!(error instanceof SendFailure)) throw error
    throw new ImportError(`every transaction was sent, but the final check could not read the documents back (${error.message}); run again to check`)
  }
  return {outcomes: final, unverified, stats: {...sender.stats, transactions, phases: phases.length}}
}

interface Settle {
  done: (job: Job) => void
  fail: (job: Job, reason: string) => void
  settle: (job: Job, outcome: Outcome) => void
  revisions: Map<string, RemoteDocument>
}

/**
 * Reads documents whose write had an uncertain effect and decides again. Returns the jobs still to send, planned
 * against what the dataset holds now (with its new revisions).
 */
async function recheckJobs(
  sender: Sender,
  jobs: readonly Job[],
  intended: readonly NewsDocument[],
  givenUp: ReadonlyMap<Job, string>,
  replace: boolean,
  {done, fail, settle, revisions}: Settle,
): Promise<Job[]> {
  const fresh = await readDocuments(sender, jobs.map((job) => job.write.document._id))
  const again: Job[] = []
  for (const job of jobs) {
    const id = job.write.document._id
    const now = fresh.get(id)
    if (now) revisions.set(id, now)
    else revisions.delete(id)
    // Already as intended: this import's earlier attempt landed (its answer was lost, or it was sent twice).
    if (job.write.action !== 'delete' && now && now.importFingerprint === job.write.document.importFingerprint && fingerprint(now) === now.importFingerprint) {
      done(job)
      continue
    }
    if (job.write.action === 'delete') {
      // Gone: this import's earlier attempt, or someone else, deleted it.
      if (!now) {
        done(job)
        continue
      }
      const decision = decideVanished(now, fresh.has(`drafts.${id}`))
      if (decision.action === 'delete') again.push({at: job.at, write: decision})
      else settle(job, {action: 'keep-edited', document: now, reason: `${decision.reason} (during the import)`, ...(decision.advice ? {advice: decision.advice} : {})})
      continue
    }
    const reason = givenUp.get(job)
    if (reason) {
      fail(job, reason)
      continue
    }
    const [decision] = planWrites([intended[job.at]!], (lookup) => fresh.get(lookup), {replace})
    if (decision!.action === 'unchanged') settle(job, {action: 'unchanged', document: decision!.document})
    else if (decision!.action === 'keep-edited') {
      settle(job, {action: 'keep-edited', document: decision!.document, reason: `${decision!.reason} (during the import)`})
    } else again.push({at: job.at, write: decision!})
  }
  return again
}
