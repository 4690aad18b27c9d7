/**
 * npm run train:ner [-- --epochs N] [--seed N] [--out PATH] [--debug]
 *
 * Trains the statistical tagger (importer/ner/) on NERGrit and NER-P train splits, both MIT (../shared/ner), and
 * writes importer/ner/model.bin.gz. Prints each epoch's held-out scores on their valid splits, and the written
 * model's entity-level scores there. Deterministic: the same data gives a byte-identical file. NER-UI and NER-UGM
 * are test sets: this command never reads them.
 */
import {existsSync, renameSync, writeFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

import {SingleBar} from 'cli-progress'

import {NER_DATA, NERGRIT, NERP, readSplit, splitPath, type Benchmark, type BenchmarkSentence} from '../eval/ner/benchmarks'
import {assess, countSentences, formatBins, PERSON_AND_ORGANIZATION, scoreOf, sumCounts} from '../eval/ner/score'
import {trainingSentences} from '../eval/ner/trainingSentences'
import {viterbi} from '../importer/ner/decode'
import {FEATURE_VERSION} from '../importer/ner/features'
import {listsFingerprint} from '../importer/ner/lexiconMatches'
import {ENTITY_TYPES, LABEL_COUNT, labelName} from '../importer/ner/labels'
import {decodeModel, encodeModel, type ModelInfo, type TaggerModel} from '../importer/ner/model'
import {MODEL_FILE, taggerFromModel} from '../importer/ner/tagger'
import {fitTemperature, pruneWeights, trainTagger, type TrainingSentence} from '../importer/ner/train'
import {runCli} from './cli'

const USAGE = 'usage: npm run train:ner [-- --epochs N] [--seed N] [--out PATH]'

// Chosen on the NERGrit and NER-P valid splits (never on NER-UI or NER-UGM).
const DEFAULTS = {
  epochs: 12,
  seed: 20251201,
  /** A feature must occur this often in training to get a weight. */
  minCount: 2,
  /** NERGrit is the only cased training set and a quarter of NER-P's size: each epoch reads it this many times. */
  casedRepeat: 2,
  /** Averaged weights smaller than this are dropped from the file (half the features; no loss on valid). */
  prune: 0.3,
  /** Weights are stored as int16 multiples of this (the largest are about 70). */
  weightStep: 0.05,
}

const {values} = parseArgs({
  options: {
    epochs: {type: 'string'},
    'min-count': {type: 'string'},
    'cased-repeat': {type: 'string'},
    prune: {type: 'string'},
    seed: {type: 'string'},
    out: {type: 'string', default: MODEL_FILE},
    debug: {type: 'boolean', default: false},
  },
})

const number = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${flag} ${value}: expected a non-negative number`)
  return parsed
}

const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(1)
const pct = (value: number) => (100 * value).toFixed(1).padStart(5)

/** Entity-level F1 through the tagger's text path (join, tokenize, tag, map back), as eval:ner scores. */
function entityScores(model: TaggerModel, benchmark: Benchmark, sentences: readonly BenchmarkSentence[]) {
  const tagger = taggerFromModel(model)
  const counts = countSentences(sentences, (text) => tagger.tagText(text, {cased: benchmark.cased}))
  return {counts, micro: scoreOf(sumCounts(counts, PERSON_AND_ORGANIZATION)), all: scoreOf(sumCounts(counts, ENTITY_TYPES))}
}

/** Share of words whose label the model gets right: the per-epoch figure. */
function labelAccuracy(model: TaggerModel, items: readonly TrainingSentence[]): number {
  const tagger = taggerFromModel(model)
  let right = 0
  let total = 0
  for (const item of items) {
    const n = item.sentence.words.length
    if (n === 0) continue
    const path = new Uint8Array(n)
    viterbi(tagger.emissions(item.sentence, item.cased), n, model.transitions, path, {score: new Float64Array(n * LABEL_COUNT), back: new Uint8Array(n * LABEL_COUNT)})
    for (let i = 0; i < n; i++) if (path[i] === item.labels[i]) right++
    total += n
  }
  return right / Math.max(total, 1)
}

async function main(): Promise<number> {
  const options = {
    ...DEFAULTS,
    epochs: number('epochs', values.epochs, DEFAULTS.epochs),
    minCount: number('min-count', values['min-count'], DEFAULTS.minCount),
    casedRepeat: number('cased-repeat', values['cased-repeat'], DEFAULTS.casedRepeat),
    prune: number('prune', values.prune, DEFAULTS.prune),
    seed: number('seed', values.seed, DEFAULTS.seed),
  }
  for (const benchmark of [NERGRIT, NERP]) {
    for (const split of benchmark.splits) {
      if (!existsSync(splitPath(benchmark, split))) throw new Error(`${splitPath(benchmark, split)}: not found (the training data lives in ${NER_DATA})`)
    }
  }
  const started = performance.now()
  const grit = {train: readSplit(NERGRIT, 'train'), valid: readSplit(NERGRIT, 'valid')}
  const nerp = {train: readSplit(NERP, 'train'), valid: readSplit(NERP, 'valid')}
  const gritTrain = trainingSentences(NERGRIT, grit.train)
  const nerpTrain = trainingSentences(NERP, nerp.train)
  const held = {grit: trainingSentences(NERGRIT, grit.valid), nerp: trainingSentences(NERP, nerp.valid)}
  const data = [...Array.from({length: options.casedRepeat}, () => gritTrain).flat(), ...nerpTrain]
  const words = (items: readonly TrainingSentence[]) => items.reduce((sum, item) => sum + item.sentence.words.length, 0)
  console.log(`training on NERGrit train (${gritTrain.length} sentences, ${words(gritTrain)} words, read ${options.casedRepeat}x per epoch) and NER-P train (${nerpTrain.length} sentences, ${words(nerpTrain)} words, lower case: no case features)`)
  console.log(`held out: NERGrit valid (${words(held.grit)} words), NER-P valid (${words(held.nerp)} words)`)
  console.log(`epochs ${options.epochs}, seed ${options.seed}, features seen at least ${options.minCount}x`)
  console.log('')
  console.log('        train           NERGrit valid              NER-P valid')
  console.log('epoch   sentences wrong words right  PER+ORG F1    words right  PER+ORG F1     time')

  const bar = process.stdout.isTTY ? new SingleBar({format: '  epoch {epoch} [{bar}] {percentage}% {value}/{total} sentences', clearOnComplete: true, hideCursor: true}) : undefined
  let epochStarted = performance.now()
  const trained = trainTagger(data, {
    epochs: options.epochs,
    seed: options.seed,
    minCount: options.minCount,
    onProgress: (epoch, done, total) => {
      if (!bar) return
      if (done === 0) bar.start(total, 0, {epoch})
      bar.update(done)
    },
    onEpoch: (epoch, model, mistakes) => {
      bar?.stop()
      const gritScore = entityScores(model, NERGRIT, grit.valid).micro.f1
      const nerpScore = entityScores(model, NERP, nerp.valid).micro.f1
      console.log(
        `${String(epoch).padStart(5)}   ${pct(mistakes / data.length)}%          ${pct(labelAccuracy(model, held.grit))}%      ${pct(gritScore)}        ${pct(labelAccuracy(model, held.nerp))}%      ${pct(nerpScore)}    ${seconds(epochStarted).padStart(5)} s`,
      )
      epochStarted = performance.now()
    },
  })

  const pruned = pruneWeights(trained, options.prune)
  const info: ModelInfo = {
    featureVersion: FEATURE_VERSION,
    labels: Array.from({length: LABEL_COUNT}, (_, label) => labelName(label)),
    training: {
      data: 'NERGrit train, NER-P train (indobenchmark/indonlu, MIT)',
      epochs: options.epochs,
      seed: options.seed,
      minCount: options.minCount,
      casedRepeat: options.casedRepeat,
      prune: options.prune,
      trainingWords: words(data),
      wordLists: listsFingerprint(),
    },
    temperature: 1,
  }
  const unfitted = decodeModel(encodeModel(pruned.keys, pruned.weights, pruned.transitions, info, options.weightStep), 'model')
  const tagger = taggerFromModel(unfitted)
  info.temperature = fitTemperature(unfitted, held.grit, (item) => tagger.emissions(item.sentence, item.cased))
  const file = encodeModel(pruned.keys, pruned.weights, pruned.transitions, info, options.weightStep)
  // Written whole or not at all: a temporary file renamed over the old model.
  const temporary = `${values.out}.${process.pid}.tmp`
  writeFileSync(temporary, file)
  renameSync(temporary, values.out)

  const model = decodeModel(file, values.out)
  console.log('')
  console.log(`wrote ${values.out}: ${(file.length / 1024).toFixed(0)} KiB, ${model.features.size} features (of ${trained.keys.length}), span-score temperature ${info.temperature.toFixed(2)}; ${seconds(started)} s in all`)
  console.log('')
  console.log('entity-level exact match, the written model     precision  recall    F1')
  for (const [benchmark, sentences] of [
    [NERGRIT, grit.valid],
    [NERP, nerp.valid],
  ] as const) {
    const {counts, micro, all} = entityScores(model, benchmark, sentences)
    for (const type of ENTITY_TYPES) {
      const score = scoreOf(counts[type])
      console.log(`  ${`${benchmark.name} valid  ${type}`.padEnd(44)}${pct(score.precision)}    ${pct(score.recall)}  ${pct(score.f1)}`)
    }
    console.log(`  ${`${benchmark.name} valid  PER+ORG micro`.padEnd(44)}${pct(micro.precision)}    ${pct(micro.recall)}  ${pct(micro.f1)}`)
    console.log(`  ${`${benchmark.name} valid  all three, micro`.padEnd(44)}${pct(all.precision)}    ${pct(all.recall)}  ${pct(all.f1)}`)
  }
  console.log('')
  console.log('span scores against how often such spans were right (NERGrit valid fitted the temperature; NER-P valid did not)')
  for (const [benchmark, sentences] of [
    [NERGRIT, grit.valid],
    [NERP, nerp.valid],
  ] as const) {
    const tagger = taggerFromModel(model)
    console.log(`  ${benchmark.name.padEnd(8)} ${formatBins(assess(sentences, (text) => tagger.tagText(text, {cased: benchmark.cased})).bins)}`)
  }
  return 0
}

runCli(main, {usage: USAGE})
