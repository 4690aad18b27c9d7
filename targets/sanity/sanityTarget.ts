import type {NewsDocument} from '../../model/documents'
import {ImportError} from '../../model/errors'
import type {Target, TargetPlan, WriteResult} from '../target'
import {sanityApi, type SanityApi} from './api'
import {describeTarget, ENV, type SanityConfig} from './config'
import {packTransactions} from './pack'
import {phasesOf, planSanityWrites, type SanityPlan} from './plan'
import {readLinkIndex} from './read'
import {Sender, SendFailure, type SenderOptions} from './send'
import {SanityAuthError, writeSanityPlan} from './sync'

interface SanityTargetPlan extends TargetPlan {
  sanity: SanityPlan
}

/**
 * A Sanity dataset as a target (the hosted Content Lake, or the local server that speaks its API): one round of
 * reads plans the import, writes go in phases of packed transactions with retries, and a final query checks them
 * (see plan.ts, sync.ts). A refused token or a failed request is an ImportError saying what was written before.
 */
export class SanityTarget implements Target {
  readonly countsEveryAction = true
  readonly name: string
  readonly sender: Sender
  private links: NewsDocument[] | undefined

  constructor(
    private readonly config: SanityConfig,
    api: SanityApi = sanityApi(config),
    senderOptions: SenderOptions = {},
  ) {
    this.name = describeTarget(config)
    this.sender = new Sender(api, senderOptions)
  }

  async linkIndex(): Promise<NewsDocument[]> {
    this.links ??= await this.talking(() => readLinkIndex(this.sender))
    return this.links
  }

  async plan(intended: readonly NewsDocument[], options: {replace: boolean}): Promise<SanityTargetPlan> {
    const sanity = await this.talking(async () => planSanityWrites(this.sender, intended, await this.linkIndex(), options))
    return {decisions: sanity.plan, world: sanity.world, sanity}
  }

  describePlan(plan: TargetPlan): {details: string[]; summary: string} {
    const {sanity} = plan as SanityTargetPlan
    let transactions = 0
    let bytes = 0
    const phases = phasesOf(sanity)
    for (const phase of phases) {
      const packed = packTransactions(phase.writes, (id) => sanity.current.get(id))
      transactions += packed.transactions.length
      bytes += packed.transactions.reduce((sum, transaction) => sum + transaction.bytes, 0)
    }
    return {
      details: [`  would send ${transactions} transaction(s) in ${phases.length} phase(s), ${(bytes / 1e6).toFixed(2)} MB`],
      summary: `Dry run: no mutation sent (${this.sender.stats.readRequests} read request(s)).`,
    }
  }

  async write(plan: TargetPlan, options: {replace: boolean; onProgress?: (done: number, total: number) => void}): Promise<WriteResult> {
    const result = await this.talking(() => writeSanityPlan(this.sender, (plan as SanityTargetPlan).sanity, options))
    const {stats} = result
    return {
      outcomes: result.outcomes,
      unverified: result.unverified,
      summary:
        `${this.name}: ${stats.mutationRequests} mutation request(s) (${stats.transactions} transaction(s) in ${stats.phases} phase(s), ` +
        `${stats.retries} retried request(s)), ${stats.readRequests} read request(s).`,
    }
  }

  close(): void {}

  /** Runs a conversation with the API, saying a refused token or a request that failed for good in one line. */
  private async talking<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const refused = error instanceof SanityAuthError || (error instanceof SendFailure && error.failure.kind === 'unauthorized')
      if (refused) {
        const status = error instanceof SanityAuthError ? error.status : (error as SendFailure).failure.status
        const written = error instanceof SanityAuthError ? error.written : 0
        throw new ImportError(
          `${this.name} refused the token in ${this.config.tokenVariable ?? ENV.token} (HTTP ${status ?? 401}): use a token of this project with write access to the dataset; ` +
            (written === 0 ? 'nothing was written' : `${written} document(s) had been written before (run again to finish)`),
        )
      }
      if (error instanceof SendFailure) {
        throw new ImportError(`${this.name}: ${error.message}${error.attempts > 1 ? ` (after ${error.attempts} attempts)` : ''}; the import stopped`)
      }
      throw error
    }
  }
}
