/**
 * Who may read what from the local server: as on Sanity, a request without a token sees only published documents
 * whose ids have no dot (no drafts, no release versions, no private paths), whatever perspective it asks for; and
 * the server answers only requests addressed to this machine by name, so a page whose DNS name was rebound to
 * 127.0.0.1 cannot read the dataset. Driven through @sanity/client and raw HTTP against a server on a fresh copy of
 * the seed dataset (11 published documents).
 */
import {request as http1Request} from 'node:http'
import {connect} from 'node:http2'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {selfSignedCertificate} from '../server/tlsCertificate'
import {API_VERSION, TestServers} from './helpers/server'
import {runSeed, shown} from './helpers/seedCommand'

const servers = new TestServers()
let seeded = ''

beforeAll(() => {
  seeded = join(servers.dirs.make(), 'seed.ndjson')
  const run = runSeed(['--dataset', seeded])
  expect(run.status, shown(run)).toBe(0)
}, 30_000)
afterEach(() => servers.closeAll())
afterAll(() => servers.dirs.cleanup())

const SEEDED = 11

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
    const {server} = await servers.start(seeded)
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `abc12345.localhost:${server.port}`, '127.0.0.2', `[::1]:${server.port}`, 'LOCALHOST']) {
      const answer = await getWithHost(server.url, host, countPath)
      expect([host, answer.status, JSON.parse(answer.body).result]).toEqual([host, 200, SEEDED])
    }
  })

  it('refuses any other host with 403 in Sanity\'s error shape, so a DNS-rebinding page cannot read the dataset', async () => {
    const {server} = await servers.start(seeded)
    for (const host of [`evil.example:${server.port}`, 'localhost.evil.example', '127.0.0.1.nip.io', 'evil.example@127.0.0.1', '10.0.0.1']) {
      const answer = await getWithHost(server.url, host, countPath)
      expect([host, answer.status], answer.body).toEqual([host, 403])
      expect(JSON.parse(answer.body)).toEqual({error: {type: 'httpForbidden', description: expect.stringContaining('not addressed to this machine')}})
      expect(answer.body).not.toContain(String(SEEDED))
    }
  })

  it('checks the HTTP/2 :authority the same way', async () => {
    const {server} = await servers.start(seeded, {tls: selfSignedCertificate()})
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
