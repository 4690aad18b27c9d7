import type {StoredDocument} from '../../dataset/documentStore'
import {badRequest, quoted} from '../errors'
import {idProblem} from '../ids'
import {isPublicId} from '../perspective'
import {flag, type JsonAnswer, type RouteContext} from './context'

/**
 * `GET /v{version}/data/doc/{dataset}/{id[,id...]}`: documents as stored (no perspective), in the order asked,
 * and the ids not found under `omitted` (`reason: "existence"`; `"permission"` for an id a caller without a token
 * may not read, see auth.ts). With `excludeContent=true` only `_id`, `_type` and `_rev`: the client asks for that
 * when it only wants to know which documents exist.
 */
export async function docRoute(context: RouteContext): Promise<JsonAnswer> {
  const ids = [...new Set((context.rest ?? '').split(',').map(decodeId))]
  for (const id of ids) {
    const problem = idProblem(id)
    if (problem) throw badRequest(`Malformed document ID: ${quoted(id)} (${problem})`)
  }
  const raw = context.dataset.current().raw
  const excludeContent = flag(context.url, 'excludeContent')
  const documents: StoredDocument[] = []
  const omitted: {id: string; reason: 'existence' | 'permission'}[] = []
  for (const id of ids) {
    const document = raw.get(id)
    // Whether a document the caller may not read exists is not theirs to know either.
    if (context.caller === 'anonymous' && !isPublicId(id)) omitted.push({id, reason: 'permission'})
    else if (!document) omitted.push({id, reason: 'existence'})
    else documents.push(excludeContent ? {_id: document._id, _type: document._type, _rev: document._rev} : document)
  }
  return {status: 200, body: {documents, omitted}}
}

function decodeId(encoded: string): string {
  try {
    return decodeURIComponent(encoded)
  } catch {
    throw badRequest(`Malformed document ID: ${quoted(encoded)} (bad percent-encoding)`)
  }
}
