import {randomBytes, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'

import {STUDIO_KEY_META} from '../model/localStudio'

/**
 * How the Studio this server serves writes without the token: the Studio's page (index.html) carries a key made
 * fresh at each start (in a `<meta name="local-studio-key">`), which the Studio's clients send as their bearer
 * token, and a session cookie made with it. A request counts as the Studio's only with all three: the key, the
 * cookie, and an `Origin` that is the server's own (scheme, host and port; none, for a same-origin GET, which
 * browsers send without one; writes always carry one). Neither alone is enough:
 *
 * - the cookie is `SameSite=Strict`, but a site is not an origin: a page on another port of 127.0.0.1 (another
 *   local dev server) is same-site, so the browser sends it the cookie; only the Origin check stops it;
 * - the key is readable only by the Studio's own page: the Studio's files get no CORS headers, so no other
 *   origin can read index.html, and the cookie is `HttpOnly`, so no script can read it.
 *
 * The cookie's name carries the port, so that two local Studios on one machine (cookies ignore ports) do not
 * overwrite each other's.
 */
export class StudioSession {
  /** What the page hands the Studio's clients; sent back as `Authorization: Bearer <key>`. */
  readonly key = randomBytes(32).toString('base64url')
  private readonly cookie = randomBytes(32).toString('base64url')
  private readonly cookieName: string

  constructor(port: number) {
    this.cookieName = `local_studio_session_${port}`
  }

  /** The `Set-Cookie` header served with the Studio's page. */
  cookieHeader(): string {
    return `${this.cookieName}=${this.cookie}; Path=/; Secure; HttpOnly; SameSite=Strict`
  }

  /** The Studio's page with the key in its head, where studio/localApi.ts reads it. */
  pageWithKey(html: string): string {
    const meta = `<meta name="${STUDIO_KEY_META}" content="${this.key}">`
    const head = html.search(/<\/head>/i)
    return head === -1 ? `${meta}${html}` : `${html.slice(0, head)}${meta}${html.slice(head)}`
  }

  /** Whether a request that sent `bearer` comes from the Studio's page at `ownOrigin` (`https://127.0.0.1:3335`). */
  recognises(request: IncomingMessage, bearer: string, ownOrigin: string): boolean {
    const origin = request.headers.origin
    return (
      sameSecret(bearer, this.key) &&
      sameSecret(cookieValue(request.headers.cookie, this.cookieName) ?? '', this.cookie) &&
      (origin === undefined || sameOrigin(origin, ownOrigin))
    )
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

/** Scheme, host and port equal (`https://LOCALHOST:443` is `https://localhost`); `null` and junk are no origin. */
function sameOrigin(origin: string, ownOrigin: string): boolean {
  try {
    return new URL(origin).origin === new URL(ownOrigin).origin
  } catch {
    return false
  }
}

function sameSecret(given: string, expected: string): boolean {
  const [left, right] = [Buffer.from(given), Buffer.from(expected)]
  return left.length === right.length && timingSafeEqual(left, right)
}
