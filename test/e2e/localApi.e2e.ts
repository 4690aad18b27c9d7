/**
 * What the local server gained for the Studio, driven through @sanity/client and raw HTTP/2 in Node (no browser):
 * the Actions API, the listener, `text::query` in searches, HTTPS with HTTP/2, the served Studio and its session
 * (key and cookie), and the project endpoints. Each test starts its own server over a fresh copy of the seed dataset.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {connect} from 'node:http2'
import {join} from 'node:path'

import type {MutationEvent, SanityClient} from '@sanity/client'
import {beforeAll, describe, expect, it} from 'vitest'

import {selfSignedCertificate, type TlsCertificate} from '../../server/tlsCertificate'
import {clientFor, failureOf, fileDocuments, serversOverSeed, TOKEN} from '../helpers/server'

const {servers, seed} = serversOverSeed()
let tls: TlsCertificate

beforeAll(() => {
  tls = selfSignedCertificate()
})

const JENS = 'person-jens-stoltenberg'
const DRAFT = `drafts.${JENS}`
const edit = (patch: Record<string, unknown>) => ({actionType: 'sanity.action.document.edit', draftId: DRAFT, publishedId: JENS, patch})
const publish = (extra: Record<string, unknown> = {}) => ({actionType: 'sanity.action.document.publish', draftId: DRAFT, publishedId: JENS, ...extra})

/** The Actions API as the Studio calls it: `POST /data/actions/{dataset}`. */
function act(client: SanityClient, actions: object[], transactionId?: string): Promise<{transactionId: string}> {
  return client.request({method: 'POST', uri: '/data/actions/production', body: {actions, ...(transactionId ? {transactionId} : {})}})
}

const statusOf = async (call: Promise<unknown>): Promise<number> => (await failureOf(call)).statusCode

describe('the Actions API', () => {
  it('edits a published document into a new draft, then publishes it: one document again, in the file', async () => {
    const {client, path} = await servers.start(seed.path)
    await act(client, [edit({set: {description: 'Sekjen NATO'}})])
    let file = fileDocuments(path)
    expect(file.get(DRAFT)).toMatchObject({name: 'Jens Stoltenberg', description: 'Sekjen NATO'})
    expect(file.get(JENS)?.description).toBeUndefined()

    const published = file.get(JENS)!._rev
    const {transactionId} = await act(client, [publish({ifPublishedRevisionId: published})], 'tx-publish-1')
    expect(transactionId).toBe('tx-publish-1')
    file = fileDocuments(path)
    expect(file.has(DRAFT)).toBe(false)
    expect(file.get(JENS)).toMatchObject({description: 'Sekjen NATO', _rev: 'tx-publish-1'})
  })

  it('refuses to publish over a published revision the editor has not seen (409), and writes nothing', async () => {
    const {client, path} = await servers.start(seed.path)
    await act(client, [edit({set: {description: 'Sekjen NATO'}})])
    const before = fileDocuments(path)
    expect(await statusOf(act(client, [publish({ifPublishedRevisionId: 'an-old-revision'})]))).toBe(409)
    expect(fileDocuments(path)).toEqual(before)
  })

  it('creates a draft, publishes, unpublishes it back into a draft, discards that, and deletes a document with its drafts', async () => {
    const {client, path} = await servers.start(seed.path)
    const pair = {draftId: 'drafts.person-test', publishedId: 'person-test'}
    const attributes = {_id: pair.draftId, _type: 'person', name: 'Test Person'}
    await act(client, [{actionType: 'sanity.action.document.create', publishedId: pair.publishedId, attributes, ifExists: 'fail'}])
    await act(client, [{actionType: 'sanity.action.document.publish', ...pair}])
    expect([fileDocuments(path).get('person-test')?.name, fileDocuments(path).has(pair.draftId)]).toEqual(['Test Person', false])

    await act(client, [{actionType: 'sanity.action.document.unpublish', ...pair}])
    expect([fileDocuments(path).has('person-test'), fileDocuments(path).get(pair.draftId)?.name]).toEqual([false, 'Test Person'])
    await act(client, [{actionType: 'sanity.action.document.version.discard', versionId: pair.draftId}])
    expect(fileDocuments(path).has(pair.draftId)).toBe(false)

    await act(client, [{actionType: 'sanity.action.document.create', publishedId: pair.publishedId, attributes, ifExists: 'fail'}])
    await act(client, [{actionType: 'sanity.action.document.publish', ...pair}])
    await act(client, [{actionType: 'sanity.action.document.edit', ...pair, patch: {set: {name: 'Edited again'}}}])
    await act(client, [{actionType: 'sanity.action.document.delete', publishedId: pair.publishedId, includeDrafts: [pair.draftId]}])
    expect([fileDocuments(path).has('person-test'), fileDocuments(path).has(pair.draftId)]).toEqual([false, false])
  })

  it('makes a weak reference to a then unpublished document strong on publishing, once its target is published', async () => {
    const {client, path} = await servers.start(seed.path)
    const speaker = {_type: 'reference', _ref: 'person-new', _weak: true, _strengthenOnPublish: {type: 'person'}}
    const quote = {_id: 'drafts.quote-new', _type: 'quote', text: 'Baru', speaker}
    await act(client, [{actionType: 'sanity.action.document.create', publishedId: 'person-new', attributes: {_id: 'drafts.person-new', _type: 'person', name: 'New'}}])
    await act(client, [{actionType: 'sanity.action.document.create', publishedId: 'quote-new', attributes: quote}])
    await act(client, [{actionType: 'sanity.action.document.publish', draftId: 'drafts.quote-new', publishedId: 'quote-new'}])
    expect(fileDocuments(path).get('quote-new')?.speaker).toEqual(speaker)
    await act(client, [{actionType: 'sanity.action.document.publish', draftId: 'drafts.person-new', publishedId: 'person-new'}])
    await act(client, [{actionType: 'sanity.action.document.edit', draftId: 'drafts.quote-new', publishedId: 'quote-new', patch: {set: {text: 'Baru lagi'}}}])
    await act(client, [{actionType: 'sanity.action.document.publish', draftId: 'drafts.quote-new', publishedId: 'quote-new'}])
    expect(fileDocuments(path).get('quote-new')?.speaker).toEqual({_type: 'reference', _ref: 'person-new'})
  })

  it('refuses to unpublish or delete a document that others reference (409), as Sanity does', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileDocuments(path)
    expect(await statusOf(act(client, [{actionType: 'sanity.action.document.unpublish', draftId: DRAFT, publishedId: JENS}]))).toBe(409)
    expect(await statusOf(act(client, [{actionType: 'sanity.action.document.delete', publishedId: JENS, includeDrafts: []}]))).toBe(409)
    expect(fileDocuments(path)).toEqual(before)
  })

  it('applies all the actions of a request or none of them', async () => {
    const {client, path} = await servers.start(seed.path)
    const before = fileDocuments(path)
    const failing = act(client, [edit({set: {description: 'never written'}}), {actionType: 'sanity.action.document.publish', draftId: 'drafts.person-nobody', publishedId: 'person-nobody'}])
    expect(await statusOf(failing)).toBe(409)
    expect(fileDocuments(path)).toEqual(before)
  })

  it('refuses a write without the token or the Studio session (401), and an unknown action (400)', async () => {
    const {server, client} = await servers.start(seed.path)
    expect(await statusOf(act(clientFor(server.url), [edit({set: {description: 'x'}})]))).toBe(401)
    expect(await statusOf(act(client, [{actionType: 'sanity.action.document.version.create'}]))).toBe(400)
  })
})

describe('the listener', () => {
  it('says welcome, then sends each change to a matching document with its revisions and a whole-document mendoza effect', async () => {
    const {client} = await servers.start(seed.path)
    const events: MutationEvent[] = []
    let welcomed!: () => void
    const welcome = new Promise<void>((resolve) => (welcomed = resolve))
    const subscription = client
      .listen('*[_id in $ids]', {ids: [JENS, DRAFT]}, {events: ['welcome', 'mutation'], effectFormat: 'mendoza', includeResult: true})
      .subscribe((event) => (event.type === 'welcome' ? welcomed() : event.type === 'mutation' && events.push(event)))
    try {
      await welcome
      const publishedRev = (await client.getDocument(JENS))!._rev
      await act(client, [edit({set: {description: 'Sekjen NATO'}})], 'tx-edit')
      await act(client, [publish()], 'tx-publish')
      await expect.poll(() => events.length, {timeout: 5000}).toBe(3)
      expect(events.map((event) => [event.transactionId, event.documentId, event.transition])).toEqual([
        ['tx-edit', DRAFT, 'appear'],
        ['tx-publish', JENS, 'update'],
        ['tx-publish', DRAFT, 'disappear'],
      ])
      const [draftAppears, jensUpdated] = events as [MutationEvent & {effects: {apply: unknown[]}}, MutationEvent & {effects: {apply: unknown[]}}]
      expect(draftAppears.previousRev).toBeUndefined()
      expect(draftAppears.effects.apply).toEqual([0, expect.objectContaining({_id: DRAFT, description: 'Sekjen NATO'})])
      expect(jensUpdated).toMatchObject({previousRev: publishedRev, resultRev: 'tx-publish', transactionTotalEvents: 2, transactionCurrentEvent: 1})
      expect(jensUpdated.result).toMatchObject({_id: JENS, description: 'Sekjen NATO'})
    } finally {
      subscription.unsubscribe()
    }
  })

  it('leaves out changes to documents that do not match its filter', async () => {
    const {client} = await servers.start(seed.path)
    const seen: string[] = []
    let welcomed!: () => void
    const welcome = new Promise<void>((resolve) => (welcomed = resolve))
    const subscription = client
      .listen('*[_type == "organization"]', {}, {events: ['welcome', 'mutation']})
      .subscribe((event) => (event.type === 'welcome' ? welcomed() : event.type === 'mutation' && seen.push(event.documentId)))
    try {
      await welcome
      await act(client, [edit({set: {description: 'a person: not listened to'}})])
      await client.patch('organization-nato').set({acronym: 'NATO'}).commit()
      await expect.poll(() => seen, {timeout: 5000}).toEqual(['organization-nato'])
    } finally {
      subscription.unsubscribe()
    }
  })
})

describe('text::query in searches', () => {
  const search = (client: SanityClient, text: string) =>
    client.fetch<string[]>('*[_type == "person" && [@, _id] match text::query($q)] | order(_id)._id', {q: text})

  it('finds a person by the start of a word anywhere in the document, every word required, "-" excluding', async () => {
    const {client} = await servers.start(seed.path)
    expect(await search(client, 'stolt*')).toEqual([JENS])
    expect(await search(client, 'Sekjen Stoltenberg')).toEqual([JENS])
    expect(await search(client, 'Sekjen Sarkissian')).toEqual([])
    expect(await search(client, '*')).toHaveLength(3)
    expect(await search(client, '-stolt*')).toEqual(['person-armen-sarkissian', 'person-muhammad-syahrianto'])
  })

  it('runs the Studio\'s scored list search, with boosts on fields', async () => {
    const {client} = await servers.start(seed.path)
    const query = '*[_type in $__types] | score(boost(_type in ["person"] && name match text::query($__query), 10), ([@, _id] match text::query($__query))) [_score > 0]._id'
    expect(await client.fetch(query, {__types: ['person'], __query: 'jens*'})).toEqual([JENS])
  })
})

describe('HTTPS, the served Studio and the project endpoints', () => {
  /** One HTTP/2 request, certificate not checked (it is self-signed); the answer's status, headers and body. */
  function http2Request(
    url: string,
    path: string,
    {method = 'GET', headers = {}, body}: {method?: string; headers?: Record<string, string>; body?: string} = {},
  ): Promise<{status: number; headers: Record<string, unknown>; body: string}> {
    return new Promise((resolve, reject) => {
      const session = connect(url, {rejectUnauthorized: false})
      session.on('error', reject)
      const request = session.request({':method': method, ':path': path, ...(body === undefined ? {} : {'content-type': 'application/json'}), ...headers})
      let answered: Record<string, unknown> = {}
      let text = ''
      request.on('response', (answer) => (answered = answer))
      request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      request.on('end', () => {
        session.close()
        resolve({status: Number(answered[':status']), headers: answered, body: text})
      })
      request.on('error', reject)
      request.end(body)
    })
  }
  const http2Get = (url: string, path: string, headers: Record<string, string> = {}) => http2Request(url, path, {headers})

  /** A server with a stand-in Studio build, and what its page hands the Studio: the key and the session cookie. */
  async function servedStudio() {
    const studioDir = join(servers.dirs.make(), 'studio')
    mkdirSync(join(studioDir, 'static'), {recursive: true})
    writeFileSync(join(studioDir, 'index.html'), '<!doctype html><html><head><title>Studio</title></head><body></body></html>')
    writeFileSync(join(studioDir, 'static', 'app-1234.js'), 'console.log(1)')
    const running = await servers.start(seed.path, {tls, studioDir})
    const page = await http2Get(running.server.url, '/')
    const key = /<meta name="local-studio-key" content="([\w-]+)">/.exec(page.body)?.[1]
    const cookie = String(page.headers['set-cookie']).split(';')[0]!
    expect(key).toMatch(/^[\w-]{40,}$/)
    return {...running, page, key: key!, cookie, origin: running.server.url}
  }

  it('speaks HTTP/2 over TLS, serves the Studio with its key and a strict session cookie, and answers the API beside it', async () => {
    const {server, page} = await servedStudio()
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(page.status).toBe(200)
    // The key goes in the head, before anything of the Studio's runs.
    expect(page.body).toMatch(/^<!doctype html><html><head><title>Studio<\/title><meta name="local-studio-key" content="[\w-]+"><\/head>/)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^local_studio_session_${server.port}=[\\w-]+; Path=/; Secure; HttpOnly; SameSite=Strict$`))
    const route = await http2Get(server.url, '/structure/person;person-jens-stoltenberg')
    expect(route.body).toContain('<title>Studio</title>')
    const script = await http2Get(server.url, '/static/app-1234.js')
    expect([script.status, script.body, script.headers['content-type']]).toEqual([200, 'console.log(1)', 'text/javascript; charset=utf-8'])
    // A path out of the Studio's folder is just another Studio route: the page, never the file.
    expect((await http2Get(server.url, '/static/../../seed.ndjson')).body).toContain('<title>Studio</title>')
    // A fresh key at every start: another server's page has another.
    expect((await servedStudio()).key).not.toBe(/content="([\w-]+)"/.exec(page.body)?.[1])

    const query = await http2Get(server.url, `/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_id == $id][0].name')}&$id="${JENS}"`)
    expect(JSON.parse(query.body)).toMatchObject({result: 'Jens Stoltenberg'})
    const acl = await http2Get(server.url, '/v2021-06-07/projects/local/datasets/production/acl')
    expect(JSON.parse(acl.body)).toEqual([expect.objectContaining({permissions: expect.arrayContaining(['read', 'create', 'update'])})])
  })

  it("gives the Studio's files no CORS headers, even for a loopback origin, and answers no preflight for them", async () => {
    const {server} = await servedStudio()
    const elsewhere = `https://127.0.0.1:${server.port + 1}`
    for (const path of ['/', '/index.html', '/static/app-1234.js']) {
      const answer = await http2Get(server.url, path, {origin: elsewhere})
      expect([path, answer.status, answer.headers['access-control-allow-origin'], answer.headers['access-control-allow-credentials']]).toEqual([path, 200, undefined, undefined])
    }
    const preflight = await http2Request(server.url, '/', {method: 'OPTIONS', headers: {origin: elsewhere, 'access-control-request-method': 'GET'}})
    expect(preflight.status).toBe(405)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    // The API keeps its CORS for loopback origins (front ends in development).
    expect((await http2Get(server.url, '/v2025-02-19/data/query/production?query=1', {origin: elsewhere})).headers['access-control-allow-origin']).toBe(elsewhere)
  })

  describe("the Studio's session", () => {
    const actions = JSON.stringify({actions: [edit({set: {description: 'from the Studio'}})]})
    const write = (url: string, headers: Record<string, string>) => http2Request(url, '/v2025-02-19/data/actions/production', {method: 'POST', headers, body: actions})

    it('writes with the key, the cookie and the server\'s own Origin together', async () => {
      const {server, path, key, cookie, origin} = await servedStudio()
      const answer = await write(server.url, {authorization: `Bearer ${key}`, cookie, origin})
      expect(answer.status, answer.body).toBe(200)
      expect(fileDocuments(path).get(DRAFT)?.description).toBe('from the Studio')
    })

    it('refuses the cookie alone, a forged cookie, the key alone, and key and cookie from another origin or none (401)', async () => {
      const {server, path, key, cookie, origin} = await servedStudio()
      const port = new URL(origin).port
      const refused: Record<string, Record<string, string>> = {
        'cookie alone': {cookie, origin},
        'forged cookie': {authorization: `Bearer ${key}`, cookie: `local_studio_session_${port}=forged`, origin},
        'key without cookie': {authorization: `Bearer ${key}`, origin},
        'another port': {authorization: `Bearer ${key}`, cookie, origin: `https://127.0.0.1:${Number(port) + 1}`},
        'plain http': {authorization: `Bearer ${key}`, cookie, origin: `http://127.0.0.1:${port}`},
        'another host': {authorization: `Bearer ${key}`, cookie, origin: `https://localhost:${port}`},
        'an opaque origin': {authorization: `Bearer ${key}`, cookie, origin: 'null'},
        'no Origin (no browser writes without one)': {authorization: `Bearer ${key}`, cookie},
      }
      for (const [what, headers] of Object.entries(refused)) {
        const answer = await write(server.url, headers)
        expect([what, answer.status]).toEqual([what, 401])
        expect(answer.body).not.toContain(key)
      }
      expect(fileDocuments(path).has(DRAFT)).toBe(false)
    })

    it('reads drafts with key and cookie (a same-origin GET has no Origin), and only public documents without the key', async () => {
      const {server, key, cookie} = await servedStudio()
      expect((await write(server.url, {authorization: `Bearer ${TOKEN}`})).status).toBe(200)
      const draftCount = `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*[_id in path("drafts.**")])')}&perspective=raw`
      const count = async (headers: Record<string, string>) => JSON.parse((await http2Get(server.url, draftCount, headers)).body).result
      expect(await count({authorization: `Bearer ${key}`, cookie})).toBe(1)
      expect(await count({cookie})).toBe(0)
      expect(await count({authorization: `Bearer ${key}`})).toBe(0)
      expect(await count({authorization: `Bearer ${key}`, cookie, origin: `https://127.0.0.1:${server.port + 1}`})).toBe(0)
    })
  })
})
