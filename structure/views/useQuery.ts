import {useEffect, useState} from 'react'
import {useClient} from 'sanity'

/**
 * A GROQ query through the Studio's client, as an editor sees the dataset (drafts over published: each document once,
 * as last saved), run again when `key` changes (the document's revision).
 */
export function useQuery<T>(query: string, params: Record<string, unknown>, key: string): {data?: T; error?: string} {
  const client = useClient({apiVersion: '2025-02-19'})
  const [state, setState] = useState<{data?: T; error?: string}>({})
  const serialized = JSON.stringify(params)
  useEffect(() => {
    let current = true
    client
      .fetch<T>(query, JSON.parse(serialized) as Record<string, unknown>, {perspective: 'drafts'})
      .then((data) => current && setState({data}))
      .catch((error: Error) => current && setState({error: error.message}))
    return () => {
      current = false
    }
  }, [client, query, serialized, key])
  return state
}
