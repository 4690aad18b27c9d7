import {defineQuery} from 'groq'

/** Every article, newest first, for an index page. */
export const ARTICLE_LIST_QUERY = defineQuery(`*[_type == "article" && defined(slug.current)]
  | order(coalesce(publishedAt, _createdAt) desc) {
    _id,
    title,
    "slug": slug.current,
    publishedAt,
    "publisher": publisher->name
  }`)
