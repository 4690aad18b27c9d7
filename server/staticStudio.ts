import {createReadStream, readFileSync, statSync} from 'node:fs'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {extname, join, resolve, sep} from 'node:path'

import type {StudioSession} from './studioSession'

/** Paths of the API: `/v1/...`, `/vX/...`, `/v2025-02-19/...`. Everything else is the Studio's. */
const API_PATH = /^\/v(1|X|\d{4}-\d{2}-\d{2})(\/|$)/
export const isApiPath = (pathname: string): boolean => API_PATH.test(pathname)

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Serves a built Studio (`sanity build` output): its files as they are, and index.html for every other path,
 * since the Studio routes in the browser (`/structure/person;...`). index.html carries the Studio's key and session
 * cookie (studioSession.ts), so it is never cached. None of it gets CORS headers. Returns the status sent.
 */
export function serveStudioFile(request: IncomingMessage, response: ServerResponse, studioDir: string, session: StudioSession): number {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, {allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8'})
    response.end('Method not allowed\n')
    return 405
  }
  const root = resolve(studioDir)
  const file = fileFor(root, new URL(request.url ?? '/', 'https://127.0.0.1').pathname)
  const page = join(root, 'index.html')
  const path = file ?? page
  const size = sizeOf(path)
  if (size === undefined) {
    response.writeHead(503, {'content-type': 'text/plain; charset=utf-8'})
    response.end(`The Studio is not built in ${studioDir}; run \`npm run studio:local\`\n`)
    return 503
  }
  if (path === page) {
    const html = Buffer.from(session.pageWithKey(readFileSync(page, 'utf8')))
    response.writeHead(200, {
      'content-type': CONTENT_TYPES['.html']!,
      'content-length': String(html.length),
      'cache-control': 'no-store',
      'set-cookie': session.cookieHeader(),
    })
    response.end(request.method === 'HEAD' ? undefined : html)
    return 200
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': String(size),
    // Built files have content hashes in their names; the others must always be fresh.
    'cache-control': path.includes(`${sep}static${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (request.method === 'HEAD') response.end()
  else createReadStream(path).pipe(response)
  return 200
}

/** The file a path names inside the Studio's folder, or undefined (not there, a folder, or outside it). */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded === '/' || decoded.includes('\0')) return undefined
  const path = resolve(root, `.${decoded}`)
  if (!path.startsWith(root + sep)) return undefined
  return sizeOf(path) === undefined ? undefined : path
}

function sizeOf(path: string): number | undefined {
  try {
    const stat = statSync(path)
    return stat.isFile() ? stat.size : undefined
  } catch {
    return undefined
  }
}
