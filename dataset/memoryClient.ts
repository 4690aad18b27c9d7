import type {ValidationClient} from '@sanity/validation'
import {from, type Observable} from 'rxjs'

import {DocumentStore, type StoredDocument} from './documentStore'

export type {StoredDocument}

/**
 * The part of a Sanity client that validation uses (GROQ fetch and document lookups), answered from
 * documents held in memory with groq-js, so reference and custom rules run offline against a local dataset.
 */
export function createMemoryClient(documents: Iterable<StoredDocument> | DocumentStore): ValidationClient {
  const store = documents instanceof DocumentStore ? documents : new DocumentStore(documents)
  const fetch = (query: string, params: Record<string, unknown> = {}) => store.query(query, params)

  function request({url}: {url: string}): Observable<unknown> {
    const match = /\/data\/doc\/[^/]+\/([^?]+)/.exec(url)
    if (!match?.[1]) return from(Promise.reject(new Error(`memory client: unsupported request ${url}`)))
    const ids = decodeURIComponent(match[1]).split(',')
    return from(
      Promise.resolve({
        documents: ids.flatMap((id) => store.get(id) ?? []),
        omitted: ids.filter((id) => !store.get(id)).map((id) => ({id, reason: 'existence'})),
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
