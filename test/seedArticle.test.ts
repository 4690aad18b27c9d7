import {readFileSync} from 'node:fs'

import {beforeAll, describe, expect, it} from 'vitest'

import {validateDocuments} from '../dataset/validateDocuments'
import type {NewsDocument} from '../model/documents'
import {EntityIndex} from '../importer/documents/entityIndex'
import {importArticle} from '../importer/importArticle'
import {decodeSource} from '../importer/source/decodeSource'
import {DEFAULT_SOURCE} from '../seed/sources'
import {hasShared, NEEDS_SHARED, SHARED_SOURCE} from './helpers/shared'

// The source article, line by line as it is on disk (1-based: LINES[1] is line 1).
const SOURCE_BYTES = readFileSync(DEFAULT_SOURCE)
const LINES = ['', ...new TextDecoder().decode(SOURCE_BYTES).split('\n')]

interface Span {
  text: string
  marks: string[]
}
interface Block {
  _key: string
  markDefs: {_key: string; _type: string; reference: {_ref: string}}[]
  children: Span[]
}
type Ref = {_ref: string}

let documents: NewsDocument[]
let warnings: string[]
const byType = (type: string) => documents.filter((document) => document._type === type)
const byId = (id: string) => documents.find((document) => document._id === id)
const article = () => byType('article')[0]!
const body = () => article().body as Block[]
const blockText = (block: Block) => block.children.map((child) => child.text).join('')
const personNamed = (name: string) => byType('person').find((person) => person.name === name)
const organizationNamed = (acronymOrName: string) =>
  byType('organization').find((org) => org.acronym === acronymOrName || org.name === acronymOrName)

beforeAll(() => {
  const source = decodeSource(DEFAULT_SOURCE, SOURCE_BYTES)
  ;({documents, warnings} = importArticle(source, {}, new EntityIndex(), '2026-01-01T00:00:00.000Z'))
})

describe('the source article (Warta Ekonomi: Armenia asks NATO for help)', () => {
  it.skipIf(!hasShared(SHARED_SOURCE))(`keeps a byte-identical copy of the shared source ${NEEDS_SHARED}`, () => {
    expect(SOURCE_BYTES.equals(readFileSync(SHARED_SOURCE))).toBe(true)
  })

  it('becomes one Indonesian article whose title is derived from its first sentence', () => {
    expect(byType('article')).toHaveLength(1)
    expect(article().language).toBe('id')
    expect(article().title).toBe(
      'Langkah Presiden Armenia, Armen Sarkissian, meminta bantuan Pakta Pertahanan Atlantik Utara (NATO) menjadi sorotan.',
    )
    expect(article().provenance).toMatchObject({titleSource: 'derived from first sentence', sourceName: DEFAULT_SOURCE})
  })

  it('has a body of exactly 8 blocks: source lines 1, 2, 4, 5, 6, 7, 8 and 9 verbatim', () => {
    expect(body().map(blockText)).toEqual([1, 2, 4, 5, 6, 7, 8, 9].map((line) => LINES[line]))
    expect(blockText(body()[3]!)).toContain('Sekrtaris')
    expect(blockText(body()[0]!)).toContain('sebagi')
  })

  it('makes the "Baca Juga" line a related link with its headline', () => {
    expect(article().relatedLinks).toEqual([
      expect.objectContaining({_type: 'relatedLink', title: 'Ibu Kota Armenia Membara, Pedemo Ibaratkan Erdogan Hitler Kedua'}),
    ])
  })

  it('takes the publisher, Warta Ekonomi, from the promo line and keeps the promo out of the body', () => {
    const publisher = byId((article().publisher as Ref)._ref)
    expect(publisher).toMatchObject({_type: 'organization', name: 'Warta Ekonomi', kind: 'media'})
    expect(body().some((block) => blockText(block).includes('Google News'))).toBe(false)
  })

  it('makes Muhammad Syahrianto the editor, not an author or a mention', () => {
    const editor = personNamed('Muhammad Syahrianto')!
    expect((article().editor as Ref)._ref).toBe(editor._id)
    expect(article().authors).toBeUndefined()
    expect(JSON.stringify(article().body)).not.toContain(editor._id)
  })

  it('gives no tags for an empty "Tag Terkait:" line', () => {
    expect(article().tags).toBeUndefined()
  })

  it('keeps the text and its sha256 in provenance', () => {
    const provenance = article().provenance as {originalText: string; sha256: string; importerVersion: string}
    expect(provenance.originalText).toBe(LINES.slice(1).join('\n'))
    expect(provenance.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(provenance.importerVersion).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('finds exactly three persons: Armen Sarkissian, Jens Stoltenberg and the editor', () => {
    expect(byType('person').map((person) => person.name).sort()).toEqual([
      'Armen Sarkissian',
      'Jens Stoltenberg',
      'Muhammad Syahrianto',
    ])
    expect(JSON.stringify(documents)).not.toMatch(/"name":"[^"]*Erdogan/)
  })

  it('knows Armen Sarkissian as Sarkissian, Presiden Armenia', () => {
    const sarkissian = personNamed('Armen Sarkissian')!
    expect(sarkissian.aliases).toEqual(['Sarkissian'])
    expect(sarkissian.roles).toEqual([
      expect.objectContaining({_type: 'role', title: 'Presiden Armenia', source: expect.objectContaining({_ref: article()._id})}),
    ])
  })

  it('knows Jens Stoltenberg as Stoltenberg, Sekretaris Jenderal (Sekjen) of NATO', () => {
    const stoltenberg = personNamed('Jens Stoltenberg')!
    const nato = organizationNamed('NATO')!
    expect(stoltenberg.aliases).toEqual(['Stoltenberg'])
    const roles = stoltenberg.roles as {title: string; organization?: Ref}[]
    expect(roles).toHaveLength(1)
    expect(roles[0]!.title).toMatch(/^Sek(?:re|r)taris Jenderal \(Sekjen\)$/)
    expect(roles[0]!.organization?._ref).toBe(nato._id)
  })

  it('finds exactly five organizations, with NATO and CSTO under their Indonesian names', () => {
    expect(byType('organization').map((org) => org.name).sort()).toEqual([
      'Anadolu Agency',
      'Pakta Pertahanan Atlantik Utara',
      'Pakta Pertahanan Keamanan Bersama',
      'VIVA Militer',
      'Warta Ekonomi',
    ])
    expect(organizationNamed('NATO')).toMatchObject({name: 'Pakta Pertahanan Atlantik Utara', acronym: 'NATO', _id: 'organization-nato'})
    expect(organizationNamed('NATO')!.aliases).toBeUndefined()
    expect(organizationNamed('CSTO')!.aliases).toBeUndefined()
    expect(organizationNamed('CSTO')).toMatchObject({name: 'Pakta Pertahanan Keamanan Bersama', acronym: 'CSTO'})
  })

  it('cites VIVA Militer and Anadolu Agency as sources', () => {
    const cited = (article().citedSources as Ref[]).map((ref) => byId(ref._ref)?.name)
    expect(cited.sort()).toEqual(['Anadolu Agency', 'VIVA Militer'])
  })

  it('records Armenia, Azerbaijan, Rusia, Belgia, Brussels and Nagorno-Karabakh (Artsakh) as places, not organizations', () => {
    const places = article().places as string[]
    for (const place of ['Armenia', 'Azerbaijan', 'Rusia', 'Belgia', 'Brussels', 'Nagorno-Karabakh', 'Artsakh']) {
      expect(places).toContain(place)
      expect(organizationNamed(place)).toBeUndefined()
    }
    expect(organizationNamed('Google News')).toBeUndefined()
  })

  it('finds exactly two quotes, both by Jens Stoltenberg, in the paragraphs they sit in', () => {
    const quotes = byType('quote')
    const stoltenberg = personNamed('Jens Stoltenberg')!
    const anadolu = organizationNamed('Anadolu Agency')!
    expect(quotes).toHaveLength(2)
    const [first, second] = quotes as NewsDocument[]
    expect(first).toMatchObject({
      text: LINES[7]!.slice(1, LINES[7]!.indexOf(',"')),
      speaker: {_ref: stoltenberg._id},
      article: {_ref: article()._id},
      paragraphKey: body()[5]!._key,
      verb: 'ujar',
      quotedVia: {_ref: anadolu._id},
      kind: 'direct',
    })
    expect(first!.text).toMatch(/^Saya mengingatkan Presiden \(Armenia\).*lebih dari 25 tahun$/)
    expect(second).toMatchObject({
      speaker: {_ref: stoltenberg._id},
      article: {_ref: article()._id},
      paragraphKey: body()[7]!._key,
      verb: 'kata',
      kind: 'direct',
    })
    expect(second!.text).toMatch(/^NATO sangat prihatin.*harus dihentikan$/)
    expect(second!.quotedVia).toBeUndefined()
    expect(warnings).toEqual([])
  })

  it('annotates every body occurrence of Sarkissian, Stoltenberg, NATO and CSTO with a mention of the right document', () => {
    const expected: [RegExp, string][] = [
      [/Sarkissian/g, personNamed('Armen Sarkissian')!._id],
      [/Stoltenberg/g, personNamed('Jens Stoltenberg')!._id],
      [/NATO/g, organizationNamed('NATO')!._id],
      [/CSTO/g, organizationNamed('CSTO')!._id],
    ]
    for (const [pattern, id] of expected) {
      let occurrences = 0
      let annotated = 0
      for (const block of body()) {
        occurrences += [...blockText(block).matchAll(pattern)].length
        for (const span of block.children) {
          const def = block.markDefs.find((mark) => span.marks.includes(mark._key))
          if (def?.reference._ref === id) annotated += [...span.text.matchAll(pattern)].length
        }
      }
      expect(occurrences, String(pattern)).toBeGreaterThan(0)
      expect(annotated, String(pattern)).toBe(occurrences)
    }
  })

  it('uses <type>-<slug> ids with no dots', () => {
    for (const document of documents) expect(document._id).toMatch(new RegExp(`^${document._type}-[a-z0-9-]+$`))
  })

  it('produces documents that pass the schema validation', async () => {
    const problems = await validateDocuments(documents)
    expect(problems.filter((problem) => problem.level === 'error')).toEqual([])
  })
})
