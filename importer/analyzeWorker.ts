/**
 * A worker of analyzeInParallel.ts: decodes and analyzes the texts it is sent, a chunk at a time, and answers each
 * chunk with what it found. A text the importer cannot read is answered with its one-line reason; anything else
 * thrown is a fault of the importer's, and ends the run.
 */
import {parentPort} from 'node:worker_threads'

import {ImportError} from '../model/errors'
import {analyzeArticle} from './analyzeArticle'
import type {ChunkAnswer, ChunkRequest} from './analyzeInParallel'
import type {PreparedInput} from './importBatch'
import {decodeSource} from './source/decodeSource'

const port = parentPort!
port.on('message', ({chunk, inputs}: ChunkRequest) => {
  try {
    const prepared = inputs.map(({name, bytes}): PreparedInput => {
      try {
        const source = decodeSource(name, bytes)
        return {source, analysis: analyzeArticle(source)}
      } catch (error) {
        if (error instanceof ImportError) return {error: error.message}
        throw error
      }
    })
    port.postMessage({chunk, prepared} satisfies ChunkAnswer)
  } catch (error) {
    port.postMessage({chunk, fault: error instanceof Error ? (error.stack ?? error.message) : String(error)} satisfies ChunkAnswer)
  }
})
