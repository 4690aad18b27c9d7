import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'

import type {StoredDocument} from '../dataset/documentStore'
import {AnswerCache} from './answerCache'
import {ApiError} from './errors'
import type {QueryAnswer, QueryJob} from './queryEvaluation'

/** What a worker is started with. */
export interface QueryWorkerData {
  datasetPath: string
}

/** To a worker: a transaction's changes (as JSON text: parsed once there, not cloned per worker), a reload, a query. */
export type ToQueryWorker = {kind: 'changes'; json: string} | {kind: 'reload'} | {kind: 'query'; id: number; job: QueryJob}

/** From a worker: loaded, an answer, or a failure of its own (not the query's: those are answers). */
export type FromQueryWorker =
  | {kind: 'ready'}
  | ({kind: 'answer'; id: number} & QueryAnswer)
  | {kind: 'failed'; id: number; message: string}
  /** The query waits for an index to be built (full-text search's word index): its clock stops, then starts again. */
  | {kind: 'indexing' | 'indexed'; id: number}

export interface QueryPoolOptions {
  /** The dataset file the workers read when they start and on reload. */
  datasetPath: string
  /** How long one query may run in a worker before the worker is stopped. */
  timeoutMs: number
  /** How many workers: how many slow queries may run before a fast one has to wait. */
  size: number
  log: (line: string) => void
}

/**
 * A query the client stopped waiting for is left to finish for this long before its worker is stopped: the Studio
 * drops a query every time a list or a search changes, and most are done in milliseconds, while a new worker
 * rereads the whole dataset.
 */
const ABANDONED_GRACE_MS = 1000

/**
 * The worker, a .ts file: tsx's loader makes Node run it, under `tsx scripts/serve.ts` as under vitest (whose own
 * loader a worker does not inherit).
 */
const WORKER = new URL('./queryWorker.ts', import.meta.url)
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

interface Job {
  id: number
  job: QueryJob
  signal: AbortSignal
  resolve: (answer: QueryAnswer) => void
  reject: (error: unknown) => void
}

interface Slot {
  worker: Worker
  /** Until the worker has read the dataset, queries go to others. */
  ready: boolean
  /** `timer` is the query's time limit; none while it waits for an index (the worker says so). */
  running?: {job: Job; timer: NodeJS.Timeout | undefined; onAbort: () => void}
  /** Why the worker died before it was ever ready: it is not started again (it would only die again). */
  broken?: string
}

/**
 * Queries evaluated off the server's thread. groq-js evaluates asynchronously but never yields to the event loop
 * (it awaits only microtasks), so a query run in the server's thread stops every other client until it is done.
 * Here each worker holds a replica of the served views (queryWorker.ts) and runs one query at a time; a query
 * waits only when every worker is busy. A query that outlives the time limit, or whose client went away, is
 * stopped by terminating its worker, which is then replaced. Replicas follow the server through `apply` and
 * `reload`, posted before any later query: messages to a worker arrive in order, so reads see earlier writes.
 */
export class QueryPool {
  private readonly slots: Slot[]
  private readonly waiting: Job[] = []
  private readonly whenReady: (() => void)[] = []
  private nextId = 0
  private closed = false
  /** Answers kept until the next change: a query asked again is answered without a worker. */
  private readonly answers = new AnswerCache()

  constructor(private readonly options: QueryPoolOptions) {
    this.slots = Array.from({length: options.size}, () => ({worker: this.spawn(), ready: false}))
  }

  /** Answers a query as soon as a worker is free; `signal` aborts when the client has gone. */
  run(job: QueryJob, signal: AbortSignal): Promise<QueryAnswer> {
    if (this.closed) return Promise.reject(serverClosing())
    if (signal.aborted) return Promise.reject(clientGone())
    const key = this.answers.keyOf(job)
    const kept = key === undefined ? undefined : this.answers.get(key)
    if (kept) return Promise.resolve(kept)
    const askedAt = this.answers.now
    const answer = this.evaluate(job, signal)
    if (key !== undefined) void answer.then((computed) => this.answers.set(key, computed, askedAt), () => {})
    return answer
  }

  /** Answers a query in a worker, as soon as one is free. */
  private evaluate(job: QueryJob, signal: AbortSignal): Promise<QueryAnswer> {
    const broken = this.slots.find((slot) => slot.broken)?.broken
    if (broken && this.slots.every((slot) => slot.broken)) return Promise.reject(new Error(`no query worker could start: ${broken}`))
    return new Promise((resolve, reject) => {
      const waiting: Job = {id: this.nextId++, job, signal, resolve, reject}
      const leave = () => {
        const at = this.waiting.indexOf(waiting)
        if (at === -1) return
        this.waiting.splice(at, 1)
        reject(clientGone())
      }
      signal.addEventListener('abort', leave, {once: true})
      this.waiting.push(waiting)
      this.dispatch()
    })
  }

  /** Resolves once every worker has read the dataset (or failed to start): a benchmark's samples then include no start. */
  ready(): Promise<void> {
    return new Promise((resolve) => {
      this.whenReady.push(resolve)
      this.notifyReady()
    })
  }

  private notifyReady(): void {
    if (this.slots.every((slot) => slot.ready || slot.broken)) for (const resolve of this.whenReady.splice(0)) resolve()
  }

  /** A committed transaction's documents (null: deleted), for every replica. */
  apply(changes: ReadonlyMap<string, StoredDocument | null>): void {
    this.answers.clear()
    this.post({kind: 'changes', json: JSON.stringify([...changes])})
  }

  /** The dataset file was read again (another program rewrote it): every replica reads it again too. */
  reload(): void {
    this.answers.clear()
    this.post({kind: 'reload'})
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.waiting.splice(0)) job.reject(serverClosing())
    for (const resolve of this.whenReady.splice(0)) resolve()
    await Promise.all(
      this.slots.map((slot) => {
        if (slot.running) this.finish(slot)?.reject(serverClosing())
        return slot.worker.terminate()
      }),
    )
  }

  private post(message: ToQueryWorker): void {
    for (const slot of this.slots) slot.worker.postMessage(message)
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.running) continue
      const job = this.waiting.shift()
      if (!job) return
      const timer = this.timer(slot)
      const onAbort = () =>
        setTimeout(() => {
          if (slot.running?.job === job) this.stop(slot, clientGone(), 'stopped a query whose client went away')
        }, ABANDONED_GRACE_MS).unref()
      job.signal.addEventListener('abort', onAbort, {once: true})
      slot.running = {job, timer, onAbort}
      slot.worker.postMessage({kind: 'query', id: job.id, job: job.job} satisfies ToQueryWorker)
    }
  }

  /** The time limit of the slot's query, from now. */
  private timer(slot: Slot): NodeJS.Timeout {
    return setTimeout(() => this.stop(slot, timedOut(this.options.timeoutMs), `stopped a query after the time limit of ${seconds(this.options.timeoutMs)}`), this.options.timeoutMs)
  }

  private spawn(): Worker {
    // A larger young generation: a query's garbage dies young instead of being copied into a heap that holds the
    // whole dataset (215,000 documents: 8 clients got 497 article pages a second with V8's default, 584 with this).
    const worker = new Worker(WORKER, {
      workerData: {datasetPath: this.options.datasetPath} satisfies QueryWorkerData,
      execArgv: ['--import', TSX_LOADER],
      resourceLimits: {maxYoungGenerationSizeMb: 96},
    })
    // The HTTP server keeps the process alive; a pool left open must not.
    worker.unref()
    worker.on('message', (message: FromQueryWorker) => this.heard(worker, message))
    worker.on('error', (error) => this.crashed(worker, error.message))
    worker.on('exit', (code) => this.crashed(worker, `exited with code ${code}`))
    return worker
  }

  private heard(worker: Worker, message: FromQueryWorker): void {
    const slot = this.slots.find((candidate) => candidate.worker === worker)
    if (!slot) return
    if (message.kind === 'ready') {
      slot.ready = true
      this.notifyReady()
    } else if (message.kind === 'indexing' || message.kind === 'indexed') {
      const running = slot.running
      if (running?.job.id !== message.id) return
      clearTimeout(running.timer)
      running.timer = message.kind === 'indexed' ? this.timer(slot) : undefined
      return
    } else if (slot.running?.job.id === message.id) {
      const job = this.finish(slot)!
      if (message.kind === 'answer') job.resolve({status: message.status, json: message.json})
      else if (message.kind === 'failed') job.reject(new Error(`query worker: ${message.message}`))
    }
    this.dispatch()
  }

  /**
   * A worker that died on its own (out of memory, a bug): its query fails as the server's fault, and it is
   * replaced, unless it never got as far as reading the dataset.
   */
  private crashed(worker: Worker, reason: string): void {
    const slot = this.slots.find((candidate) => candidate.worker === worker)
    if (!slot || this.closed) return
    if (slot.ready) return this.stop(slot, new Error(`query worker ${reason}`), `a query worker ${reason}`)
    slot.broken = reason
    this.options.log(`query worker: could not start (${reason})`)
    this.notifyReady()
    if (this.slots.every((candidate) => candidate.broken)) {
      for (const job of this.waiting.splice(0)) job.reject(new Error(`no query worker could start: ${reason}`))
    }
  }

  /** Ends the slot's query with `error`, terminates its worker and starts another in its place. */
  private stop(slot: Slot, error: unknown, what: string): void {
    this.finish(slot)?.reject(error)
    const stopped = slot.worker
    stopped.removeAllListeners().on('error', () => {})
    void stopped.terminate()
    slot.worker = this.spawn()
    slot.ready = false
    this.options.log(`query worker: ${what}; started another`)
    this.dispatch()
  }

  private finish(slot: Slot): Job | undefined {
    const running = slot.running
    if (!running) return undefined
    clearTimeout(running.timer)
    running.job.signal.removeEventListener('abort', running.onAbort)
    slot.running = undefined
    return running.job
  }
}

/**
 * A query over the time limit is answered 422, a client error: the query was understood but cannot be answered in
 * the time allowed, and asking again will not help. Not 429, 502 or 503, which @sanity/client retries for GET
 * queries (running the same slow query five more times); nor 408, which Chromium resends by itself on a reused
 * connection; nor 504, which this project's Sanity target retries.
 */
function timedOut(timeoutMs: number): ApiError {
  return new ApiError(422, {
    type: 'queryTimeoutError',
    description: `Query ran longer than the time limit of ${seconds(timeoutMs)} and was stopped; make it cheaper, or start the server with a longer --query-timeout`,
  })
}

/** Nobody reads this answer: the client has gone. */
const clientGone = () => new ApiError(499, {type: 'clientClosedRequest', description: 'The client went away before the query was answered'})
const serverClosing = () => new ApiError(503, {type: 'httpServiceUnavailable', description: 'The server is shutting down'})
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`
