/**
 * Queries run in worker threads under a time limit (server/queryPool.ts): a slow query does not hold up anyone
 * else, is stopped at the limit with Sanity's error shape, and is stopped when its client goes away; and every
 * worker sees every write answered before a query is sent. Through @sanity/client and raw HTTP, against servers
 * on fresh copies of the seed dataset (11 documents).
 */
import {spawn} from 'node:child_process'
import {copyFileSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {describe, expect, it} from 'vitest'

import {API_VERSION, clientFor, serversOverSeed, TOKEN, type ClientFailure} from './helpers/server'
import {ROOT} from './helpers/seedCommand'

const {servers, seed} = serversOverSeed()

/**
 * count(*[count(*[...]) > 0]), eight deep: 11^8 filter evaluations over the seed dataset, minutes of work for
 * groq-js (six deep takes seconds), so it is still running whenever a test looks.
 */
const SLOW = Array.from({length: 8}).reduce<string>((inner) => `count(*[${inner} > 0])`, 'count(*)')

describe('a full-text search on a dataset whose word index takes longer to build than the time limit', () => {
  it('is answered: building the index does not count against the limit, and the next search finds it built', async () => {
    const words = Array.from({length: 400}, (_, n) => `kata${n}`)
    const many = Array.from({length: 6000}, (_, n) => JSON.stringify({_id: `note-${n}`, _type: 'note', text: words.map((word, at) => `${word}${(n * at) % 97}`).join(' '), name: n === 4321 ? 'Jens Stoltenberg' : `Catatan ${n}`}))
    const dir = servers.dirs.make()
    const path = join(dir, 'many.ndjson')
    writeFileSync(path, `${many.join('\n')}\n`)
    const {server, client, log} = await servers.start(path, {queryTimeoutMs: 100})
    await server.queriesReady()
    const search = '*[[@, _id] match text::query($q)]._id'
    expect(await client.fetch(search, {q: 'stolt*'})).toEqual(['note-4321'])
    expect(await client.fetch(search, {q: 'jens stoltenberg'})).toEqual(['note-4321'])
    expect(log.join('\n')).not.toContain('time limit')
  }, 60_000)
})

describe('a slow query', () => {
  it('does not hold up a simple one, which is answered while it runs; it is stopped at the time limit with 422', async () => {
    const {server, client, log} = await servers.start(seed.path, {queryTimeoutMs: 2000})
    await server.queriesReady()
    const events: string[] = []
    const slow = client.fetch(SLOW).then(
      () => events.push('slow answered'),
      (error: ClientFailure) => {
        events.push('slow stopped')
        return error
      },
    )
    // Long enough for the slow query to reach a worker (they are all ready); it then runs until the limit stops it.
    await sleep(500)
    expect(await client.fetch('count(*)')).toBe(11)
    events.push('simple answered')
    const error = (await slow) as ClientFailure
    expect(events).toEqual(['simple answered', 'slow stopped'])
    expect(error.statusCode).toBe(422)
    expect(error.details).toEqual({
      type: 'queryTimeoutError',
      description: 'Query ran longer than the time limit of 2 s and was stopped; make it cheaper, or start the server with a longer --query-timeout',
    })
    expect(log).toContain('query worker: stopped a query after the time limit of 2 s; started another')
    // Its worker was replaced, and queries are answered as before.
    expect(await client.fetch('count(*[_type == "person"])')).toBe(3)
  }, 20_000)

  it('is stopped when its client goes away: its worker is replaced', async () => {
    const {server, client, log} = await servers.start(seed.path)
    await server.queriesReady()
    const leaving = new AbortController()
    const asked = fetch(`${server.url}/v${API_VERSION}/data/query/production?query=${encodeURIComponent(SLOW)}`, {signal: leaving.signal}).catch(
      (error: Error) => error.name,
    )
    // A query still waiting for a worker when its client leaves is only dropped: this one has reached one.
    await sleep(500)
    leaving.abort()
    expect(await asked).toBe('AbortError')
    await expect.poll(() => log, {timeout: 10_000}).toContain('query worker: stopped a query whose client went away; started another')
    expect(log.find((line) => line.startsWith('GET ') && line.includes('/data/query/'))).toMatch(/ abandoned \d+ms$/)
    expect(await client.fetch('count(*)')).toBe(11)
  }, 20_000)
})

describe('query workers', () => {
  it('see every write answered before the query, whichever worker answers it', async () => {
    const {client} = await servers.start(seed.path)
    for (let n = 1; n <= 20; n++) {
      await client.create({_id: `person-written-${n}`, _type: 'person', name: `Written ${n}`})
      // Two queries at once: both workers answer, and both have seen the write.
      const counts = await Promise.all([client.fetch('count(*[_type == "person"])'), client.fetch('count(*[_type == "person"])')])
      expect(counts).toEqual([3 + n, 3 + n])
    }
    await client.delete('person-written-20')
    expect(await Promise.all([client.fetch('count(*[_id == "person-written-20"])'), client.fetch('count(*[_id == "person-written-20"])')])).toEqual([0, 0])
  })

  it('still see writes after a worker was replaced', async () => {
    const {client} = await servers.start(seed.path, {queryTimeoutMs: 500})
    await expect(client.fetch(SLOW)).rejects.toMatchObject({statusCode: 422})
    await client.createOrReplace({_id: 'person-after', _type: 'person', name: 'After'})
    const names = await Promise.all([client.fetch('*[_id == "person-after"][0].name'), client.fetch('*[_id == "person-after"][0].name')])
    expect(names).toEqual(['After', 'After'])
  })
})

describe('npm run serve --query-timeout', () => {
  it('takes the time limit in seconds, and refuses one that is not a positive number', async () => {
    const bin = join(ROOT, 'node_modules/.bin')
    const dataset = join(servers.dirs.make(), 'production.ndjson')
    copyFileSync(seed.path, dataset)
    const serve = (...args: string[]) =>
      spawn(join(bin, 'tsx'), ['scripts/serve.ts', '--port', '0', '--dataset', dataset, ...args], {
        cwd: ROOT,
        env: {...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, SANITY_LOCAL_TOKEN: TOKEN},
      })
    const refused = serve('--query-timeout', '0')
    let stderr = ''
    refused.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    expect(await new Promise((resolve) => refused.once('exit', resolve))).toBe(1)
    expect(stderr.trim()).toMatch(/^error: --query-timeout takes a number of seconds above 0 \(got "0"\)/)

    const child = serve('--query-timeout', '0.5')
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = ''
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk
          const match = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)
          if (match) resolve(match[0])
        })
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)))
      })
      await expect(clientFor(url).fetch(SLOW)).rejects.toMatchObject({statusCode: 422, message: expect.stringContaining('time limit of 0.5 s')})
    } finally {
      child.kill('SIGTERM')
    }
  }, 30_000)
})
