import {useCallback} from 'react'
import {useClient} from 'sanity'

import type {Doc, Versions} from '../corrections/planCorrections'

export const API_VERSION = '2025-02-19'

/**
 * What a correction reads before it plans, with the Studio's own client (so it works against a real project too):
 * a document's published version and draft, and every document that refers to it, drafts and release versions
 * included (perspective raw).
 */
export function useCorrectionReads() {
  const client = useClient({apiVersion: API_VERSION})
  const versions = useCallback(
    async (id: string): Promise<Versions> => {
      const [published, draft] = await Promise.all([
        client.fetch<Doc | null>('*[_id == $id][0]', {id}, {perspective: 'raw'}),
        client.fetch<Doc | null>('*[_id == $id][0]', {id: `drafts.${id}`}, {perspective: 'raw'}),
      ])
      return {published, draft}
    },
    [client],
  )
  const referrers = useCallback((id: string) => client.fetch<Doc[]>('*[references($id)]', {id}, {perspective: 'raw'}), [client])
  return {client, versions, referrers}
}

export const publishedIdOf = (id: string): string => id.replace(/^drafts\./, '')
