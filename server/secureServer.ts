import type {IncomingMessage, ServerResponse} from 'node:http'
import {createSecureServer as createHttp2SecureServer, type Http2SecureServer} from 'node:http2'

import type {TlsCertificate} from './tlsCertificate'

/**
 * HTTPS with HTTP/2, and HTTP/1.1 for clients that do not offer HTTP/2 (curl, Node's fetch). The routes are
 * written against node:http's request and response; HTTP/2's compatibility API has the same shape for what they
 * use (headers, method, url, reading the body, writeHead/write/end), except that HTTP/2 forbids
 * connection-specific headers, which are dropped here.
 */
export function createSecureServer(tls: TlsCertificate, handle: (request: IncomingMessage, response: ServerResponse) => void): Http2SecureServer {
  return createHttp2SecureServer({...tls, allowHTTP1: true}, (request, response) => {
    const http1Request = request as unknown as IncomingMessage
    const http1Response = response as unknown as ServerResponse
    if (request.httpVersionMajor === 2) withoutConnectionHeaders(http1Response)
    handle(http1Request, http1Response)
  })
}

const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])

function withoutConnectionHeaders(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (status: number, headers?: Record<string, string>) => ServerResponse
  response.writeHead = ((status: number, headers?: Record<string, string>) =>
    writeHead(status, headers && Object.fromEntries(Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()))))) as typeof response.writeHead
}
