import {GroqSyntaxError, parse} from 'groq-js'

import {badRequest, queryParseError} from '../errors'
import {readJsonBody} from '../http'
import {perspectiveFor} from '../perspective'
import {rewriteTextQueries} from '../textQuery'
import type {JsonAnswer, RouteContext} from './context'

interface QueryRequest {
  query: string
  params: Record<string, unknown>
}

/**
 * `GET /v{version}/data/query/{dataset}?query=...&$name=<JSON>` and `POST` with `{"query", "params"}` (the client
 * switches to POST when the URL would pass 11 kB). Answers `{query, result, ms}`; the client reads `result`, and
 * asks to leave `query` out (`returnQuery=false`) unless told to return the whole response.
 */
export async function queryRoute(context: RouteContext): Promise<JsonAnswer> {
  const asked = context.request.method === 'POST' ? fromBody(await readJsonBody(context.request)) : fromSearch(context.url.searchParams)
  const perspective = perspectiveFor(context.url.searchParams.get('perspective'), context.apiVersion)
  const view = context.dataset.current().of(perspective, context.caller)
  const {query, params} = rewriteTextQueries(asked.query, asked.params, () => view.all())
  checkQuery(query, params)
  const started = performance.now()
  let result: unknown
  try {
    result = await view.query(query, params)
  } catch (error) {
    throw badRequest(`Query failed: ${error instanceof Error ? error.message : String(error)}`, 'queryExecutionError')
  }
  const ms = Math.round(performance.now() - started)
  const returnQuery = context.url.searchParams.get('returnQuery') !== 'false'
  return {status: 200, body: returnQuery ? {query: asked.query, result, ms} : {result, ms}}
}

function fromSearch(search: URLSearchParams): QueryRequest {
  const query = search.get('query')
  if (query === null || query.trim() === '') throw badRequest('Missing "query" in the query string')
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value) as unknown
    } catch {
      throw badRequest(`Unable to parse the value of "${key}": parameter values are JSON (put strings in double quotes)`)
    }
  }
  return {query, params}
}

function fromBody(body: unknown): QueryRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object with "query"')
  const {query, params = {}} = body as {query?: unknown; params?: unknown}
  if (typeof query !== 'string' || query.trim() === '') throw badRequest('Request body must have "query", a GROQ string')
  if (!params || typeof params !== 'object' || Array.isArray(params)) throw badRequest('"params" must be a JSON object')
  return {query, params: params as Record<string, unknown>}
}

/**
 * Refuses what Sanity refuses before running a query: a syntax error, with the offsets the client underlines, and
 * a parameter the query uses but the request does not give (groq-js would quietly read it as null).
 */
function checkQuery(query: string, params: Record<string, unknown>): void {
  let tree: unknown
  try {
    tree = parse(query, {params})
  } catch (error) {
    if (!(error instanceof GroqSyntaxError)) throw error
    const description = error.message.replace(/^Syntax error in GROQ query at position \d+: /, '')
    throw queryParseError(description, query, {start: error.position, end: Math.min(error.position + 1, query.length)})
  }
  for (const name of parameterNames(tree)) {
    if (!(name in params)) throw queryParseError(`param $${name} referenced, but not provided`, query)
  }
}

function parameterNames(node: unknown, names: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) parameterNames(child, names)
  } else if (node && typeof node === 'object') {
    const {type, name} = node as {type?: unknown; name?: unknown}
    if (type === 'Parameter' && typeof name === 'string') names.add(name)
    for (const child of Object.values(node)) if (child && typeof child === 'object') parameterNames(child, names)
  }
  return names
}
