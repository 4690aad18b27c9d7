import type {UserViewComponent} from 'sanity/structure'

import {quoteTitle, ReferenceList, ViewFrame, type Row} from './ReferenceList'
import {useQuery} from './useQuery'

interface Found {
  quotes: {_id: string; text?: string; position?: number; article?: string; speaker?: string}[]
  articles: {_id: string; title?: string; publishedAt?: string; how: string[]}[]
}

// The quotes a person gave (or an organization was quoted via), and the articles that mention, credit or cite it.
const QUERY = `{
  "quotes": *[_type == "quote" && (speaker._ref == $id || quotedVia._ref == $id)] | order(article->publishedAt desc, position asc)
    {_id, text, position, "article": article->title, "speaker": speaker->name},
  "articles": *[_type == "article" && references($id)] | order(publishedAt desc) {
    _id, title, publishedAt,
    "how": [
      select($id in body[].markDefs[].reference._ref => "mentioned"),
      select(publisher._ref == $id => "publisher"),
      select(editor._ref == $id => "editor"),
      select($id in authors[]._ref => "author"),
      select($id in citedSources[]._ref => "cited source")
    ][defined(@)]
  }
}`

/** On a person or an organization: the quotes they gave and the articles that mention them. */
export const EntityReferencesView: UserViewComponent = ({documentId, document, schemaType}) => {
  const id = documentId.replace(/^drafts\./, '')
  const {data, error} = useQuery<Found>(QUERY, {id}, String(document.published?._rev ?? ''))
  const person = schemaType.name === 'person'
  const quotes: Row[] | undefined = data?.quotes.map((quote) => ({
    _id: quote._id,
    _type: 'quote',
    title: quoteTitle(quote.text),
    subtitle: [person ? undefined : quote.speaker, quote.article, quote.position ? `quote ${quote.position}` : undefined].filter(Boolean).join(' · '),
  }))
  const articles: Row[] | undefined = data?.articles.map((article) => ({
    _id: article._id,
    _type: 'article',
    title: article.title ?? article._id,
    subtitle: [article.publishedAt?.slice(0, 10), article.how.join(', ')].filter(Boolean).join(' · '),
  }))
  return (
    <ViewFrame error={error}>
      <ReferenceList title={person ? 'Quotes they gave' : 'Quotes given through it'} rows={quotes} empty="No quotes." testId="view-quotes" />
      <ReferenceList title="Articles that name it" rows={articles} empty="No article names it." testId="view-articles" />
    </ViewFrame>
  )
}
