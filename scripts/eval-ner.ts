/**
 * npm run eval:ner [-- --importer] [--folds] [--no-speed] | [-- --trace [VERDICT]]
 *
 * Scores the statistical tagger (importer/ner/), or with --importer the importer's whole entity stage (rules and
 * tagger as the importer combines them, each sentence imported as a one-paragraph story), on the NER-UI and NER-UGM test folds (../shared/ner): each
 * sentence is joined into running text, tokenised by the project's tokenizer, tagged, and its character spans are
 * mapped back onto the benchmark's tokens; CoNLL-style exact match, per type and micro PER+ORG, averaged over
 * the five folds; how often spans of each score were right; then the tagger's speed over the shared corpus, and
 * its model's load time. Scores only: nothing here trains or tunes the tagger (these benchmarks are test sets).
 *
 * --trace: the policy that combines rules and tagger (importer/entities/passes/modelProposals.ts), verdict by verdict,
 * on NERGrit valid (a tuning set: the tagger never trains on it): how many of the spans each verdict took or turned
 * down were right, so a change in a score can be traced to one rule. With a VERDICT ("below threshold"), its spans.
 * Never on NER-UI or NER-UGM, which are only ever scored.
 */
import {existsSync, readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {NER_DATA, NERGRIT, NERUGM, NERUI, readSplit, splitPath, type Benchmark} from '../eval/ner/benchmarks'
import {joinTokens} from '../eval/ner/joinTokens'
import {assess, formatBins, meanScore, PERSON_AND_ORGANIZATION, scoreOf, sumCounts, tokensOfSpan, type Extractor, type Score, type ScoreBin} from '../eval/ner/score'
import {findEntities} from '../importer/entities/findEntities'
import {tokenize} from '../importer/entities/tokens'
import {ENTITY_TYPES} from '../importer/ner/labels'
import {listsFingerprint} from '../importer/ner/lexiconMatches'
import {loadTagger, MODEL_FILE} from '../importer/ner/tagger'
import {readCorpus} from '../importer/source/readCorpus'
import {runCli} from './cli'

const USAGE = 'usage: npm run eval:ner [-- --importer] [--folds] [--no-speed] [--csv PATH] | [-- --trace [VERDICT]]'

const {values, positionals} = parseArgs({
  options: {
    folds: {type: 'boolean', default: false},
    importer: {type: 'boolean', default: false},
    'no-speed': {type: 'boolean', default: false},
    csv: {type: 'string', default: '../shared/corpus/detik-news.csv'},
    debug: {type: 'boolean', default: false},
    trace: {type: 'boolean', default: false},
  },
  allowPositionals: true,
})

const pct = (value: number) => (100 * value).toFixed(1).padStart(6)
const row = (label: string, score: Score) => `  ${label.padEnd(26)}${pct(score.precision)}  ${pct(score.recall)}  ${pct(score.f1)}`

/** One benchmark's five test folds through an extractor: per type and micro, each averaged over the folds. */
function scoreBenchmark(benchmark: Benchmark, extract: Extractor): void {
  const bins: ScoreBin[][] = []
  const rows: [string, Score[]][] = [
    ...ENTITY_TYPES.map((type): [string, Score[]] => [type === 'PLACE' ? 'PLACE (LOCATION)' : type, []]),
    ['PER+ORG micro', []],
    ['PER+ORG+PLACE micro', []],
  ]
  for (const split of benchmark.splits) {
    const sentences = readSplit(benchmark, split)
    const {counts, bins: scored} = assess(sentences, extract)
    bins.push(scored)
    const fold = [...ENTITY_TYPES.map((type) => scoreOf(counts[type])), scoreOf(sumCounts(counts, PERSON_AND_ORGANIZATION)), scoreOf(sumCounts(counts, ENTITY_TYPES))]
    fold.forEach((score, index) => rows[index]![1].push(score))
  }
  console.log(`\n${benchmark.name}, ${benchmark.splits.length}-fold test average        precision  recall      F1`)
  for (const [label, scores] of rows) console.log(row(label, meanScore(scores)))
  if (values.folds) console.log(`  PER+ORG micro F1 by fold:  ${rows.find(([label]) => label === 'PER+ORG micro')![1].map((score, index) => `${benchmark.splits[index]} ${(100 * score.f1).toFixed(1)}`).join(',  ')}`)
  const pooled = bins[0]!.map((bin, index) => ({...bin, spans: bins.reduce((sum, fold) => sum + fold[index]!.spans, 0), right: bins.reduce((sum, fold) => sum + fold[index]!.right, 0)}))
  if (pooled.some((bin) => bin.spans > 0)) console.log(`  spans by score, share right:  ${formatBins(pooled)}`)
}

/** Tokens per second over every paragraph of the corpus, as the importer will call the tagger. */
function measureSpeed(csv: string): void {
  const corpus = readCorpus(readFileSync(csv))
  const paragraphs = corpus.rows.flatMap((item) => new TextDecoder().decode(item.body).split(/\r?\n/).filter((line) => line.trim() !== ''))
  const tokenized = paragraphs.map((text) => ({text, tokens: tokenize(text)}))
  const tokenCount = tokenized.reduce((sum, item) => sum + item.tokens.length, 0)
  const tagger = loadTagger()
  let spans = 0
  const rounds: number[] = []
  for (let round = 0; round < 3; round++) {
    const started = performance.now()
    spans = 0
    for (const {text, tokens} of tokenized) spans += tagger.tagTokens(text, tokens).length
    rounds.push(performance.now() - started)
  }
  const [first, ...warm] = rounds
  const best = Math.min(...warm)
  console.log(`\nspeed: ${corpus.rows.length} articles, ${paragraphs.length} paragraphs, ${tokenCount} tokens, ${spans} entities`)
  console.log(`  first pass (cold word cache) ${first!.toFixed(0)} ms = ${Math.round(tokenCount / (first! / 1000))} tokens/s`)
  console.log(`  later passes                 ${best.toFixed(0)} ms = ${Math.round(tokenCount / (best / 1000))} tokens/s`)
}

/** The importer's entity stage on one sentence as a story: every mention of a person or organization it found. */
const importerEntities: Extractor = (text) => {
  const entities = findEntities([{key: 'p1', line: 1, text}])
  return entities.mentions.map((mention) => {
    const entity = entities.byKey.get(mention.entity)!
    return {start: mention.start, end: mention.end, type: entity.kind === 'person' ? 'PERSON' : 'ORGANIZATION'}
  })
}

/** Each verdict of the policy on NERGrit valid: spans right and wrong, by type and by one word or more. */
function trace(verdict: string | undefined): void {
  const tally = new Map<string, {right: number; wrong: number; spans: string[]}>()
  for (const sentence of readSplit(NERGRIT, 'valid')) {
    const {text, offsets} = joinTokens(sentence.tokens)
    const gold = new Set(sentence.entities.map((entity) => `${entity.type} ${entity.start} ${entity.end}`))
    findEntities([{key: 'p1', line: 1, text}], undefined, (proposal) => {
      const tokens = proposal.start === undefined ? undefined : tokensOfSpan(offsets, proposal.start, proposal.end!)
      const right = tokens !== undefined && gold.has(`${proposal.type} ${tokens.start} ${tokens.end}`)
      const key = `${proposal.type.padEnd(13)} ${proposal.verdict}${proposal.name?.includes(' ') === false ? ' (one word)' : ''}`
      const entry = tally.get(key) ?? {right: 0, wrong: 0, spans: []}
      if (right) entry.right++
      else entry.wrong++
      if (verdict && proposal.verdict === verdict) entry.spans.push(`${right ? 'right' : 'wrong'} ${proposal.score.toFixed(2)}  ${proposal.name}  :: ${text}`)
      tally.set(key, entry)
    })
  }
  console.log(`NERGrit valid (a tuning set): the tagger's spans by the policy's verdict\n  ${'type and verdict'.padEnd(52)} right  wrong  share right`)
  for (const [key, {right, wrong}] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${key.padEnd(52)}${String(right).padStart(6)} ${String(wrong).padStart(6)}  ${((100 * right) / (right + wrong)).toFixed(0).padStart(5)}%`)
  }
  for (const [key, {spans}] of tally) if (spans.length > 0) console.log(`\n${key}\n${spans.map((span) => `  ${span}`).join('\n')}`)
}

async function main(): Promise<number> {
  if (values.trace) {
    if (!existsSync(splitPath(NERGRIT, 'valid'))) throw new Error(`${splitPath(NERGRIT, 'valid')}: not found (the benchmarks live in ${NER_DATA})`)
    trace(positionals[0])
    return 0
  }
  for (const benchmark of [NERUI, NERUGM]) {
    for (const split of benchmark.splits) {
      if (!existsSync(splitPath(benchmark, split))) throw new Error(`${splitPath(benchmark, split)}: not found (the benchmarks live in ${NER_DATA})`)
    }
  }
  const loadStarted = performance.now()
  const tagger = loadTagger()
  const loadMs = performance.now() - loadStarted
  console.log(`tagger: ${MODEL_FILE} (${tagger.info.training.data}), loaded in ${loadMs.toFixed(0)} ms`)
  if (tagger.info.training.wordLists !== listsFingerprint()) {
    console.log('note: the word lists in importer/language/id changed since the model was trained; npm run train:ner learns them')
  }
  const extract: Extractor = values.importer ? importerEntities : (text) => tagger.tagText(text)
  if (values.importer) console.log('scoring the importer: every person and organization it annotates in the text')
  for (const benchmark of [NERUI, NERUGM]) scoreBenchmark(benchmark, extract)
  console.log('\nPublished, all types, 5-fold (IndoLEM): BiLSTM-CRF 82.2 NER-UI / 70.9 NER-UGM; IndoBERT 90.1 / 74.9.')
  if (!values['no-speed']) {
    if (existsSync(values.csv)) measureSpeed(values.csv)
    else console.log(`\nspeed: skipped, ${values.csv} not found`)
  }
  return 0
}

runCli(main, {usage: USAGE})
