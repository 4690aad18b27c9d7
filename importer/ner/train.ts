/**
 * Training: an averaged structured perceptron (Collins 2002) over the tagger's own features and decoder, so what
 * is trained is exactly what tags. Deterministic: a seeded shuffle, fixed epochs, features in order of first
 * appearance, no clock and no randomness beyond the seed.
 */
import {spanScorer, START_ROW as START, viterbi} from './decode'
import {BEGIN, contextFeatures, END, wordFeatures, type WordFeatures} from './features'
import {LABEL_COUNT, spansOfLabels} from './labels'
import {FeatureTable, type TaggerModel} from './model'
import type {Sentence} from './sentences'
import {mulberry32} from '../../model/mulberry32'

// A local copy, as in decode.ts: hot loops read it.
const L = LABEL_COUNT
const START_ROW = START

export interface TrainingSentence {
  sentence: Sentence
  /** Gold label per word (labels.ts), a valid BIO path. */
  labels: Uint8Array
  /** False for lower-cased text (NER-P): its case features are never emitted, so never learnt. */
  cased: boolean
}

export interface TrainingOptions {
  epochs: number
  seed: number
  /** Features seen fewer times in the training data are dropped: they would only memorise. */
  minCount: number
  /** After each epoch, with the weights averaged so far: for held-out scores. */
  onEpoch?: (epoch: number, model: TaggerModel, mistakes: number) => void
  /** Progress within an epoch, sentences done of total. */
  onProgress?: (epoch: number, done: number, total: number) => void
}

export interface TrainedWeights {
  keys: Uint32Array
  /** keys.length x L, averaged. */
  weights: Float64Array
  transitions: Float64Array
}

/** Every word's features as rows, flat: word w's rows are rows[offsets[w] .. offsets[w + 1]). */
interface FeatureRows {
  keys: Uint32Array
  rows: Int32Array
  offsets: Int32Array
  /** First word of each sentence in the flat arrays. */
  sentenceStart: Int32Array
}

/**
 * Every feature key of each word of a sentence, as training sees them: the word's own, its neighbours' in their
 * roles, and its place in the sentence. The tagger sums the same weights by a faster road (cached per word); a
 * test holds the two to the same scores.
 */
export function sentenceFeatureKeys(sentence: Sentence, cased: boolean, featuresOf: (word: string) => WordFeatures = (word) => wordFeatures(word, cased)): number[][] {
  const words = sentence.words.map(featuresOf)
  const begin = featuresOf(BEGIN)
  const end = featuresOf(END)
  const keys: number[][] = words.map(() => [])
  for (let i = 0; i < words.length; i++) {
    // In ROLES order: self, prev1, next1, prev2, next2.
    const around = [words[i]!, words[i - 1] ?? begin, words[i + 1] ?? end, words[i - 2] ?? begin, words[i + 2] ?? end]
    around.forEach((features, role) => keys[i]!.push(...features.keys[role]!))
  }
  contextFeatures(sentence, words, cased, {add: (i, key) => keys[i]!.push(key)})
  return keys
}

function extractRows(data: readonly TrainingSentence[], minCount: number): FeatureRows {
  const caches = [new Map<string, WordFeatures>(), new Map<string, WordFeatures>()]
  const cachedFeatures = (cased: boolean) => {
    const cache = caches[cased ? 1 : 0]!
    return (word: string) => {
      let features = cache.get(word)
      if (!features) cache.set(word, (features = wordFeatures(word, cased)))
      return features
    }
  }
  const featuresOf = [cachedFeatures(false), cachedFeatures(true)] as const
  let keys = new Uint32Array(1 << 20)
  let used = 0
  const push = (key: number) => {
    if (used === keys.length) {
      const grown = new Uint32Array(keys.length * 2)
      grown.set(keys)
      keys = grown
    }
    keys[used++] = key
  }
  const wordCount = data.reduce((sum, item) => sum + item.sentence.words.length, 0)
  const offsets = new Int32Array(wordCount + 1)
  const sentenceStart = new Int32Array(data.length + 1)
  let word = 0
  data.forEach(({sentence, cased}, index) => {
    sentenceStart[index] = word
    sentenceFeatureKeys(sentence, cased, featuresOf[cased ? 1 : 0]).forEach((wordKeys, i) => {
      offsets[word + i] = used
      wordKeys.forEach(push)
    })
    word += sentence.words.length
  })
  offsets[wordCount] = used
  sentenceStart[data.length] = word

  const counts = new Map<number, number>()
  for (let at = 0; at < used; at++) counts.set(keys[at]!, (counts.get(keys[at]!) ?? 0) + 1)
  const rowOf = new Map<number, number>()
  const kept: number[] = []
  for (let at = 0; at < used; at++) {
    const key = keys[at]!
    if (counts.get(key)! >= minCount && !rowOf.has(key)) {
      rowOf.set(key, kept.length)
      kept.push(key)
    }
  }
  // Drop the rare features from the flat arrays, keeping each word's slice contiguous.
  const rows = new Int32Array(used)
  let out = 0
  for (let w = 0; w < wordCount; w++) {
    const from = offsets[w]!
    const to = offsets[w + 1]!
    offsets[w] = out
    for (let at = from; at < to; at++) {
      const row = rowOf.get(keys[at]!)
      if (row !== undefined) rows[out++] = row
    }
  }
  offsets[wordCount] = out
  return {keys: Uint32Array.from(kept), rows: rows.subarray(0, out), offsets, sentenceStart}
}

export function trainTagger(data: readonly TrainingSentence[], options: TrainingOptions): TrainedWeights {
  const features = extractRows(data, options.minCount)
  const {rows, offsets, sentenceStart} = features
  const R = features.keys.length
  // Averaging (Daume's trick): weights, and the same updates scaled by when they happened.
  const weights = new Float64Array(R * L)
  const timed = new Float64Array(R * L)
  const transitions = new Float64Array((L + 1) * L)
  const timedTransitions = new Float64Array((L + 1) * L)
  let clock = 1
  const longest = data.reduce((max, item) => Math.max(max, item.sentence.words.length), 0)
  const scores = new Float64Array(longest * L)
  const scratch = {score: new Float64Array(longest * L), back: new Uint8Array(longest * L)}
  const path = new Uint8Array(longest)
  const random = mulberry32(options.seed)
  const order = Array.from(data.keys())

  const update = (word: number, label: number, delta: number) => {
    for (let at = offsets[word]!; at < offsets[word + 1]!; at++) {
      const cell = rows[at]! * L + label
      weights[cell]! += delta
      timed[cell]! += clock * delta
    }
  }
  const updateTransition = (from: number, to: number, delta: number) => {
    transitions[from * L + to]! += delta
    timedTransitions[from * L + to]! += clock * delta
  }
  const averaged = (values: Float64Array, timedValues: Float64Array) => values.map((value, cell) => value - timedValues[cell]! / clock)

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    let mistakes = 0
    order.forEach((index, done) => {
      if (options.onProgress && done % 500 === 0) options.onProgress(epoch, done, order.length)
      const {labels} = data[index]!
      const first = sentenceStart[index]!
      const n = sentenceStart[index + 1]! - first
      if (n === 0) return
      scores.fill(0, 0, n * L)
      for (let i = 0; i < n; i++) {
        for (let at = offsets[first + i]!; at < offsets[first + i + 1]!; at++) {
          const row = rows[at]! * L
          for (let y = 0; y < L; y++) scores[i * L + y]! += weights[row + y]!
        }
      }
      viterbi(scores, n, transitions, path, scratch)
      let wrong = false
      for (let i = 0; i < n; i++) {
        const gold = labels[i]!
        const guess = path[i]!
        const goldFrom = i === 0 ? START_ROW : labels[i - 1]!
        const guessFrom = i === 0 ? START_ROW : path[i - 1]!
        if (gold !== guess) {
          update(first + i, gold, 1)
          update(first + i, guess, -1)
          wrong = true
        }
        if (gold !== guess || goldFrom !== guessFrom) {
          updateTransition(goldFrom, gold, 1)
          updateTransition(guessFrom, guess, -1)
        }
      }
      if (wrong) mistakes++
      clock++
    })
    options.onProgress?.(epoch, order.length, order.length)
    if (options.onEpoch) {
      const model: TaggerModel = {
        info: {featureVersion: 0, labels: [], training: {}, temperature: 1},
        features: new FeatureTable(features.keys),
        weights: Float32Array.from(averaged(weights, timed)),
        transitions: Float32Array.from(averaged(transitions, timedTransitions)),
      }
      options.onEpoch(epoch, model, mistakes)
    }
  }
  return {keys: features.keys, weights: averaged(weights, timed), transitions: averaged(transitions, timedTransitions)}
}

/**
 * Keeps the weights that matter: a weight under `threshold` is set to zero, and a feature with no weight left is
 * dropped. Most features of an averaged perceptron are pushed once or twice and averaged nearly away.
 */
export function pruneWeights(trained: TrainedWeights, threshold: number): TrainedWeights {
  const keep: number[] = []
  for (let row = 0; row < trained.keys.length; row++) {
    let any = false
    for (let y = 0; y < L; y++) {
      if (Math.abs(trained.weights[row * L + y]!) < threshold) trained.weights[row * L + y] = 0
      else any = true
    }
    if (any) keep.push(row)
  }
  const weights = new Float64Array(keep.length * L)
  keep.forEach((row, index) => weights.set(trained.weights.subarray(row * L, row * L + L), index * L))
  return {keys: Uint32Array.from(keep, (row) => trained.keys[row]!), weights, transitions: trained.transitions}
}

/**
 * The temperature at which span probabilities best predict whether a span found in held-out data is right (least
 * log loss over a grid): a score then reads as a chance of being right.
 */
export function fitTemperature(model: TaggerModel, heldOut: readonly TrainingSentence[], emissions: (item: TrainingSentence) => Float64Array): number {
  const found: {scores: Float64Array; n: number; spans: ReturnType<typeof spansOfLabels>; right: boolean[]}[] = []
  const longest = heldOut.reduce((max, item) => Math.max(max, item.sentence.words.length), 0)
  const scratch = {score: new Float64Array(longest * L), back: new Uint8Array(longest * L)}
  const path = new Uint8Array(longest)
  for (const item of heldOut) {
    const n = item.sentence.words.length
    if (n === 0) continue
    const scores = emissions(item)
    viterbi(scores, n, model.transitions, path, scratch)
    const spans = spansOfLabels(path.subarray(0, n))
    const gold = new Set(spansOfLabels(item.labels).map((span) => `${span.type} ${span.start} ${span.end}`))
    found.push({scores, n, spans, right: spans.map((span) => gold.has(`${span.type} ${span.start} ${span.end}`))})
  }
  let best = {temperature: 1, loss: Infinity}
  for (let step = -8; step <= 40; step++) {
    const temperature = 2 ** (step / 4)
    const score = spanScorer(model.transitions, temperature)
    let loss = 0
    for (const {scores, n, spans, right} of found) {
      score(scores, n, spans).forEach((p, index) => {
        const clamped = Math.min(1 - 1e-6, Math.max(1e-6, p))
        loss -= Math.log(right[index] ? clamped : 1 - clamped)
      })
    }
    if (loss < best.loss) best = {temperature, loss}
  }
  return best.temperature
}

