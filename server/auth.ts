import {createHash, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'

import {unauthorized} from './errors'

/**
 * Checks `Authorization: Bearer <token>` against the server's token. The comparison takes the same time whatever
 * the guess (both sides hashed to equal length first), and no message ever contains either token.
 */
export function requireToken(request: IncomingMessage, token: string): void {
  const header = request.headers.authorization
  if (header === undefined || header.trim() === '') {
    throw unauthorized('Unauthorized: this request needs a token; send "Authorization: Bearer <token>" with the server\'s SANITY_LOCAL_TOKEN')
  }
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  if (!match || !sameSecret(match[1]!, token)) {
    throw unauthorized('Unauthorized: the token sent is not the server\'s SANITY_LOCAL_TOKEN')
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
