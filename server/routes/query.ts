import {badRequest} from '../errors'
import {readJsonBody} from '../http'
import {perspectiveFor} from '../perspective'
import {paramsFromSearch, type JsonTextAnswer, type RouteContext} from './context'

interface QueryRequest {
  query: string
  params: Record<string, unknown>
}

/**
 * `GET /v{version}/data/query/{dataset}?query=...&$name=<JSON>` and `POST` with `{"query", "params"}` (the client
 * switches to POST when the URL would pass 11 kB). Answers `{query, result, ms}`; the client reads `result`, and
 * asks to leave `query` out (`returnQuery=false`) unless told to return the whole response. The query runs in a
 * query worker (queryPool.ts), which answers with the body already serialised.
 */
export async function queryRoute(context: RouteContext): Promise<JsonTextAnswer> {
  const asked = context.request.method === 'POST' ? fromBody(await readJsonBody(context.request)) : fromSearch(context.url.searchParams)
  const perspective = perspectiveFor(context.url.searchParams.get('perspective'), context.apiVersion)
  const returnQuery = context.url.searchParams.get('returnQuery') !== 'false'
  return context.dataset.query({...asked, perspective, caller: context.caller, returnQuery}, context.signal)
}

function fromSearch(search: URLSearchParams): QueryRequest {
  const query = search.get('query')
  if (query === null || query.trim() === '') throw badRequest('Missing "query" in the query string')
  return {query, params: paramsFromSearch(search)}
}

function fromBody(body: unknown): QueryRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object with "query"')
  const {query, params = {}} = body as {query?: unknown; params?: unknown}
  if (typeof query !== 'string' || query.trim() === '') throw badRequest('Request body must have "query", a GROQ string')
  if (!params || typeof params !== 'object' || Array.isArray(params)) throw badRequest('"params" must be a JSON object')
  return {query, params: params as Record<string, unknown>}
}
