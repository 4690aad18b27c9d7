import type {StoredDocument} from '../dataset/documentStore'
import {randomId} from './ids'
import type {Decision, LiveDataset} from './liveDataset'
import type {PerspectiveViews} from './perspective'
import type {QueryAnswer, QueryJob} from './queryEvaluation'
import {QueryPool, type QueryPoolOptions} from './queryPool'
import type {DatasetReader} from './transaction'

/** One document a committed transaction changed: as it was (undefined: it did not exist) and as it is now. */
export interface DocumentChange {
  id: string
  before: StoredDocument | undefined
  after: StoredDocument | undefined
}

/** A transaction once it is in the file, as listeners hear of it. */
export interface CommittedTransaction {
  transactionId: string
  /** ISO time of the commit. */
  timestamp: string
  changes: DocumentChange[]
}

export type TransactionListener = (transaction: CommittedTransaction) => void

/**
 * The dataset as the server serves it: a LiveDataset, plus a feed of every transaction written through it, which
 * the listen endpoint turns into mutation events. Listeners hear of a transaction after the file holds it, in the
 * order transactions were written. A rewrite of the file by another program (`npm run seed`) is picked up by the
 * next read, but not announced: a Studio open meanwhile shows it after a reload.
 */
export class ServedDataset {
  private readonly listeners = new Set<TransactionListener>()
  private readonly queries: QueryPool
  /** The views the query workers hold replicas of: another object once the file has been read again. */
  private replicated: PerspectiveViews

  constructor(
    private readonly live: LiveDataset,
    queries: Omit<QueryPoolOptions, 'datasetPath'>,
  ) {
    this.replicated = live.current()
    this.queries = new QueryPool({...queries, datasetPath: live.path})
  }

  get path(): string {
    return this.live.path
  }

  current(): PerspectiveViews {
    const views = this.live.current()
    if (views !== this.replicated) {
      this.replicated = views
      this.queries.reload()
    }
    return views
  }

  /**
   * Answers a query in a query worker (queryPool.ts), against the dataset as of now: a reload of the file is
   * passed on to the workers first, and every write answered before this call has already been.
   */
  query(job: QueryJob, signal: AbortSignal): Promise<QueryAnswer> {
    this.current()
    return this.queries.run(job, signal)
  }

  /** Resolves once every query worker has read the dataset. */
  queriesReady(): Promise<void> {
    return this.queries.ready()
  }

  /** Resolves once no transaction is being written; `close()` also stops the query workers. */
  settled(): Promise<unknown> {
    return this.live.settled()
  }

  async close(): Promise<void> {
    await this.settled()
    await this.queries.close()
  }

  /**
   * LiveDataset.transact, announcing what was written. The transaction id is the one given, else the revision the
   * transaction stamped on the documents it wrote (applyTransaction uses the transaction id), else a new one.
   */
  async transact<T>(decide: (dataset: DatasetReader) => Decision<T>, options: {write: boolean; transactionId?: string}): Promise<T> {
    let changes: DocumentChange[] = []
    const value = await this.live.transact((dataset) => {
      const decision = decide(dataset)
      changes = [...decision.changes]
        .map(([id, after]) => ({id, before: dataset.get(id), after: after ?? undefined}))
        .filter((change) => change.before !== undefined || change.after !== undefined)
      return decision
    }, options)
    if (options.write && changes.length > 0) {
      // Before the request is answered, so that a query its client sends next sees the write. Had the file been
      // read again during the transaction, the workers read it again too (it holds this transaction).
      if (this.live.current() === this.replicated) this.queries.apply(new Map(changes.map((change) => [change.id, change.after ?? null])))
      else this.current()
      const stamped = changes.find((change) => change.after)?.after?._rev
      const transactionId = options.transactionId ?? (typeof stamped === 'string' ? stamped : randomId())
      const committed: CommittedTransaction = {transactionId, timestamp: new Date().toISOString(), changes}
      // A listener that fails (a closed stream) must not turn a written transaction into a failed request.
      for (const listener of this.listeners) {
        try {
          listener(committed)
        } catch {
          this.listeners.delete(listener)
        }
      }
    }
    return value
  }

  /** Calls `listener` for every transaction written from now on; returns the function that stops it. */
  subscribe(listener: TransactionListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
