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
}

/**
 * Every input decoded and analyzed, by position, for importBatch to link: from the cache where the same text was
 * read by the same importer before, in worker threads for a large remainder, in this thread for a few. A text that
 * cannot be read is its one-line reason, as importBatch would have found it.
 */
export async function prepareInputs(inputs: readonly BatchInput[], options: PrepareOptions = {}): Promise<PreparedInput[]> {
  const prepared: PreparedInput[] = new Array(inputs.length)
  // Each text decoded once, here: what the cache does not have goes to the analysis as decoded text.
  const unread: {position: number; source: SourceText}[] = []
  for (const [position, input] of inputs.entries()) {
    try {
      const source = decodeSource(input.name, input.bytes)
      const kept = options.cache?.get(source)
      if (kept) prepared[position] = {source, analysis: kept}
      else unread.push({position, source})
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      prepared[position] = {error: error.message}
    }
  }
  const fromCache = inputs.length - unread.length
  options.onProgress?.(fromCache)
  const sources = unread.map(({source}) => source)
  const keep = (read: PreparedInput) => {
    if ('analysis' in read) options.cache?.set(read.source, read.analysis)
  }
  // What the workers read is kept as it arrives, while the others are still reading: not all at once after them.
  const parallel = await analyzeInParallel(sources, {
    workers: options.workers,
    signal: options.signal,
    onProgress: (done) => options.onProgress?.(fromCache + done),
    onRead: (_, read) => keep(read),
    onStarted: options.whileReading,
  })
  for (const [index, {position, source}] of unread.entries()) {
    if (parallel) {
      prepared[position] = parallel[index]!
      continue
    }
    prepared[position] = analyzed(source)
    options.onProgress?.(fromCache + index + 1)
    keep(prepared[position]!)
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
