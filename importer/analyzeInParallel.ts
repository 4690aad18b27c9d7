import {createRequire} from 'node:module'
import {availableParallelism} from 'node:os'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'

import type {PreparedInput} from './importBatch'
import type {SourceText} from './source/decodeSource'

/** What each worker is given once: every text, and the counter the workers take their next chunk from. */
export interface WorkRequest {
  sources: readonly SourceText[]
  /** One Int32 over a SharedArrayBuffer: the position of the first text no worker has taken yet. */
  next: Int32Array
  chunk: number
}

/** The analyses of the texts from `start` on, by position; or what went wrong, which ends the run. */
export type ChunkAnswer = {start: number; prepared: PreparedInput[]} | {fault: string}

export interface ParallelOptions {
  /** Worker threads; default one per core, at most four. Fewer than two: none, the caller analyzes in its thread. */
  workers?: number
  onProgress?: (done: number) => void
  /** Each text's analysis as it arrives (by position in `sources`), before the others are done. */
  onRead?: (index: number, read: PreparedInput) => void
  /** Called once every worker has been started and given the texts: this thread is free until the answers come. */
  onStarted?: () => void
  /** Aborting stops the workers; the promise then rejects with the signal's reason. */
  signal?: AbortSignal
}

/** Fewer texts than this are read in the caller's thread: starting a worker costs about as much as 30 texts. */
export const PARALLEL_FROM = 64
/** Texts per chunk: few enough that the workers finish close together, enough that messages cost nothing. */
const CHUNK = 8
const MAX_WORKERS = 4

const WORKER = new URL('./analyzeWorker.ts', import.meta.url)
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** How many workers `analyzeInParallel` would use for `count` texts (0: it would not be worth it). */
export function workersFor(count: number, requested?: number): number {
  const workers = requested ?? Math.min(availableParallelism(), MAX_WORKERS)
  return count >= PARALLEL_FROM && workers >= 2 ? workers : 0
}

/**
 * Analyzes decoded texts (analyzeArticle) in worker threads, each text once, answering by position. The
 * stage that reads nothing but the text is most of an import's time; linking to the dataset stays in the caller's
 * thread, in input order (importBatch). Undefined when there are too few texts, or cores, for it to pay.
 *
 * Each worker takes its next chunk itself, from a counter the workers share: none waits for this thread, which
 * meanwhile may be busy for a while (loading the validator, keeping analyses) and reads the answers when it can.
 */
export async function analyzeInParallel(sources: readonly SourceText[], options: ParallelOptions = {}): Promise<PreparedInput[] | undefined> {
  const count = Math.min(workersFor(sources.length, options.workers), Math.ceil(sources.length / CHUNK))
  if (count === 0) return undefined
  const prepared: PreparedInput[] = new Array(sources.length)
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
  let done = 0
  const workers: Worker[] = []
  let stop = () => {}
  try {
    await new Promise<void>((resolve, reject) => {
      stop = () => reject(options.signal!.reason)
      if (options.signal?.aborted) return stop()
      options.signal?.addEventListener('abort', stop, {once: true})
      for (let index = 0; index < count; index++) {
        const worker = new Worker(WORKER, {execArgv: ['--import', TSX_LOADER]})
        workers.push(worker)
        worker.on('message', (answer: ChunkAnswer) => {
          if ('fault' in answer) return reject(new Error(`analyzing texts in a worker thread failed: ${answer.fault}`))
          try {
            answer.prepared.forEach((input, offset) => {
              prepared[answer.start + offset] = input
              options.onRead?.(answer.start + offset, input)
            })
          } catch (error) {
            // What the caller does with an answer fails as this call would, not as an uncaught exception.
            return reject(error)
          }
          done += answer.prepared.length
          options.onProgress?.(done)
          if (done === sources.length) resolve()
        })
        worker.on('error', (error) => reject(new Error(`analyzing texts in a worker thread failed: ${error.message}`)))
        // After the last answer the workers are stopped: an exit before that is a worker that died.
        worker.on('exit', (code) => reject(new Error(`a worker thread analyzing texts exited (code ${code}) before it was done`)))
        worker.postMessage({sources, next, chunk: CHUNK} satisfies WorkRequest)
      }
      options.onStarted?.()
    })
  } finally {
    options.signal?.removeEventListener('abort', stop)
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return prepared
}
