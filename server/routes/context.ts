import type {IncomingMessage, ServerResponse} from 'node:http'

import type {Caller} from '../auth'
import {badRequest} from '../errors'
import {MAX_JSON_DEPTH, nestsDeeperThan} from '../http'
import type {ServedDataset} from '../servedDataset'

/** What a route gets: the request, where it was addressed, and the dataset it names (already checked to exist). */
export interface RouteContext {
  request: IncomingMessage
  url: URL
  /** Without the `v`: `2025-02-19`, `1` or `X`. */
  apiVersion: string
  dataset: ServedDataset
  /** The path after the dataset name, still percent-encoded (the ids of `data/doc`), or undefined. */
  rest: string | undefined
  /** Who sent the request: what it may read, and whether it may write. */
  caller: Caller
  /** Aborted when the client goes away before it has been answered. */
  signal: AbortSignal
}

/** A successful answer: a status and a JSON body. Failures are thrown as ApiError. */
export interface JsonAnswer {
  status: number
  body: unknown
}

/** An answer whose JSON body is already text (a query's, serialised where it was evaluated). */
export interface JsonTextAnswer {
  status: number
  json: string
}

/** An answer that keeps the connection open (server-sent events): `stream` writes until either side closes it. */
export interface StreamAnswer {
  status: number
  stream: (response: ServerResponse) => Promise<void>
}

export type Route = (context: RouteContext) => Promise<JsonAnswer | JsonTextAnswer | StreamAnswer>

/** A query-string flag as Sanity reads them: `true` (or an empty value) is on, anything else off. */
export function flag(url: URL, name: string): boolean {
  const value = url.searchParams.get(name)
  return value === 'true' || value === ''
}

/**
 * The `$name=<JSON>` parameters of a query string (GET queries, listen), each JSON and nested no deeper than a
 * request body may be.
 */
export function paramsFromSearch(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(value) as unknown
    } catch {
      throw badRequest(`Unable to parse the value of "${key}": parameter values are JSON (put strings in double quotes)`)
    }
    if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) throw badRequest(`The value of "${key}" is nested more than ${MAX_JSON_DEPTH} levels deep`)
    params[key.slice(1)] = parsed
  }
  return params
}
