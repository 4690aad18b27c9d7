/**
 * The server keeps query answers until the dataset changes (server/answerCache.ts): a query asked again is
 * answered without a worker, and no answer outlives a write, a reread of the file, or a clock.
 */
import {appendFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {AnswerCache} from '../server/answerCache'
import type {QueryJob} from '../server/queryEvaluation'
import {serversOverSeed} from './helpers/server'

const {servers, seed} = serversOverSeed()

const job = (query: string, params: Record<string, unknown> = {}): QueryJob => ({query, params, perspective: 'published', caller: 'token', returnQuery: false})
const answer = (json: string, status = 200) => ({status, json})

describe('the answer cache', () => {
  it('keeps an answer under its query, parameters, perspective, caller and shape, and nothing for a query that reads the clock', () => {
    const cache = new AnswerCache()
    const key = cache.keyOf(job('*[_type == $t]', {t: 'person'}))!
    cache.set(key, answer('{"result":[1]}'), cache.now)
    expect(cache.get(key)).toEqual(answer('{"result":[1]}'))
    expect(cache.get(cache.keyOf(job('*[_type == $t]', {t: 'quote'}))!)).toBeUndefined()
    expect(cache.get(cache.keyOf({...job('*[_type == $t]', {t: 'person'}), perspective: 'drafts'})!)).toBeUndefined()
    expect(cache.get(cache.keyOf({...job('*[_type == $t]', {t: 'person'}), caller: 'anonymous'})!)).toBeUndefined()
    expect(cache.get(cache.keyOf({...job('*[_type == $t]', {t: 'person'}), returnQuery: true})!)).toBeUndefined()
    for (const query of ['now()', '*[publishedAt < now ()]', 'dateTime::now()', '*[_updatedAt > global::now()]']) expect(cache.keyOf(job(query)), query).toBeUndefined()
  })

  it('drops everything on a change, and never keeps an answer computed before one', () => {
    const cache = new AnswerCache()
    const key = cache.keyOf(job('count(*)'))!
    cache.set(key, answer('{"result":1}'), cache.now)
    const askedBefore = cache.now
    cache.clear()
    expect(cache.get(key)).toBeUndefined()
    cache.set(key, answer('{"result":1}'), askedBefore)
    expect(cache.get(key)).toBeUndefined()
    cache.set(key, answer('{"error":{}}', 400), cache.now)
    expect(cache.get(key)).toBeUndefined()
  })

  it('holds at most its size, dropping the least recently used first', () => {
    const cache = new AnswerCache(4_000)
    const keys = Array.from({length: 10}, (_, n) => cache.keyOf(job(`*[n == ${n}]`))!)
    // Nine answers of about 420 units fit in 4,000; the tenth does not, and the oldest unused (1) goes: 0 was just read.
    for (const key of keys.slice(0, 9)) cache.set(key, answer('x'.repeat(400)), cache.now)
    expect(cache.get(keys[0]!)).toBeDefined()
    cache.set(keys[9]!, answer('x'.repeat(400)), cache.now)
    expect(keys.map((key) => cache.get(key) !== undefined)).toEqual([true, false, true, true, true, true, true, true, true, true])
    // An answer over an eighth of the whole is never kept.
    cache.set(keys[1]!, answer('x'.repeat(600)), cache.now)
    expect(cache.get(keys[1]!)).toBeUndefined()
  })
})

describe('the server with the answer cache', () => {
  it('answers a query asked again after a write, or after another program changed the file, with what is there now', async () => {
    const {client, path} = await servers.start(seed.path)
    const names = () => client.fetch<string[]>('*[_type == "person"] | order(name asc).name')
    const first = await names()
    expect(await names()).toEqual(first)
    await client.create({_id: 'person-added-by-api', _type: 'person', name: 'Aaron Added'})
    expect(await names()).toEqual(['Aaron Added', ...first])
    appendFileSync(path, `${JSON.stringify({_id: 'person-added-by-seed', _type: 'person', name: 'Aaron Appended'})}\n`)
    expect(await names()).toEqual(['Aaron Added', 'Aaron Appended', ...first])
    await client.delete('person-added-by-api')
    expect(await names()).toEqual(['Aaron Appended', ...first])
  })

  it('answers a caller without a token from what it may read, though one with a token asked the same first', async () => {
    const {client, server} = await servers.start(seed.path)
    await client.create({_id: 'drafts.person-draft-only', _type: 'person', name: 'Draft Only'})
    const query = '*[_type == "person" && name == "Draft Only"]._id'
    expect(await client.withConfig({perspective: 'raw'}).fetch(query)).toEqual(['drafts.person-draft-only'])
    const anonymous = client.withConfig({token: undefined, perspective: 'raw'})
    expect(await anonymous.fetch(query)).toEqual([])
    expect(server.url).toMatch(/^http:/)
  })
})
