import {copyFileSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {createClient, type SanityClient} from '@sanity/client'
import {afterAll, afterEach, beforeAll, expect} from 'vitest'

import {startServer, type RunningServer, type ServerOptions} from '../../server/startServer'
import {parseNdjson, runSeed, shown, TempDirs} from './seedCommand'

/** The token the test servers require; tests check it never comes back in an answer. */
export const TOKEN = 'local-test-token-7f3a9c1e5b'
export const API_VERSION = '2025-02-19'

export interface TestServer {
  server: RunningServer
  /** The dataset file this server owns (a fresh copy per server). */
  path: string
  /** @sanity/client pointed at it, with the token. */
  client: SanityClient
  /** One line per request, as the server logs them. */
  log: string[]
}

/** @sanity/client set up as a project would be, but against the local server. */
export function clientFor(url: string, config: {token?: string; dataset?: string; apiVersion?: string; maxRetries?: number} = {}): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: config.dataset ?? 'production',
    apiHost: url,
    useProjectHostname: false,
    apiVersion: config.apiVersion ?? API_VERSION,
    useCdn: false,
    ...(config.token ? {token: config.token} : {}),
    ...(config.maxRetries !== undefined ? {maxRetries: config.maxRetries} : {}),
  })
}

/**
 * Servers on port 0, each over its own copy of a dataset file in a fresh temp dir; `closeAll()` stops them and
 * `dirs.cleanup()` removes the dirs.
 */
export class TestServers {
  readonly dirs = new TempDirs()
  private readonly running: RunningServer[] = []

  async start(datasetFile: string, options: Partial<ServerOptions> = {}): Promise<TestServer> {
    const path = join(this.dirs.make(), 'production.ndjson')
    copyFileSync(datasetFile, path)
    const log: string[] = []
    const server = await startServer({datasetPath: path, port: 0, token: TOKEN, log: (line) => log.push(line), ...options})
    this.running.push(server)
    return {server, path, client: clientFor(server.url, {token: TOKEN}), log}
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((server) => server.close()))
  }
}

/**
 * For a test file whose tests each start their own servers over the seed dataset (the source article's 11
 * documents): imports it once before all tests, stops each test's servers after it, removes the files at the end.
 * `seed.path` is the seed dataset, to be copied (servers.start copies it).
 */
export function serversOverSeed(): {servers: TestServers; seed: {path: string}} {
  const servers = new TestServers()
  const seed = {path: ''}
  beforeAll(() => {
    seed.path = join(servers.dirs.make(), 'seed.ndjson')
    const run = runSeed(['--dataset', seed.path])
    expect(run.status, shown(run)).toBe(0)
    expect(fileDocuments(seed.path).size).toBe(11)
  }, 30_000)
  afterEach(() => servers.closeAll())
  afterAll(() => servers.dirs.cleanup())
  return {servers, seed}
}

/** How @sanity/client fails a request: the status, its message, and Sanity's error body as `details`. */
export interface ClientFailure {
  statusCode: number
  message: string
  details: Record<string, unknown> | undefined
  responseBody: string
}

/** The error a client call fails with; the test fails if the call succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<ClientFailure> {
  try {
    await call
  } catch (error) {
    return error as ClientFailure
  }
  throw new Error('expected the request to fail, and it succeeded')
}

export const fileText = (path: string): string => readFileSync(path, 'utf8')

/** The dataset file's documents by id; fails if a line is not a document. */
export function fileDocuments(path: string): Map<string, Record<string, unknown>> {
  return new Map(parseNdjson(fileText(path)).map((document) => [document._id, document as Record<string, unknown>]))
}

/** A raw HTTP request, for what @sanity/client never sends (malformed JSON) or to see the status and body as sent. */
export async function rawRequest(
  url: string,
  init: {method?: string; body?: string; token?: string; headers?: Record<string, string>} = {},
): Promise<{status: number; headers: Headers; text: string; json: unknown}> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    body: init.body,
    headers: {
      ...(init.body !== undefined ? {'content-type': 'application/json'} : {}),
      ...(init.token ? {authorization: `Bearer ${init.token}`} : {}),
      ...init.headers,
    },
  })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return {status: response.status, headers: response.headers, text, json}
}
