/**
 * npm run silver:ner [-- --shared PATH] [--out PATH]
 *
 * Writes eval/ner/silver-labels.json: the importer's entity stage (with the shipped tagger) over the shared corpora's
 * articles, except the hand-labelled ones (eval/devset.json, eval/labels-*.json) and any article sharing a
 * paragraph with one. `npm run train:ner` reads it as partial labels. Deterministic: the same corpus, importer and
 * model give the same file.
 */
import {createHash} from 'node:crypto'
import {readFileSync, renameSync, writeFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {labelCorpus, readSilverCorpora, SILVER_FILE} from '../eval/ner/silverLabels'
import {loadTagger, MODEL_FILE} from '../importer/ner/tagger'
import {runCli} from './cli'

const USAGE = 'usage: npm run silver:ner [-- --shared PATH] [--out PATH]'
const LABELLED = ['eval/devset.json', 'eval/labels-detik.json', 'eval/labels-tribun.json']

const {values} = parseArgs({
  options: {
    shared: {type: 'string', default: '../shared'},
    out: {type: 'string', default: SILVER_FILE},
    debug: {type: 'boolean', default: false},
  },
})

async function main(): Promise<number> {
  const corpora = readSilverCorpora(values.shared)
  const labelled = new Map<string, Set<string>>()
  for (const file of LABELLED) {
    const corpus = file.includes('tribun') ? 'tribun-news.csv' : 'detik-news.csv'
    const {articles} = JSON.parse(readFileSync(file, 'utf8')) as {articles: {id: string}[]}
    labelled.set(corpus, new Set([...(labelled.get(corpus) ?? []), ...articles.map((article) => article.id)]))
  }
  const tagger = loadTagger()
  const teacher = {model: createHash('sha256').update(readFileSync(MODEL_FILE)).digest('hex').slice(0, 16), trainedOn: String(tagger.info.training.data)}
  const labels = labelCorpus(corpora, labelled, teacher)
  // One article per line: the file diffs by article.
  const text = `{"description": ${JSON.stringify(labels.description)},\n"teacher": ${JSON.stringify(labels.teacher)},\n"excluded": ${JSON.stringify(labels.excluded)},\n"articles": [\n${labels.articles.map((article) => JSON.stringify(article)).join(',\n')}\n]}\n`
  const temporary = `${values.out}.${process.pid}.tmp`
  writeFileSync(temporary, text)
  renameSync(temporary, values.out)
  const spans = labels.articles.reduce((sum, article) => sum + article.paragraphs.reduce((inner, [, , stored]) => inner + stored.length, 0), 0)
  console.log(`wrote ${values.out}: ${labels.articles.length} articles, ${spans} entities; ${labels.excluded.length} articles left out (labelled, or sharing a paragraph with a labelled one)`)
  return 0
}

runCli(main, {usage: USAGE})
