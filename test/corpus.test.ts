import {readFileSync} from 'node:fs'

import {beforeAll, describe, expect, it} from 'vitest'

import {validateDocuments} from '../dataset/validateDocuments'
import type {NewsDocument} from '../model/documents'
import {importBatch, type BatchResult} from '../importer/importBatch'
import {PLACES} from '../importer/lexicon'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {isWrite, planWrites} from '../targets/planWrites'
import {CORPUS, hasShared, NEEDS_SHARED} from './helpers/shared'

const present = hasShared(CORPUS)

describe.skipIf(!present)(`the shared corpus (998 detik.com articles) ${NEEDS_SHARED}`, () => {
  let rows: number
  let batch: BatchResult
  let inputs: {name: string; bytes: Uint8Array; meta: object}[]
  const documents = () => batch.documents
  const byId = () => new Map(documents().map((document) => [document._id, document]))

  beforeAll(() => {
    const corpus = readCorpus(readFileSync(CORPUS))
    rows = corpus.rows.length + corpus.problems.length
    inputs = corpusInputs('detik-news.csv', corpus.rows)
    batch = importBatch(inputs, [], '2026-01-01T00:00:00.000Z')
  })

  it('accounts for every row: one article each, or a reason', () => {
    expect(rows).toBe(998)
    expect(batch.outcomes).toHaveLength(998)
    for (const outcome of batch.outcomes) expect(outcome.articleId ?? outcome.error).toBeTruthy()
    const articles = documents().filter((document) => document._type === 'article')
    expect(articles).toHaveLength(batch.outcomes.filter((outcome) => outcome.articleId).length)
  })

  it('maps title, url and date columns onto each article', () => {
    const article = documents().find((document) => document._type === 'article')!
    expect(article.title).toEqual(expect.any(String))
    expect(article.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/)
    expect((article.provenance as {url?: string}).url).toMatch(/^https:\/\/www\.detik\.com\//)
  })

  it('gives every document a unique, undotted <type>-<slug> id', () => {
    expect(new Set(documents().map((document) => document._id)).size).toBe(documents().length)
    for (const document of documents()) expect(document._id).toMatch(new RegExp(`^${document._type}-[a-z0-9-]+$`))
  })

  it('leaves no reference dangling and no quote outside its article', () => {
    const ids = byId()
    const refs = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(refs)
        : value && typeof value === 'object'
          ? [...('_ref' in value ? [String((value as {_ref: string})._ref)] : []), ...Object.values(value).flatMap(refs)]
          : []
    for (const document of documents()) for (const ref of refs(document)) expect(ids.has(ref), `${document._id} -> ${ref}`).toBe(true)
    for (const quote of documents().filter((document) => document._type === 'quote')) {
      const article = ids.get((quote.article as {_ref: string})._ref) as NewsDocument
      expect((article.body as {_key: string}[]).some((block) => block._key === quote.paragraphKey)).toBe(true)
      expect(ids.get((quote.speaker as {_ref: string})._ref)?._type).toBe('person')
    }
  })

  it('names no well-known place as an organization', () => {
    const organizations = documents().filter((document) => document._type === 'organization')
    expect(organizations.length).toBeGreaterThan(100)
    expect(organizations.filter((org) => PLACES.has(String(org.name))).map((org) => org.name)).toEqual([])
  })

  it('imports again onto its own result without changing a document', () => {
    const first = planWrites(batch.documents, () => undefined, {replace: false}).filter(isWrite).map((write) => write.document)
    const byId = new Map(first.map((document) => [document._id, document]))
    const again = importBatch(inputs, first, '2026-02-02T00:00:00.000Z')
    const plan = planWrites(again.documents, (id) => byId.get(id), {replace: false})
    expect(plan.filter((write) => write.action !== 'unchanged').map((write) => `${write.action} ${write.document._id}`)).toEqual([])
    expect(plan).toHaveLength(first.length)
    // A second import of the whole corpus: seconds, more on a loaded machine; the limit only stops a hung run.
  }, 120_000)

  it('produces documents that all pass the schema validation', async () => {
    const errors = (await validateDocuments(documents())).filter((problem) => problem.level === 'error')
    expect(errors.slice(0, 5)).toEqual([])
  }, 120_000)
})
