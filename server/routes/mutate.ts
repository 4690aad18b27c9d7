import {badRequest} from '../errors'
import {readJsonBody} from '../http'
import {randomId} from '../ids'
import {requireWriter} from '../auth'
import {applyTransaction, readMutateBody, type MutationResult} from '../transaction'
import {flag, type JsonAnswer, type RouteContext} from './context'

const VISIBILITIES = new Set(['sync', 'async', 'deferred'])

interface ResultWithDocument extends MutationResult {
  document?: unknown
}

/**
 * `POST /v{version}/data/mutate/{dataset}` with `{"mutations": [...]}`: one transaction, applied whole or not at
 * all, answered `{transactionId, results: [{id, operation}]}` (plus each `document` with `returnDocuments=true`).
 * Every visibility is `sync` here: the answer comes after the file is written.
 */
export async function mutateRoute(context: RouteContext): Promise<JsonAnswer> {
  // The token (or the served Studio's session) first: a client without one learns nothing about the body or the dataset.
  requireWriter(context.request, context.caller)
  const {mutations, transactionId = randomId()} = readMutateBody(await readJsonBody(context.request))
  const {url} = context
  const visibility = url.searchParams.get('visibility')
  if (visibility !== null && !VISIBILITIES.has(visibility)) throw badRequest('"visibility" must be sync, async or deferred')
  const returnDocuments = flag(url, 'returnDocuments')

  const results = await context.dataset.transact(
    (dataset) => {
      const outcome = applyTransaction(dataset, {
        mutations,
        transactionId,
        now: new Date().toISOString(),
        autoGenerateArrayKeys: flag(url, 'autoGenerateArrayKeys'),
      })
      const after = (id: string) => (outcome.changes.has(id) ? outcome.changes.get(id) : dataset.get(id))
      const value: ResultWithDocument[] = outcome.results.map((result) => {
        const document = returnDocuments ? after(result.id) : undefined
        return document ? {...result, document} : result
      })
      return {changes: outcome.changes, value}
    },
    {write: !flag(url, 'dryRun')},
  )
  return {status: 200, body: {transactionId, results}}
}
