import {createHash} from 'node:crypto'
import {existsSync, statSync} from 'node:fs'

import type {StoredDocument} from '../dataset/documentStore'
import {ImportError, StartupError} from '../model/errors'
import {readLocalDataset, writeLocalDataset, type LocalDataset} from '../model/ndjson'
import {ApiError} from './errors'
import {PerspectiveViews} from './perspective'
import type {DatasetReader} from './transaction'

/** What a transaction decided: documents to write (null: delete), and the value to answer the request with. */
export interface Decision<T> {
  changes: ReadonlyMap<string, StoredDocument | null>
  value: T
}

/**
 * The dataset file as the server serves it: held in memory (one view per perspective) and written back through
 * writeLocalDataset, whose temp-file-and-rename means a reader of the file sees one transaction or the next, never
 * half of one. Transactions run one at a time through a queue, each deciding against the state the previous one
 * left. If another program (`npm run seed`) rewrites the file while the server runs, the server reloads it before
 * its next read or write instead of overwriting those changes with stale memory.
 */
export class LiveDataset {
  private file: LocalDataset
  private views: PerspectiveViews
  private stamp: string
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(readonly path: string) {
    this.file = readLocalDataset(path)
    this.views = new PerspectiveViews(storedDocuments(this.file))
    this.stamp = stampOf(path)
  }

  /** Opens a dataset file; a missing, unreadable or corrupt one is a StartupError or ImportError with one line. */
  static open(path: string): LiveDataset {
    if (!existsSync(path)) throw new StartupError(`${path}: no such dataset file; run \`npm run seed\` first or give --dataset PATH`)
    try {
      return new LiveDataset(path)
    } catch (error) {
      if (error instanceof ImportError) throw error
      const code = (error as NodeJS.ErrnoException).code
      throw new StartupError(`${path}: cannot read the dataset${code ? ` (${code})` : ''}`)
    }
  }

  /** The perspectives as of now. */
  current(): PerspectiveViews {
    this.reloadIfChanged()
    return this.views
  }

  /**
   * Runs `decide` after every transaction queued before it, against the dataset as they left it, and writes what
   * it decides (unless `write` is false: a dry run). If `decide` throws, nothing is written.
   */
  transact<T>(decide: (dataset: DatasetReader) => Decision<T>, {write}: {write: boolean}): Promise<T> {
    const run = this.queue.then(() => {
      const views = this.current()
      const {changes, value} = decide({get: (id) => views.raw.get(id), all: () => views.raw.all()})
      if (write && changes.size > 0) this.commit(changes)
      return value
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Resolves once every transaction queued so far has finished. */
  settled(): Promise<unknown> {
    return this.queue
  }

  private commit(changes: ReadonlyMap<string, StoredDocument | null>): void {
    // A copy, so that a failed write (disk full, permissions) leaves memory as it was, like the file.
    const next: LocalDataset = {path: this.path, documents: new Map(this.file.documents), lines: new Map(this.file.lines)}
    const written: StoredDocument[] = []
    for (const [id, document] of changes) {
      if (document) written.push(document)
      else {
        next.documents.delete(id)
        next.lines.delete(id)
      }
    }
    writeLocalDataset(next, written)
    this.file = next
    this.stamp = stampOf(this.path)
    this.views.apply(changes)
  }

  private reloadIfChanged(): void {
    if (stampOf(this.path) === this.stamp) return
    try {
      this.file = readLocalDataset(this.path)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ApiError(500, {type: 'datasetUnreadableError', description: `The dataset file changed on disk and cannot be read: ${reason}`})
    }
    this.views = new PerspectiveViews(storedDocuments(this.file))
    this.stamp = stampOf(this.path)
  }
}

/** Identifies one version of the file: a rename gives a new inode, an edit in place a new size or mtime. */
function stampOf(path: string): string {
  try {
    const stat = statSync(path)
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`
  } catch {
    return 'missing'
  }
}

/**
 * Documents as the API shows them. Sanity gives every document a `_rev`; the importer's documents have none until
 * the server first writes them, so each gets one derived from its line: stable across restarts and reloads (an
 * `ifRevisionID` taken before a restart still matches) and different as soon as the content is.
 */
export function* storedDocuments(file: LocalDataset): Generator<StoredDocument> {
  for (const [id, document] of file.documents) {
    if (typeof document._rev === 'string') yield document
    else yield {...document, _rev: createHash('sha256').update(file.lines.get(id) ?? id).digest('base64url').slice(0, 22)}
  }
}
