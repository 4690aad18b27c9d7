/**
 * The reference rewrite behind the Studio's "Merge into…" and "Not a person / Not an organization" actions
 * (corrections/): on every reference field of the content model, drafts included, sent as the Studio sends it, with
 * @sanity/client, to the local server that speaks Sanity's API; and what it refuses.
 */
import {afterAll, describe, expect, it} from 'vitest'

import {planMerge, planRejection, webHash, withoutAnnotations, type Doc} from '../corrections/planCorrections'
import {referenceFields, referencesIn} from '../corrections/referenceSites'
import {canonicalJson, fingerprint, hashOf} from '../dataset/fingerprint'
import {compiledSchema} from '../dataset/schema'
import {validateDocuments} from '../dataset/validateDocuments'
import {documentTypes} from '../schemas'
import {SanityServers} from './helpers/sanityTarget'

const servers = new SanityServers()
afterAll(async () => {
  await servers.closeAll()
  servers.dirs.cleanup()
})

const ref = (id: string) => ({_type: 'reference', _ref: id})
const keyed = (id: string, key: string) => ({_type: 'reference', _key: key, _ref: id})
const block = (key: string, parts: [text: string, markRef?: string][]) => {
  const markDefs = parts.flatMap(([, markRef], at) => (markRef ? [{_type: 'mention', _key: `m${at}`, reference: ref(markRef)}] : []))
  return {
    _type: 'block',
    _key: key,
    style: 'normal',
    markDefs,
    children: parts.map(([text, markRef], at) => ({_type: 'span', _key: `s${at}`, text, marks: markRef ? [`m${at}`] : []})),
  }
}
const stamped = (document: Doc): Doc => ({...document, importFingerprint: fingerprint(document)})

const A = 'person-prabowo'
const B = 'person-prabowo-subianto'
const X = 'organization-kemenhan'
const Z = 'organization-kementerian-pertahanan'

/**
 * A small dataset in which the people A and B and the organizations X and Z are referred to from every reference
 * field of the model that can point at a person or an organization, and from drafts.
 */
function dataset(): Doc[] {
  const article: Doc = stamped({
    _id: 'article-menhan',
    _type: 'article',
    title: 'Menhan bertemu',
    slug: {_type: 'slug', current: 'menhan'},
    language: 'id',
    body: [block('p1', [['Menteri ', undefined], ['Prabowo', A], [' dari ', undefined], ['Kemenhan', X], [' bicara.', undefined]]), block('p2', [['Kata ', undefined], ['Prabowo', A], ['.', undefined]])],
    publisher: ref(X),
    editor: ref(A),
    authors: [keyed(A, 'prabowo'), keyed(B, 'prabowo-subianto')],
    citedSources: [keyed(X, 'kemenhan')],
  })
  const people: Doc[] = [
    stamped({_id: A, _type: 'person', name: 'Prabowo', slug: {_type: 'slug', current: 'prabowo'}, aliases: ['Pak Prabowo'], roles: [{_type: 'role', _key: 'menhan-1', title: 'Menteri Pertahanan', organization: ref(X), source: {...ref('article-menhan'), _weak: true}}]}),
    stamped({_id: B, _type: 'person', name: 'Prabowo Subianto', slug: {_type: 'slug', current: 'prabowo-subianto'}, aliases: ['Subianto']}),
    {_id: 'person-dahnil', _type: 'person', name: 'Dahnil Anzar Simanjuntak', slug: {_type: 'slug', current: 'dahnil'}, roles: [{_type: 'role', _key: 'jubir', title: 'Juru Bicara', organization: ref(X)}]},
  ]
  const organizations: Doc[] = [
    stamped({_id: X, _type: 'organization', name: 'Kemenhan', slug: {_type: 'slug', current: 'kemenhan'}, kind: 'government'}),
    stamped({_id: Z, _type: 'organization', name: 'Kementerian Pertahanan', slug: {_type: 'slug', current: 'kementerian-pertahanan'}, acronym: 'Kemhan', kind: 'government'}),
    {_id: 'organization-tni-ad', _type: 'organization', name: 'TNI Angkatan Darat', slug: {_type: 'slug', current: 'tni-ad'}, kind: 'government', parent: ref(X)},
  ]
  const quote: Doc = stamped({
    _id: 'quote-menhan-1',
    _type: 'quote',
    text: 'Kita kuat.',
    speaker: ref(A),
    article: ref('article-menhan'),
    paragraphKey: 'p2',
    quotedVia: ref(X),
    kind: 'direct',
  })
  // An earlier merge into A: its survivor reference moves too.
  const decision: Doc = {_id: 'entityDecision-merge-person-prabowo-s', _type: 'entityDecision', decision: 'merge', entityType: 'person', names: ['Prabowo S'], entityId: 'person-prabowo-s', survivor: {...ref(A), _weak: true}}
  const earlierOrgMerge: Doc = {_id: 'entityDecision-merge-organization-kemhan-ri', _type: 'entityDecision', decision: 'merge', entityType: 'organization', names: ['Kemhan RI'], entityId: 'organization-kemhan-ri', survivor: {...ref(X), _weak: true}}
  // Drafts: an editor's unpublished changes refer to them too.
  const drafts: Doc[] = [
    {...structuredClone(article), _id: `drafts.${article._id}`, title: 'Menhan bertemu (draft)'},
    {...structuredClone(quote), _id: `drafts.${quote._id}`, text: 'Kita kuat sekali.'},
    {...structuredClone(people[0]!), _id: `drafts.${A}`, description: 'Menteri Pertahanan'},
  ]
  return [...organizations, ...people, article, quote, decision, earlierOrgMerge, ...drafts]
}

const ndjson = (documents: Doc[]) => documents.map((document) => JSON.stringify(document)).join('\n') + '\n'

async function serverWith(documents: Doc[]) {
  return servers.start({documents: ndjson(documents)})
}

/** What the Studio's action reads before planning: the versions of both, and every document referring to the merged one. */
async function readFor(client: Awaited<ReturnType<typeof serverWith>>['client'], id: string) {
  const raw = {perspective: 'raw' as const}
  const [published, draft, referrers] = await Promise.all([
    client.fetch<Doc | null>('*[_id == $id][0]', {id}, raw),
    client.fetch<Doc | null>('*[_id == $id][0]', {id: `drafts.${id}`}, raw),
    client.fetch<Doc[]>('*[references($id)]', {id}, raw),
  ])
  return {published, draft, referrers}
}

describe('the reference fields, read from the schema', () => {
  it('are every reference of the model, in Portable Text annotations and objects too', () => {
    const fields = referenceFields(compiledSchema, documentTypes.map((type) => type.name)).map((field) => `${field.place} -> ${field.to.join('|')}${field.weak ? ' (weak)' : ''}`)
    expect(fields).toEqual([
      'article.body[block].markDefs[mention].reference -> person|organization',
      'article.publisher -> organization',
      'article.editor -> person',
      'article.authors[reference] -> person',
      'article.citedSources[reference] -> organization',
      'person.roles[role].organization -> organization',
      'person.roles[role].source -> article (weak)',
      'organization.parent -> organization',
      'quote.speaker -> person',
      'quote.article -> article',
      'quote.quotedVia -> organization',
      'entityDecision.survivor -> person|organization (weak)',
    ])
  })

  it('are all held by the test dataset, pointing at a person or an organization, in drafts as well', () => {
    const canPoint = referenceFields(compiledSchema, documentTypes.map((type) => type.name)).filter((field) => field.to.some((type) => type === 'person' || type === 'organization'))
    const held = new Set(dataset().flatMap((document) => referencesIn(document, compiledSchema).sites.filter((site) => [A, X].includes(site.ref)).map((site) => site.place)))
    const inDrafts = new Set(dataset().filter((document) => document._id.startsWith('drafts.')).flatMap((document) => referencesIn(document, compiledSchema).sites.map((site) => site.place)))
    expect(canPoint.map((field) => field.place).filter((place) => !held.has(place))).toEqual([])
    expect(inDrafts.size).toBeGreaterThanOrEqual(5)
  })

  it('tells a mention annotation from other references, and finds a _ref the schema does not declare', () => {
    const article = {...dataset().find((document) => document._id === 'article-menhan')!, legacyWriter: {_type: 'reference', _ref: A}}
    const {sites, undeclared} = referencesIn(article, compiledSchema)
    expect(sites.filter((site) => site.annotation).map((site) => [site.annotation!.blockPath, site.annotation!.markKey, site.fieldTitle])).toEqual([
      [['body', {_key: 'p1'}], 'm1', 'Body'],
      [['body', {_key: 'p1'}], 'm3', 'Body'],
      [['body', {_key: 'p2'}], 'm1', 'Body'],
    ])
    expect(sites.find((site) => site.place === 'article.authors[reference]')?.fieldTitle).toBe('Authors (byline)')
    expect(undeclared).toEqual([{path: ['legacyWriter'], ref: A}])
  })
})

describe('Merge into…', () => {
  it('moves every reference to the merged person, drafts included, in one transaction the API takes; its names become aliases', async () => {
    const {client} = await serverWith(dataset())
    const merged = await readFor(client, A)
    const survivor = await readFor(client, B)
    const plan = await planMerge(merged, survivor, {schema: compiledSchema, referrers: merged.referrers, now: '2026-01-05T10:00:00.000Z', user: 'Local editor'})
    expect(plan.problems).toEqual([])
    expect(plan.counts).toEqual([
      {documentType: 'article', documents: 2, fields: {Body: 4, Editor: 2, 'Authors (byline)': 2}},
      {documentType: 'quote', documents: 2, fields: {Speaker: 2}},
      {documentType: 'entityDecision', documents: 1, fields: {'Merged into': 1}},
    ])
    await client.mutate(plan.mutations as never, {visibility: 'sync'})

    const raw = {perspective: 'raw' as const}
    expect(await client.fetch('*[references($id)]._id', {id: A}, raw)).toEqual([])
    expect(await client.fetch('*[_id in [$id, "drafts." + $id]]._id', {id: A}, raw)).toEqual([])
    const after = await client.fetch<Doc>('*[_id == $id][0]', {id: B}, raw)
    expect(after.aliases).toEqual(['Subianto', 'Prabowo', 'Pak Prabowo'])
    expect((after.roles as {title: string}[]).map((role) => role.title)).toEqual(['Menteri Pertahanan'])
    // The authors held both: the moved one would repeat the survivor, so it goes.
    const article = await client.fetch<Doc>('*[_id == "article-menhan"][0]', {}, raw)
    expect(article.authors).toEqual([keyed(B, 'prabowo-subianto')])
    expect(article.editor).toEqual(ref(B))
    const draft = await client.fetch<Doc>('*[_id == "drafts.article-menhan"][0]', {}, raw)
    expect(draft.title).toBe('Menhan bertemu (draft)')
    expect((draft.body as {markDefs: {reference: {_ref: string}}[]}[]).flatMap((paragraph) => paragraph.markDefs.map((markDef) => markDef.reference._ref))).toEqual([B, X, B])
    expect(await client.fetch('*[_id == "drafts.quote-menhan-1"][0].speaker._ref', {}, raw)).toBe(B)
    expect(await client.fetch('*[_id == "entityDecision-merge-person-prabowo-s"][0].survivor', {}, raw)).toEqual({...ref(B), _weak: true})
    expect(await client.fetch('*[_id == "entityDecision-merge-person-prabowo"][0]{decision, entityType, names, entityId, survivor, decidedBy}', {}, raw)).toEqual({
      decision: 'merge',
      entityType: 'person',
      names: ['Prabowo', 'Pak Prabowo'],
      entityId: A,
      survivor: {...ref(B), _weak: true},
      decidedBy: 'Local editor',
    })
    // What the plan said it would leave is what the server holds.
    for (const [id, document] of plan.after) {
      const held = await client.fetch<Doc | null>('*[_id == $id][0]', {id}, raw)
      expect(held === null ? null : canonicalJson(held), id).toBe(document === null ? null : canonicalJson(document))
    }
  })

  it('moves every reference to a merged organization: mentions, publisher, cited sources, quoted via, roles and parents', async () => {
    const {client} = await serverWith(dataset())
    const merged = await readFor(client, X)
    const plan = await planMerge(merged, await readFor(client, Z), {schema: compiledSchema, referrers: merged.referrers, now: '2026-01-05T10:00:00.000Z'})
    expect(plan.problems).toEqual([])
    expect(plan.counts).toEqual(
      expect.arrayContaining([
        {documentType: 'article', documents: 2, fields: {Body: 2, Publisher: 2, 'Cited sources': 2}},
        {documentType: 'quote', documents: 2, fields: {'Quoted via': 2}},
        {documentType: 'person', documents: 3, fields: {'Roles and affiliations': 3}},
        {documentType: 'organization', documents: 1, fields: {'Parent organization': 1}},
      ]),
    )
    await client.mutate(plan.mutations as never, {visibility: 'sync'})
    const raw = {perspective: 'raw' as const}
    expect(await client.fetch('*[references($id)]._id', {id: X}, raw)).toEqual([])
    expect(await client.fetch('*[_id == $id][0]{acronym, aliases}', {id: Z}, raw)).toEqual({acronym: 'Kemhan', aliases: ['Kemenhan']})
    expect(await client.fetch('*[_id == "organization-tni-ad"][0].parent._ref', {}, raw)).toBe(Z)
    // The result is valid content: no reference dangles, no list repeats an item.
    const all = await client.fetch<Doc[]>('*', {}, raw)
    const errors = (await validateDocuments(all as never, [])).filter((problem) => problem.level === 'error')
    expect(errors).toEqual([])
  })

  it("keeps a document the importer owned the importer's: its fingerprint is that of the corrected content; an editor's stays an editor's", async () => {
    const documents = dataset()
    const merged = {published: documents.find((document) => document._id === A)!, draft: null}
    const plan = await planMerge(merged, {published: documents.find((document) => document._id === B)!}, {schema: compiledSchema, referrers: documents.filter((document) => JSON.stringify(document).includes(`"${A}"`)), now: 'now'})
    const quote = plan.after.get('quote-menhan-1')!
    expect(quote.importFingerprint).toBe(fingerprint(quote))
    expect(plan.after.get(B)!.importFingerprint).toBe(fingerprint(plan.after.get(B)!))
    // The article's draft was never the importer's: its copied fingerprint stays as it was.
    const draft = plan.after.get('drafts.article-menhan')!
    expect(draft.importFingerprint).toBe(documents.find((document) => document._id === 'drafts.article-menhan')!.importFingerprint)
    expect(draft.importFingerprint).not.toBe(fingerprint(draft))
    expect(await webHash('{"a":1}')).toBe(hashOf('{"a":1}'))
  })

  it('refuses, saying why, what cannot be moved: a reference the schema does not declare, a survivor that would refer to itself, two types, itself', async () => {
    const documents = dataset()
    const get = (id: string) => documents.find((document) => document._id === id)!
    const context = (referrers: Doc[]) => ({schema: compiledSchema, referrers, now: 'now'})
    const stray = {...get('quote-menhan-1'), legacySpeaker: ref(A)}
    expect((await planMerge({published: get(A)}, {published: get(B)}, context([stray]))).problems).toEqual([
      'quote-menhan-1 refers to person-prabowo at legacySpeaker, where the schema declares no reference: it cannot be moved (fix or remove it first).',
    ])
    const parentOfSurvivor = {...get(Z), parent: ref(X)}
    expect((await planMerge({published: get(X)}, {published: parentOfSurvivor}, context([parentOfSurvivor]))).problems).toEqual([
      'Kementerian Pertahanan refers to Kemenhan in Parent organization: merged, it would refer to itself. Change that field first.',
    ])
    expect((await planMerge({published: get(A)}, {published: get(X)}, context([get('quote-menhan-1')]))).problems).toEqual([
      'Prabowo is a person and Kemenhan a organization: only two of one type can be merged.',
      'quote-menhan-1: Speaker cannot refer to a organization, so its reference cannot be moved.',
    ])
    expect((await planMerge({published: get(A)}, {published: get(A)}, context([]))).problems).toEqual(['A document cannot be merged into itself.'])
    expect((await planMerge({published: get(A)}, {draft: {...get(B), _id: `drafts.${B}`}}, context([]))).problems).toEqual([
      'Prabowo Subianto is not published: publish it first, so that references can point at it.',
    ])
  })
})

describe('Not a person / Not an organization', () => {
  it('removes the mention annotations to it, text kept; keeps the document while a quote or a credit refers to it; records the names', async () => {
    const {client} = await serverWith(dataset())
    const entity = await readFor(client, A)
    const plan = await planRejection(entity, {schema: compiledSchema, referrers: entity.referrers, now: 'now'})
    expect(plan.counts).toEqual([{documentType: 'article', documents: 2, fields: {Body: 4}}])
    expect(plan.kept).toEqual([
      {documentType: 'article', documents: 2, fields: {Editor: 2, 'Authors (byline)': 2}},
      {documentType: 'quote', documents: 2, fields: {Speaker: 2}},
      {documentType: 'entityDecision', documents: 1, fields: {'Merged into': 1}},
    ])
    const before = await client.fetch<Doc>('*[_id == "article-menhan"][0]', {}, {perspective: 'raw'})
    await client.mutate(plan.mutations as never, {visibility: 'sync'})
    const raw = {perspective: 'raw' as const}
    const article = await client.fetch<Doc>('*[_id == "article-menhan"][0]', {}, raw)
    const text = (document: Doc) => (document.body as {children: {text: string}[]}[]).map((paragraph) => paragraph.children.map((span) => span.text).join(''))
    expect(text(article)).toEqual(text(before))
    expect((article.body as {markDefs: {reference: {_ref: string}}[]}[]).flatMap((paragraph) => paragraph.markDefs.map((markDef) => markDef.reference._ref))).toEqual([X])
    expect(await client.fetch('count(*[_id in [$id, "drafts." + $id]])', {id: A}, raw)).toBe(2)
    expect(await client.fetch('*[_id == "entityDecision-reject-person-prabowo"][0]{decision, entityType, names, entityId}', {}, raw)).toEqual({
      decision: 'reject',
      entityType: 'person',
      names: ['Prabowo', 'Pak Prabowo'],
      entityId: A,
    })
  })

  it('deletes it, and its draft, when mentions were all that referred to it', async () => {
    const documents = dataset().filter((document) => !['quote-menhan-1', 'drafts.quote-menhan-1', 'entityDecision-merge-person-prabowo-s'].includes(document._id))
    for (const document of documents.filter((candidate) => candidate._type === 'article')) {
      delete document.editor
      document.authors = [keyed(B, 'prabowo-subianto')]
    }
    const {client} = await serverWith(documents)
    const entity = await readFor(client, A)
    const plan = await planRejection(entity, {schema: compiledSchema, referrers: entity.referrers, now: 'now'})
    expect(plan.kept).toEqual([])
    await client.mutate(plan.mutations as never, {visibility: 'sync'})
    expect(await client.fetch('count(*[_id in [$id, "drafts." + $id] || references($id)])', {id: A}, {perspective: 'raw'})).toBe(0)
  })

  it('joins the spans a removed mention leaves alike, keeping the block, its key and its other marks', () => {
    const paragraph = block('p1', [['Menteri ', undefined], ['Prabowo', A], [' dari ', undefined], ['Kemenhan', X]])
    expect(withoutAnnotations(paragraph, new Set(['m1']))).toEqual({
      ...paragraph,
      markDefs: [{_type: 'mention', _key: 'm3', reference: ref(X)}],
      children: [
        {_type: 'span', _key: 's0', text: 'Menteri Prabowo dari ', marks: []},
        {_type: 'span', _key: 's3', text: 'Kemenhan', marks: ['m3']},
      ],
    })
  })
})
