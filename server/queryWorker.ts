/**
 * A query worker (queryPool.ts): a replica of the served dataset's perspective views, read from the dataset file
 * when it starts and on `reload`, kept in step by the `changes` of every committed transaction, answering queries
 * against it. Messages are handled one at a time in the order they came, so a query posted after a write's
 * changes sees them.
 */
import {parentPort, workerData} from 'node:worker_threads'

import type {StoredDocument} from '../dataset/documentStore'
import {readLocalDataset} from '../model/ndjson'
import {storedDocuments} from './liveDataset'
import {PerspectiveViews} from './perspective'
import {answerQuery} from './queryEvaluation'
import type {FromQueryWorker, QueryWorkerData, ToQueryWorker} from './queryPool'

const port = parentPort!
const {datasetPath} = workerData as QueryWorkerData

/** The views, or why the file could not be read (the server's own read of it fails the same way). */
let replica: PerspectiveViews | string = load()

function load(): PerspectiveViews | string {
  try {
    return new PerspectiveViews(storedDocuments(readLocalDataset(datasetPath)))
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

async function handle(message: ToQueryWorker): Promise<void> {
  if (message.kind === 'reload') replica = load()
  else if (message.kind === 'changes') {
    if (typeof replica !== 'string') replica.apply(new Map(JSON.parse(message.json) as [string, StoredDocument | null][]))
  } else if (typeof replica === 'string') {
    const error = {type: 'datasetUnreadableError', description: `The dataset file cannot be read: ${replica}`}
    send({kind: 'answer', id: message.id, status: 500, json: JSON.stringify({error})})
  } else {
    try {
      // Full-text search reads a word index the view builds on first use: seconds for a large dataset, which do
      // not count against the query's time limit (the pool stops its clock meanwhile), or a search over a large
      // dataset would be stopped every time before its index was ever built.
      const view = replica.of(message.job.perspective, message.job.caller)
      if (message.job.query.includes('text::query') && !view.hasWordIndex) {
        send({kind: 'indexing', id: message.id})
        view.buildWordIndex()
        send({kind: 'indexed', id: message.id})
      }
      send({kind: 'answer', id: message.id, ...(await answerQuery(replica, message.job))})
    } catch (error) {
      send({kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error)})
    }
  }
}

const send = (message: FromQueryWorker) => port.postMessage(message)

let turn = Promise.resolve()
port.on('message', (message: ToQueryWorker) => {
  turn = turn.then(() => handle(message))
})
send({kind: 'ready'})
