/**
 * npm run build:word-classes [-- --out PATH]
 *
 * Groups the words of unlabelled news text into classes (importer/ner/clusterWords.ts) and writes
 * importer/ner/word-classes.tsv.gz, which the tagger reads as features. The text: the article bodies of
 * ../shared/corpus (detik.com, Tribun) and the words (no labels) of the NERGrit and NER-P train splits. Never the
 * NER-UI or NER-UGM test sets. Deterministic: the same text gives a byte-identical file. Retrain the tagger after
 * (npm run train:ner).
 */
import {readFileSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {gzipSync} from 'node:zlib'

import {NERGRIT, NERP, readSplit} from '../eval/ner/benchmarks'
import {joinTokens} from '../eval/ner/joinTokens'
import {clusterWords, formatWordClasses} from '../importer/ner/clusterWords'
import {sentencesOfText} from '../importer/ner/sentences'
import {WORD_CLASSES_FILE} from '../importer/ner/wordClasses'
import {readCorpus} from '../importer/source/readCorpus'
import {runCli} from './cli'

const USAGE = 'usage: npm run build:word-classes [-- --out PATH] [--shared PATH]'

const OPTIONS = {minCount: 3, vocabulary: 30000, contexts: 2000, granularities: [64, 512], iterations: 25}

const {values} = parseArgs({
  options: {
    out: {type: 'string', default: WORD_CLASSES_FILE},
    shared: {type: 'string', default: '../shared'},
    debug: {type: 'boolean', default: false},
  },
})

async function main(): Promise<number> {
  const started = performance.now()
  const texts: string[] = []
  for (const file of ['detik-news.csv', 'tribun-news.csv']) {
    const {rows} = readCorpus(readFileSync(join(values.shared, 'corpus', file)))
    for (const row of rows) texts.push(...new TextDecoder().decode(row.body).split(/\n+/))
  }
  for (const benchmark of [NERGRIT, NERP]) for (const sentence of readSplit(benchmark, 'train')) texts.push(joinTokens(sentence.tokens).text)
  const sentences = texts.flatMap((text) => sentencesOfText(text).map((sentence) => sentence.words.map((word) => word.toLowerCase())))
  const words = sentences.reduce((sum, sentence) => sum + sentence.length, 0)
  const result = clusterWords(sentences, OPTIONS)
  const file = gzipSync(Buffer.from(formatWordClasses(result, OPTIONS.granularities)), {level: 9})
  const temporary = `${values.out}.${process.pid}.tmp`
  writeFileSync(temporary, file)
  renameSync(temporary, values.out)
  console.log(`${sentences.length} sentences, ${words} words; ${result.words.length} words in ${OPTIONS.granularities.join(' and ')} classes`)
  console.log(`wrote ${values.out}: ${(file.length / 1024).toFixed(0)} KiB; ${((performance.now() - started) / 1000).toFixed(1)} s`)
  if (values.debug) {
    for (let c = 0; c < 20; c++) console.log(c, result.words.filter((_, w) => result.classes[1]![w] === c).slice(0, 12).join(' '))
  }
  return 0
}

runCli(main, {usage: USAGE})
