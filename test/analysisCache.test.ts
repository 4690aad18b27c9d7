/**
 * Analyses kept on disk between imports (importer/analysisCache.ts): a text read once by this importer is not
 * read again, anything else is (another text, another importer, a file that does not read back), and the
 * documents are the same either way.
 */
import {mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {AnalysisCache} from '../importer/analysisCache'
import {analyzeArticle} from '../importer/analyzeArticle'
import {importBatch, type BatchInput} from '../importer/importBatch'
import {prepareInputs} from '../importer/prepareInputs'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {decodeSource} from '../importer/source/decodeSource'
import {CORPUS, hasShared, NEEDS_SHARED} from './helpers/shared'
import {TempDirs} from './helpers/seedCommand'

const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const encode = (text: string) => new TextEncoder().encode(text)
const story = (n: number): BatchInput => ({
  name: `story-${n}.txt`,
  bytes: encode(`JAKARTA - Ketua Komisi Pemberantasan Korupsi (KPK) Setyo Budiyanto bertemu Presiden Prabowo Subianto, kali ke-${n}.\n"Kami siap," kata Setyo di Jakarta.`),
  meta: {title: `Berita ${n}`},
})

describe('the analysis cache', () => {
  it('gives back an analysis as it was kept, Maps and Sets included', () => {
    const cache = new AnalysisCache(dirs.make(), 'code-1')
    const source = decodeSource('story.txt', story(1).bytes)
    const analysis = analyzeArticle(source)
    expect(cache.get(source)).toBeUndefined()
    cache.set(source, analysis)
    const kept = cache.get(source)!
    expect(kept).toEqual(analysis)
    expect(kept.entities.byKey).toBeInstanceOf(Map)
    expect([...kept.entities.byKey.values()].every((entity) => entity.aliases instanceof Set)).toBe(true)
    expect([cache.hits, cache.misses]).toEqual([1, 1])
  })

  it('keeps an analysis under the text and the importer: another of either is not found', () => {
    const dir = dirs.make()
    const source = decodeSource('story.txt', story(1).bytes)
    new AnalysisCache(dir, 'code-1').set(source, analyzeArticle(source))
    expect(new AnalysisCache(dir, 'code-1').get(source)).toBeDefined()
    expect(new AnalysisCache(dir, 'code-2').get(source)).toBeUndefined()
    expect(new AnalysisCache(dir, 'code-1').get(decodeSource('story.txt', story(2).bytes))).toBeUndefined()
  })

  it('counts a file that does not read back as absent, and a directory it cannot write as no cache', () => {
    const dir = dirs.make()
    const cache = new AnalysisCache(dir, 'code-1')
    const source = decodeSource('story.txt', story(1).bytes)
    cache.set(source, analyzeArticle(source))
    const [file] = readdirSync(dir)
    writeFileSync(join(dir, file!), readFileSync(join(dir, file!), 'utf8').slice(0, 100))
    expect(cache.get(source)).toBeUndefined()
    const blocked = join(dirs.make(), 'file')
    writeFileSync(blocked, '')
    const unwritable = new AnalysisCache(join(blocked, 'cache'), 'code-1')
    expect(() => unwritable.set(source, analyzeArticle(source))).not.toThrow()
    expect(unwritable.get(source)).toBeUndefined()
  })

  it('drops the oldest entries beyond its limit', () => {
    const dir = dirs.make()
    mkdirSync(dir, {recursive: true})
    for (let n = 0; n < 5; n++) {
      writeFileSync(join(dir, `${n}.json`), '{}')
      utimesSync(join(dir, `${n}.json`), 1_000 + n, 1_000 + n)
    }
    new AnalysisCache(dir, 'code-1').prune(3)
    expect(readdirSync(dir).sort()).toEqual(['2.json', '3.json', '4.json'])
  })

  it('reads again only the texts it has not kept', async () => {
    const cache = new AnalysisCache(dirs.make(), 'code-1')
    await prepareInputs([story(1), story(2)], {cache})
    expect([cache.hits, cache.misses]).toEqual([0, 2])
    const again = await prepareInputs([story(1), story(2), story(3)], {cache})
    expect([cache.hits, cache.misses]).toEqual([2, 3])
    expect(again).toEqual(await prepareInputs([story(1), story(2), story(3)]))
  })

  it.skipIf(!hasShared)(`makes the same documents from the corpus whether the analyses come from it or not ${NEEDS_SHARED}`, async () => {
    const inputs = [...corpusInputs('detik-news.csv', readCorpus(readFileSync(CORPUS)).rows)].slice(0, 100)
    const cache = new AnalysisCache(dirs.make(), 'code-1')
    const read = importBatch(inputs, [], '2026-01-01T00:00:00.000Z', undefined, await prepareInputs(inputs, {cache, workers: 2}))
    const kept = importBatch(inputs, [], '2026-01-01T00:00:00.000Z', undefined, await prepareInputs(inputs, {cache}))
    expect(cache.hits).toBeGreaterThan(90)
    expect(kept.documents).toEqual(read.documents)
    expect(kept.outcomes).toEqual(read.outcomes)
    expect(JSON.stringify(kept.documents)).toBe(JSON.stringify(read.documents))
  })
})
