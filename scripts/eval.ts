/**
 * npm run eval [-- --verbose] [--shared PATH] [--test] [--duplicates]
 *
 * Scores the importer against the hand-labelled articles of the shared corpora: precision, recall and F1 for quotes
 * (text and speaker), persons and organizations, and speaker accuracy, for three sets apart:
 * - eval/devset.json: 30 detik.com articles the rules were tuned while looking at (the figures flatter);
 * - the dev half of eval/labels-tribun.json and eval/labels-detik.json: may be tuned on;
 * - with --test, their test half too: only ever scored, never looked at while changing the importer (so it is
 *   printed only when asked for, and never in detail).
 * With --duplicates: imports the detik.com corpus as one batch and lists the persons and organizations that look
 * like one entity under two documents, or like a wrongly cut name, by kind.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

import {findSuspects} from '../eval/duplicates'
import {scoreArticle, totals, type ArticleScore, type DevArticle} from '../eval/score'
import {EntityIndex} from '../importer/documents/entityIndex'
import {importArticle} from '../importer/importArticle'
import {decodeSource} from '../importer/source/decodeSource'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus, type CorpusRow} from '../importer/source/readCorpus'
import {exitWhenFlushed} from './cli'

const {values} = parseArgs({
  options: {
    shared: {type: 'string', default: '../shared'},
    verbose: {type: 'boolean', short: 'v', default: false},
    duplicates: {type: 'boolean', default: false},
    test: {type: 'boolean', default: false},
  },
})

if (values.duplicates) {
  const path = join(values.shared, 'corpus/detik-news.csv')
  if (!existsSync(path)) {
    console.error(`error: ${path}: corpus not found`)
    await exitWhenFlushed(1)
  }
  const batch = importBatch(corpusInputs('detik-news.csv', readCorpus(readFileSync(path)).rows), [], '2026-01-01T00:00:00.000Z')
  const suspects = findSuspects(batch.documents)
  const kinds = new Map<string, typeof suspects>()
  for (const suspect of suspects) kinds.set(suspect.kind, [...(kinds.get(suspect.kind) ?? []), suspect])
  const people = batch.documents.filter((document) => document._type === 'person').length
  const bodies = batch.documents.filter((document) => document._type === 'organization').length
  console.log(`Corpus ${path}: ${people} persons, ${bodies} organizations; ${batch.merges.length} short forms and spellings joined on import`)
  for (const [kind, found] of kinds) {
    console.log(`\n${kind}: ${found.length}`)
    for (const suspect of found.slice(0, values.verbose ? found.length : 12)) console.log(`  ${suspect.names.join('  |  ')}`)
  }
  await exitWhenFlushed(0)
}

interface LabelledSet {
  file: string
  corpus: string
  articles: (DevArticle & {split?: 'dev' | 'test'})[]
}

const SETS = [
  {file: 'eval/devset.json', corpus: 'corpus/detik-news.csv'},
  {file: 'eval/labels-detik.json', corpus: 'corpus/detik-news.csv'},
  {file: 'eval/labels-tribun.json', corpus: 'corpus/tribun-news.csv'},
]
const corpora = new Map<string, Map<string, CorpusRow>>()
const sets: LabelledSet[] = []
for (const {file, corpus} of SETS) {
  const path = join(values.shared, corpus)
  if (!existsSync(path)) {
    console.error(`error: ${path}: corpus not found (the labels are of articles in ../shared/corpus/)`)
    await exitWhenFlushed(1)
  }
  if (!corpora.has(path)) corpora.set(path, new Map(readCorpus(readFileSync(path)).rows.map((row) => [row.id, row])))
  sets.push({file, corpus: path, articles: (JSON.parse(readFileSync(file, 'utf8')) as {articles: LabelledSet['articles']}).articles})
}

function importedFrom(set: LabelledSet, labels: LabelledSet['articles'][number]) {
  const row = corpora.get(set.corpus)!.get(labels.id)
  if (!row) throw new Error(`${set.file}: article ${labels.id} is not in ${set.corpus}`)
  const source = decodeSource(`${set.corpus}#id=${row.id}`, row.body)
  return importArticle(source, row.meta, new EntityIndex(), '2026-01-01T00:00:00.000Z').documents
}

/** One article's score; with --verbose, what was missed and what was wrong (never for the test half). */
function score(set: LabelledSet, labels: LabelledSet['articles'][number]): ArticleScore {
  const result = scoreArticle(labels, importedFrom(set, labels))
  if (values.verbose) {
    console.log(`\n# ${set.file} ${labels.id} ${labels.title}`)
    for (const line of result.log) console.log(`  ${line}`)
  }
  return result
}

const groups: {label: string; scores: ArticleScore[]}[] = [
  {label: 'eval/devset.json (30 detik.com articles, tuned on)', scores: sets[0]!.articles.map((article) => score(sets[0]!, article))},
  {label: 'dev half of eval/labels-*.json (tribun + detik)', scores: []},
  {label: 'TEST half of eval/labels-*.json (tribun + detik; never tuned on)', scores: []},
]
for (const set of sets.slice(1)) {
  for (const article of set.articles) {
    if (article.split !== 'test') groups[1]!.scores.push(score(set, article))
    else if (values.test) groups[2]!.scores.push(scoreArticle(article, importedFrom(set, article)))
  }
}
if (!values.test) groups.pop()

const pct = (value: number) => value.toFixed(3)
for (const {label, scores} of groups) {
  const all = totals(scores)
  console.log(`\n${label}: ${scores.length} articles`)
  console.log('                    precision  recall     F1    (tp/pred/gold)')
  for (const [name, metric] of [
    ['quotes (text+speaker)', all.quotes],
    ['persons', all.persons],
    ['organizations', all.organizations],
  ] as const) {
    console.log(
      `${name.padEnd(22)}${pct(metric.precision).padStart(7)}  ${pct(metric.recall).padStart(7)}  ${pct(metric.f1).padStart(7)}    (${metric.tp}/${metric.predicted}/${metric.gold})`,
    )
  }
  console.log(`speaker accuracy      ${pct(all.speakerAccuracy.value).padStart(7)}    (${all.speakerAccuracy.correct}/${all.speakerAccuracy.found} quotes found by text)`)
}
