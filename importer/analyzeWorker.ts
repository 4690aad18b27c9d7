/**
 * A worker of analyzeInParallel.ts: analyzes the decoded texts it is sent, a chunk at a time, and answers each chunk
 * with what it found. A text the importer cannot read is answered with its one-line reason; anything else thrown is
 * a fault of the importer's, and ends the run.
 */
import {parentPort} from 'node:worker_threads'

import {analyzed} from './analyzeArticle'
import type {ChunkAnswer, ChunkRequest} from './analyzeInParallel'

const port = parentPort!
port.on('message', ({chunk, sources}: ChunkRequest) => {
  try {
    port.postMessage({chunk, prepared: sources.map(analyzed)} satisfies ChunkAnswer)
  } catch (error) {
    port.postMessage({chunk, fault: error instanceof Error ? (error.stack ?? error.message) : String(error)} satisfies ChunkAnswer)
  }
})
