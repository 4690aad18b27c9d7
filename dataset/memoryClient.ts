import type {ValidationClient} from '@sanity/validation'
import {evaluate, parse} from 'groq-js'
import {from, type Observable} from 'rxjs'

export interface StoredDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

/**
 * The part of a Sanity client that validation uses (GROQ fetch and document lookups), answered from
 * documents held in memory with groq-js, so reference and custom rules run offline against a local dataset.
 */
export function createMemoryClient(documents: Iterable<StoredDocument>): ValidationClient {
  const dataset = [...documents]
  const byId = new Map(dataset.map((doc) => [doc._id, doc]))

  async function fetch(query: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const tree = parse(query, {params})
    const value = await evaluate(tree, {
      dataset,
      params,
      dereference: async ({_ref}: {_ref: string}) => byId.get(_ref) ?? null,
    })
    return value.get()
  }

  function request({url}: {url: string}): Observable<unknown> {
    const match = /\/data\/doc\/[^/]+\/([^?]+)/.exec(url)
    if (!match?.[1]) return from(Promise.reject(new Error(`memory client: unsupported request ${url}`)))
    const ids = decodeURIComponent(match[1]).split(',')
    return from(
      Promise.resolve({
        documents: ids.flatMap((id) => byId.get(id) ?? []),
        omitted: ids.filter((id) => !byId.has(id)).map((id) => ({id, reason: 'existence'})),
      }),
    )
  }

  const client = {
    fetch,
    getDataUrl: (operation: string, path?: string) => `/data/${operation}/local${path ? `/${path}` : ''}`,
    observable: {
      fetch: (query: string, params?: Record<string, unknown>) => from(fetch(query, params)),
      request,
    },
    withConfig: () => client,
  }
  return client as unknown as ValidationClient
}
