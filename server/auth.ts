import {createHash, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'

import {unauthorized} from './errors'
import {hasStudioSession} from './studioSession'

/**
 * Who is asking. `token`: a client with `Authorization: Bearer <SANITY_LOCAL_TOKEN>` (@sanity/client, scripts).
 * `studio`: the Studio this server serves, in the browser (studioSession.ts). Both may read everything and write.
 * `anonymous`: anyone else, who, as on Sanity, reads only published documents whose ids have no dot, and writes
 * nothing.
 */
export type Caller = 'token' | 'studio' | 'anonymous'

/**
 * Who sent a request. The comparison takes the same time whatever the guess (both sides hashed to equal length
 * first), and no message ever contains either token. A token that is not the server's reads as no token: reads
 * then see what anyone may see, and writes are refused (Sanity refuses an unknown token on reads too, with 401;
 * here a client whose token may read but not write, as a Viewer token on Sanity, keeps working until it writes).
 */
export function callerOf(request: IncomingMessage, token: string): Caller {
  const header = request.headers.authorization
  if (header === undefined || header.trim() === '') return hasStudioSession(request, token) ? 'studio' : 'anonymous'
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match && sameSecret(match[1]!, token) ? 'token' : 'anonymous'
}

/** Mutations and actions: the token, or the Studio's session. */
export function requireWriter(request: IncomingMessage, caller: Caller): void {
  if (caller !== 'anonymous') return
  const header = request.headers.authorization
  if (header === undefined || header.trim() === '') {
    throw unauthorized('Unauthorized: this request needs a token; send "Authorization: Bearer <token>" with the server\'s SANITY_LOCAL_TOKEN')
  }
  throw unauthorized('Unauthorized: the token sent is not the server\'s SANITY_LOCAL_TOKEN')
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
