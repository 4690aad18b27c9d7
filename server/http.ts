import type {IncomingMessage, ServerResponse} from 'node:http'

import {ApiError, badRequest, payloadTooLarge} from './errors'

/** Sanity's limit on a request body. */
export const MAX_BODY_BYTES = 4_000_000

/**
 * Reads a request body of at most `limit` bytes and parses it as JSON. A body declared or found to be larger is
 * refused with 413 as soon as that is known; the rest is drained unread so the client still gets the answer.
 */
export async function readJsonBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    request.resume()
    throw payloadTooLarge(limit)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      request.resume()
      throw payloadTooLarge(limit)
    }
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') throw badRequest('Request body is empty; send JSON')
  let body: unknown
  try {
    body = JSON.parse(text) as unknown
  } catch (error) {
    throw badRequest(`Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw badRequest(`Request body is nested more than ${MAX_JSON_DEPTH} levels deep (Sanity stores documents at most 20 levels deep)`)
  }
  return body
}

/**
 * How deep a request body or a parameter value may nest: far deeper than any document Sanity stores (20 levels),
 * far shallower than where the recursion of patching, planning, evaluating and serialising would run out of stack.
 */
export const MAX_JSON_DEPTH = 100

/** Whether a parsed JSON value nests deeper than `limit` arrays and objects (walked without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]]
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!
    if (node === null || typeof node !== 'object') continue
    if (depth >= limit) return true
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1])
  }
  return false
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), headers)
}

/** An answer already serialised (the query workers send theirs as text). */
export function sendJsonText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  })
  response.end(text)
}

export function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.status, {error: error.body}, error.headers)
}

/** Names of this machine: `localhost` and its subdomains (browsers resolve them to loopback themselves), 127.x.x.x, [::1]. */
function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/** Origins on this machine (any port, http or https): the only ones a browser may call the local API from. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const {hostname, protocol} = new URL(origin)
    if (protocol !== 'http:' && protocol !== 'https:') return false
    return isLoopbackHostname(hostname)
  } catch {
    return false
  }
}

/** The host a request is addressed to: HTTP/2's `:authority`, else HTTP/1.1's `Host` (`127.0.0.1:3334`). */
export function authorityOf(request: IncomingMessage): string | undefined {
  const authority = request.headers[':authority'] ?? request.headers.host
  return typeof authority === 'string' ? authority : undefined
}

/**
 * Whether a request names this machine as its host. A page on a site whose DNS name has been pointed at 127.0.0.1
 * (DNS rebinding) is same-origin with itself, so CORS does not stop it: its requests still say its own name here.
 */
export function isAddressedToThisMachine(request: IncomingMessage): boolean {
  const names = [request.headers[':authority'], request.headers.host].filter((name) => name !== undefined)
  return (
    names.length > 0 &&
    names.every((name) => {
      const match = typeof name === 'string' ? /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(name) : null
      return match !== null && isLoopbackHostname(match[1]!.toLowerCase())
    })
  )
}

/**
 * CORS for browser clients (the Studio, a front end in `npm run dev`): a loopback origin may send credentials and
 * the `authorization` and `content-type` headers. Others get no CORS headers, so a browser will not show them
 * the answer. Returns whether the origin is allowed (true when there is no Origin: not a browser request).
 */
export function applyCors(request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  response.setHeader('vary', 'origin')
  if (!isLoopbackOrigin(origin)) return false
  response.setHeader('access-control-allow-origin', origin)
  response.setHeader('access-control-allow-credentials', 'true')
  return true
}

/** The answer to a preflight: which methods and headers a loopback origin may use, cached for ten minutes. */
export function answerPreflight(response: ServerResponse, allowed: boolean): void {
  if (!allowed) {
    sendJson(response, 403, {error: {type: 'corsOriginError', description: 'Only loopback origins may call this local server from a browser'}})
    return
  }
  response.writeHead(204, {
    'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
    'content-length': '0',
  })
  response.end()
}
