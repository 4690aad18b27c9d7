/**
 * Full-text search (`[@, _id] match text::query($q)`, server/textQuery.ts) narrowed by the store's word index:
 * every search must find exactly the documents a scan of every document finds, through puts, replacements and
 * deletes, and the index must be what narrows.
 */
import {describe, expect, it} from 'vitest'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {documentText} from '../dataset/indexes/wordIndex'
import {matchesTextQuery, parseTextQuery, rewriteTextQueries} from '../server/textQuery'
import {seededRandom, type SeededRandom} from './helpers/seededRandom'

const WORDS = ['Joko', 'Widodo', 'jokowi', 'Bank', 'Indonesia', 'NATO', 'Armenia', 'Öcalan', 'İstanbul', 'straße', 'M.Si', 'pt-x', 'KPK', 'kpk2', 'Prabowo', 'Subianto', '2024', 'yang', 'dan']

function text(random: SeededRandom): string {
  return Array.from({length: 1 + random.below(6)}, () => random.pick(WORDS)).join(random.pick([' ', ', ', '-', ' (', '. ']))
}

function documentOf(random: SeededRandom, id: string): StoredDocument {
  const document: StoredDocument = {_id: id, _type: random.pick(['article', 'person', 'organization'])}
  if (random.chance(0.8)) document.name = text(random)
  if (random.chance(0.5)) document.aliases = [text(random), random.chance(0.3) ? 7 : text(random)]
  if (random.chance(0.5)) document.body = [{_type: 'block', _key: text(random), children: [{_type: 'span', text: text(random)}]}]
  if (random.chance(0.2)) document.ref = {_ref: text(random)}
  return document
}

const SEARCHES = ['joko', 'jok*', 'widodo joko', '"joko widodo"', 'bank -indonesia', '-nato', 'öcalan', 'istanbul', 'i̇stanbul', 'strasse', 'straße', 'm.si', 'si', 'pt', 'kpk*', '2024', 'nothingatall', 'Prabowo Sub*', '"subianto prabowo"', 'yang dan']

/** The ids a scan of every document finds, sorted. */
const scanned = (store: DocumentStore, search: string) =>
  store.all().filter((document) => matchesTextQuery(documentText(document), parseTextQuery(search))).map((document) => document._id).sort()

/** The ids the rewrite gives the query (every id when it matches all), sorted. */
function found(store: DocumentStore, search: string): string[] {
  const {params} = rewriteTextQueries('*[[@, _id] match text::query($q)]', {q: search}, store)
  const ids = (params.__textMatches0 as string[] | undefined) ?? store.all().map((document) => document._id)
  return [...ids].sort()
}

describe('full-text search through the word index', () => {
  it.each([1, 2, 3])('finds what a scan finds, through puts, replacements and deletes (seed %i)', (seed) => {
    const random = seededRandom(seed)
    const store = new DocumentStore(Array.from({length: 150}, (_, n) => documentOf(random, `doc-${n}`)))
    let nonEmpty = 0
    for (let round = 0; round < 4; round++) {
      for (const search of SEARCHES) {
        const expected = scanned(store, search)
        if (expected.length > 0) nonEmpty++
        expect(found(store, search), `seed ${seed}, round ${round}, search ${JSON.stringify(search)}`).toEqual(expected)
      }
      for (let write = 0; write < 25; write++) {
        const id = `doc-${random.below(170)}`
        if (random.chance(0.3)) store.delete(id)
        else store.put(documentOf(random, id))
      }
    }
    expect(nonEmpty).toBeGreaterThan(SEARCHES.length)
  })

  it('checks only the documents the rarest required word gives', () => {
    const documents: StoredDocument[] = Array.from({length: 500}, (_, n) => ({_id: `p-${n}`, _type: 'person', name: n === 7 ? 'Jens Stoltenberg' : `Person ${n}`}))
    const store = new DocumentStore(documents)
    expect(store.withWord('stoltenberg', false).map((document) => document._id)).toEqual(['p-7'])
    expect(store.withWord('stolt', true).map((document) => document._id)).toEqual(['p-7'])
    expect(store.withWord('person', false)).toHaveLength(499)
    store.put({_id: 'p-8', _type: 'person', name: 'Stoltenberg again'})
    store.delete('p-7')
    expect(store.withWord('stoltenberg', false).map((document) => document._id)).toEqual(['p-8'])
    expect(found(store, 'person stoltenberg')).toEqual([])
    expect(found(store, 'stolten*')).toEqual(['p-8'])
  })
})
