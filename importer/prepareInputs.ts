import {ImportError} from '../model/errors'
import type {AnalysisCache} from './analysisCache'
import {analyzed} from './analyzeArticle'
import {analyzeInParallel} from './analyzeInParallel'
import type {BatchInput, PreparedInput} from './importBatch'
import {decodeSource, type SourceText} from './source/decodeSource'

export interface PrepareOptions {
  /** Analyses kept from earlier imports; what is read here is kept there too. */
  cache?: AnalysisCache
  /** Worker threads for what is not in the cache (analyzeInParallel.ts). */
  workers?: number
  signal?: AbortSignal
  onProgress?: (done: number) => void
  /** Called once the texts have gone to worker threads: this thread has little to do until they are read. */
  whileReading?: () => void
  /** Each input as soon as it is prepared (in no particular order), for a caller that links them while others are read. */
  onPrepared?: (position: number, prepared: PreparedInput) => void
}

/**
 * Every input decoded and analyzed, by position, for importBatch to link: from the cache where the same text was
 * read by the same importer before, in worker threads for a large remainder, in this thread for a few. A text that
 * cannot be read is its one-line reason, as importBatch would have found it.
 */
export async function prepareInputs(inputs: readonly BatchInput[], options: PrepareOptions = {}): Promise<PreparedInput[]> {
  const prepared: PreparedInput[] = new Array(inputs.length)
  const ready = (position: number, read: PreparedInput) => {
    prepared[position] = read
    options.onPrepared?.(position, read)
  }
  // Each text decoded once, here: what the cache does not have goes to the analysis as decoded text.
  const unread: {position: number; source: SourceText}[] = []
  for (const [position, input] of inputs.entries()) {
    try {
      const source = decodeSource(input.name, input.bytes)
      const kept = options.cache?.get(source)
      if (kept) ready(position, {source, analysis: kept})
      else unread.push({position, source})
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      ready(position, {error: error.message})
    }
  }
  const fromCache = inputs.length - unread.length
  options.onProgress?.(fromCache)
  const keep = (position: number, result: PreparedInput) => {
    if ('analysis' in result) options.cache?.set(result.source, result.analysis)
    ready(position, result)
  }
  // What the workers read is kept (and passed on) as it arrives, while the others are still reading.
  const parallel = await analyzeInParallel(
    unread.map(({source}) => source),
    {
      workers: options.workers,
      signal: options.signal,
      onProgress: (done) => options.onProgress?.(fromCache + done),
      onRead: (index, result) => keep(unread[index]!.position, result),
      onStarted: options.whileReading,
    },
  )
  if (!parallel) {
    for (const [index, {position, source}] of unread.entries()) {
      keep(position, analyzed(source))
      options.onProgress?.(fromCache + index + 1)
    }
  }
  if (unread.length > 0) options.cache?.prune()
  return prepared
}

/** One input decoded and analyzed in this thread, or why it could not be. */
export function inThread(input: BatchInput): PreparedInput {
  try {
    return analyzed(decodeSource(input.name, input.bytes))
  } catch (error) {
    if (error instanceof ImportError) return {error: error.message}
    throw error
  }
}
