/**
 * Errors in the shape the Sanity API sends them, so that @sanity/client turns them into the same ClientError
 * messages a real project would show: `{"error": {"type", "description", ...}}`. The client reads `description`;
 * for `mutationError` it also lists each item's description, and for `queryParseError` it draws a code frame from
 * `query`, `start` and `end`.
 */
export interface SanityErrorBody {
  type: string
  description: string
  [detail: string]: unknown
}

/** One failed mutation in a transaction: `index` is its position in the request's `mutations` array. */
export interface MutationErrorItem {
  index: number
  error: SanityErrorBody
}

/** An answer the server gives instead of a result: a status, Sanity's error body, and any extra headers. */
export class ApiError extends Error {
  override name = 'ApiError'

  constructor(
    readonly status: number,
    readonly body: SanityErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.description)
  }
}


export const badRequest = (description: string, type = 'httpBadRequest') => new ApiError(400, {type, description})
export const notFound = (description: string) => new ApiError(404, {type: 'httpNotFound', description})
export const unauthorized = (description: string) => new ApiError(401, {type: 'unauthorizedError', description})
export const payloadTooLarge = (limit: number) =>
  new ApiError(413, {type: 'httpPayloadTooLarge', description: `Request body is larger than the limit of ${limit} bytes`}, {connection: 'close'})
export const methodNotAllowed = (allowed: string[]) =>
  new ApiError(405, {type: 'httpMethodNotAllowed', description: `Method not allowed here; use ${allowed.join(' or ')}`}, {allow: allowed.join(', ')})

/**
 * A transaction that was refused as a whole. Sanity words it "Mutation failed: <first problem>" and lists every
 * problem in `items`; the client shows both (so the first problem appears twice, as it does against sanity.io).
 */
export function mutationError(status: number, items: MutationErrorItem[]): ApiError {
  const first = items[0]?.error.description ?? 'unknown problem'
  const more = items.length > 1 ? ` (and ${items.length - 1} more)` : ''
  return new ApiError(status, {type: 'mutationError', description: `Mutation failed: ${first}${more}`, items})
}

/** A query that does not parse: `start`/`end` are 0-based offsets into `query`, which the client underlines. */
export function queryParseError(description: string, query: string, span?: {start: number; end: number}): ApiError {
  return new ApiError(400, {type: 'queryParseError', description, query, ...(span ?? {})})
}

/** Ids and other user text quoted in messages, cut short so that a 4 MB id does not become a 4 MB error. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 140 ? `${text.slice(0, 139)}…` : text)
}
