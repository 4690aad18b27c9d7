import type {ArticleMeta} from '../documents/buildDocuments'
import {ImportError} from '../../model/errors'
import {stripControls} from './controlCharacters'
import {httpUrl} from './readCorpus'

/** `2025-06-10`, or a date-time with its zone: `2025-06-10T07:11:00+07:00`, `2025-06-10T00:11:00.000Z`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/

/**
 * A metadata file's bytes (`story.meta.json`: `{"title", "url", "publishedAt", "tags", "publisher"}`) as the
 * article's metadata, checked field by field: one ImportError naming `name` and the field on the first problem.
 * Titles, tags and the publisher lose control characters; blank and repeated tags are dropped.
 */
export function parseMeta(name: string, bytes: Uint8Array): ArticleMeta {
  let meta: unknown
  try {
    meta = JSON.parse(new TextDecoder('utf-8', {fatal: true}).decode(bytes))
  } catch (error) {
    throw new ImportError(`${name}: not valid JSON${error instanceof TypeError ? ' (not valid UTF-8)' : ''}`)
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) throw new ImportError(`${name}: metadata must be a JSON object`)
  const {title, url, publishedAt, tags, publisher} = meta as Record<string, unknown>
  if (title !== undefined && typeof title !== 'string') throw new ImportError(`${name}: "title" must be a string`)
  if (publisher !== undefined && typeof publisher !== 'string') throw new ImportError(`${name}: "publisher" must be a string`)
  if (url !== undefined && (typeof url !== 'string' || !httpUrl(url))) throw new ImportError(`${name}: "url" must be an http(s) URL`)
  if (publishedAt !== undefined && (typeof publishedAt !== 'string' || !ISO_DATE.test(publishedAt) || Number.isNaN(Date.parse(publishedAt)))) {
    throw new ImportError(`${name}: "publishedAt" must be an ISO 8601 date or date-time with its zone (2025-06-10T07:11:00+07:00)`)
  }
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) throw new ImportError(`${name}: "tags" must be a list of strings`)
  const clean = (text: unknown) => (typeof text === 'string' ? stripControls(text).trim() : '')
  const cleanTags = [...new Set(((tags ?? []) as string[]).map(clean).filter(Boolean))]
  return {
    ...(clean(title) ? {title: clean(title)} : {}),
    ...(clean(publisher) ? {publisher: clean(publisher)} : {}),
    ...(url ? {url: url as string} : {}),
    ...(publishedAt ? {publishedAt: new Date(publishedAt as string).toISOString()} : {}),
    ...(cleanTags.length > 0 ? {tags: cleanTags} : {}),
  }
}
