import type {UserViewComponent} from 'sanity/structure'

import {quoteTitle, ReferenceList, ViewFrame, type Row} from './ReferenceList'
import {useQuery} from './useQuery'

const QUERY = `*[_type == "quote" && article._ref == $id] | order(position asc) {_id, text, position, verb, "speaker": speaker->name}`

/** On an article: its quotes in the order they appear (their `position`). */
export const ArticleQuotesView: UserViewComponent = ({documentId, document}) => {
  const id = documentId.replace(/^drafts\./, '')
  const {data, error} = useQuery<{_id: string; text?: string; position?: number; verb?: string; speaker?: string}[]>(QUERY, {id}, String(document.published?._rev ?? ''))
  const rows: Row[] | undefined = data?.map((quote) => ({
    _id: quote._id,
    _type: 'quote',
    title: `${quote.position ?? '?'}. ${quoteTitle(quote.text)}`,
    subtitle: [quote.speaker ?? 'No speaker', quote.verb].filter(Boolean).join(' · '),
  }))
  return (
    <ViewFrame error={error}>
      <ReferenceList title="Quotes, in the order they appear" rows={rows} empty="The article has no quotes." testId="view-article-quotes" />
    </ViewFrame>
  )
}
