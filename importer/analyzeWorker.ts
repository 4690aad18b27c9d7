/**
 * A worker of analyzeInParallel.ts: takes the next chunk of the texts it was given from the counter the workers
 * share, analyzes it and answers with what it found, until no chunk is left. A text the importer cannot read is
 * answered with its one-line reason; anything else thrown is a fault of the importer's, and ends the run.
 */
import {parentPort} from 'node:worker_threads'

import {analyzed} from './analyzeArticle'
import type {ChunkAnswer, WorkRequest} from './analyzeInParallel'

const port = parentPort!
port.on('message', ({sources, next, chunk}: WorkRequest) => {
  try {
    for (let start = Atomics.add(next, 0, chunk); start < sources.length; start = Atomics.add(next, 0, chunk)) {
      port.postMessage({start, prepared: sources.slice(start, start + chunk).map(analyzed)} satisfies ChunkAnswer)
    }
  } catch (error) {
    port.postMessage({fault: error instanceof Error ? (error.stack ?? error.message) : String(error)} satisfies ChunkAnswer)
  }
})
