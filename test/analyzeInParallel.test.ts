/**
 * The texts of a large batch read in worker threads (importer/analyzeInParallel.ts): the same analysis, the same
 * reasons for texts that cannot be read, the same documents in the end as reading them one by one, and a stop
 * that stops the workers.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {analyzeInParallel, PARALLEL_FROM, workersFor} from '../importer/analyzeInParallel'
import {importBatch, type BatchInput} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {ImportError} from '../model/errors'
import {inThread, prepareInputs} from '../importer/prepareInputs'
import {decodeSource} from '../importer/source/decodeSource'
import {LocalTarget} from '../targets/localTarget'
import {runImport} from '../targets/runImport'
import {CORPUS, hasShared, NEEDS_SHARED} from './helpers/shared'
import {readDataset, TempDirs} from './helpers/seedCommand'

const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const encode = (text: string) => new TextEncoder().encode(text)

/** Texts of every kind: stories with quotes, one with bytes that are not UTF-8, one with no story left. */
function madeUpInputs(count: number): BatchInput[] {
  return Array.from({length: count}, (_, n): BatchInput => {
    if (n === 5) return {name: `bad-bytes-${n}.txt`, bytes: Uint8Array.from([0x48, 0xff, 0xfe, 0x0a]), meta: {}}
    if (n === 9) return {name: `empty-${n}.txt`, bytes: encode('Baca juga: Berita lain\n'), meta: {}}
    const text = `JAKARTA - Menteri Keuangan Sri Mulyani Indrawati bertemu Gubernur Bank Indonesia (BI) Perry Warjiyo, hari ke-${n}.\n"Inflasi terkendali," kata Sri Mulyani di Jakarta.`
    return {name: `story-${n}.txt`, bytes: encode(text), meta: {title: `Berita ${n}`}}
  })
}

describe('reading texts in worker threads', () => {
  it('is left to the caller for a few texts or a single core', () => {
    expect(workersFor(PARALLEL_FROM - 1, 4)).toBe(0)
    expect(workersFor(PARALLEL_FROM, 1)).toBe(0)
    expect(workersFor(PARALLEL_FROM, 2)).toBe(2)
  })

  it('gives each text, by position, what reading it in this thread gives, and the same reason for one it cannot read', async () => {
    const inputs = madeUpInputs(PARALLEL_FROM + 7)
    const progress: number[] = []
    // Decoded once in this thread; the 70 texts that decode (more than PARALLEL_FROM) are analyzed in the workers.
    const prepared = await prepareInputs(inputs, {workers: 2, onProgress: (done) => progress.push(done)})
    expect(prepared).toHaveLength(inputs.length)
    expect(prepared).toEqual(inputs.map(inThread))
    expect(prepared![5]).toEqual({error: expect.stringContaining('bad-bytes-5.txt')})
    expect(prepared![9]).toEqual({error: expect.stringContaining('no story text left')})
    expect(progress.at(-1)).toBe(inputs.length)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  })

  it('stops when told to, with the reason it was given', async () => {
    const controller = new AbortController()
    const sources = madeUpInputs(PARALLEL_FROM * 4).filter((_, n) => n !== 5).map((input) => decodeSource(input.name, input.bytes))
    const running = analyzeInParallel(sources, {workers: 2, signal: controller.signal, onProgress: () => controller.abort('SIGINT')})
    await expect(running).rejects.toBe('SIGINT')
  })

  it.skipIf(!hasShared)(`makes the same documents from the corpus as reading it in one thread ${NEEDS_SHARED}`, async () => {
    const inputs = [...corpusInputs('detik-news.csv', readCorpus(readFileSync(CORPUS)).rows)].slice(0, 120)
    const prepared = await prepareInputs(inputs, {workers: 2})
    const alone = importBatch(inputs, [], '2026-01-01T00:00:00.000Z')
    const together = importBatch(inputs, [], '2026-01-01T00:00:00.000Z', undefined, prepared)
    expect(together.outcomes).toEqual(alone.outcomes)
    expect(together.documents).toEqual(alone.documents)
  })

  it('is what runImport does for a large batch, and a stop there writes nothing', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    const options = {replace: false, dryRun: false, importedAt: '2026-01-01T00:00:00.000Z'}
    const inputs = madeUpInputs(PARALLEL_FROM + 1)
    const controller = new AbortController()
    const stopped = await LocalTarget.open(path, {write: true})
    try {
      const progress = {start: () => {}, update: () => controller.abort('SIGTERM'), stop: () => {}}
      await expect(runImport(inputs, stopped, {...options, workers: 2, signal: controller.signal, progress})).rejects.toThrow(
        new ImportError('stopped while reading the texts (SIGTERM); nothing was written'),
      )
    } finally {
      stopped.close()
    }
    expect(existsSync(path)).toBe(false)
    const target = await LocalTarget.open(path, {write: true})
    try {
      const result = await runImport(inputs, target, {...options, workers: 2})
      expect(result.failed.map((outcome) => outcome.name)).toEqual(['bad-bytes-5.txt', 'empty-9.txt'])
    } finally {
      target.close()
    }
    expect(readDataset(path).length).toBeGreaterThan(PARALLEL_FROM)
  })
})
