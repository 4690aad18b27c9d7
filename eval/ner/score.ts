/**
 * CoNLL-style entity scoring of any extractor that reads running text: a predicted entity counts only when its
 * type and both boundaries equal a gold entity's. A boundary error is therefore one false positive and one false
 * negative, as in conlleval and the published figures.
 */
import {ENTITY_TYPES, type EntityType} from '../../importer/ner/labels'
import type {BenchmarkSentence} from './benchmarks'
import {joinTokens} from './joinTokens'

/** An entity found in a text, over character offsets (end exclusive); `score` if the extractor says how sure it is. */
export interface FoundEntity {
  start: number
  end: number
  type: EntityType
  score?: number
}

/** Finds entities in running text: the importer and the tagger alike. */
export type Extractor = (text: string) => readonly FoundEntity[]

export interface Counts {
  tp: number
  fp: number
  fn: number
}
export type CountsByType = Record<EntityType, Counts>

export interface Score {
  precision: number
  recall: number
  f1: number
}

/** PERSON and ORGANIZATION: the types the importer makes documents of, and the headline figure. */
export const PERSON_AND_ORGANIZATION: readonly EntityType[] = ['PERSON', 'ORGANIZATION']

export const emptyCounts = (): CountsByType =>
  Object.fromEntries(ENTITY_TYPES.map((type) => [type, {tp: 0, fp: 0, fn: 0}])) as CountsByType

/**
 * Maps a character span onto the tokens it touches: first and last token (end exclusive), or undefined when it
 * touches none. A span cut inside a token ("Jakarta" of "Jakarta-Bogor") takes the whole token.
 */
export function tokensOfSpan(offsets: readonly {start: number; end: number}[], start: number, end: number): {start: number; end: number} | undefined {
  let first = -1
  let last = -1
  offsets.forEach((token, index) => {
    if (token.end > start && token.start < end) {
      if (first === -1) first = index
      last = index
    }
  })
  return first === -1 ? undefined : {start: first, end: last + 1}
}

/**
 * Runs an extractor on one sentence's text and matches what it found to the gold entities one to one:
 * `right[i]` says whether found[i] is a true positive.
 */
function matchSentence(sentence: BenchmarkSentence, extract: Extractor): {found: readonly FoundEntity[]; right: boolean[]} {
  const {text, offsets} = joinTokens(sentence.tokens)
  const gold = new Map<string, number>()
  for (const entity of sentence.entities) {
    const key = `${entity.type} ${entity.start} ${entity.end}`
    gold.set(key, (gold.get(key) ?? 0) + 1)
  }
  const found = extract(text)
  const right = found.map((entity) => {
    const tokens = tokensOfSpan(offsets, entity.start, entity.end)
    const key = tokens && `${entity.type} ${tokens.start} ${tokens.end}`
    const left = key ? (gold.get(key) ?? 0) : 0
    if (key && left > 0) gold.set(key, left - 1)
    return left > 0
  })
  return {found, right}
}

/** Counts one sentence: joins its tokens into text, runs the extractor, and matches entities one to one. */
export function countSentence(sentence: BenchmarkSentence, extract: Extractor): CountsByType {
  return assess([sentence], extract).counts
}

export interface ScoreBin {
  from: number
  to: number
  spans: number
  right: number
}

export const SCORE_EDGES: readonly number[] = [0, 0.5, 0.7, 0.9]

/**
 * One pass of an extractor over sentences: the counts per type, and the spans it scored binned by score, with how
 * many in each bin were exactly right (empty bins for an extractor that gives no scores).
 */
export function assess(sentences: readonly BenchmarkSentence[], extract: Extractor, edges: readonly number[] = SCORE_EDGES): {counts: CountsByType; bins: ScoreBin[]} {
  const counts = emptyCounts()
  const bins = edges.map((from, index) => ({from, to: edges[index + 1] ?? 1, spans: 0, right: 0}))
  for (const sentence of sentences) {
    for (const entity of sentence.entities) counts[entity.type].fn++
    const {found, right} = matchSentence(sentence, extract)
    found.forEach((entity, index) => {
      if (right[index]) {
        counts[entity.type].tp++
        counts[entity.type].fn--
      } else {
        counts[entity.type].fp++
      }
      if (entity.score === undefined) return
      const bin = bins.findLast((candidate) => entity.score! >= candidate.from) ?? bins[0]!
      bin.spans++
      if (right[index]) bin.right++
    })
  }
  return {counts, bins}
}

export const formatBins = (bins: readonly ScoreBin[]): string =>
  bins.map(({from, to, spans, right}) => `${from.toFixed(1)}-${to.toFixed(1)}: ${spans ? ((100 * right) / spans).toFixed(0) : '-'}% of ${spans}`).join('   ')

export function countSentences(sentences: readonly BenchmarkSentence[], extract: Extractor): CountsByType {
  return assess(sentences, extract).counts
}

/** Pooled counts over some types: the micro average's counts. */
export function sumCounts(counts: CountsByType, types: readonly EntityType[]): Counts {
  const sum = {tp: 0, fp: 0, fn: 0}
  for (const type of types) {
    sum.tp += counts[type].tp
    sum.fp += counts[type].fp
    sum.fn += counts[type].fn
  }
  return sum
}

export function scoreOf({tp, fp, fn}: Counts): Score {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return {precision, recall, f1}
}

/** The mean of per-fold scores: how the 5-fold figures in the literature are averaged. */
export function meanScore(scores: readonly Score[]): Score {
  const mean = (pick: (score: Score) => number) => scores.reduce((sum, score) => sum + pick(score), 0) / Math.max(scores.length, 1)
  return {precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1)}
}
