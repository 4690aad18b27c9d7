import type {IncomingMessage, ServerResponse} from 'node:http'

import type {Caller} from '../auth'
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
}

/** A successful answer: a status and a JSON body. Failures are thrown as ApiError. */
export interface JsonAnswer {
  status: number
  body: unknown
}

/** An answer that keeps the connection open (server-sent events): `stream` writes until either side closes it. */
export interface StreamAnswer {
  status: number
  stream: (response: ServerResponse) => Promise<void>
}

export type Route = (context: RouteContext) => Promise<JsonAnswer | StreamAnswer>

/** A query-string flag as Sanity reads them: `true` (or an empty value) is on, anything else off. */
export function flag(url: URL, name: string): boolean {
  const value = url.searchParams.get(name)
  return value === 'true' || value === ''
}
