/** Ids and keys the importer gives, the same for the same input on every run. */
import {createHash} from 'node:crypto'

/**
 * `quote-<article slug>-<n>`: the whole slug, so that articles whose slugs share a beginning (or `-2` after a
 * duplicate title) never share a quote id. Slugs are at most 96 characters and `-<n>` ends in digits, so the id
 * stays under Sanity's 128 and no other article's slug and position spell the same id.
 */
export function quoteId(articleId: string, position: number): string {
  return `quote-${articleId.replace(/^article-/, '')}-${position}`
}

/**
 * One role as one article tells it: the title's slug and a hash of the whole article id, so that the same role in two
 * articles is two roles (each with its source), however long the title or the id.
 */
export function roleKey(title: string, articleId: string): string {
  return `${slugify(title, 40)}-${createHash('sha256').update(articleId).digest('hex').slice(0, 10)}`
}

/** What makes two roles one: the same title at the same organization, learned from the same article. */
export function roleIdentity(role: unknown): string {
  const {title, organization, source} = (role ?? {}) as {title?: unknown; organization?: {_ref?: unknown}; source?: {_ref?: unknown}}
  return JSON.stringify([title ?? null, organization?._ref ?? null, source?._ref ?? null])
}

/** Lower-case ASCII words joined by dashes, cut at a dash to at most `maxLength`: the slug of an id. */
export function slugify(text: string, maxLength = 96): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug.length <= maxLength) return slug
  const cut = slug.slice(0, maxLength + 1)
  const lastDash = cut.lastIndexOf('-')
  return (lastDash > maxLength / 2 ? cut.slice(0, lastDash) : slug.slice(0, maxLength)).replace(/-+$/, '')
}
