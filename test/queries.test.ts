import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DocumentStore} from '../dataset/documentStore'
import {
  ARTICLE_LIST_QUERY,
  ARTICLE_PAGE_QUERY,
  LATEST_ARTICLES_QUERY,
  ORGANIZATION_PAGE_QUERY,
  PERSON_PAGE_QUERY,
  QUOTES_BY_SPEAKER_QUERY,
  SEARCH_ENTITIES_QUERY,
} from '../queries'
import type {
  ARTICLE_PAGE_QUERY_RESULT,
  LATEST_ARTICLES_QUERY_RESULT,
  ORGANIZATION_PAGE_QUERY_RESULT,
  PERSON_PAGE_QUERY_RESULT,
  QUOTES_BY_SPEAKER_QUERY_RESULT,
  SEARCH_ENTITIES_QUERY_RESULT,
} from '../sanity.types'
import {readLocalDataset} from '../model/ndjson'

const ARTICLE_SLUG = 'langkah-presiden-armenia-armen-sarkissian-meminta-bantuan-pakta-pertahanan-atlantik-utara-nato'
const FIRST_QUOTE = /^Saya mengingatkan Presiden \(Armenia\).*lebih dari 25 tahun$/
const SECOND_QUOTE = /^NATO sangat prihatin.*harus dihentikan$/
const STOLTENBERG = {name: 'Jens Stoltenberg', slug: 'jens-stoltenberg'}

let folder: string
let store: DocumentStore
const run = <T,>(query: string, params: Record<string, unknown>) => store.query(query, params) as Promise<T>

beforeAll(() => {
  // The dataset exactly as `npm run seed` writes it.
  folder = mkdtempSync(join(tmpdir(), 'queries-'))
  const dataset = join(folder, 'production.ndjson')
  const seeded = spawnSync('node_modules/.bin/tsx', ['scripts/seed.ts', '--dataset', dataset], {
    encoding: 'utf8',
    env: {...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}`},
  })
  expect(seeded.status, seeded.stderr).toBe(0)
  store = new DocumentStore(readLocalDataset(dataset).documents.values())
}, 60_000)

afterAll(() => rmSync(folder, {recursive: true, force: true}))

describe('the article page query', () => {
  let page: ARTICLE_PAGE_QUERY_RESULT
  beforeAll(async () => {
    page = await run<ARTICLE_PAGE_QUERY_RESULT>(ARTICLE_PAGE_QUERY, {slug: ARTICLE_SLUG})
  })

  it('finds the article by slug with its credits', () => {
    expect(page).toMatchObject({
      title: 'Langkah Presiden Armenia, Armen Sarkissian, meminta bantuan Pakta Pertahanan Atlantik Utara (NATO) menjadi sorotan.',
      slug: ARTICLE_SLUG,
      language: 'id',
      publisher: {name: 'Warta Ekonomi', slug: 'warta-ekonomi'},
      editor: {name: 'Muhammad Syahrianto', slug: 'muhammad-syahrianto'},
      authors: null,
      relatedLinks: [{title: 'Ibu Kota Armenia Membara, Pedemo Ibaratkan Erdogan Hitler Kedua', url: null}],
    })
    expect(page!.citedSources!.map((source) => source.name).sort()).toEqual(['Anadolu Agency', 'VIVA Militer'])
  })

  it('expands every mention in the body to the name and slug of what it names', () => {
    const mentions = page!.body!.flatMap((block) => (block._type === 'block' ? (block.markDefs ?? []) : []))
    expect(mentions.length).toBeGreaterThan(10)
    for (const mention of mentions) {
      expect(mention).toMatchObject({_type: 'mention', reference: {name: expect.any(String), slug: expect.any(String)}})
    }
    expect(mentions[0]).toMatchObject({reference: {_type: 'person', name: 'Armen Sarkissian', slug: 'armen-sarkissian'}})
  })

  it('lists the people and organizations the article mentions, once each', () => {
    expect(page!.people).toEqual([
      {name: 'Armen Sarkissian', slug: 'armen-sarkissian'},
      STOLTENBERG,
    ])
    expect(page!.organizations.map((org) => org.slug)).toEqual(['anadolu-agency', 'nato', 'csto', 'viva-militer'])
  })

  it("lists the article's quotes, both by Jens Stoltenberg", () => {
    expect(page!.quotes).toHaveLength(2)
    expect(page!.quotes.map((quote) => quote.speaker)).toEqual([STOLTENBERG, STOLTENBERG])
    expect(page!.quotes[0]!.text).toMatch(FIRST_QUOTE)
    expect(page!.quotes[0]!.quotedVia).toEqual({name: 'Anadolu Agency', slug: 'anadolu-agency'})
    expect(page!.quotes[1]!.text).toMatch(SECOND_QUOTE)
  })

  it('gives null for an unknown slug', async () => {
    expect(await run(ARTICLE_PAGE_QUERY, {slug: 'no-such-article'})).toBeNull()
  })
})

describe('the person page query', () => {
  it("lists Jens Stoltenberg's role at NATO, both his quotes and the article that mentions him", async () => {
    const page = await run<PERSON_PAGE_QUERY_RESULT>(PERSON_PAGE_QUERY, {slug: 'jens-stoltenberg'})
    expect(page).toMatchObject({name: 'Jens Stoltenberg', aliases: ['Stoltenberg']})
    expect(page!.roles).toEqual([
      {title: 'Sekrtaris Jenderal (Sekjen)', start: null, end: null, organization: {name: 'Pakta Pertahanan Atlantik Utara', acronym: 'NATO', slug: 'nato'}},
    ])
    expect(page!.quotes.map((quote) => quote.text)).toEqual([expect.stringMatching(FIRST_QUOTE), expect.stringMatching(SECOND_QUOTE)])
    expect(page!.quotes.every((quote) => quote.article?.slug === ARTICLE_SLUG)).toBe(true)
    expect(page!.mentionedIn.map((article) => article.slug)).toEqual([ARTICLE_SLUG])
  })

  it('gives the editor no quotes and no mentions', async () => {
    const page = await run<PERSON_PAGE_QUERY_RESULT>(PERSON_PAGE_QUERY, {slug: 'muhammad-syahrianto'})
    expect(page).toMatchObject({name: 'Muhammad Syahrianto', quotes: [], mentionedIn: []})
  })

  it('gives null for an unknown slug', async () => {
    expect(await run(PERSON_PAGE_QUERY, {slug: 'nobody'})).toBeNull()
  })
})

describe('the organization page query', () => {
  it('lists Jens Stoltenberg with his role on the NATO page, and the article that mentions NATO', async () => {
    const page = await run<ORGANIZATION_PAGE_QUERY_RESULT>(ORGANIZATION_PAGE_QUERY, {slug: 'nato'})
    expect(page).toMatchObject({name: 'Pakta Pertahanan Atlantik Utara', acronym: 'NATO', kind: 'intergovernmental'})
    expect(page!.people).toEqual([{...STOLTENBERG, roles: ['Sekrtaris Jenderal (Sekjen)']}])
    expect(page!.articles).toEqual([
      expect.objectContaining({slug: ARTICLE_SLUG, mentions: true, cites: false, publishes: false}),
    ])
    expect(page!.quotedVia).toEqual([])
  })

  it('shows Anadolu Agency as cited by the article and the quote taken from it', async () => {
    const page = await run<ORGANIZATION_PAGE_QUERY_RESULT>(ORGANIZATION_PAGE_QUERY, {slug: 'anadolu-agency'})
    expect(page!.articles).toEqual([expect.objectContaining({slug: ARTICLE_SLUG, cites: true})])
    expect(page!.quotedVia).toHaveLength(1)
    expect(page!.quotedVia[0]).toMatchObject({text: expect.stringMatching(FIRST_QUOTE), speaker: STOLTENBERG})
  })

  it('shows Warta Ekonomi as the publisher', async () => {
    const page = await run<ORGANIZATION_PAGE_QUERY_RESULT>(ORGANIZATION_PAGE_QUERY, {slug: 'warta-ekonomi'})
    expect(page!.articles).toEqual([expect.objectContaining({slug: ARTICLE_SLUG, publishes: true, mentions: false})])
  })

  it('gives null for an unknown slug', async () => {
    expect(await run(ORGANIZATION_PAGE_QUERY, {slug: 'nothing'})).toBeNull()
  })
})

describe('lists and search', () => {
  it("lists a speaker's quotes by the speaker's slug", async () => {
    const quotes = await run<QUOTES_BY_SPEAKER_QUERY_RESULT>(QUOTES_BY_SPEAKER_QUERY, {speaker: 'jens-stoltenberg'})
    expect(quotes.map((quote) => quote.speaker)).toEqual([STOLTENBERG, STOLTENBERG])
    expect(await run(QUOTES_BY_SPEAKER_QUERY, {speaker: 'armen-sarkissian'})).toEqual([])
  })

  it('lists the latest articles with their counts of quotes and mentions', async () => {
    const latest = await run<LATEST_ARTICLES_QUERY_RESULT>(LATEST_ARTICLES_QUERY, {limit: 5})
    expect(latest).toHaveLength(1)
    expect(latest[0]).toMatchObject({slug: ARTICLE_SLUG, publisher: 'Warta Ekonomi', quoteCount: 2})
    const mentions = (await store.query('count(*[_type == "article"][0].body[].markDefs[_type == "mention"])', {})) as number
    expect(latest[0]!.mentionCount).toBe(mentions)
    expect(mentions).toBeGreaterThan(10)
    expect(await run(LATEST_ARTICLES_QUERY, {limit: 0})).toEqual([])
  })

  it('finds Jens Stoltenberg by "stoltenberg", in any case, and NATO by its acronym', async () => {
    for (const term of ['stoltenberg', 'STOLT', 'Jens']) {
      const found = await run<SEARCH_ENTITIES_QUERY_RESULT>(SEARCH_ENTITIES_QUERY, {term})
      expect(found.map((entity) => entity.name), term).toEqual(['Jens Stoltenberg'])
    }
    const nato = await run<SEARCH_ENTITIES_QUERY_RESULT>(SEARCH_ENTITIES_QUERY, {term: 'nato'})
    expect(nato.map((entity) => entity._id)).toEqual(['organization-nato'])
    expect(await run(SEARCH_ENTITIES_QUERY, {term: 'zzzz'})).toEqual([])
  })

  it('treats a parameter as a value, never as GROQ', async () => {
    const hostile = '" || true || "'
    expect(await run(ARTICLE_PAGE_QUERY, {slug: hostile})).toBeNull()
    expect(await run(SEARCH_ENTITIES_QUERY, {term: hostile})).toEqual([])
  })

  it('lists articles for an index page', async () => {
    expect(await run(ARTICLE_LIST_QUERY, {})).toEqual([
      expect.objectContaining({slug: ARTICLE_SLUG, publisher: 'Warta Ekonomi'}),
    ])
  })
})

describe('npm run query', () => {
  const query = (...args: string[]) =>
    spawnSync('node_modules/.bin/tsx', ['scripts/query.ts', ...args, '--dataset', join(folder, 'production.ndjson')], {
      encoding: 'utf8',
      env: {...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}`},
    })

  it('prints the JSON result of a query with $params', () => {
    const result = query('*[_type == "person" && slug.current == $slug][0]{name, aliases}', '--param', 'slug=jens-stoltenberg')
    expect(result.status, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({name: 'Jens Stoltenberg', aliases: ['Stoltenberg']})
  })

  it('reads a parameter as JSON when it is JSON', () => {
    const result = query('*[_type == $type] | order(name asc) [0...$n].name', '--param', 'type=person', '--param', 'n=2')
    expect(JSON.parse(result.stdout)).toEqual(['Armen Sarkissian', 'Jens Stoltenberg'])
  })

  it('points at the position of a GROQ syntax error and exits non-zero', () => {
    const result = query('*[_type == "person" && ]')
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^error: GROQ syntax error at line 1, column 23 \(position 22\)/)
    expect(result.stderr).toContain(`\n  *[_type == "person" && ]\n  ${' '.repeat(22)}^`)
  })
})
