/**
 * Queries parsed once per text (dataset/parseGroq.ts): the tree parsed without parameters is reused for every
 * parameter value, except where groq-js parses by the value, and every answer stays what groq-js gives.
 */
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {parseGroq} from '../dataset/parseGroq'

const documents: StoredDocument[] = [
  {_id: 'a', _type: 'list', items: ['zero', 'one', 'two'], x: {name: 'in x'}, n: 2},
  {_id: 'b', _type: 'list', items: [{k: 'name'}], n: 5},
]

/** groq-js as it is meant to be called: parsed with the parameters. */
async function groqJs(query: string, params: Record<string, unknown>): Promise<unknown> {
  return (await evaluate(parse(query, {params}), {dataset: documents, params})).get()
}

const CASES: [string, Record<string, unknown>][] = [
  // An element with a number, an attribute with a string, a filter otherwise: groq-js decides by the value.
  ['*[_id == "a"][0].items[$i]', {i: 1}],
  ['*[_id == "a"][0].items[$i]', {i: 2}],
  ['*[_id == "a"][0][$field]', {field: 'x'}],
  ['*[_id == "a"][0].items[$i + 1]', {i: 0}],
  ['*[_id == "a"][0].items[$flag]', {flag: true}],
  // Slices need numbers when parsed: each limit its own tree.
  ['*[_type == "list"] | order(_id asc) [0...$limit]._id', {limit: 1}],
  ['*[_type == "list"] | order(_id asc) [0...$limit]._id', {limit: 2}],
  ['*[_type == "list"] | order(_id asc) [$from..$to]._id', {from: 1, to: 1}],
  // A custom function, whose `$v` is its own: always parsed with the parameters, as groq-js does.
  ['fn ex::pick($v) = $v{_id, n}; *[_type == "list"]{"p": ex::pick(@), "q": $n}', {n: 10}],
  // Plain parameters: one tree for all values.
  ['*[_type == $type && n > $min]._id', {type: 'list', min: 3}],
  ['*[_type == $type && n > $min]._id', {type: 'list', min: 0}],
]

describe('queries parsed once per text', () => {
  it.each(CASES)('%s with %j answers what groq-js answers', async (query, params) => {
    const store = new DocumentStore(documents)
    expect(await store.query(query, params)).toEqual(await groqJs(query, params))
  })

  it('reuses one tree for every value of a plain parameter, and parses by the value where groq-js does', () => {
    const plain = '*[_type == $type && n > $min]._id'
    expect(parseGroq(plain, {type: 'a', min: 1})).toBe(parseGroq(plain, {type: 'b', min: 2}))
    const element = '*[0].items[$i]'
    expect(parseGroq(element, {i: 1})).not.toBe(parseGroq(element, {i: 2}))
    expect(parseGroq(element, {i: 1})).toBe(parseGroq(element, {i: 1}))
    expect(parseGroq(element, {i: 1})).toEqual(parse(element, {params: {i: 1}}))
  })

  it('throws what groq-js throws for a query that does not parse', () => {
    for (const query of ['*[', '*[0...$n]', 'round(1, 2, 3)']) {
      const expected = (() => {
        try {
          parse(query, {params: {n: 'x'}})
        } catch (error) {
          return (error as Error).message
        }
      })()
      expect(expected, query).toBeDefined()
      expect(() => parseGroq(query, {n: 'x'}), query).toThrow(expected!)
    }
  })
})
