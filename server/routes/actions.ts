import {applyActions, readActionsBody} from '../documentActions'
import {readJsonBody} from '../http'
import {randomId} from '../ids'
import {requireWriter} from '../auth'
import type {JsonAnswer, RouteContext} from './context'

/**
 * `POST /v{version}/data/actions/{dataset}` with `{"actions": [...], "transactionId"?}`: the Studio's edits,
 * publishes and deletes (see documentActions.ts), one transaction written before the answer `{transactionId}`.
 */
export async function actionsRoute(context: RouteContext): Promise<JsonAnswer> {
  requireWriter(context.request, context.caller)
  const {actions, transactionId = randomId(), dryRun} = readActionsBody(await readJsonBody(context.request))
  await context.dataset.transact(
    (dataset) => {
      const outcome = applyActions(dataset, {actions, transactionId, now: new Date().toISOString()})
      return {changes: outcome.changes, value: outcome.results}
    },
    {write: !dryRun, transactionId},
  )
  return {status: 200, body: {transactionId}}
}
