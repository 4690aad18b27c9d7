/**
 * Who may read what from the local server: as on Sanity, a request without a token sees only published documents
 * whose ids have no dot (no drafts, no release versions, no private paths), whatever perspective it asks for; and
 * the server answers only requests addressed to this machine by name, so a page whose DNS name was rebound to
 * 127.0.0.1 cannot read the dataset. Driven through @sanity/client and raw HTTP against a server on a fresh copy of
 * the seed dataset (11 published documents).
 */
import {request as http1Request} from 'node:http'
import {connect} from 'node:http2'

import type {MutationEvent, SanityClient} from '@sanity/client'
import {describe, expect, it} from 'vitest'

import {selfSignedCertificate} from '../server/tlsCertificate'
import {API_VERSION, clientFor, rawRequest, serversOverSeed, TOKEN} from './helpers/server'

const {servers, seed} = serversOverSeed()

const SEEDED = 11

/** The seed dataset plus a published person, its draft, a release version and a private (dotted) document. */
async function withPrivateDocuments() {
  const running = await servers.start(seed.path)
  await running.client
    .transaction()
    .create({_id: 'person-x', _type: 'person', name: 'Published X'})
    .create({_id: 'drafts.person-x', _type: 'person', name: 'Draft X'})
    .create({_id: 'versions.spring.person-x', _type: 'person', name: 'Spring X'})
    .create({_id: 'secrets.person-y', _type: 'person', name: 'Private Y'})
    .commit()
  return {...running, anonymous: clientFor(running.server.url)}
}

const PRIVATE_IDS = ['drafts.person-x', 'versions.spring.person-x', 'secrets.person-y']

describe('reading without a token', () => {
  it('sees only public documents in every perspective, and count(*) counts only those', async () => {
    const {client, anonymous} = await withPrivateDocuments()
    for (const perspective of ['raw', 'drafts', 'published'] as const) {
      expect(await anonymous.fetch('count(*)', {}, {perspective}), perspective).toBe(SEEDED + 1)
      expect(await anonymous.fetch('*[_type == "person" && name match "X"].name', {}, {perspective}), perspective).toEqual(['Published X'])
      expect(await anonymous.fetch('count(*[_id in $ids])', {ids: PRIVATE_IDS}, {perspective}), perspective).toBe(0)
    }
    // The token sees them all; the Studio's drafts perspective lays the draft over the published document.
    expect(await client.fetch('count(*)', {}, {perspective: 'raw'})).toBe(SEEDED + 4)
    expect(await client.fetch('*[_id == "person-x"][0].name', {}, {perspective: 'drafts'})).toBe('Draft X')
    expect(await client.fetch('*[_id == "secrets.person-y"][0].name', {}, {perspective: 'published'})).toBe('Private Y')
  })

  it('reads with a token that is not the server\'s as with none: public documents only', async () => {
    const {server} = await withPrivateDocuments()
    expect(await clientFor(server.url, {token: 'not-the-token'}).fetch('count(*)', {}, {perspective: 'raw'})).toBe(SEEDED + 1)
  })

  it('sees only public documents through an API version whose default perspective is raw', async () => {
    const {server} = await withPrivateDocuments()
    const old = clientFor(server.url, {apiVersion: '2021-10-21'})
    expect(await old.fetch('count(*[_type == "person" && name match "X"])')).toBe(1)
    expect(await clientFor(server.url, {apiVersion: '2021-10-21', token: TOKEN}).fetch('count(*[_type == "person" && name match "X"])')).toBe(3)
  })

  it('does not reach a private document through a reference either', async () => {
    const {client, anonymous} = await withPrivateDocuments()
    await client.create({_id: 'quote-x', _type: 'quote', text: 'Halo', speaker: {_type: 'reference', _ref: 'secrets.person-y'}})
    expect(await anonymous.fetch('*[_id == "quote-x"][0].speaker->name')).toBeNull()
    expect(await client.fetch('*[_id == "quote-x"][0].speaker->name')).toBe('Private Y')
  })

  it('gets a private document by id as omitted for "permission", existing or not, and a public one as usual', async () => {
    const {server, client, anonymous} = await withPrivateDocuments()
    const ids = ['person-x', ...PRIVATE_IDS, 'drafts.person-nobody']
    const answer = await rawRequest(`${server.url}/v${API_VERSION}/data/doc/production/${ids.join(',')}`)
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({
      documents: [expect.objectContaining({_id: 'person-x', name: 'Published X'})],
      omitted: [...PRIVATE_IDS, 'drafts.person-nobody'].map((id) => ({id, reason: 'permission'})),
    })
    expect(await anonymous.getDocument('drafts.person-x')).toBeUndefined()
    expect((await client.getDocument('drafts.person-x'))?.name).toBe('Draft X')
    const withToken = await rawRequest(`${server.url}/v${API_VERSION}/data/doc/production/drafts.person-x,drafts.person-nobody`, {token: TOKEN})
    expect(withToken.json).toEqual({documents: [expect.objectContaining({name: 'Draft X'})], omitted: [{id: 'drafts.person-nobody', reason: 'existence'}]})
  })

  it('hears of changes to public documents only, while a listener with the token hears them all', async () => {
    const {client, anonymous} = await withPrivateDocuments()
    const heard = {anonymous: [] as string[], token: [] as string[]}
    const listen = (who: SanityClient, into: string[]) =>
      new Promise<{unsubscribe(): void}>((resolve) => {
        const subscription = who
          .listen('*[_type == "person"]', {}, {events: ['welcome', 'mutation']})
          .subscribe((event) => (event.type === 'welcome' ? resolve(subscription) : into.push((event as MutationEvent).documentId)))
      })
    const subscriptions = [await listen(anonymous, heard.anonymous), await listen(client, heard.token)]
    try {
      await client.patch('drafts.person-x').set({name: 'Draft X again'}).commit()
      await client.patch('secrets.person-y').set({name: 'Private Y again'}).commit()
      await client.patch('person-x').set({name: 'Published X again'}).commit()
      await expect.poll(() => heard.token, {timeout: 5000}).toEqual(['drafts.person-x', 'secrets.person-y', 'person-x'])
      // Events come in commit order: once the last change has been heard, nothing before it is still on its way.
      await expect.poll(() => heard.anonymous, {timeout: 5000}).toEqual(['person-x'])
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe()
    }
  })
})

describe('the Host a request is addressed to', () => {
  /** One HTTP/1.1 GET with the Host header given (fetch does not let a caller set it). */
  function getWithHost(url: string, host: string | undefined, path: string): Promise<{status: number; body: string}> {
    const {port} = new URL(url)
    return new Promise((resolve, reject) => {
      const headers = host === undefined ? {} : {host}
      const sent = http1Request({host: '127.0.0.1', port, path, headers, setHost: host !== undefined}, (response) => {
        let body = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({status: response.statusCode ?? 0, body}))
      })
      sent.on('error', reject)
      sent.end()
    })
  }
  const countPath = `/v${API_VERSION}/data/query/production?query=count(*)`

  it('answers requests addressed to localhost, *.localhost (as `sanity datasets import` sends), 127.x.x.x and [::1]', async () => {
    const {server} = await servers.start(seed.path)
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `abc12345.localhost:${server.port}`, '127.0.0.2', `[::1]:${server.port}`, 'LOCALHOST']) {
      const answer = await getWithHost(server.url, host, countPath)
      expect([host, answer.status, JSON.parse(answer.body).result]).toEqual([host, 200, SEEDED])
    }
  })

  it('refuses any other host with 403 in Sanity\'s error shape, so a DNS-rebinding page cannot read the dataset', async () => {
    const {server} = await servers.start(seed.path)
    for (const host of [`evil.example:${server.port}`, 'localhost.evil.example', '127.0.0.1.nip.io', 'evil.example@127.0.0.1', '10.0.0.1']) {
      const answer = await getWithHost(server.url, host, countPath)
      expect([host, answer.status], answer.body).toEqual([host, 403])
      expect(JSON.parse(answer.body)).toEqual({error: {type: 'httpForbidden', description: expect.stringContaining('not addressed to this machine')}})
      // No count of the dataset in it (the port in the description may hold any digits).
      expect(JSON.parse(answer.body)).not.toHaveProperty('result')
    }
  })

  it('checks the HTTP/2 :authority the same way', async () => {
    const {server} = await servers.start(seed.path, {tls: selfSignedCertificate()})
    const statusFor = (authority: string) =>
      new Promise<number>((resolve, reject) => {
        const session = connect(server.url, {rejectUnauthorized: false})
        session.on('error', reject)
        const stream = session.request({':path': countPath, ':authority': authority})
        stream.on('response', (headers) => resolve(Number(headers[':status'])))
        stream.on('close', () => session.close())
        stream.on('error', reject)
        stream.resume()
        stream.end()
      })
    expect(await statusFor(`127.0.0.1:${server.port}`)).toBe(200)
    expect(await statusFor(`rebound.example:${server.port}`)).toBe(403)
  })
})
