import {createClient, type Mutation} from '@sanity/client'

import type {SanityConfig} from './config'

export const API_VERSION = '2025-02-19'

/** What the import writes: a create that is a no-op if the id exists, a replace, a guarded patch, or a delete. */
export type SanityMutation =
  | {createIfNotExists: {_id: string; _type: string; [field: string]: unknown}}
  | {createOrReplace: {_id: string; _type: string; [field: string]: unknown}}
  | {patch: {id: string; ifRevisionID?: string; set?: Record<string, unknown>; unset?: string[]}}
  | {delete: {id: string}}

/** One mutation's result, as Sanity reports it: `none` is a createIfNotExists that found the id taken. */
export interface MutationOutcome {
  id: string
  operation: 'create' | 'update' | 'delete' | 'none'
}

/**
 * The part of the Sanity HTTP API the import uses, one request per call and no retries of its own: the caller
 * retries (see send.ts). Failures are @sanity/client's errors (`statusCode`, `response.headers`, `details`) or, for a
 * connection that failed, an Error without a status.
 */
export interface SanityApi {
  query<R>(query: string, params: Record<string, unknown>, perspective: 'raw' | 'published'): Promise<R>
  mutate(mutations: readonly SanityMutation[]): Promise<MutationOutcome[]>
}

/**
 * @sanity/client set up for importing: no CDN, `maxRetries: 0` (it would retry only some reads and never a
 * mutation, ignoring retry-after), and `visibility: sync` so that a read right after a write sees it.
 */
export function sanityApi(config: SanityConfig): SanityApi {
  const client = createClient({
    projectId: config.projectId,
    dataset: config.dataset,
    token: config.token,
    apiVersion: API_VERSION,
    useCdn: false,
    maxRetries: 0,
    timeout: 120_000,
    ...(config.apiHost ? {apiHost: config.apiHost, useProjectHostname: false} : {}),
  })
  return {
    query: (query, params, perspective) =>
      client.fetch(query, params, {perspective, filterResponse: true, returnQuery: false, tag: 'news-import'}),
    async mutate(mutations) {
      const response = await client.mutate(mutations as Mutation[], {returnDocuments: false, visibility: 'sync', tag: 'news-import'})
      return response.results
    },
  }
}
