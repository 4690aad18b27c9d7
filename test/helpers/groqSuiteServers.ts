import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import pMap from 'p-map'

import type {Outcome} from '../../eval/groqSuite/judge'
import type {ScopedTest} from '../../eval/groqSuite/scope'
import {startServer} from '../../server/startServer'
import {TempDirs} from './seedCommand'
import {clientFor, TOKEN} from './server'

/** What the servers answered: each test's outcome, and the revisions they gave documents that had none. */
export interface ServerAnswers {
  outcomes: Map<ScopedTest, Outcome>
  addedRevs: Set<string>
  servers: number
}

export interface ServerRunOptions {
  /** Servers running at once (each has two query workers). */
  servers: number
  /** Queries in flight per server. */
  requests: number
}

/**
 * Runs each test through a local server with the real @sanity/client: one server per dataset, over a file of the
 * dataset's documents sorted by `_id`, queried in the `raw` perspective with the token (the suite's datasets hold
 * drafts, release versions and dotted ids, which it expects every query to see). Servers are stopped as soon as
 * their dataset's tests are done.
 */
export async function answerOnServers(tests: ScopedTest[], options: ServerRunOptions): Promise<ServerAnswers> {
  const byDataset = new Map<string, ScopedTest[]>()
  for (const test of tests) {
    const group = byDataset.get(test.dataset._ref)
    if (group) group.push(test)
    else byDataset.set(test.dataset._ref, [test])
  }
  const answers: ServerAnswers = {outcomes: new Map(), addedRevs: new Set(), servers: byDataset.size}
  const dirs = new TempDirs()
  const dir = dirs.make()
  // The datasets with the most tests first, so that none of them starts last and runs alone.
  const groups = [...byDataset.values()].sort((a, b) => b.length - a.length)
  try {
    await pMap(groups.entries(), ([index, group]) => answerOnServer(join(dir, `dataset-${index}.ndjson`), group, options.requests, answers), {
      concurrency: options.servers,
    })
  } finally {
    dirs.cleanup()
  }
  return answers
}

/** Serves the tests' one dataset from `file` and runs them, `requests` at a time, adding to `answers`. */
async function answerOnServer(file: string, tests: ScopedTest[], requests: number, answers: ServerAnswers): Promise<void> {
  const documents = tests[0]!.documents
  writeFileSync(file, documents.map((document) => `${JSON.stringify(document)}\n`).join(''))
  const server = await startServer({datasetPath: file, port: 0, token: TOKEN})
  try {
    const client = clientFor(server.url, {token: TOKEN}).withConfig({perspective: 'raw'})
    const hadRev = new Set(documents.filter((document) => '_rev' in document).map((document) => document._id))
    for (const {_id, _rev} of await client.fetch<{_id: string; _rev?: string}[]>('*{_id, _rev}')) {
      if (typeof _rev === 'string' && !hadRev.has(_id)) answers.addedRevs.add(_rev)
    }
    await pMap(tests, async (test) => answers.outcomes.set(test, await serverOutcome(() => client.fetch(test.query, test.params ?? {}))), {
      concurrency: requests,
    })
  } finally {
    await server.close()
  }
}

/** Over HTTP, refusing a query is a 400 in Sanity's error shape; any other failure is the server's. */
async function serverOutcome(fetch: () => Promise<unknown>): Promise<Outcome> {
  try {
    return {kind: 'answer', value: await fetch()}
  } catch (error) {
    const {statusCode, message} = error as {statusCode?: number; message?: string}
    const reason = `${statusCode ?? 'no status'}: ${message ?? String(error)}`
    return statusCode === 400 ? {kind: 'refused', reason} : {kind: 'failed', reason}
  }
}
