import {createHmac, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'

/**
 * How the Studio this server serves may write without a token in the browser: the page (index.html) comes with a
 * session cookie derived from the server's token, and requests carrying it count as the token's (auth.ts). The cookie is
 * `HttpOnly` (no script reads it), `Secure` and `SameSite=Strict`: only pages of this very origin
 * (https://127.0.0.1:PORT) send it, so another site, or another local dev server, cannot write with it.
 */
const COOKIE = 'local_studio_session'

/** The `Set-Cookie` header served with the Studio's page. */
export function studioSessionCookie(token: string): string {
  return `${COOKIE}=${sessionValue(token)}; Path=/; Secure; HttpOnly; SameSite=Strict`
}

/** Whether a request carries the session cookie of the Studio this server serves. */
export function hasStudioSession(request: IncomingMessage, token: string): boolean {
  const sent = cookieValue(request.headers.cookie, COOKIE)
  return sent !== undefined && sameValue(sent, sessionValue(token))
}

function sessionValue(token: string): string {
  return createHmac('sha256', token).update('local studio session').digest('base64url')
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

function sameValue(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)]
  return left.length === right.length && timingSafeEqual(left, right)
}
