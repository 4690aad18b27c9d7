import {closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync} from 'node:fs'
import {dirname} from 'node:path'

import {ImportError} from './errors'
import {datasetFile, isRunning} from './ndjson'

/**
 * Who holds a dataset file: one writer at a time. A server (`npm run serve`, `npm run studio:local`) holds it for as
 * long as it runs and says where it answers; a seed holds it from reading the dataset to writing it.
 */
export interface LockHolder {
  pid: number
  /** A server holds the file while it runs; a seed only while it imports. */
  kind: 'server' | 'seed'
  /** `npm run serve`, `npm run studio:local`, `npm run seed`. */
  command: string
  /** Where a server answers: a seed can write through it (`http://127.0.0.1:3334`). */
  url?: string
  /** The dataset name the server puts in its URLs. */
  datasetName?: string
  startedAt: string
}

/** The dataset is held by a running server: the caller writes through it, or refuses with `describeHolder`. */
export class HeldByServer extends Error {
  override name = 'HeldByServer'

  constructor(
    readonly datasetPath: string,
    readonly holder: LockHolder,
  ) {
    super(`${datasetPath} is served by ${describeHolder(holder)}`)
  }
}

/** `npm run serve at http://127.0.0.1:3334 (pid 4242)` */
export function describeHolder(holder: LockHolder): string {
  return `${holder.command}${holder.url ? ` at ${holder.url}` : ''} (pid ${holder.pid})`
}

export interface AcquireOptions {
  /** What this process is, as others will be told. */
  kind: LockHolder['kind']
  command: string
  /** While another seed holds the file: wait for it (told once through `onWait`), or refuse at once. */
  waitForSeeds: boolean
  onWait?: (holder: LockHolder) => void
  /** How often to look again while waiting; the tests make it short. */
  pollMs?: number
}

/**
 * A lock file beside the dataset (`production.ndjson.lock`, beside the file a symlink points to), created
 * exclusively, holding its holder as JSON. A holder whose process is gone (killed) no longer holds it: the next
 * writer takes it over. Released when the holder is done or its process exits.
 */
export class DatasetLock {
  private released = false
  private readonly releaseOnExit = () => this.release()

  private constructor(
    readonly path: string,
    private holder: LockHolder,
  ) {
    process.once('exit', this.releaseOnExit)
  }

  /** Takes the lock, waiting for another seed if asked; throws HeldByServer for a server, ImportError otherwise. */
  static async acquire(datasetPath: string, options: AcquireOptions): Promise<DatasetLock> {
    const path = lockFileOf(datasetPath)
    // The lock sits beside the dataset, whose folder the first write makes (a fresh clone has no data/ yet).
    try {
      mkdirSync(dirname(path), {recursive: true})
    } catch (error) {
      throw new ImportError(`${dirname(path)}: cannot create the dataset's folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
    }
    const holder: LockHolder = {pid: process.pid, kind: options.kind, command: options.command, startedAt: new Date().toISOString()}
    let told = false
    for (;;) {
      if (tryCreate(path, holder)) return new DatasetLock(path, holder)
      const current = readHolder(path)
      if (current === 'unreadable') {
        // Being written this very moment by its creator, or left empty by a crash: look again shortly.
        await sleep(options.pollMs ?? 100)
        if (readHolder(path) === 'unreadable') breakStale(path, 'unreadable')
        continue
      }
      if (current === 'gone') continue
      if (!isRunning(current.pid)) {
        breakStale(path, current)
        continue
      }
      if (current.kind === 'server') throw new HeldByServer(datasetPath, current)
      if (!options.waitForSeeds) throw new ImportError(`${datasetPath} is being written by ${describeHolder(current)}; try again when it has finished`)
      if (!told) options.onWait?.(current)
      told = true
      await sleep(options.pollMs ?? 200)
    }
  }

  /** Tells others where this holder can be reached (a server, once it listens). */
  update(details: Partial<Pick<LockHolder, 'url' | 'datasetName'>>): void {
    this.holder = {...this.holder, ...details}
    const temporary = `${this.path}.${process.pid}`
    writeFileSync(temporary, JSON.stringify(this.holder))
    renameSync(temporary, this.path)
  }

  release(): void {
    if (this.released) return
    this.released = true
    process.removeListener('exit', this.releaseOnExit)
    // Only our own lock: if it was taken over (we were thought dead), it is someone else's now.
    const current = readHolder(this.path)
    if (current !== 'gone' && current !== 'unreadable' && current.pid === this.holder.pid && current.startedAt === this.holder.startedAt) {
      rmSync(this.path, {force: true})
    }
  }
}

/** Who holds the dataset at `datasetPath`, if a live process does. */
export function lockHolderOf(datasetPath: string): LockHolder | undefined {
  const current = readHolder(lockFileOf(datasetPath))
  return current === 'gone' || current === 'unreadable' || !isRunning(current.pid) ? undefined : current
}

export const lockFileOf = (datasetPath: string): string => `${datasetFile(datasetPath)}.lock`

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new ImportError(`${path}: cannot create the dataset's lock file (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  try {
    writeSync(fd, JSON.stringify(holder))
  } finally {
    closeSync(fd)
  }
  return true
}

function readHolder(path: string): LockHolder | 'gone' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return 'gone'
  }
  try {
    const holder = JSON.parse(text) as LockHolder
    return Number.isInteger(holder?.pid) && (holder.kind === 'server' || holder.kind === 'seed') && typeof holder.command === 'string' ? holder : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/**
 * Removes a lock whose holder is gone. Two processes may find the same dead holder: each moves the lock aside under
 * a name of its own (only one move finds it) and checks that what it moved is the dead holder's; if it moved a live
 * lock instead (the other process had already taken the file), it puts it back. Only a third process creating
 * the lock in the instant between can slip past, and only when a holder has died.
 */
function breakStale(path: string, seen: LockHolder | 'unreadable'): void {
  const aside = `${path}.stale-${process.pid}`
  try {
    renameSync(path, aside)
  } catch {
    return
  }
  const moved = readHolder(aside)
  const same = seen === 'unreadable' ? moved === 'unreadable' : moved !== 'gone' && moved !== 'unreadable' && moved.pid === seen.pid && moved.startedAt === seen.startedAt
  if (!same) {
    try {
      linkSync(aside, path)
    } catch {
      // Taken meanwhile by a third process.
    }
  }
  rmSync(aside, {force: true})
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
