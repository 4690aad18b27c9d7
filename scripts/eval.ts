/**
 * npm run eval [-- --verbose] [--csv PATH]
 *
 * Scores the importer against the hand-labelled dev set (eval/devset.json, 30 articles of the shared corpus):
 * precision, recall and F1 for quotes (text and speaker), persons and organizations, and speaker accuracy.
 */
import {existsSync, readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {scoreArticle, totals, type DevArticle} from '../eval/score'
import {EntityIndex} from '../importer/documents/entityIndex'
import {importArticle} from '../importer/importArticle'
import {decodeSource} from '../importer/source/decodeSource'
import {readCorpus} from '../importer/source/readCorpus'
import {exitWhenFlushed} from './cli'

const {values} = parseArgs({
  options: {
    csv: {type: 'string', default: '../shared/corpus/detik-news.csv'},
    verbose: {type: 'boolean', short: 'v', default: false},
  },
})
if (!existsSync(values.csv)) {
  console.error(`error: ${values.csv}: corpus not found (the dev set labels articles of ../shared/corpus/detik-news.csv)`)
  await exitWhenFlushed(1)
}
const devset = JSON.parse(readFileSync('eval/devset.json', 'utf8')) as {articles: DevArticle[]}
const corpus = readCorpus(readFileSync(values.csv))
const rows = new Map(corpus.rows.map((row) => [row.id, row]))

const scores = devset.articles.map((labels) => {
  const row = rows.get(labels.id)
  if (!row) throw new Error(`dev set article ${labels.id} is not in ${values.csv}`)
  const source = decodeSource(`detik-news.csv#id=${row.id}`, row.body)
  const {documents} = importArticle(source, row.meta, new EntityIndex(), '2026-01-01T00:00:00.000Z')
  const score = scoreArticle(labels, documents)
  if (values.verbose) {
    console.log(`\n# ${labels.id} ${labels.title}`)
    for (const line of score.log) console.log(`  ${line}`)
  }
  return score
})

const all = totals(scores)
const pct = (value: number) => value.toFixed(3)
console.log(`\nDev set: ${scores.length} articles (eval/devset.json)`)
console.log('                    precision  recall     F1    (tp/pred/gold)')
for (const [label, metric] of [
  ['quotes (text+speaker)', all.quotes],
  ['persons', all.persons],
  ['organizations', all.organizations],
] as const) {
  console.log(
    `${label.padEnd(22)}${pct(metric.precision).padStart(7)}  ${pct(metric.recall).padStart(7)}  ${pct(metric.f1).padStart(7)}    (${metric.tp}/${metric.predicted}/${metric.gold})`,
  )
}
console.log(`speaker accuracy      ${pct(all.speakerAccuracy.value).padStart(7)}    (${all.speakerAccuracy.correct}/${all.speakerAccuracy.found} quotes found by text)`)
