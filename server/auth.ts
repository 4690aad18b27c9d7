import {createHash, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'

import {unauthorized} from './errors'
import {authorityOf} from './http'
import type {StudioSession} from './studioSession'

/**
 * Who is asking. `token`: a client with `Authorization: Bearer <SANITY_LOCAL_TOKEN>` (@sanity/client, scripts).
 * `studio`: the Studio this server serves, in the browser (studioSession.ts). Both may read everything and write.
 * `anonymous`: anyone else, who, as on Sanity, reads only published documents whose ids have no dot, and writes
 * nothing.
 */
export type Caller = 'token' | 'studio' | 'anonymous'

/** What the server knows its callers by: its token, and the session of the Studio it serves, if it serves one. */
export interface Credentials {
  token: string
  studio?: StudioSession
  /** The scheme of the server's own origin. */
  scheme: 'http' | 'https'
}

/**
 * Who sent a request. The comparison takes the same time whatever the guess (both sides hashed to equal length
 * first), and no message ever contains either token. A token that is not the server's reads as no token: reads
 * then see what anyone may see, and writes are refused (Sanity refuses an unknown token on reads too, with 401;
 * here a client whose token may read but not write, as a Viewer token on Sanity, keeps working until it writes).
 * A cookie alone is no one: the Studio's session needs its key as the bearer token too.
 */
export function callerOf(request: IncomingMessage, credentials: Credentials): Caller {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1]
  if (bearer === undefined) return 'anonymous'
  if (sameSecret(bearer, credentials.token)) return 'token'
  // The server's own origin as this request names it; the Host was checked to name this machine before routing.
  const ownOrigin = `${credentials.scheme}://${authorityOf(request) ?? ''}`
  return credentials.studio?.recognises(request, bearer, ownOrigin) ? 'studio' : 'anonymous'
}

/**
 * Mutations and actions: the token, or the Studio's session from a request that says where it comes from (a
 * browser always sends `Origin` with a POST; callerOf has checked that it is the server's own).
 */
export function requireWriter(request: IncomingMessage, caller: Caller): void {
  if (caller === 'token' || (caller === 'studio' && request.headers.origin !== undefined)) return
  const header = request.headers.authorization
  if (header === undefined || header.trim() === '') {
    throw unauthorized('Unauthorized: this request needs a token; send "Authorization: Bearer <token>" with the server\'s SANITY_LOCAL_TOKEN')
  }
  throw unauthorized('Unauthorized: the token sent is not the server\'s SANITY_LOCAL_TOKEN, nor the session of the Studio it serves')
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
