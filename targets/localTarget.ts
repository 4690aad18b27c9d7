import {isNewsDocument, type NewsDocument} from '../model/documents'
import {DatasetLock, type LockHolder} from '../model/datasetLock'
import {readLocalDataset, writeLocalDataset, type LocalDataset} from '../model/ndjson'
import {isWrite, planVanishedQuotes, planWrites, quotesOfArticles} from './planWrites'
import type {Target, TargetPlan, WriteResult} from './target'

/**
 * The local dataset file as a target. Opened for writing it holds the file's lock from the first read to the last
 * write, so no other writer's documents are lost in between; a server holding the file is thrown as HeldByServer
 * (the caller writes through it or refuses). Opened to read only (a dry run), it takes no lock.
 */
export class LocalTarget implements Target {
  readonly countsEveryAction = false

  private constructor(
    readonly name: string,
    private readonly dataset: LocalDataset,
    private readonly lock: DatasetLock | undefined,
  ) {}

  static async open(path: string, options: {write: boolean; onWait?: (holder: LockHolder) => void}): Promise<LocalTarget> {
    const lock = options.write
      ? await DatasetLock.acquire(path, {kind: 'seed', command: 'npm run seed', waitForSeeds: true, ...(options.onWait ? {onWait: options.onWait} : {})})
      : undefined
    try {
      return new LocalTarget(path, readLocalDataset(path), lock)
    } catch (error) {
      lock?.release()
      throw error
    }
  }

  async linkIndex(): Promise<NewsDocument[]> {
    return [...this.dataset.documents.values()].filter(isNewsDocument)
  }

  async plan(intended: readonly NewsDocument[], options: {replace: boolean}): Promise<TargetPlan> {
    const documents = this.dataset.documents
    const decisions = planWrites(intended, (id) => documents.get(id), options)
    decisions.push(...planVanishedQuotes(decisions, (articleIds) => quotesOfArticles(documents.values(), articleIds)))
    return {decisions, world: [...documents.values()]}
  }

  describePlan(): {details: string[]; summary: string} {
    return {details: [], summary: 'Dry run: nothing written.'}
  }

  async write(plan: TargetPlan, options: {onProgress?: (done: number, total: number) => void} = {}): Promise<WriteResult> {
    const writes = plan.decisions.filter(isWrite).map((write) => write.document)
    const deletes = plan.decisions.filter((write) => write.action === 'delete').map((write) => write.document._id)
    if (writes.length > 0 || deletes.length > 0) writeLocalDataset(this.dataset, writes, deletes)
    options.onProgress?.(writes.length, writes.length)
    return {outcomes: plan.decisions.map((decision) => ({...decision})), unverified: [], summary: `Dataset: ${this.name}`}
  }

  close(): void {
    this.lock?.release()
  }
}
