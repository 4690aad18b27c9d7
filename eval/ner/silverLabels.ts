/**
 * The silver labels file (eval/ner/silver-labels.json): where the importer's entity stage found entities in the
 * unlabelled corpus articles, as offsets into their paragraphs. Labels only, like devset.json: the text stays in
 * the corpus. Kept as a file so that training reads a fixed teacher: re-deriving the labels in `train:ner` would
 * use the model being replaced, and each run would train on what the last one taught.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {analyzeArticle} from '../../importer/analyzeArticle'
import {tokenize, type Token} from '../../importer/entities/tokens'
import {splitArticle, type Paragraph} from '../../importer/lines/splitArticle'
import {ENTITY_TYPES, type EntityType} from '../../importer/ner/labels'
import type {TrainingSentence} from '../../importer/ner/train'
import {decodeSource} from '../../importer/source/decodeSource'
import {readCorpus, type CorpusRow} from '../../importer/source/readCorpus'
import {ImportError} from '../../model/errors'
import {silverSentences, silverSpans, type SilverOptions, type SilverSpan} from './silverSentences'

/** [start, end, type index in ENTITY_TYPES]: character offsets in the paragraph. */
type StoredSpan = [number, number, number]

export interface SilverArticle {
  /** `<corpus file>#id=<id>`. */
  name: string
  /** The first 16 hex digits of the body's SHA-256, as decodeSource gives it. */
  sha256: string
  /** Each body paragraph: its source line, its length, its entities. */
  paragraphs: [line: number, length: number, spans: StoredSpan[]][]
}

export interface SilverLabels {
  description: string
  /** What made the labels: the tagger model file (first 16 hex digits of its SHA-256) and what it was trained on. */
  teacher: {model: string; trainedOn: string}
  /** Articles left out because they are labelled, or share a paragraph with one. */
  excluded: string[]
  articles: SilverArticle[]
}

export interface CorpusFile {
  /** The file's name as labels name it: `detik-news.csv`. */
  file: string
  rows: readonly CorpusRow[]
}

export const SILVER_FILE = 'eval/ner/silver-labels.json'
const SILVER_CORPORA = ['detik-news.csv', 'tribun-news.csv']

/** The corpora the silver labels are made from, read from the shared folder. */
export function readSilverCorpora(shared: string): CorpusFile[] {
  return SILVER_CORPORA.map((file) => {
    const path = join(shared, 'corpus', file)
    if (!existsSync(path)) throw new Error(`${path}: corpus not found`)
    return {file, rows: readCorpus(readFileSync(path)).rows}
  })
}

const articleName = (file: string, id: string) => `${file}#id=${id}`

/** Paragraphs of a corpus row as the importer reads them; none if it cannot read the row. */
function paragraphsOf(file: string, row: CorpusRow): {paragraphs: Paragraph[]; sha256: string} | undefined {
  try {
    const source = decodeSource(articleName(file, row.id), row.body)
    return {paragraphs: splitArticle(source.text).paragraphs, sha256: source.sha256.slice(0, 16)}
  } catch (error) {
    if (error instanceof ImportError) return undefined
    throw error
  }
}

/**
 * Runs the importer's entity stage over every article except the labelled ones (`labelled`: corpus file -> ids)
 * and any article that shares a body paragraph with a labelled one (the corpus republishes stories under new ids).
 */
export function labelCorpus(corpora: readonly CorpusFile[], labelled: ReadonlyMap<string, ReadonlySet<string>>, teacher: SilverLabels['teacher']): SilverLabels {
  const labelledText = new Set<string>()
  for (const {file, rows} of corpora) {
    for (const row of rows) {
      if (!labelled.get(file)?.has(row.id)) continue
      for (const paragraph of paragraphsOf(file, row)?.paragraphs ?? []) labelledText.add(paragraph.text.trim())
    }
  }
  const excluded: string[] = []
  const articles: SilverArticle[] = []
  for (const {file, rows} of corpora) {
    for (const row of rows) {
      const name = articleName(file, row.id)
      const read = paragraphsOf(file, row)
      if (!read || read.paragraphs.length === 0) continue
      if (labelled.get(file)?.has(row.id) || read.paragraphs.some((paragraph) => labelledText.has(paragraph.text.trim()))) {
        excluded.push(name)
        continue
      }
      const {parts, entities} = analyzeArticle(decodeSource(name, row.body))
      const spans = silverSpans(parts.paragraphs, entities)
      articles.push({
        name,
        sha256: read.sha256,
        paragraphs: parts.paragraphs.map((paragraph, at) => [paragraph.line, paragraph.text.length, spans[at]!.map((span): StoredSpan => [span.start, span.end, ENTITY_TYPES.indexOf(span.type)])]),
      })
    }
  }
  return {
    description:
      "Silver entity labels: the importer's entity stage (npm run silver:ner) over the corpus articles that are not hand-labelled (eval/devset.json, eval/labels-*.json) and share no paragraph with one. Offsets into each body paragraph (line in the source, its length); labels only, the text stays in the corpus.",
    teacher,
    excluded,
    articles,
  }
}

/**
 * The silver labels as training sentences over today's corpus. An article whose text or paragraphs differ from
 * what was labelled (the corpus or splitArticle changed) is an error: the labels must be made again.
 */
export function silverTrainingSentences(labels: SilverLabels, corpora: readonly CorpusFile[], options: SilverOptions & {neverNamed?: number}): TrainingSentence[] {
  const rows = new Map(corpora.flatMap(({file, rows}) => rows.map((row) => [articleName(file, row.id), {file, row}] as const)))
  const stale = (name: string, why: string) => new Error(`${SILVER_FILE}: ${name} ${why}; make the labels again (npm run silver:ner)`)
  // The corpus republishes stories: a sentence met again is read once.
  const seen = new Set<string>()
  const paragraphs = labels.articles.flatMap((article) => {
    const found = rows.get(article.name)
    if (!found) throw stale(article.name, 'is not in the corpus')
    const read = paragraphsOf(found.file, found.row)
    if (!read || read.sha256 !== article.sha256) throw stale(article.name, 'has changed')
    const byLine = new Map(read.paragraphs.map((paragraph) => [paragraph.line, paragraph]))
    return article.paragraphs.map(([line, length, stored]) => {
      const paragraph = byLine.get(line)
      if (!paragraph || paragraph.text.length !== length) throw stale(article.name, `line ${line} is no longer the paragraph it was`)
      const tokens = tokenize(paragraph.text)
      const spans = stored.map(([start, end, type]) => {
        if (!tokens.some((token) => token.start === start) || !tokens.some((token) => token.end === end)) throw stale(article.name, `line ${line}: ${start}-${end} is not a run of words`)
        return {start, end, type: ENTITY_TYPES[type] as EntityType}
      })
      return {text: paragraph.text, tokens, spans}
    })
  })
  const outside = options.neverNamed ? neverNamed(paragraphs, options.neverNamed) : undefined
  const sentences = paragraphs.flatMap(({text, spans}) => silverSentences(text, spans, {...options, outside}))
  return sentences.filter(({sentence}) => {
    const key = sentence.words.join(' ')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Capitalised words the importer never counted as part of a name in any story, though met at least `times`
 * times: "Presiden", "Senin", "OTT", "Menurut". Without them every capitalised word would be open, and the tagger
 * would learn that an acronym is an organization from the ones the importer labels, never the ones it passed over.
 */
function neverNamed(paragraphs: readonly {tokens: readonly Token[]; spans: readonly SilverSpan[]}[], times: number): Set<string> {
  const named = new Set<string>()
  const seen = new Map<string, number>()
  for (const {tokens, spans} of paragraphs) {
    for (const token of tokens) {
      if (!/\p{Lu}/u.test(token.text)) continue
      if (spans.some((span) => span.start < token.end && token.start < span.end)) named.add(token.text)
      else seen.set(token.text, (seen.get(token.text) ?? 0) + 1)
    }
  }
  return new Set([...seen].filter(([word, count]) => count >= times && !named.has(word)).map(([word]) => word))
}
