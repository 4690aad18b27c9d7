import {defineQuery} from 'groq'

// Front-end queries. Each is its own `defineQuery` so TypeGen can type it; parameters always travel as GROQ
// `$params`, never spliced into the text. Slugs are `slug.current` values, e.g. "jens-stoltenberg".

/** Every article, newest first, for an index page. */
export const ARTICLE_LIST_QUERY = defineQuery(`*[_type == "article" && defined(slug.current)]
  | order(coalesce(publishedAt, _createdAt) desc) {
    _id,
    title,
    "slug": slug.current,
    publishedAt,
    "publisher": publisher->name
  }`)

/**
 * One article page: the text with each mention expanded to what it names, the credits, the people and
 * organizations it mentions, and the quotes it carries.
 */
export const ARTICLE_PAGE_QUERY = defineQuery(`*[_type == "article" && slug.current == $slug][0] {
    _id,
    title,
    "slug": slug.current,
    language,
    lead,
    publishedAt,
    body[] {
      ...,
      markDefs[] {
        ...,
        _type == "mention" => {"reference": reference-> {_type, name, "slug": slug.current}}
      }
    },
    "publisher": publisher-> {name, "slug": slug.current},
    "editor": editor-> {name, "slug": slug.current},
    "authors": authors[]-> {name, "slug": slug.current},
    "citedSources": citedSources[]-> {name, acronym, "slug": slug.current},
    "relatedLinks": relatedLinks[] {title, url},
    places,
    tags,
    "people": *[_type == "person" && _id in ^.body[].markDefs[_type == "mention"].reference._ref]
      | order(name asc) {name, "slug": slug.current},
    "organizations": *[_type == "organization" && _id in ^.body[].markDefs[_type == "mention"].reference._ref]
      | order(name asc) {name, acronym, "slug": slug.current},
    "quotes": *[_type == "quote" && article._ref == ^._id] | order(position asc, _id asc) {
      _id,
      position,
      text,
      verb,
      paragraphKey,
      "speaker": speaker-> {name, "slug": slug.current},
      "quotedVia": quotedVia-> {name, "slug": slug.current}
    }
  }`)

/** One person's page: who they are, their quotes and the articles that mention them. */
export const PERSON_PAGE_QUERY = defineQuery(`*[_type == "person" && slug.current == $slug][0] {
    _id,
    name,
    "slug": slug.current,
    aliases,
    description,
    "roles": roles[] {
      title,
      start,
      end,
      "organization": organization-> {name, acronym, "slug": slug.current}
    },
    "quotes": *[_type == "quote" && speaker._ref == ^._id] | order(article->publishedAt desc, article._ref asc, position asc) {
      _id,
      position,
      text,
      verb,
      "article": article-> {title, "slug": slug.current}
    },
    "mentionedIn": *[_type == "article" && ^._id in body[].markDefs[_type == "mention"].reference._ref]
      | order(coalesce(publishedAt, _createdAt) desc) {title, "slug": slug.current, publishedAt}
  }`)

/** One organization's page: the people with a role there, the articles that mention or cite it, quotes via it. */
export const ORGANIZATION_PAGE_QUERY = defineQuery(`*[_type == "organization" && slug.current == $slug][0] {
    _id,
    name,
    "slug": slug.current,
    acronym,
    aliases,
    kind,
    "parent": parent-> {name, "slug": slug.current},
    "people": *[_type == "person" && ^._id in roles[].organization._ref] | order(name asc) {
      name,
      "slug": slug.current,
      "roles": roles[organization._ref == ^.^._id].title
    },
    "articles": *[_type == "article" && (
        ^._id in body[].markDefs[_type == "mention"].reference._ref ||
        ^._id in citedSources[]._ref ||
        publisher._ref == ^._id
      )] | order(coalesce(publishedAt, _createdAt) desc) {
      title,
      "slug": slug.current,
      publishedAt,
      "mentions": ^._id in body[].markDefs[_type == "mention"].reference._ref,
      "cites": ^._id in citedSources[]._ref,
      "publishes": publisher._ref == ^._id
    },
    "quotedVia": *[_type == "quote" && quotedVia._ref == ^._id] | order(article->publishedAt desc, article._ref asc, position asc) {
      _id,
      position,
      text,
      "speaker": speaker-> {name, "slug": slug.current},
      "article": article-> {title, "slug": slug.current}
    }
  }`)

/** A speaker's quotes, newest article first, and within an article in the order they appear. */
export const QUOTES_BY_SPEAKER_QUERY = defineQuery(`*[_type == "quote" && speaker->slug.current == $speaker]
  | order(article->publishedAt desc, article._ref asc, position asc) {
    _id,
    position,
    text,
    verb,
    "speaker": speaker-> {name, "slug": slug.current},
    "article": article-> {title, "slug": slug.current, publishedAt}
  }`)

/** The latest articles, with how many quotes and mentions each carries. `$limit` articles at most. */
export const LATEST_ARTICLES_QUERY = defineQuery(`*[_type == "article" && defined(slug.current)]
  | order(coalesce(publishedAt, _createdAt) desc, _id asc) [0...$limit] {
    _id,
    title,
    "slug": slug.current,
    publishedAt,
    "publisher": publisher->name,
    "quoteCount": count(*[_type == "quote" && article._ref == ^._id]),
    "mentionCount": count(body[].markDefs[_type == "mention"])
  }`)

/**
 * People and organizations whose name, acronym or an alias has a word starting with `$term`, in any case:
 * "stolt" finds Jens Stoltenberg, "nato" finds Pakta Pertahanan Atlantik Utara (NATO). At most 20.
 */
export const SEARCH_ENTITIES_QUERY = defineQuery(`*[_type in ["person", "organization"] && (
    name match ($term + "*") || acronym match ($term + "*") || aliases[] match ($term + "*")
  )] | order(name asc) [0...20] {
    _id,
    _type,
    name,
    acronym,
    aliases,
    "slug": slug.current
  }`)
