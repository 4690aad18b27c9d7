/**
 * The one import pipeline, in-process: runImport over the local dataset file and over a Sanity dataset (the local
 * server, through the real @sanity/client), the same inputs giving the same documents on both.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, describe, expect, it, vi} from 'vitest'

import {PARALLEL_FROM} from '../importer/analyzeInParallel'
import type {BatchInput} from '../importer/importBatch'
import {ImportError} from '../model/errors'
import {LocalTarget} from '../targets/localTarget'
import {runImport} from '../targets/runImport'
import {SanityTarget} from '../targets/sanity/sanityTarget'
import {loadValidator} from '../targets/validator'
import {DEFAULT_SOURCE} from '../seed/sources'
import {comparable, SANITY_TOKEN, SanityServers} from './helpers/sanityTarget'
import {readDataset, TempDirs} from './helpers/seedCommand'

// The real loader, watched: which runs load the validator.
vi.mock(import('../targets/validator'), {spy: true})

const dirs = new TempDirs()
const servers = new SanityServers()
afterEach(() => servers.closeAll())
afterAll(() => {
  dirs.cleanup()
  servers.dirs.cleanup()
})

const SOURCE: BatchInput = {name: DEFAULT_SOURCE, bytes: readFileSync(DEFAULT_SOURCE), meta: {}}
const options = {replace: false, dryRun: false, importedAt: '2026-01-01T00:00:00.000Z'}

async function intoLocal(path: string, inputs: BatchInput[], dryRun = false, workers?: number) {
  const target = await LocalTarget.open(path, {write: !dryRun})
  try {
    return await runImport(inputs, target, {...options, dryRun, workers})
  } finally {
    target.close()
  }
}

describe('runImport into the local dataset', () => {
  it('creates every document of the source article, then finds them all unchanged', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    const first = await intoLocal(path, [SOURCE])
    expect(first.written!.outcomes.map((outcome) => outcome.action)).toEqual(Array(11).fill('create'))
    expect(readDataset(path)).toHaveLength(11)
    const before = readFileSync(path)

    const again = await intoLocal(path, [SOURCE])

    expect(again.written!.outcomes.map((outcome) => outcome.action)).toEqual(Array(11).fill('unchanged'))
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('plans and validates but writes nothing in a dry run, and holds no lock', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    const run = await intoLocal(path, [SOURCE], true)
    expect(run.written).toBeUndefined()
    expect(run.plan.decisions).toHaveLength(11)
    expect(() => readFileSync(path)).toThrow()
  })

  it("links new text only to documents of the project's own types, whatever else the file holds", async () => {
    const path = join(dirs.make(), 'production.ndjson')
    const held = [
      {_id: 'person-budi', _type: 'person', name: 'Budi'},
      {_id: 'image-1', _type: 'sanity.imageAsset', url: 'https://example.org/a.jpg'},
      {_id: 'decision-1', _type: 'entityDecision', decision: 'reject', entityType: 'person', names: ['Pak Budi']},
      {_id: 'note-1', _type: 'editorNote', name: 'Budi'},
    ]
    writeFileSync(path, held.map((document) => `${JSON.stringify(document)}\n`).join(''))
    const target = await LocalTarget.open(path, {write: false})
    try {
      expect((await target.linkIndex()).map((document) => document._id)).toEqual(['person-budi', 'decision-1'])
    } finally {
      target.close()
    }
  })

  it('refuses a single input it cannot import, with its one-line reason', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    await expect(intoLocal(path, [{name: 'kosong.txt', bytes: new Uint8Array(), meta: {}}])).rejects.toThrow(new ImportError('kosong.txt: the text is empty'))
  })
})

describe('the validator', () => {
  it('is loaded for a run that writes, and not for one that finds every document unchanged, texts read in worker threads', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    const text = (n: number) => `JAKARTA - Gubernur Bank Indonesia (BI) Perry Warjiyo bertemu wartawan, hari ke-${n}.\n"Inflasi terkendali," kata Perry di Jakarta.`
    const inputs = Array.from({length: PARALLEL_FROM}, (_, n): BatchInput => ({name: `story-${n}.txt`, bytes: new TextEncoder().encode(text(n)), meta: {}}))
    vi.mocked(loadValidator).mockClear()
    const first = await intoLocal(path, inputs, false, 2)
    expect(first.written!.outcomes.filter((outcome) => outcome.action === 'create').length).toBeGreaterThan(PARALLEL_FROM)
    expect(loadValidator).toHaveBeenCalled()

    vi.mocked(loadValidator).mockClear()
    const again = await intoLocal(path, inputs, false, 2)

    expect(new Set(again.written!.outcomes.map((outcome) => outcome.action))).toEqual(new Set(['unchanged']))
    expect(loadValidator).not.toHaveBeenCalled()
  })

  it("loads the same modules as a bare import and validates alike, date-fns's own imports resolved without Node's exports lookup", () => {
    const load = (...args: string[]) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/validatorModules.ts', ...args], {encoding: 'utf8'})
      expect(run.status, run.stderr).toBe(0)
      return JSON.parse(run.stdout) as {loaded: string[]; dateFnsResolvedByNode: number; problems: unknown[]}
    }
    const bare = load('--bare')
    const loaded = load()
    expect(bare.loaded.filter((module) => module.includes('/date-fns/')).length).toBeGreaterThan(50)
    expect(loaded.loaded).toEqual(bare.loaded)
    expect(loaded.problems).toEqual(bare.problems)
    expect(bare.problems).toContainEqual(expect.objectContaining({path: 'publishedAt', level: 'error'}))
    expect(bare.dateFnsResolvedByNode).toBeGreaterThan(50)
    expect(loaded.dateFnsResolvedByNode).toBe(0)
  })
})

describe('runImport into a Sanity dataset', () => {
  it('leaves the same documents as a local run', async () => {
    const local = join(dirs.make(), 'production.ndjson')
    await intoLocal(local, [SOURCE])
    const server = await servers.start()
    const target = new SanityTarget({projectId: 'local', dataset: 'production', token: SANITY_TOKEN, apiHost: server.server.url})

    const run = await runImport([SOURCE], target, options)

    expect(run.written!.unverified).toEqual([])
    expect(run.written!.outcomes.map((outcome) => outcome.action)).toEqual(Array(11).fill('create'))
    const byId = (documents: Record<string, unknown>[]) => new Map(documents.map((document) => [document._id, comparable(document)]))
    expect(byId(readDataset(server.path) as Record<string, unknown>[])).toEqual(byId(readDataset(local) as Record<string, unknown>[]))
  })
})
