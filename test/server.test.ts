/**
 * The local Sanity-compatible server (server/, scripts/serve.ts), driven by the real @sanity/client over HTTP:
 * every test starts its own server in-process on port 0 over a fresh copy of the seed dataset (the source
 * article's 11 documents, imported once by `scripts/seed.ts`), and reads the dataset FILE to see what was written.
 */
import {spawn, spawnSync} from 'node:child_process'
import {appendFileSync, copyFileSync, writeFileSync} from 'node:fs'
import {createServer as createNetServer, type AddressInfo} from 'node:net'
import {delimiter, join} from 'node:path'

import type {SanityDocument} from '@sanity/client'
import {describe, expect, it} from 'vitest'

import {StartupError} from '../model/errors'
import {startServer} from '../server/startServer'
import {API_VERSION, clientFor, failureOf, fileDocuments, fileText, rawRequest, serversOverSeed, TOKEN} from './helpers/server'
import {ROOT} from './helpers/seedCommand'

const {servers, seed} = serversOverSeed()

const JENS = 'person-jens-stoltenberg'
const QUOTE_1 = 'quote-langkah-presiden-armenia-armen-sarkissian-meminta-bantuan-pakta-pertahanan-atlantik-utara-nato-1'


const dataUrl = (url: string, endpoint: string, rest = '') => `${url}/v${API_VERSION}/data/${endpoint}/production${rest}`

describe('reading', () => {
  it('answers a GROQ query with parameters the way @sanity/client sends it (GET, $param as JSON)', async () => {
    const {client, log} = await servers.start(seed.path)
    const name = await client.fetch('*[_type == "person" && name == $name][0].name', {name: 'Jens Stoltenberg'})
    expect(name).toBe('Jens Stoltenberg')
    expect(await client.fetch('count(*[_type == $type])', {type: 'person'})).toBe(3)
    expect(log.at(-1)).toMatch(new RegExp(`^GET /v${API_VERSION}/data/query/production 200 `))
  })

  it('answers a query too long for a URL, which the client POSTs with its params in the body', async () => {
    const {client, log} = await servers.start(seed.path)
    const names = [...Array.from({length: 1500}, (_, i) => `Nobody ${i}`), 'Jens Stoltenberg']
    const found = await client.fetch('*[_type == "person" && name in $names].name', {names})
    expect(found).toEqual(['Jens Stoltenberg'])
    expect(log.at(-1)).toMatch(/^POST \/v[\d-]+\/data\/query\/production 200 /)
  })

  it('returns the full response ({query, result, ms}) when the client asks for it', async () => {
    const {client} = await servers.start(seed.path)
    const response = await client.fetch('count(*)', {}, {filterResponse: false})
    expect(response).toMatchObject({query: 'count(*)', result: 11})
    expect(typeof response.ms).toBe('number')
  })

  it('gets documents by id: getDocument, and getDocuments with null for a missing id', async () => {
    const {client, server} = await servers.start(seed.path)
    const jens = await client.getDocument(JENS)
    expect(jens).toMatchObject({_id: JENS, _type: 'person', name: 'Jens Stoltenberg'})
    expect(typeof jens?._rev).toBe('string')
    // getDocument of a missing id resolves to undefined (the client takes `documents[0]` of an empty list).
    expect(await client.getDocument('person-nobody')).toBeUndefined()
    const [found, missing] = await client.getDocuments([JENS, 'person-nobody'])
    expect(found?.name).toBe('Jens Stoltenberg')
    expect(missing).toBeNull()

    const existence = await rawRequest(dataUrl(server.url, 'doc', `/${JENS},person-nobody?excludeContent=true`))
    expect(existence.json).toEqual({
      documents: [{_id: JENS, _type: 'person', _rev: jens?._rev}],
      omitted: [{id: 'person-nobody', reason: 'existence'}],
    })
  })

  it('answers a GROQ syntax error with 400 and the position, which the client draws as a code frame', async () => {
    const {client} = await servers.start(seed.path)
    const error = await failureOf(client.fetch('*[_type == "person" && ]'))
    expect(error.statusCode).toBe(400)
    // groq-js puts the error at the space before "]"; the client underlines from `start`.
    expect(error.details).toMatchObject({type: 'queryParseError', query: '*[_type == "person" && ]', start: 22, end: 23})
    expect(error.message).toContain('GROQ query parse error')
    expect(error.message).toMatch(/\^/)
  })

  it('refuses a query that uses a parameter it was not given, as Sanity does (groq-js alone would read null)', async () => {
    const {client} = await servers.start(seed.path)
    const error = await failureOf(client.fetch('*[_type == $type]'))
    expect(error.statusCode).toBe(400)
    expect(error.message).toContain('param $type referenced, but not provided')
  })
})

describe('perspectives', () => {
  /** A published person, a draft of it, and a draft of a person never published. */
  async function withDrafts() {
    const running = await servers.start(seed.path)
    await running.client
      .transaction()
      .create({_id: 'person-x', _type: 'person', name: 'Published X'})
      .create({_id: 'drafts.person-x', _type: 'person', name: 'Draft X'})
      .create({_id: 'drafts.person-y', _type: 'person', name: 'Draft Y'})
      .commit()
    return running
  }
  const QUERY = '*[_type == "person" && _id in $ids] | order(name) {_id, name, _originalId}'
  const ids = ['person-x', 'drafts.person-x', 'person-y', 'drafts.person-y']

  it('hides drafts by default from API version 2025-02-19 (the published perspective)', async () => {
    const {client} = await withDrafts()
    expect(await client.fetch(QUERY, {ids})).toEqual([{_id: 'person-x', name: 'Published X', _originalId: null}])
    expect(await client.fetch('count(*[_id in path("drafts.**")])')).toBe(0)
  })

  it('shows every document as stored with perspective raw', async () => {
    const {client} = await withDrafts()
    const raw = await client.fetch(QUERY, {ids}, {perspective: 'raw'})
    expect(raw.map((document: {_id: string}) => document._id)).toEqual(['drafts.person-x', 'drafts.person-y', 'person-x'])
  })

  it('lays drafts over published documents with perspective drafts, under the published id', async () => {
    const {client} = await withDrafts()
    expect(await client.fetch(QUERY, {ids}, {perspective: 'drafts'})).toEqual([
      {_id: 'person-x', name: 'Draft X', _originalId: 'drafts.person-x'},
      {_id: 'person-y', name: 'Draft Y', _originalId: 'drafts.person-y'},
    ])
  })

  it('defaults to raw before API version 2025-02-19, so an old client with the token sees drafts', async () => {
    const {server} = await withDrafts()
    const old = clientFor(server.url, {apiVersion: '2021-10-21', token: TOKEN})
    expect(await old.fetch('count(*[_id in $ids])', {ids})).toBe(3)
    expect(await clientFor(server.url, {apiVersion: '1', token: TOKEN}).fetch('count(*[_id in $ids])', {ids})).toBe(3)
  })
})

describe('mutations', () => {
  it('commits a transaction (create + patch) whole, and the dataset file holds both changes', async () => {
    const {client, path} = await servers.start(seed.path)
    const result = await client
      .transaction()
      .create({_id: 'person-budi-santoso', _type: 'person', name: 'Budi Santoso'})
      .patch(JENS, (patch) => patch.set({name: 'Jens Stoltenberg (NATO)'}))
      .commit()
    expect(result.results).toEqual([
      {id: 'person-budi-santoso', operation: 'create'},
      {id: JENS, operation: 'update'},
    ])
    const file = fileDocuments(path)
    expect(file.get('person-budi-santoso')).toMatchObject({name: 'Budi Santoso', _rev: result.transactionId})
    expect(file.get(JENS)).toMatchObject({name: 'Jens Stoltenberg (NATO)', _rev: result.transactionId})
    expect(file.get('person-budi-santoso')?._createdAt).toEqual(file.get('person-budi-santoso')?._updatedAt)
    expect(file.size).toBe(12)
  })

  it('patches with set and inc (applied by @sanity/mutator) and returns the patched document', async () => {
    const {client, path} = await servers.start(seed.path)
    const patched = await client.patch(JENS).set({role: 'Sekretaris Jenderal NATO'}).setIfMissing({mentions: 10}).inc({mentions: 2}).commit()
    expect(patched).toMatchObject({_id: JENS, role: 'Sekretaris Jenderal NATO', mentions: 12})
    expect(fileDocuments(path).get(JENS)).toMatchObject({role: 'Sekretaris Jenderal NATO', mentions: 12, _rev: patched._rev})
  })

  it('refuses a patch whose ifRevisionID is stale with 409, and applies it with the current one', async () => {
    const {client, path} = await servers.start(seed.path)
    const {_rev} = (await client.getDocument(JENS)) as SanityDocument
    await client.patch(JENS).set({name: 'First edit'}).commit()
    const before = fileText(path)
    const error = await failureOf(client.patch(JENS).ifRevisionId(_rev).set({name: 'Lost update'}).commit())
    expect(error.statusCode).toBe(409)
    expect(error.message).toContain('has unexpected revision ID')
    expect(fileText(path)).toBe(before)

    const current = (await client.getDocument(JENS)) as SanityDocument
    const saved = await client.patch(JENS).ifRevisionId(current._rev).set({name: 'Second edit'}).commit()
    expect(saved.name).toBe('Second edit')
  })

  it('refuses to create a document whose id exists (409) and leaves the file as it was', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    const error = await failureOf(client.create({_id: JENS, _type: 'person', name: 'Impostor'}))
    expect(error.statusCode).toBe(409)
    expect(error.details?.type).toBe('mutationError')
    expect(error.message).toContain(`Document by ID "${JENS}" already exists`)
    expect(fileText(path)).toBe(before)
  })

  it('fails a transaction whole: a good create before a conflicting one is not written either', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    const error = await failureOf(
      client.transaction().create({_id: 'person-new', _type: 'person', name: 'New'}).create({_id: JENS, _type: 'person', name: 'Again'}).commit(),
    )
    expect(error.statusCode).toBe(409)
    expect(fileText(path)).toBe(before)
    expect(await client.getDocument('person-new')).toBeUndefined()
  })

  it('refuses a strong reference to a document that will not exist, and accepts a weak one', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    const dangling = await failureOf(client.create({_id: 'quote-x', _type: 'quote', text: 'Halo', speaker: {_type: 'reference', _ref: 'person-nobody'}}))
    expect(dangling.statusCode).toBe(409)
    expect(dangling.message).toContain('references non-existent document "person-nobody"')
    expect(fileText(path)).toBe(before)

    await client.create({_id: 'quote-x', _type: 'quote', text: 'Halo', speaker: {_type: 'reference', _ref: 'person-nobody', _weak: true}})
    expect(fileDocuments(path).get('quote-x')).toMatchObject({speaker: {_ref: 'person-nobody', _weak: true}})
  })

  it('accepts a reference to a document created in the same transaction', async () => {
    const {client, path} = await servers.start(seed.path)
    await client
      .transaction()
      .create({_id: 'quote-y', _type: 'quote', text: 'Halo', speaker: {_type: 'reference', _ref: 'person-later'}})
      .create({_id: 'person-later', _type: 'person', name: 'Later'})
      .commit()
    expect(fileDocuments(path).get('quote-y')).toBeDefined()
  })

  it('refuses to delete a document that others reference strongly, and deletes one nobody references', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    const error = await failureOf(client.delete(JENS))
    expect(error.statusCode).toBe(409)
    expect(error.message).toContain(`Document "${JENS}" cannot be deleted as there are references to it`)
    expect(fileText(path)).toBe(before)

    const deleted = await client.transaction().delete(QUOTE_1).commit()
    expect(deleted.results).toEqual([{id: QUOTE_1, operation: 'delete'}])
    expect(fileDocuments(path).has(QUOTE_1)).toBe(false)
    expect(fileDocuments(path).size).toBe(10)
  })

  it('keeps a burst of 40 concurrent mutations consistent: every line valid, ids unique, no update lost', async () => {
    const {client, path} = await servers.start(seed.path)
    await client.createOrReplace({_id: 'tally-mentions', _type: 'tally', count: 0})
    await Promise.all(
      Array.from({length: 40}, (_, i) =>
        i % 2 === 0
          ? client.createOrReplace({_id: `person-burst-${i}`, _type: 'person', name: `Burst ${i}`})
          : client.patch('tally-mentions').inc({count: 1}).commit(),
      ),
    )
    const lines = fileText(path).split('\n').filter((line) => line !== '')
    const documents = lines.map((line) => JSON.parse(line) as SanityDocument)
    expect(new Set(documents.map((document) => document._id)).size).toBe(documents.length)
    expect(documents).toHaveLength(11 + 1 + 20)
    expect(documents.find((document) => document._id === 'tally-mentions')?.count).toBe(20)

    // The file and the server agree: each served document is the file's (plus the `_rev` the server derives for
    // imported documents that have none in the file).
    const served = (await client.fetch('*', {}, {perspective: 'raw'})) as SanityDocument[]
    expect(served.map((document) => document._id).sort()).toEqual(documents.map((document) => document._id).sort())
    for (const document of documents) {
      const rev = typeof document._rev === 'string' ? document._rev : expect.any(String)
      expect(served.find((candidate) => candidate._id === document._id)).toEqual({...document, _rev: rev})
    }
  })

  it('picks up a change another program made to the file instead of overwriting it', async () => {
    const {client, path} = await servers.start(seed.path)
    expect(await client.fetch('count(*)')).toBe(11)
    appendFileSync(path, `${JSON.stringify({_id: 'person-from-seed', _type: 'person', name: 'From Seed'})}\n`)
    expect(await client.fetch('*[_id == "person-from-seed"][0].name')).toBe('From Seed')
    await client.create({_id: 'person-from-api', _type: 'person', name: 'From API'})
    expect([...fileDocuments(path).keys()]).toEqual(expect.arrayContaining(['person-from-seed', 'person-from-api']))
  })
})

describe('auth and bad input', () => {
  it('refuses a mutation without a token or with a wrong one (401), never echoing the token, and keeps public reads open', async () => {
    const {server, path} = await servers.start(seed.path)
    const before = fileText(path)
    for (const token of [undefined, 'wrong-token']) {
      const client = clientFor(server.url, {token})
      const error = await failureOf(client.create({_id: 'person-intruder', _type: 'person', name: 'Intruder'}))
      expect(error.statusCode).toBe(401)
      expect(error.details?.type).toBe('unauthorizedError')
      expect(error.responseBody).not.toContain(TOKEN)
      expect(error.message).not.toContain(TOKEN)
    }
    expect(fileText(path)).toBe(before)
    expect(await clientFor(server.url).fetch('count(*)')).toBe(11)
  })

  it('answers malformed JSON with 400 and changes nothing', async () => {
    const {server, path} = await servers.start(seed.path)
    const before = fileText(path)
    const response = await rawRequest(dataUrl(server.url, 'mutate'), {body: '{"mutations": [{"create": ', token: TOKEN})
    expect(response.status).toBe(400)
    expect(response.json).toMatchObject({error: {type: 'httpBadRequest', description: expect.stringContaining('not valid JSON')}})
    expect(fileText(path)).toBe(before)
  })

  it('answers an unknown mutation kind with 400 and changes nothing, even after a valid mutation', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    const mutations = [{create: {_id: 'person-ok', _type: 'person', name: 'OK'}}, {frobnicate: {id: JENS}}]
    const error = await failureOf(client.mutate(mutations as never))
    expect(error.statusCode).toBe(400)
    expect(error.message).toContain('Unknown mutation "frobnicate"')
    expect(error.details?.items).toEqual([expect.objectContaining({index: 1})])
    expect(fileText(path)).toBe(before)
  })

  it('answers invalid document ids with 400 and changes nothing', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    // client.createOrReplace() checks ids itself before sending; client.mutate() sends what it is given.
    for (const _id of ['person with spaces', '-person', `person-${'x'.repeat(130)}`, 'person/slash', 'person..x']) {
      const error = await failureOf(client.mutate([{createOrReplace: {_id, _type: 'person', name: 'Bad'}}]))
      expect(error.statusCode, _id).toBe(400)
      expect(error.message).toContain('Malformed document ID')
    }
    const patch = await failureOf(client.mutate([{patch: {id: 'person x', set: {name: 'Bad'}}}]))
    expect(patch.statusCode).toBe(400)
    expect(fileText(path)).toBe(before)
  })

  it('answers a body over 4,000,000 bytes with 413 and changes nothing', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileText(path)
    const error = await failureOf(client.create({_id: 'person-huge', _type: 'person', name: 'x'.repeat(4_000_000)}))
    expect(error.statusCode).toBe(413)
    expect(fileText(path)).toBe(before)
    // Just under the limit is accepted.
    await client.create({_id: 'person-big', _type: 'person', name: 'x'.repeat(3_999_000)})
    expect(fileDocuments(path).has('person-big')).toBe(true)
  })

  it('answers an unknown dataset and an unknown route with 404, and changes nothing', async () => {
    const {server, path} = await servers.start(seed.path)
    const before = fileText(path)
    const staging = clientFor(server.url, {dataset: 'staging', token: TOKEN})
    expect((await failureOf(staging.fetch('count(*)'))).statusCode).toBe(404)
    const write = await failureOf(staging.create({_id: 'person-staged', _type: 'person', name: 'Staged'}))
    expect(write.statusCode).toBe(404)
    expect(write.message).toContain('Dataset "staging" not found')
    expect((await rawRequest(`${server.url}/v${API_VERSION}/data/nothing/production`)).status).toBe(404)
    expect((await rawRequest(`${server.url}/`)).status).toBe(404)
    expect(fileText(path)).toBe(before)
  })

  it('allows loopback origins with credentials and answers their preflight; other origins get no CORS headers', async () => {
    const {server} = await servers.start(seed.path)
    const url = dataUrl(server.url, 'mutate')
    const preflight = await rawRequest(url, {
      method: 'OPTIONS',
      headers: {origin: 'http://localhost:3333', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type'},
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3333')
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    const foreign = await rawRequest(dataUrl(server.url, 'query', '?query=count(*)'), {headers: {origin: 'https://evil.example'}})
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('failure injection', () => {
  /** What each of `count` sequential queries got: a status, or "dropped" when the connection was cut. */
  async function outcomes(url: string, count: number): Promise<(number | 'dropped')[]> {
    const seen: (number | 'dropped')[] = []
    for (let i = 0; i < count; i++) {
      try {
        const response = await fetch(dataUrl(url, 'query', '?query=count(*)'))
        if (response.status === 429) expect(response.headers.get('retry-after')).toBe('1')
        seen.push(response.status)
      } catch {
        seen.push('dropped')
      }
    }
    return seen
  }

  it('with failure rate 1 fails every request (429, 503 or a dropped connection), the same way for the same seed', async () => {
    const first = await servers.start(seed.path, {failureRate: 1, seed: 42})
    const seen = await outcomes(first.server.url, 15)
    expect(seen.every((outcome) => outcome === 429 || outcome === 503 || outcome === 'dropped'), String(seen)).toBe(true)
    expect(new Set(seen).size, String(seen)).toBe(3)
    const again = await servers.start(seed.path, {failureRate: 1, seed: 42})
    expect(await outcomes(again.server.url, 15)).toEqual(seen)

    // A failed mutation changed nothing, and the client did not retry it (it retries only reads).
    const before = fileText(first.path)
    const requests = first.log.length
    await expect(first.client.create({_id: 'person-lost', _type: 'person', name: 'Lost'})).rejects.toThrow()
    expect(first.log.slice(requests)).toHaveLength(1)
    expect(fileText(first.path)).toBe(before)
  })

  it('with failure rate 0 fails nothing', async () => {
    const {server} = await servers.start(seed.path, {failureRate: 0, seed: 42})
    expect(await outcomes(server.url, 15)).toEqual(Array(15).fill(200))
  })

  it("lets @sanity/client's own retries ride out a 50% failure rate on queries, dropped connections included", async () => {
    // Seed 4 gives 429, 429, drop and drop among the first ten requests, none more than twice in a row.
    const {client, log} = await servers.start(seed.path, {failureRate: 0.5, seed: 4})
    for (let i = 0; i < 6; i++) expect(await client.fetch('count(*)')).toBe(11)
    expect(log.filter((line) => line.includes(' 429 (injected)'))).toHaveLength(2)
    expect(log.filter((line) => line.includes(' dropped (injected)'))).toHaveLength(2)
  }, 20_000)

  it('delays every response by --latency, and close() abandons a delayed mutation instead of writing it later', async () => {
    const {server, client, path, log} = await servers.start(seed.path, {latencyMs: 300})
    const started = performance.now()
    expect(await client.fetch('count(*)')).toBe(11)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)

    const before = fileText(path)
    // Settled into a value at once: the request fails while close() is awaited, before anything awaits it.
    const write = client.create({_id: 'person-late', _type: 'person', name: 'Late'}).then(() => 'written', () => 'failed')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await server.close()
    expect(await write).toBe('failed')
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect(fileText(path)).toBe(before)
    expect(log.at(-1)).toMatch(/^POST .* abandoned/)
  })
})

describe('npm run serve (scripts/serve.ts)', () => {
  const BIN = join(ROOT, 'node_modules/.bin')
  const env = (token?: string) => ({
    ...process.env,
    PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`,
    SANITY_LOCAL_TOKEN: token ?? '',
  })

  it('prints one line with the URL and the dataset (never the token), serves, and stops on SIGTERM', async () => {
    const dataset = join(servers.dirs.make(), 'production.ndjson')
    copyFileSync(seed.path, dataset)
    const child = spawn(join(BIN, 'tsx'), ['scripts/serve.ts', '--port', '0', '--dataset', dataset], {cwd: ROOT, env: env(TOKEN)})
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)
        if (match) resolve(match[0])
      })
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)))
    })
    expect(stdout).toContain(dataset)
    expect(await clientFor(url).fetch('count(*)')).toBe(11)
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stdout + stderr).not.toContain(TOKEN)
  }, 20_000)

  it('exits 1 with one error line when the port is in use or the dataset is corrupt', async () => {
    const blocker = createNetServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = String((blocker.address() as AddressInfo).port)
    try {
      const run = spawnSync(join(BIN, 'tsx'), ['scripts/serve.ts', '--port', port, '--dataset', seed.path], {cwd: ROOT, env: env(TOKEN), encoding: 'utf8'})
      expect(run.status).toBe(1)
      expect(run.stderr.trim()).toMatch(new RegExp(`^error: 127\\.0\\.0\\.1:${port} is already in use`))
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
    } finally {
      blocker.close()
    }
    const corrupt = join(servers.dirs.make(), 'corrupt.ndjson')
    writeFileSync(corrupt, `${fileText(seed.path)}{"_id": "half`)
    const run = spawnSync(join(BIN, 'tsx'), ['scripts/serve.ts', '--port', '0', '--dataset', corrupt], {cwd: ROOT, env: env(TOKEN), encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(run.stderr.trim()).toBe(`error: ${corrupt}: line 12 is not valid JSON; fix or remove the file`)
  }, 20_000)

  it('does not start without SANITY_LOCAL_TOKEN, and startServer refuses an empty token', async () => {
    const run = spawnSync(join(BIN, 'tsx'), ['scripts/serve.ts', '--port', '0', '--dataset', seed.path], {cwd: ROOT, env: env(), encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^error: SANITY_LOCAL_TOKEN is not set/)
    await expect(startServer({datasetPath: seed.path, port: 0, token: ''})).rejects.toBeInstanceOf(StartupError)
  }, 20_000)
})
