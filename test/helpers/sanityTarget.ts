import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {createClient, type SanityClient} from '@sanity/client'

import type {NewsDocument} from '../../model/documents'
import {startServer, type RunningServer, type ServerOptions} from '../../server/startServer'
import {strongReferences} from '../../dataset/references'
import {NODE, ROOT, scriptArgs, TempDirs, type SeedRun} from './seedCommand'

/** The write token of every server these tests start: distinctive, so that a test can look for it in any output. */
export const SANITY_TOKEN = 'sk-news-import-DISTINCT-9f27c3a1e8b4'
const BIN = join(ROOT, 'node_modules/.bin')

export interface SanityServer {
  server: RunningServer
  /** The NDJSON file the server serves and writes: what the "Sanity dataset" holds. */
  path: string
  /** One line per request (`POST /v2025-02-19/data/mutate/production 200 3ms`). */
  log: string[]
  /** @sanity/client with the token: an editor working in the dataset. */
  client: SanityClient
}

/** Local Sanity-compatible servers over fresh dataset files, closed by `closeAll()`. */
export class SanityServers {
  readonly dirs = new TempDirs()
  private readonly running: RunningServer[] = []

  async start(options: Partial<ServerOptions> & {documents?: string} = {}): Promise<SanityServer> {
    const {documents = '', ...serverOptions} = options
    const path = join(this.dirs.make(), 'production.ndjson')
    writeFileSync(path, documents)
    return this.startOn(path, serverOptions)
  }

  /** A server over an existing dataset file. */
  async startOn(path: string, serverOptions: Partial<ServerOptions> = {}): Promise<SanityServer> {
    const log: string[] = []
    const server = await startServer({datasetPath: path, port: 0, token: SANITY_TOKEN, log: (line) => log.push(line), ...serverOptions})
    this.running.push(server)
    const client = createClient({
      projectId: 'local',
      dataset: 'production',
      apiHost: server.url,
      useProjectHostname: false,
      apiVersion: '2025-02-19',
      useCdn: false,
      token: SANITY_TOKEN,
    })
    return {server, path, log, client}
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((server) => server.close()))
  }
}

/** The environment `--target sanity` reads, pointed at a local server. */
export function sanityEnv(url: string, token: string = SANITY_TOKEN): Record<string, string> {
  return {SANITY_PROJECT_ID: 'local', SANITY_DATASET: 'production', SANITY_API_WRITE_TOKEN: token, SANITY_API_HOST: url}
}

/**
 * Runs `tsx scripts/seed.ts ARGS` in a child process, without blocking this process (the server answering it runs
 * here). The environment is this one's without any SANITY_ variable, plus `env`.
 */
export function runSeedAsync(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<SeedRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SANITY_')))
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, scriptArgs('scripts/seed.ts', args), {
      cwd: ROOT,
      env: {...base, DO_NOT_TRACK: '1', NO_COLOR: '1', FORCE_COLOR: '0', PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`, ...env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({args, status, stdout, stderr})
    })
  })
}

/** A document as compared across targets: without what the API stamps and the time of the import. */
export function comparable(document: Record<string, unknown>): Record<string, unknown> {
  const {_rev, _createdAt, _updatedAt, ...content} = document
  const provenance = content.provenance as Record<string, unknown> | undefined
  if (provenance && typeof provenance === 'object') {
    const {importedAt, ...rest} = provenance
    content.provenance = rest
  }
  return content
}

export const mutateRequests = (log: readonly string[]) => log.filter((line) => /^POST \/v[^/]+\/data\/mutate\//.test(line))
export const queryRequests = (log: readonly string[]) => log.filter((line) => /^(GET|POST) \/v[^/]+\/data\/(query|doc)\//.test(line))

/** Strong references in `documents` whose target is not among them: none may exist in a consistent dataset. */
export function danglingReferences(documents: readonly NewsDocument[]): string[] {
  const ids = new Set(documents.map((document) => document._id))
  return documents.flatMap((document) => [...strongReferences(document)].filter((target) => !ids.has(target)).map((target) => `${document._id} -> ${target}`))
}
