import {randomInt} from 'node:crypto'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo, Server, Socket} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'

import {DatasetLock, describeHolder, HeldByServer, type LockHolder} from '../model/datasetLock'
import {callerOf, type Credentials} from './auth'
import {ApiError, badRequest, methodNotAllowed, notFound, quoted} from './errors'
import {StartupError} from '../model/errors'
import {faultInjector, type Fault} from './faults'
import {answerPreflight, applyCors, isAddressedToThisMachine, sendError, sendJson, sendJsonText} from './http'
import {LiveDataset} from './liveDataset'
import {actionsRoute} from './routes/actions'
import type {JsonAnswer, JsonTextAnswer, Route, StreamAnswer} from './routes/context'
import {docRoute} from './routes/doc'
import {listenRoute} from './routes/listen'
import {mutateRoute} from './routes/mutate'
import {projectRoute} from './routes/project'
import {queryRoute} from './routes/query'
import {createSecureServer} from './secureServer'
import {ServedDataset} from './servedDataset'
import {isApiPath, serveStudioFile} from './staticStudio'
import {StudioSession} from './studioSession'
import type {TlsCertificate} from './tlsCertificate'

export const DEFAULT_PORT = 3334
export const DEFAULT_DATASET_NAME = 'production'
/** How long a query may run; Sanity allows a minute, but here a query holds a whole worker while it runs. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000
/**
 * Query workers, each with a replica of the dataset (about 220 MB for 54,000 documents): one slow query leaves
 * the other free for everyone else.
 */
const QUERY_WORKERS = 2
/** Loopback only: the server holds a token-guarded write API and public reads are open, so it is never on the network. */
const HOST = '127.0.0.1'

export interface ServerOptions {
  /** The NDJSON dataset file to serve and write (it must exist). */
  datasetPath: string
  /** The dataset name clients put in URLs; default `production`. */
  datasetName?: string
  /** Default 3334; 0 picks a free port (tests). */
  port?: number
  /** What mutations must send as `Authorization: Bearer <token>`. Never printed. */
  token: string
  /** How long a query may run before it is stopped and answered 422 (default 30 s). */
  queryTimeoutMs?: number
  /** Delay added before every response, in milliseconds. */
  latencyMs?: number
  /** Share of requests (0 to 1) answered with 429, 503 or a dropped connection instead. */
  failureRate?: number
  /** Seed for the failure sequence; without one it differs on every start. */
  seed?: number
  /** Receives one line per request (method, path, status, time); never headers, bodies or query strings. */
  log?: (line: string) => void
  /** Serve HTTPS (HTTP/2, and HTTP/1.1 for clients without it) with this certificate instead of plain HTTP. */
  tls?: TlsCertificate
  /** A built Studio (`sanity build` output) to serve at every path that is not the API's, with a session to write with. */
  studioDir?: string
  /** How the dataset's lock names this server to other writers; default `npm run serve`. */
  command?: string
  /** Told once when a seed is writing the dataset and the server waits for it to finish. */
  onWait?: (holder: LockHolder) => void
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT` (`https://` with `tls`): what @sanity/client takes as `apiHost`. */
  url: string
  port: number
  /** Resolves once every query worker has read the dataset; until then queries wait for one (benchmarks wait). */
  queriesReady(): Promise<void>
  /** Stops listening, drops open connections, and resolves once no transaction is still being written. */
  close(): Promise<void>
}

interface Endpoint {
  methods: string[]
  route: Route
  /** Whether the path continues after the dataset name (`data/doc/{dataset}/{ids}`). */
  takesPath: boolean
}

const ENDPOINTS: Record<string, Endpoint> = {
  query: {methods: ['GET', 'HEAD', 'POST'], route: queryRoute, takesPath: false},
  doc: {methods: ['GET', 'HEAD'], route: docRoute, takesPath: true},
  mutate: {methods: ['POST'], route: mutateRoute, takesPath: false},
  listen: {methods: ['GET'], route: listenRoute, takesPath: false},
  actions: {methods: ['POST'], route: actionsRoute, takesPath: false},
}

const DATA_PATH = /^\/v([^/]+)\/data\/([^/]+)\/([^/]+)(?:\/(.+))?$/
/** `v1`, `vX` (experimental) or a date: the API versions Sanity accepts. */
const API_VERSION = /^(1|X|\d{4}-\d{2}-\d{2})$/

/**
 * Serves a local NDJSON dataset with the part of Sanity's HTTP API that @sanity/client uses: GROQ queries (with
 * perspectives, evaluated in worker threads under a time limit), documents by id, and transactional mutations
 * written atomically to the file.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const settings = checkOptions(options)
  const log = options.log ?? (() => {})
  // Opened first, so that a missing or corrupt file is said as such; a seed that writes it while the server waits
  // for the lock below is picked up by the dataset's check for changes on disk.
  const live = LiveDataset.open(options.datasetPath)
  // The server is the dataset file's one writer while it runs: a seed writes through it, another server refuses.
  const lock = await DatasetLock.acquire(options.datasetPath, {
    kind: 'server',
    command: options.command ?? 'npm run serve',
    waitForSeeds: true,
    ...(options.onWait ? {onWait: options.onWait} : {}),
  }).catch((error: unknown) => {
    if (error instanceof HeldByServer) throw new DatasetServedError(options.datasetPath, error.holder)
    throw error
  })
  const dataset = new ServedDataset(live, {timeoutMs: settings.queryTimeoutMs, size: QUERY_WORKERS, log})
  const nextFault = faultInjector(settings.failureRate, options.seed ?? randomInt(2 ** 31))
  const inFlight = new Set<Promise<void>>()
  let closing = false
  // Made once the port is known (the session cookie is named after it), before any request is handled.
  let studio: StudioSession | undefined

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now()
    const path = safePath(request.url)
    const done = (outcome: string | number) => log(`${request.method} ${path} ${outcome} ${Math.round(performance.now() - started)}ms`)
    if (!isAddressedToThisMachine(request)) {
      sendError(response, notThisMachine(request))
      return done(response.statusCode)
    }
    // The Studio's files before CORS, and without it: no other origin may read its page, which carries its key.
    if (options.studioDir !== undefined && studio !== undefined && !isApiPath(path)) {
      return done(serveStudioFile(request, response, options.studioDir, studio))
    }
    const corsAllowed = applyCors(request, response)
    // Preflights are neither delayed nor failed: they are the browser's, not the client's, and a failed one
    // shows up as an opaque CORS error rather than the 429/503 under test.
    if (request.method === 'OPTIONS') {
      answerPreflight(response, corsAllowed)
      return done(response.statusCode)
    }
    if (settings.latencyMs > 0) await sleep(settings.latencyMs)
    // A request whose connection closed meanwhile (or that outlived close()) is not served: nothing may change
    // after close() has resolved.
    if (closing || request.socket.destroyed) return done('abandoned')
    const fault = nextFault()
    if (fault) return done(injectFault(fault, request, response))
    // Aborted when the client goes before it has its answer: a query it was waiting for is stopped.
    const gone = new AbortController()
    response.once('close', () => response.writableEnded || gone.abort())
    try {
      const credentials = {token: options.token, studio, scheme: options.tls ? 'https' : 'http'} as const
      const answer = await dispatch(request, {dataset, credentials, datasetName: settings.datasetName, signal: gone.signal})
      if ('stream' in answer) await answer.stream(response)
      else if ('json' in answer) sendJsonText(response, answer.status, answer.json)
      else sendJson(response, answer.status, answer.body)
    } catch (error) {
      // A query stopped because its client went away: there is no one to tell.
      if (gone.signal.aborted) return done('abandoned')
      if (error instanceof ApiError) sendError(response, error)
      else {
        log(`internal error: ${error instanceof Error ? error.message : String(error)}`)
        sendError(response, new ApiError(500, {type: 'internalError', description: 'Internal server error; see the server log'}))
      }
    }
    done(response.statusCode)
  }

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const handling = serve(request, response).catch((error: unknown) => {
      log(`internal error: ${error instanceof Error ? error.message : String(error)}`)
      if (!response.headersSent) response.destroy()
    })
    inFlight.add(handling)
    void handling.finally(() => inFlight.delete(handling))
  }
  const server = options.tls ? createSecureServer(options.tls, handle) : createServer(handle)
  // HTTP/2 sessions (and open listen streams) are ended on close like HTTP/1.1 connections.
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  const port = await listen(server, settings.port).catch(async (error: unknown) => {
    await dataset.close()
    lock.release()
    throw error
  })
  if (options.studioDir !== undefined) studio = new StudioSession(port)
  const url = `${options.tls ? 'https' : 'http'}://${HOST}:${port}`
  lock.update({url, datasetName: settings.datasetName})
  return {
    url,
    port,
    queriesReady: () => dataset.queriesReady(),
    async close() {
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await Promise.allSettled([...inFlight])
      await closed
      await dataset.close()
      lock.release()
    },
  }
}

/** Another server already serves the dataset file: one writer per file. */
export class DatasetServedError extends StartupError {
  constructor(
    datasetPath: string,
    readonly holder: LockHolder,
  ) {
    super(`${datasetPath} is already served by ${describeHolder(holder)}; use that server, or stop it first`)
  }
}

interface Settings {
  datasetName: string
  port: number
  queryTimeoutMs: number
  latencyMs: number
  failureRate: number
}

function checkOptions(options: ServerOptions): Settings {
  const {token, datasetName = DEFAULT_DATASET_NAME, port = DEFAULT_PORT, queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS, latencyMs = 0, failureRate = 0, seed} = options
  if (typeof token !== 'string' || !/^\S+$/.test(token)) {
    throw new StartupError('a token is required (SANITY_LOCAL_TOKEN): non-empty, without spaces')
  }
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(datasetName)) {
    throw new StartupError(`dataset name ${JSON.stringify(datasetName)} is not valid: lowercase letters, digits, "_" and "-", at most 64`)
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`port must be an integer from 0 to 65535 (got ${port})`)
  // setTimeout holds at most 2^31 - 1 ms (24.8 days).
  if (!Number.isFinite(queryTimeoutMs) || queryTimeoutMs <= 0 || queryTimeoutMs > 2 ** 31 - 1) {
    throw new StartupError(`the query timeout must be more than 0 and at most 2147483 seconds (got ${queryTimeoutMs / 1000})`)
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new StartupError(`latency must be 0 or more milliseconds (got ${latencyMs})`)
  if (!Number.isFinite(failureRate) || failureRate < 0 || failureRate > 1) {
    throw new StartupError(`failure rate must be a share from 0 to 1 (got ${failureRate})`)
  }
  if (seed !== undefined && !Number.isInteger(seed)) throw new StartupError(`seed must be an integer (got ${seed})`)
  return {datasetName, port, queryTimeoutMs, latencyMs, failureRate}
}

/**
 * Routes `/v{version}/data/{endpoint}/{dataset}[/...]` to its endpoint, and the project endpoints the Studio asks
 * for to routes/project.ts, refusing what matches none.
 */
async function dispatch(
  request: IncomingMessage,
  server: {dataset: ServedDataset; credentials: Credentials; datasetName: string; signal: AbortSignal},
): Promise<JsonAnswer | JsonTextAnswer | StreamAnswer> {
  const url = new URL(request.url ?? '/', `http://${HOST}`)
  const method = request.method ?? 'GET'
  const caller = callerOf(request, server.credentials)
  const project = projectRoute(url.pathname, method, server.datasetName)
  if (project) return project
  const match = DATA_PATH.exec(url.pathname)
  const endpoint = match ? ENDPOINTS[match[2]!] : undefined
  if (!match || !endpoint || endpoint.takesPath !== (match[4] !== undefined)) {
    throw notFound(`No such endpoint: ${method} ${safePath(request.url)}`)
  }
  const [, apiVersion, , datasetName, rest] = match as unknown as [string, string, string, string, string | undefined]
  if (!API_VERSION.test(apiVersion)) throw badRequest(`Invalid API version "v${apiVersion}": use v1, vX or a date such as v2025-02-19`)
  if (!endpoint.methods.includes(method)) throw methodNotAllowed(endpoint.methods)
  if (safeDecode(datasetName) !== server.datasetName) {
    throw notFound(`Dataset ${JSON.stringify(safeDecode(datasetName))} not found; this server serves "${server.datasetName}"`)
  }
  return endpoint.route({request, url, apiVersion, dataset: server.dataset, rest, caller, signal: server.signal})
}

/** The answer to a request addressed to another host name: one that, pointed at 127.0.0.1, would otherwise be served. */
function notThisMachine(request: IncomingMessage): ApiError {
  const named = request.headers[':authority'] ?? request.headers.host
  const host = typeof named === 'string' && named !== '' ? ` (it names ${quoted(named)})` : ''
  return new ApiError(403, {
    type: 'httpForbidden',
    description: `This request is not addressed to this machine${host}: the local server answers only localhost, *.localhost, 127.x.x.x and [::1]`,
  })
}

/** Answers a request the way a flaky API would, instead of serving it; returns what to log. */
function injectFault(fault: Fault, request: IncomingMessage, response: ServerResponse): string | number {
  switch (fault) {
    case 'dropped':
      request.socket.destroy()
      return 'dropped (injected)'
    case 'rateLimited':
      sendError(response, new ApiError(429, {type: 'httpTooManyRequests', description: 'Too many requests (injected failure)'}, {'retry-after': '1'}))
      return '429 (injected)'
    case 'unavailable':
      sendError(response, new ApiError(503, {type: 'httpServiceUnavailable', description: 'Service unavailable (injected failure)'}))
      return '503 (injected)'
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`${HOST}:${port} is already in use; stop what listens there or choose another --port`))
      else if (error.code === 'EACCES') reject(new StartupError(`no permission to listen on ${HOST}:${port}; choose a port above 1023`))
      else reject(error)
    })
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port))
  })
}

/** The path alone, for logs and messages: query strings carry GROQ and parameter values. */
function safePath(requestUrl: string | undefined): string {
  return (requestUrl ?? '/').split('?')[0]!.slice(0, 300)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
