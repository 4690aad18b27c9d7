import {describe, expect, it} from 'vitest'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import * as queries from '../queries'
import {FullScan} from './helpers/fullScan'
import {seededRandom} from './helpers/seededRandom'

/*
 * That the planner narrows with the sorted index (`order(...)[a...b]`) and the token index (`match`), read
 * through `explain()`: without them, every `*[_type == ...]` here reads all 2,000 documents of its type. The
 * fallback tests (a leading `*`, a nested query that depends on `^`) check where neither index may be used.
 * Figures are loose on purpose: a plan must narrow well below a type's 2,000 documents and must still hold every
 * document of the answer. (Written ahead of the indexes; they failed until the indexes were built.)
 */

/** A plan as `explain` reports it, whatever kinds it gains. */
type Plan = {reads: string; candidates?: number; path?: string}

const ARTICLES = 2000
const PERSONS = 2000
const QUOTES = 1000
const SYLLABLES = ['ka', 'ri', 'mo', 'ne', 'su', 'ta', 'wi', 'do', 'lan', 'har', 'bu', 'di', 'ya', 'gi', 'ro', 'se', 'tu', 'man', 'ng', 'pra']

/** Made-up names of two or three words: no word begins "stolt" or "jok" but those planted. */
function personName(random: ReturnType<typeof seededRandom>): string {
  const word = () => Array.from({length: 2 + random.below(2)}, () => random.pick(SYLLABLES)).join('')
  const name = Array.from({length: 2 + random.below(2)}, word).join(' ')
  return name.charAt(0).toUpperCase() + name.slice(1)
}

const PLANTED: StoredDocument[] = [
  {_id: 'person-jens', _type: 'person', name: 'Jens Stoltenberg', aliases: ['Stoltenberg'], since: '2023-01-01T00:00:00Z'},
  {_id: 'person-camilla', _type: 'person', name: 'Camilla Stoltenberg', since: '2021-06-01T00:00:00Z'},
  {_id: 'person-thorvald', _type: 'person', name: 'Thorvald STOLTENBERG', aliases: ['T. Stoltenberg'], since: '2022-01-01T00:00:00Z'},
  {_id: 'person-joko', _type: 'person', name: 'Joko Widodo', aliases: ['Jokowi', 'Pak Jokowi']},
  {_id: 'organization-nato', _type: 'organization', name: 'Pakta Pertahanan Atlantik Utara', acronym: 'NATO'},
]

function plannedDataset(): StoredDocument[] {
  const random = seededRandom(2024)
  const date = () => new Date(Date.UTC(2020, 0, 1) + random.below(5 * 365 * 24) * 3_600_000).toISOString()
  const documents: StoredDocument[] = []
  for (let i = 0; i < ARTICLES; i++) {
    const article: StoredDocument = {_id: `article-${i}`, _type: 'article', title: `Berita ${i}`, _createdAt: date()}
    if (random.chance(0.9)) article.slug = {current: `berita-${i}`}
    if (random.chance(0.85)) article.publishedAt = date()
    if (random.chance(0.5)) article.publisher = {_ref: `person-${random.below(PERSONS)}`}
    documents.push(article)
  }
  for (let i = 0; i < PERSONS - 4; i++) documents.push({_id: `person-${i}`, _type: 'person', name: personName(random), slug: {current: `person-${i}`}})
  for (let i = 0; i < QUOTES; i++) documents.push({_id: `quote-${i}`, _type: 'quote', article: {_ref: `article-${random.below(ARTICLES)}`}, position: random.below(5)})
  documents.push(...PLANTED)
  return documents
}

async function plansOf(store: DocumentStore, query: string, params: Record<string, unknown> = {}): Promise<Plan[]> {
  return (await store.explain(query, params)) as Plan[]
}

const LATEST = '*[_type == "article" && defined(slug.current)] | order(coalesce(publishedAt, _createdAt) desc, _id asc) [0...20]'

describe('the planner with the sorted and token indexes', () => {
  const documents = plannedDataset()
  const scan = new FullScan(documents)

  it('reads the twenty latest articles from the sorted index, not from all 2,000 articles', async () => {
    const store = new DocumentStore(documents)
    const [plan] = await plansOf(store, LATEST)
    expect(plan).toMatchObject({reads: 'sorted'})
    expect(plan!.candidates).toBeGreaterThanOrEqual(20)
    expect(plan!.candidates).toBeLessThan(100)
    const answer = (await store.query(LATEST)) as StoredDocument[]
    expect(answer).toHaveLength(20)
    expect(answer).toEqual(await scan.query(LATEST))
  })

  it("reads the front end's LATEST_ARTICLES_QUERY from the sorted index, with $limit", async () => {
    const store = new DocumentStore(documents)
    const [plan] = await plansOf(store, queries.LATEST_ARTICLES_QUERY, {limit: 10})
    expect(plan).toMatchObject({reads: 'sorted'})
    expect(plan!.candidates).toBeGreaterThanOrEqual(10)
    expect(plan!.candidates).toBeLessThan(100)
    expect(await store.query(queries.LATEST_ARTICLES_QUERY, {limit: 10})).toEqual(await scan.query(queries.LATEST_ARTICLES_QUERY, {limit: 10}))
  })

  it('reads one element `[$n]` and an inclusive slice `[a..b]` of persons by name from the sorted index', async () => {
    const store = new DocumentStore(documents)
    for (const [query, params] of [
      ['*[_type == "person"] | order(name asc) [$n]', {n: 5}],
      ['*[_type == "person"] | order(lower(name) desc, _id asc) [10..29]', {}],
    ] as const) {
      const [plan] = await plansOf(store, query, params)
      expect(plan, query).toMatchObject({reads: 'sorted'})
      expect(plan!.candidates, query).toBeLessThan(100)
      expect(await store.query(query, params), query).toEqual(await scan.query(query, params))
    }
  })

  it("orders quotes by their article's date from the sorted index", async () => {
    const store = new DocumentStore(documents)
    const query = '*[_type == "quote"] | order(article->publishedAt desc, article._ref asc, position asc) [0...10]'
    const [plan] = await plansOf(store, query)
    expect(plan).toMatchObject({reads: 'sorted'})
    expect(plan!.candidates).toBeLessThan(100)
    expect(await store.query(query)).toEqual(await scan.query(query))
  })

  it('reads a prefix search `name match ($term + "*")` from the token index: the three Stoltenbergs, not 2,000 persons', async () => {
    const store = new DocumentStore(documents)
    const query = '*[_type == "person" && name match ($term + "*")]._id'
    const [plan] = await plansOf(store, query, {term: 'stolt'})
    expect(plan).toMatchObject({reads: 'text'})
    expect(plan!.candidates).toBeGreaterThanOrEqual(3)
    expect(plan!.candidates).toBeLessThan(20)
    expect(await store.query(query, {term: 'stolt'})).toEqual(['person-jens', 'person-camilla', 'person-thorvald'])
  })

  it('reads an alias search `aliases[] match "jok*"` from the token index', async () => {
    const store = new DocumentStore(documents)
    const query = '*[_type == "person" && aliases[] match "jok*"]._id'
    const [plan] = await plansOf(store, query)
    expect(plan).toMatchObject({reads: 'text'})
    expect(plan!.candidates).toBeLessThan(20)
    expect(await store.query(query)).toEqual(['person-joko'])
  })

  it("narrows the front end's SEARCH_ENTITIES_QUERY to a few candidates", async () => {
    const store = new DocumentStore(documents)
    const [plan] = await plansOf(store, queries.SEARCH_ENTITIES_QUERY, {term: 'stolt'})
    expect(plan).toMatchObject({reads: expect.stringMatching(/^(text|sorted)$/)})
    expect(plan!.candidates).toBeLessThan(100)
    const answer = await store.query(queries.SEARCH_ENTITIES_QUERY, {term: 'stolt'})
    expect(answer).toHaveLength(3)
    expect(answer).toEqual(await scan.query(queries.SEARCH_ENTITIES_QUERY, {term: 'stolt'}))
  })

  it('falls back from the token index for a pattern starting with `*`, and still finds the Stoltenbergs', async () => {
    const store = new DocumentStore(documents)
    const query = '*[_type == "person" && name match "*berg"]._id'
    const plans = await plansOf(store, query)
    expect(plans.map((plan) => plan.reads)).not.toContain('text')
    expect(plans[0]).toEqual({reads: 'index', candidates: PERSONS})
    expect(await store.query(query)).toEqual(['person-jens', 'person-camilla', 'person-thorvald'])
  })

  it('does not read a nested `*[...]` whose filter or order depends on `^` from the sorted index', async () => {
    const store = new DocumentStore(documents)
    for (const query of [
      '*[_type == "person" && defined(since)]{_id, "before": *[_type == "article" && publishedAt < ^.since] | order(publishedAt desc) [0...3]._id}',
      '*[_type == "person" && defined(since)]{_id, "near": *[_type == "article" && defined(publishedAt)] | order(publishedAt < ^.since desc, publishedAt desc) [0...3]._id}',
    ]) {
      const plans = await plansOf(store, query)
      expect(plans.length, query).toBeGreaterThanOrEqual(2)
      expect(plans.slice(1).map((plan) => plan.reads), query).not.toContain('sorted')
      const answer = (await store.query(query)) as {before?: string[]; near?: string[]}[]
      expect(answer.map((person) => (person.before ?? person.near)!.length), query).toEqual([3, 3, 3])
      expect(answer, query).toEqual(await scan.query(query))
    }
  })

  it('still narrows after writes, and its answers see them: a newest article, one re-dated, one retyped, a renamed person', async () => {
    const store = new DocumentStore(documents)
    const after = new FullScan(documents)
    const write = (document: StoredDocument) => {
      store.put(document)
      after.put(document)
    }
    const ids = async () => ((await store.query(LATEST)) as StoredDocument[]).map((document) => document._id)
    const [, second, third] = await ids()

    write({_id: 'article-new', _type: 'article', title: 'Terbaru', slug: {current: 'terbaru'}, publishedAt: '2030-01-01T00:00:00Z'})
    const [plan] = await plansOf(store, LATEST)
    expect(plan).toMatchObject({reads: 'sorted'})
    expect(plan!.candidates).toBeLessThan(100)
    expect((await ids())[0]).toBe('article-new')

    write({...documents.find((document) => document._id === second)!, publishedAt: '2000-01-01T00:00:00Z'})
    write({...documents.find((document) => document._id === third)!, _type: 'tag'})
    store.delete('article-new')
    after.delete('article-new')
    expect(await ids()).not.toContain(second)
    expect(await ids()).not.toContain(third)
    expect(await store.query(LATEST)).toEqual(await after.query(LATEST))
    expect((await plansOf(store, LATEST))[0]).toMatchObject({reads: 'sorted'})

    write({...PLANTED[0]!, name: 'Jens Lain'})
    const search = '*[_type == "person" && name match ($term + "*")]._id'
    expect(await store.query(search, {term: 'stolt'})).toEqual(['person-camilla', 'person-thorvald'])
    expect(await store.query(search, {term: 'lai'})).toEqual(['person-jens'])
    const [textPlan] = await plansOf(store, search, {term: 'lai'})
    expect(textPlan).toMatchObject({reads: 'text'})
    expect(textPlan!.candidates).toBeLessThan(20)
  })
})
