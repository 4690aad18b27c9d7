import {readFileSync} from 'node:fs'

import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import * as queries from '../queries'
import {CORPUS, hasShared, NEEDS_SHARED} from './helpers/shared'

/** What plain groq-js answers, scanning every document: the planner must never change it. */
async function unplanned(documents: StoredDocument[], query: string, params: Record<string, unknown>) {
  const byId = new Map(documents.map((document) => [document._id, document]))
  const value = await evaluate(parse(query, {params}), {dataset: documents, params, dereference: ({_ref}) => byId.get(_ref) ?? null})
  return value.get()
}

const small: StoredDocument[] = [
  {_id: 'article-a', _type: 'article', slug: {current: 'a'}, body: [{_key: 'p1', markDefs: [{_type: 'mention', reference: {_ref: 'person-x'}}]}], citedSources: [{_ref: 'organization-o'}]},
  {_id: 'article-b', _type: 'article', slug: {current: 'b'}, body: [{_key: 'p1', markDefs: [{_type: 'link', reference: {_ref: 'person-y'}}]}], publisher: {_ref: 'organization-o'}},
  {_id: 'article-c', _type: 'article', slug: {current: 'c'}},
  {_id: 'person-x', _type: 'person', name: 'X', slug: {current: 'x'}, roles: [{organization: {_ref: 'organization-o'}}]},
  {_id: 'person-y', _type: 'person', name: 'Y', slug: {current: 'y'}, roles: [{organization: {_ref: 'organization-p'}}, {title: 'none'}]},
  {_id: 'person-z', _type: 'person', name: 'Z'},
  {_id: 'drafts.person-x', _type: 'person', name: 'X draft'},
  {_id: 'quote-1', _type: 'quote', speaker: {_ref: 'person-x'}, article: {_ref: 'article-a'}},
  {_id: 'quote-2', _type: 'quote', speaker: {_ref: 'person-y'}, article: {_ref: 'article-a'}},
  {_id: 'quote-3', _type: 'quote', speaker: {_ref: 'person-x'}},
  {_id: 'organization-o', _type: 'organization', name: 'O', slug: {current: 'o'}},
  {_id: 'organization-p', _type: 'organization', name: 'P', slug: {current: 'p'}, n: 5},
]

const EDGE_QUERIES: [string, Record<string, unknown>][] = [
  ['*[_type == "person"]{name, "quotes": *[_type == "quote" && speaker._ref == ^._id]._id}', {}],
  ['*[_type == "article"]{_id, "people": *[_type == "person" && _id in ^.body[].markDefs[_type == "mention"].reference._ref].name}', {}],
  ['*[_type == "organization"]{name, "people": *[^._id in roles[].organization._ref].name, "n": *[_type == "article" && (^._id in citedSources[]._ref || publisher._ref == ^._id)]._id}', {}],
  // A parent without the value: the plan must fall back and give what a scan gives.
  ['*[_type == "person"]{name, "same": *[_type == "quote" && article._ref == ^.missing]._id}', {}],
  ['*[_type == "quote"]{_id, "articles": *[_id == ^.article._ref]._id}', {}],
  ['*[_type == "organization"]{name, "nums": *[n == ^.n]._id}', {}],
  ['*[_id in $ids]._id', {ids: ['quote-2', 'person-x', 'nope']}],
  ['*[_type in ["person", "organization"] && name == $name]._id', {name: 'O'}],
  ['*[_type == $type && slug.current == $slug][0]._id', {type: 'person', slug: 'y'}],
  ['count(*[_id in [$id, "drafts." + $id]])', {id: 'person-x'}],
  ['*[_type == "person"]{name, "outer": *[_type == "quote" && speaker._ref == ^._id]{_id, "inner": *[_id == ^.^._id]._id}}', {}],
  ['*[!(_id in path("drafts.**"))]._id', {}],
]

describe('the query planner', () => {
  it('gives exactly what a full scan gives, on edge cases', async () => {
    const store = new DocumentStore(small)
    for (const [query, params] of EDGE_QUERIES) {
      expect(await store.query(query, params), query).toEqual(await unplanned(small, query, params))
    }
  })

  it('narrows: a pinned type or id reads only its candidates, a tied path a lookup, anything else every document', async () => {
    const store = new DocumentStore(small)
    expect(await store.explain('*[_type == "person" && name == "X"]')).toEqual([{reads: 'index', candidates: 1}])
    expect(await store.explain('*[_id in $ids]', {ids: ['person-x', 'quote-1', 'nope']})).toEqual([{reads: 'index', candidates: 2}])
    expect(await store.explain('*[_type == "quote"]')).toEqual([{reads: 'index', candidates: 3}])
    expect(await store.explain('*[_type == "person"]{"quotes": *[_type == "quote" && speaker._ref == ^._id]._id}')).toEqual([
      {reads: 'index', candidates: 4},
      {reads: 'lookup', path: 'speaker._ref'},
    ])
    expect(await store.explain('*[defined(name)]')).toEqual([{reads: 'all', candidates: small.length}])
  })

  it('sees documents put and deleted after a first query', async () => {
    const store = new DocumentStore(small)
    const query = '*[_type == "quote" && speaker._ref == $id]._id'
    expect(await store.query(query, {id: 'person-z'})).toEqual([])
    store.put({_id: 'quote-4', _type: 'quote', speaker: {_ref: 'person-z'}})
    expect(await store.query('*[_type == "person" && _id == $id]{"q": *[_type == "quote" && speaker._ref == ^._id]._id}[0].q', {id: 'person-z'})).toEqual(['quote-4'])
    store.delete('quote-4')
    expect(await store.query('*[_type == "person" && _id == $id]{"q": *[_type == "quote" && speaker._ref == ^._id]._id}[0].q', {id: 'person-z'})).toEqual([])
  })

  it.skipIf(!hasShared(CORPUS))(`gives exactly what a full scan gives for every front-end query on corpus data ${NEEDS_SHARED}`, async () => {
    const corpus = readCorpus(readFileSync(CORPUS))
    const rows = corpus.rows.slice(0, 60)
    const documents = importBatch(corpusInputs('corpus', rows), [], 'x')
      .documents as StoredDocument[]
    const store = new DocumentStore(documents)
    const slugOf = (type: string) => documents.filter((document) => document._type === type).slice(0, 4).map((document) => (document.slug as {current: string}).current)
    const cases: [string, Record<string, unknown>][] = [
      ...slugOf('article').map((slug): [string, Record<string, unknown>] => [queries.ARTICLE_PAGE_QUERY, {slug}]),
      ...slugOf('person').map((slug): [string, Record<string, unknown>] => [queries.PERSON_PAGE_QUERY, {slug}]),
      ...slugOf('organization').map((slug): [string, Record<string, unknown>] => [queries.ORGANIZATION_PAGE_QUERY, {slug}]),
      ...slugOf('person').map((speaker): [string, Record<string, unknown>] => [queries.QUOTES_BY_SPEAKER_QUERY, {speaker}]),
      [queries.LATEST_ARTICLES_QUERY, {limit: 10}],
      [queries.SEARCH_ENTITIES_QUERY, {term: 'pol'}],
    ]
    let nonEmpty = 0
    for (const [query, params] of cases) {
      const expected = await unplanned(documents, query, params)
      if (expected !== null && !(Array.isArray(expected) && expected.length === 0)) nonEmpty++
      expect(await store.query(query, params), `${query.slice(0, 40)} ${JSON.stringify(params)}`).toEqual(expected)
    }
    expect(nonEmpty).toBeGreaterThan(cases.length / 2)
  }, 60_000)
})
