import {createRequire} from 'node:module'
import {availableParallelism} from 'node:os'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'

import type {PreparedInput} from './importBatch'
import type {SourceText} from './source/decodeSource'

export interface ChunkRequest {
  chunk: number
  sources: SourceText[]
}

export type ChunkAnswer = {chunk: number; prepared: PreparedInput[]} | {chunk: number; fault: string}

export interface ParallelOptions {
  /** Worker threads; default one per core, at most four. Fewer than two: none, the caller analyzes in its thread. */
  workers?: number
  onProgress?: (done: number) => void
  /** Each text's analysis as it arrives (by position in `sources`), before the others are done. */
  onRead?: (index: number, read: PreparedInput) => void
  /** Aborting stops the workers; the promise then rejects with the signal's reason. */
  signal?: AbortSignal
}

/** Fewer texts than this are read in the caller's thread: starting a worker costs about as much as 30 texts. */
export const PARALLEL_FROM = 64
/** Texts per message: few enough to share the work out evenly, enough that messages cost nothing. */
const CHUNK = 16
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
 */
export async function analyzeInParallel(sources: readonly SourceText[], options: ParallelOptions = {}): Promise<PreparedInput[] | undefined> {
  const count = workersFor(sources.length, options.workers)
  if (count === 0) return undefined
  const prepared: PreparedInput[] = new Array(sources.length)
  const chunks = Math.ceil(sources.length / CHUNK)
  let next = 0
  let done = 0
  const workers: Worker[] = []
  let stop = () => {}
  try {
    await new Promise<void>((resolve, reject) => {
      const started = Math.min(count, chunks)
      let finished = 0
      stop = () => reject(options.signal!.reason)
      if (options.signal?.aborted) return stop()
      options.signal?.addEventListener('abort', stop, {once: true})
      const send = (worker: Worker) => {
        if (next >= chunks) {
          if (++finished === started) resolve()
          return
        }
        const chunk = next++
        worker.postMessage({chunk, sources: sources.slice(chunk * CHUNK, (chunk + 1) * CHUNK)} satisfies ChunkRequest)
      }
      for (let index = 0; index < started; index++) {
        const worker = new Worker(WORKER, {execArgv: ['--import', TSX_LOADER]})
        workers.push(worker)
        worker.on('message', (answer: ChunkAnswer) => {
          if ('fault' in answer) return reject(new Error(`analyzing texts in a worker thread failed: ${answer.fault}`))
          answer.prepared.forEach((input, offset) => {
            prepared[answer.chunk * CHUNK + offset] = input
            options.onRead?.(answer.chunk * CHUNK + offset, input)
          })
          done += answer.prepared.length
          options.onProgress?.(done)
          send(worker)
        })
        worker.on('error', (error) => reject(new Error(`analyzing texts in a worker thread failed: ${error.message}`)))
        // After the last answer the workers are stopped: an exit before that is a worker that died.
        worker.on('exit', (code) => reject(new Error(`a worker thread analyzing texts exited (code ${code}) before it was done`)))
        send(worker)
      }
    })
  } finally {
    options.signal?.removeEventListener('abort', stop)
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return prepared
}
