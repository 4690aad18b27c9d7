import type {ServerResponse} from 'node:http'

import {evaluate} from 'groq-js'

import type {StoredDocument} from '../../dataset/documentStore'
import {LOCAL_EDITOR} from '../../model/localStudio'
import {badRequest} from '../errors'
import {randomId} from '../ids'
import {isPublicId} from '../perspective'
import {parseQuery} from '../queryEvaluation'
import type {CommittedTransaction, DocumentChange} from '../servedDataset'
import {flag, paramsFromSearch, type RouteContext, type StreamAnswer} from './context'

/** Often enough that no proxy or client gives up on a quiet stream. */
export const PING_INTERVAL_MS = 15_000

type Transition = 'appear' | 'update' | 'disappear'

/**
 * `GET /v{version}/data/listen/{dataset}?query=*[filter]&$param=<JSON>`: server-sent events. First `welcome`, then
 * one `mutation` event per document that a written transaction changed and that matches the filter before or
 * after the change (`appear`, `update`, `disappear`), and a `: ping` comment every 15 s. A listener without a
 * token hears only of public documents (no drafts, no dotted ids), as it could read only those. With
 * `effectFormat=mendoza` each event carries the change as a mendoza patch that replaces the whole document
 * (`[0, document]`): the Studio's document editor applies those and checks `previousRev` against what it holds.
 */
export async function listenRoute(context: RouteContext): Promise<StreamAnswer> {
  const {searchParams} = context.url
  const query = searchParams.get('query')
  if (query === null || query.trim() === '') throw badRequest('Missing "query" in the query string')
  const params = paramsFromSearch(searchParams)
  const filter = parseQuery(query, params)
  const events = new Set((searchParams.get('events') ?? 'welcome,mutation,reconnect').split(','))
  const options: EventOptions = {
    includeResult: searchParams.get('includeResult') !== 'false',
    includePreviousRevision: flag(context.url, 'includePreviousRevision'),
    includeMutations: searchParams.get('includeMutations') !== 'false',
    mendoza: searchParams.get('effectFormat') === 'mendoza',
  }
  const matches = async (document: StoredDocument | undefined): Promise<boolean> => {
    if (!document) return false
    const result = await (await evaluate(filter, {dataset: [document], params})).get()
    return Array.isArray(result) ? result.length > 0 : Boolean(result)
  }

  return {
    status: 200,
    stream: (response) =>
      new Promise<void>((resolve) => {
        response.writeHead(200, {'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache'})
        if (events.has('welcome')) send(response, 'welcome', {listenerName: randomId()})
        else response.write(': connected\n\n')
        // Transactions are announced in order; evaluating the filter is asynchronous, so each waits for the last.
        let sending = Promise.resolve()
        const stop = context.dataset.subscribe((transaction) => {
          if (!events.has('mutation')) return
          sending = sending.then(async () => {
            const shown: {change: DocumentChange; transition: Transition}[] = []
            for (const change of transaction.changes) {
              if (context.caller === 'anonymous' && !isPublicId(change.id)) continue
              const [before, after] = [await matches(change.before), await matches(change.after)]
              if (before || after) shown.push({change, transition: !before ? 'appear' : !after ? 'disappear' : 'update'})
            }
            shown.forEach(({change, transition}, at) => {
              if (!response.writableEnded) send(response, 'mutation', mutationEvent(transaction, change, transition, {at, of: shown.length}, options), `${transaction.transactionId}#${change.id}`)
            })
          }).catch(() => undefined)
        })
        const ping = setInterval(() => response.write(': ping\n\n'), PING_INTERVAL_MS)
        response.once('close', () => {
          clearInterval(ping)
          stop()
          resolve()
        })
      }),
  }
}

interface EventOptions {
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  mendoza: boolean
}

/** A mutation event as Sanity sends it; the mutations and effects describe the change as a whole-document replace. */
function mutationEvent(
  transaction: CommittedTransaction,
  {id, before, after}: DocumentChange,
  transition: Transition,
  position: {at: number; of: number},
  options: EventOptions,
): Record<string, unknown> {
  return {
    eventId: `${transaction.transactionId}#${id}`,
    documentId: id,
    transactionId: transaction.transactionId,
    transition,
    identity: LOCAL_EDITOR.id,
    ...(options.includeMutations ? {mutations: [after ? {createOrReplace: after} : {delete: {id}}]} : {}),
    ...(before?._rev !== undefined ? {previousRev: before._rev} : {}),
    resultRev: after?._rev ?? transaction.transactionId,
    timestamp: transaction.timestamp,
    visibility: 'query',
    transactionTotalEvents: position.of,
    transactionCurrentEvent: position.at + 1,
    ...(options.includeResult && after ? {result: after} : {}),
    ...(options.includePreviousRevision && before ? {previous: before} : {}),
    ...(options.mendoza ? {effects: {apply: [0, after ?? null], revert: [0, before ?? null]}} : {}),
  }
}

function send(response: ServerResponse, event: string, data: unknown, id?: string): void {
  response.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}
