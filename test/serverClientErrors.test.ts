/**
 * Requests the client got wrong are answered 400 with one clear description, in the shape Sanity gives them, never
 * 500: GROQ that parses but misuses a function (groq-js throws GroqQueryError for those), GROQ nested deeper than
 * the parser can follow, and JSON (request bodies, `$param` values) nested deeper than anything Sanity stores.
 * Through the real @sanity/client and raw HTTP, against a server on a fresh copy of the seed dataset.
 */
import {describe, expect, it} from 'vitest'

import {API_VERSION, clientFor, failureOf, rawRequest, serversOverSeed, TOKEN} from './helpers/server'

const {servers, seed} = serversOverSeed()


const dataUrl = (url: string, endpoint: string, rest = '') => `${url}/v${API_VERSION}/data/${endpoint}/production${rest}`
const nested = (depth: number, open: string, inner: string, close: string) => `${open.repeat(depth)}${inner}${close.repeat(depth)}`

describe('GROQ that parses but misuses a function', () => {
  const cases: [query: string, description: string, where: [number, number] | undefined][] = [
    ['defined()', 'Incorrect number of arguments to function defined(). Expected 1, got 0.', [0, 7]],
    ['*[_type == "person"] {"r": round(1, 2, 3)}', 'Incorrect number of arguments to function round().', [27, 32]],
    ['select("a", "b")', 'unexpected argument to select()', [0, 6]],
    ['boost(*, 10)', 'unexpected boost', [0, 5]],
    // Twice in the query: which one is wrong is not known, so no position is claimed.
    ['[round(1), round(1, 2, 3)]', 'Incorrect number of arguments to function round().', undefined],
  ]

  it.each(cases)('answers %s with 400 queryParseError, the offsets of the call where they are known', async (query, description, where) => {
    const {client} = await servers.start(seed.path)
    const error = await failureOf(client.fetch(query))
    expect(error.statusCode).toBe(400)
    const span = where ? {start: where[0], end: where[1]} : {}
    expect(error.details).toEqual({type: 'queryParseError', description, query, ...span})
    expect(error.message).toContain(description)
  })

  it.each([
    ['diff::changedAny({}, {}, foo + 1)', 'Invalid selector syntax'],
    ['fn test::f($a) = $a{"x": ^.^.b}; test::f(*[0])', 'Invalid use of parent operator (^). No parent n 2 at level 0.'],
  ])('answers %s, which the parser refuses with a plain Error, with 400 queryParseError', async (query, description) => {
    const {client} = await servers.start(seed.path)
    const error = await failureOf(client.fetch(query))
    expect([error.statusCode, error.details]).toEqual([400, {type: 'queryParseError', description, query}])
  })

  it('says the same to a raw request, and to a listener', async () => {
    const {server} = await servers.start(seed.path)
    const query = await rawRequest(dataUrl(server.url, 'query', `?query=${encodeURIComponent('defined()')}`))
    expect([query.status, (query.json as {error: {type: string}}).error.type]).toEqual([400, 'queryParseError'])
    const listen = await rawRequest(dataUrl(server.url, 'listen', `?query=${encodeURIComponent('*[round(1, 2, 3) > 0]')}`))
    expect(listen.status).toBe(400)
    expect(listen.json).toMatchObject({error: {type: 'queryParseError', description: expect.stringContaining('Incorrect number of arguments to function round()')}})
  })
})

describe('input nested too deeply', () => {
  it('answers GROQ of 10,000 nested parentheses with 400 queryParseError (the client POSTs it)', async () => {
    const {client} = await servers.start(seed.path)
    const query = nested(10_000, '(', '1', ')')
    const error = await failureOf(client.fetch(query))
    expect(error.statusCode).toBe(400)
    expect(error.details).toMatchObject({type: 'queryParseError', description: expect.stringMatching(/nested too deeply/), query})
    // A query nested less deeply is answered.
    expect(await client.fetch(nested(200, '(', '1', ')'))).toBe(1)
  })

  it('answers a listener whose filter nests 5,000 levels deep with 400 too (as deep as fits in a URL)', async () => {
    const {server} = await servers.start(seed.path)
    const listen = await rawRequest(dataUrl(server.url, 'listen', `?query=${encodeURIComponent(`*[${nested(5_000, '(', 'true', ')')}]`)}`))
    expect(listen.status).toBe(400)
    expect(listen.json).toMatchObject({error: {type: 'queryParseError', description: expect.stringMatching(/nested too deeply/)}})
  })

  it('answers a mutation body nested 100,000 levels deep with 400, and a document nested 200 deep too', async () => {
    const {server, client} = await servers.start(seed.path)
    const body = `{"mutations": [{"create": {"_id": "person-deep", "_type": "person", "x": ${nested(100_000, '[', '', ']')}}}]}`
    const raw = await rawRequest(dataUrl(server.url, 'mutate'), {body, token: TOKEN})
    expect(raw.status).toBe(400)
    expect(raw.json).toEqual({error: {type: 'httpBadRequest', description: expect.stringMatching(/^Request body is nested more than 100 levels deep/)}})

    let deep: unknown = 'bottom'
    for (let level = 0; level < 200; level++) deep = {inner: deep}
    const error = await failureOf(client.create({_id: 'person-deep', _type: 'person', deep}))
    expect(error.statusCode).toBe(400)
    expect(await client.getDocument('person-deep')).toBeUndefined()
  })

  it('answers a $param nested 2,000 levels deep with 400, in the URL (as deep as fits) and in a POSTed query', async () => {
    const {server, client} = await servers.start(seed.path)
    const deep = nested(2_000, '[', '1', ']')
    const get = await rawRequest(dataUrl(server.url, 'query', `?query=${encodeURIComponent('$p')}&$p=${encodeURIComponent(deep)}`))
    expect(get.status).toBe(400)
    expect(get.json).toEqual({error: {type: 'httpBadRequest', description: 'The value of "$p" is nested more than 100 levels deep'}})
    const post = await rawRequest(dataUrl(server.url, 'query'), {body: `{"query": "$p", "params": {"p": ${deep}}}`})
    expect([post.status, post.json]).toEqual([400, {error: {type: 'httpBadRequest', description: expect.stringMatching(/^Request body is nested more than 100 levels deep/)}}])
    const listen = await rawRequest(dataUrl(server.url, 'listen', `?query=${encodeURIComponent('*[_id in $p]')}&$p=${encodeURIComponent(deep)}`))
    expect(listen.status).toBe(400)
    // Nested as deep as a document may be, a parameter is fine.
    expect(await client.fetch('$p', {p: JSON.parse(nested(20, '[', '1', ']'))})).toEqual(JSON.parse(nested(20, '[', '1', ']')))
  })

  it('keeps serving after all of it', async () => {
    const {server} = await servers.start(seed.path)
    await rawRequest(dataUrl(server.url, 'query'), {body: `{"query": "$p", "params": {"p": ${nested(100_000, '[', '', ']')}}}`})
    expect(await clientFor(server.url).fetch('count(*)')).toBe(11)
  })
})
