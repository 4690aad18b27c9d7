/**
 * The statistical tagger: persons, organizations and places in Indonesian text, from an averaged perceptron over
 * word, affix, shape, punctuation and word-list features (features.ts), decoded as BIO with Viterbi (decode.ts).
 * In-process and dependency-free; the model file beside this module loads on first use.
 *
 *   const tagger = loadTagger()
 *   tagger.tagText('Kata Budi Santoso di Bandung.')  // [{start: 5, end: 17, type: 'PERSON', score: 0.97}, ...]
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {tokenize, type Token} from '../entities/tokens'
import {spanScorer, viterbi, type SpanScorer} from './decode'
import {BEGIN, contextFeatures, END, FEATURE_VERSION, ROLES, emitWordFeatures, type FeatureSink, type WordFeatures} from './features'
import {LABEL_COUNT, spansOfLabels, type EntityType} from './labels'
import {decodeModel, type TaggerModel} from './model'
import {WordCache, hashWord} from './wordCache'
import {sentenceOfTokens, sentencesOfText, type Sentence} from './sentences'

// A local copy, as in decode.ts: hot loops read it.
const L = LABEL_COUNT

export type {EntityType} from './labels'

export interface TaggedSpan {
  /** Token indices (`tag`, `tagTokens`) or character offsets (`tagText`); end exclusive. */
  start: number
  end: number
  type: EntityType
  /**
   * How likely this exact span (type and both boundaries) is right, 0 to 1: its probability under the model,
   * calibrated on held-out NERGrit so that spans scored about 0.9 were right about nine times in ten there.
   */
  score: number
}

export interface TagOptions {
  /**
   * Whether the text is written with capitals as news is (the default). False for all-lower-case text such as
   * NER-P: the tagger then ignores case, as it learnt to from such text.
   */
  cased?: boolean
}

export interface Tagger {
  /** One sentence as tokens (punctuation tokens allowed; they are never tagged). Spans over token indices. */
  tag(tokens: readonly string[], options?: TagOptions): TaggedSpan[]
  /**
   * A paragraph's tokens from `tokenize(text)`; the punctuation between them is read from `text`. Spans over token
   * indices. A paragraph tagged before is not tagged again.
   */
  tagTokens(text: string, tokens: readonly Token[], options?: TagOptions): TaggedSpan[]
  /** A paragraph of running text. Spans over character offsets. */
  tagText(text: string, options?: TagOptions): TaggedSpan[]
  readonly info: TaggerModel['info']
}

export const MODEL_FILE = fileURLToPath(new URL('./model.bin.gz', import.meta.url))

let shipped: Tagger | undefined

/** The tagger with the model shipped beside this module, read on the first call and kept. */
export function loadTagger(): Tagger {
  shipped ??= taggerFromModel(readModelFile(MODEL_FILE))
  return shipped
}

export function readModelFile(path: string): TaggerModel {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch {
    throw new Error(`${path}: tagger model not found (npm run train:ner writes it)`)
  }
  const model = decodeModel(bytes, path)
  if (model.info.featureVersion !== FEATURE_VERSION) {
    throw new Error(`${path}: trained with features v${model.info.featureVersion}, the code has v${FEATURE_VERSION} (npm run train:ner)`)
  }
  return model
}

// About 25,000 distinct words in the 998-article corpus; a word's weights take 280 bytes.
const CACHE_LIMIT = 100_000
const STRIDE = ROLES.length * L
// Paragraphs remembered with their spans; about 14,000 in the 998-article corpus, a fifth of them met twice or more.
const PARAGRAPH_LIMIT = 50_000

/** The tagger's view of a model, with what it remembers between sentences. Internal: callers get a Tagger. */
class ModelTagger implements Tagger {
  readonly info: TaggerModel['info']
  /** Each word met with its features' weights summed per role: tagging a word seen before costs five vector additions. */
  private readonly caches: {cased: WordCache; uncased: WordCache}
  /** The spans of paragraphs tagged before, by their text (tokens are the text's own: `tokenize(text)`). */
  private readonly paragraphs = {cased: new Map<string, readonly TaggedSpan[]>(), uncased: new Map<string, readonly TaggedSpan[]>()}
  private readonly scoreSpans: SpanScorer
  // Grown as sentences need; one sentence is tagged at a time.
  private scores = new Float64Array(64 * L)
  private path = new Uint8Array(64)
  private readonly scratch = {score: new Float64Array(64 * L), back: new Uint8Array(64 * L)}
  /** Word indices in the cache, two sentence-start words before and two sentence-end words after. */
  private padded = new Int32Array(64 + 4)
  private readonly features: WordFeatures[] = []
  /** Receives context features: adds their weights to the sentence's scores. */
  private readonly sink: FeatureSink

  constructor(
    private readonly model: TaggerModel,
    cacheLimit: number,
  ) {
    this.info = model.info
    this.caches = {cased: new WordCache(STRIDE, cacheLimit), uncased: new WordCache(STRIDE, cacheLimit)}
    this.scoreSpans = spanScorer(model.transitions, model.info.temperature)
    this.sink = {add: (word, key) => this.addFeature(this.scores, word * L, key)}
  }

  private addFeature(into: Float64Array, offset: number, key: number): void {
    const row = this.model.features.row(key)
    if (row === -1) return
    const weights = this.model.weights
    const from = row * L
    for (let y = 0; y < L; y++) into[offset + y]! += weights[from + y]!
  }

  private wordIndex(cache: WordCache, word: string, cased: boolean): number {
    const hash = hashWord(word)
    const found = cache.find(word, hash)
    if (found !== -1) return found
    const index = cache.insert(word, hash)
    const arena = cache.weights
    const base = index * STRIDE
    cache.features[index] = emitWordFeatures(word, cased, (role, key) => this.addFeature(arena, base + role * L, key))
    return index
  }

  /** Label scores of a sentence's words (n x L) in this.scores. */
  private score(sentence: Sentence, cased: boolean): void {
    const n = sentence.words.length
    if (this.path.length < n) {
      this.scores = new Float64Array(2 * n * L)
      this.path = new Uint8Array(2 * n)
      this.scratch.score = new Float64Array(2 * n * L)
      this.scratch.back = new Uint8Array(2 * n * L)
      this.padded = new Int32Array(2 * n + 4)
    }
    const cache = cased ? this.caches.cased : this.caches.uncased
    cache.reserve(n + 2)
    const padded = this.padded
    const features = this.features
    features.length = 0
    // Two sentence-start words before, two sentence-end words after: every word has all four neighbours.
    padded[0] = padded[1] = this.wordIndex(cache, BEGIN, cased)
    for (let i = 0; i < n; i++) {
      const index = this.wordIndex(cache, sentence.words[i]!, cased)
      padded[i + 2] = index
      features.push(cache.features[index]!)
    }
    padded[n + 2] = padded[n + 3] = this.wordIndex(cache, END, cased)
    const arena = cache.weights
    const scores = this.scores
    for (let i = 0; i < n; i++) {
      // The roles in features.ts's order: self, prev1, next1, prev2, next2; word i is padded[i + 2].
      const self = padded[i + 2]! * STRIDE
      const prev1 = padded[i + 1]! * STRIDE + L
      const next1 = padded[i + 3]! * STRIDE + 2 * L
      const prev2 = padded[i]! * STRIDE + 3 * L
      const next2 = padded[i + 4]! * STRIDE + 4 * L
      for (let y = 0; y < L; y++) {
        scores[i * L + y] = arena[self + y]! + arena[prev1 + y]! + arena[next1 + y]! + arena[prev2 + y]! + arena[next2 + y]!
      }
    }
    contextFeatures(sentence, features, cased, this.sink)
  }

  /** A copy of a sentence's label scores, for training and tests. */
  emissions(sentence: Sentence, cased: boolean): Float64Array {
    this.score(sentence, cased)
    return this.scores.slice(0, sentence.words.length * L)
  }

  /** Entities of one sentence, pushed into `into` with the caller's token indices (tokenIndex). */
  private tagSentence(sentence: Sentence, cased: boolean, into: TaggedSpan[]): void {
    const n = sentence.words.length
    if (n === 0) return
    this.score(sentence, cased)
    viterbi(this.scores, n, this.model.transitions, this.path, this.scratch)
    const spans = spansOfLabels(this.path.subarray(0, n))
    const probabilities = this.scoreSpans(this.scores, n, spans)
    for (let index = 0; index < spans.length; index++) {
      const span = spans[index]!
      into.push({start: sentence.tokenIndex[span.start]!, end: sentence.tokenIndex[span.end - 1]! + 1, type: span.type, score: probabilities[index]!})
    }
  }

  tag(tokens: readonly string[], options: TagOptions = {}): TaggedSpan[] {
    const spans: TaggedSpan[] = []
    this.tagSentence(sentenceOfTokens(tokens), options.cased ?? true, spans)
    return spans
  }

  tagTokens(text: string, tokens: readonly Token[], options: TagOptions = {}): TaggedSpan[] {
    const cased = options.cased ?? true
    // A paragraph met before (a republished story, a line every story of an outlet ends with) is tagged once.
    const memo = cased ? this.paragraphs.cased : this.paragraphs.uncased
    let spans = memo.get(text)
    if (!spans) {
      const tagged: TaggedSpan[] = []
      for (const sentence of sentencesOfText(text, tokens)) this.tagSentence(sentence, cased, tagged)
      if (memo.size >= PARAGRAPH_LIMIT) memo.clear()
      memo.set(text, (spans = tagged))
    }
    // Copies: a caller may move a span's bounds (tagText does).
    return spans.map((span) => ({...span}))
  }

  tagText(text: string, options: TagOptions = {}): TaggedSpan[] {
    const tokens = tokenize(text)
    const spans = this.tagTokens(text, tokens, options)
    for (const span of spans) {
      span.end = tokens[span.end - 1]!.end
      span.start = tokens[span.start]!.start
    }
    return spans
  }
}

/** A tagger over a model in memory: the shipped one, or one being trained (scored after each epoch). */
export function taggerFromModel(model: TaggerModel, options: {cacheLimit?: number} = {}): Tagger & {emissions(sentence: Sentence, cased: boolean): Float64Array} {
  return new ModelTagger(model, options.cacheLimit ?? CACHE_LIMIT)
}
