/**
 * From per-word label scores to entities: the best BIO path (Viterbi, with "I-X only after B-X or I-X" built
 * in), and how sure the model is of each entity it found (the probability of exactly that span, from
 * forward-backward over the same scores).
 */
import {allowedAfter, beginOf, insideOf, LABEL_COUNT, type EntityType} from './labels'

// A module-local copy: an imported binding is read through an accessor, which a hot loop pays for on every read.
const L = LABEL_COUNT

/** Transition scores: row `from` (L rows for the labels, then one for the sentence's start), column `to`. */
export type Transitions = Float32Array | Float64Array
export const START_ROW = L

const ALLOWED: boolean[] = Array.from({length: (L + 1) * L}, (_, cell) => {
  const from = Math.floor(cell / L)
  return allowedAfter(from === START_ROW ? -1 : from, cell % L)
})

/** The best label path for `n` words given emissions (n x L, row-major); written into `path`. */
export function viterbi(emissions: ArrayLike<number>, n: number, transitions: Transitions, path: Uint8Array, scratch: {score: Float64Array; back: Uint8Array}): void {
  if (n === 0) return
  const {score, back} = scratch
  for (let y = 0; y < L; y++) {
    score[y] = ALLOWED[START_ROW * L + y] ? transitions[START_ROW * L + y]! + emissions[y]! : -Infinity
  }
  for (let i = 1; i < n; i++) {
    const row = i * L
    const previous = row - L
    for (let y = 0; y < L; y++) {
      let best = -Infinity
      let from = 0
      for (let x = 0; x < L; x++) {
        if (!ALLOWED[x * L + y]) continue
        const value = score[previous + x]! + transitions[x * L + y]!
        if (value > best) {
          best = value
          from = x
        }
      }
      score[row + y] = best + emissions[row + y]!
      back[row + y] = from
    }
  }
  let last = 0
  for (let y = 1; y < L; y++) if (score[(n - 1) * L + y]! > score[(n - 1) * L + last]!) last = y
  for (let i = n - 1; i >= 0; i--) {
    path[i] = last
    last = back[i * L + last]!
  }
}

/** Scores spans' probabilities for one model and temperature; `score(emissions, n, spans)` per sentence. */
export type SpanScorer = (emissions: ArrayLike<number>, n: number, spans: readonly {start: number; end: number; type: EntityType}[]) => number[]

/**
 * Probabilities of entity spans under the model's scores read as a linear-chain CRF at `temperature`
 * (forward-backward, scaled per word so long sentences do not underflow). Each span's probability is that of
 * exactly that span with exactly that type: boundaries included, so a name the model would extend or cut scores low.
 */
export function spanScorer(transitions: Transitions, temperature: number): SpanScorer {
  const step = new Float64Array((L + 1) * L)
  for (let cell = 0; cell < step.length; cell++) step[cell] = ALLOWED[cell] ? Math.exp(transitions[cell]! / temperature) : 0
  let exp = new Float64Array(0) // exp(emission / T), scaled per word
  let alpha = new Float64Array(0)
  let beta = new Float64Array(0)
  let scale = new Float64Array(0)
  return (emissions, n, spans) => {
    if (spans.length === 0) return []
    if (scale.length < n) {
      exp = new Float64Array(2 * n * L)
      alpha = new Float64Array(2 * n * L)
      beta = new Float64Array(2 * n * L)
      scale = new Float64Array(2 * n)
    }
    for (let i = 0; i < n; i++) {
      let max = -Infinity
      for (let y = 0; y < L; y++) max = Math.max(max, emissions[i * L + y]!)
      for (let y = 0; y < L; y++) exp[i * L + y] = Math.exp((emissions[i * L + y]! - max) / temperature)
    }
    for (let i = 0; i < n; i++) {
      let sum = 0
      for (let y = 0; y < L; y++) {
        let inflow = 0
        if (i === 0) inflow = step[START_ROW * L + y]!
        else for (let x = 0; x < L; x++) inflow += alpha[(i - 1) * L + x]! * step[x * L + y]!
        const value = inflow * exp[i * L + y]!
        alpha[i * L + y] = value
        sum += value
      }
      scale[i] = sum
      for (let y = 0; y < L; y++) alpha[i * L + y]! /= sum
    }
    for (let y = 0; y < L; y++) beta[(n - 1) * L + y] = 1
    for (let i = n - 2; i >= 0; i--) {
      for (let x = 0; x < L; x++) {
        let outflow = 0
        for (let y = 0; y < L; y++) outflow += step[x * L + y]! * exp[(i + 1) * L + y]! * beta[(i + 1) * L + y]!
        beta[i * L + x] = outflow / scale[i + 1]!
      }
    }
    const probabilities: number[] = []
    for (const {start, end, type} of spans) {
      const begin = beginOf(type)
      const inside = insideOf(type)
      let probability = alpha[start * L + begin]!
      let label = begin
      for (let i = start + 1; i < end; i++) {
        probability *= (step[label * L + inside]! * exp[i * L + inside]!) / scale[i]!
        label = inside
      }
      if (end < n) {
        // The span ends here: the next word is anything but a continuation of it.
        let after = 0
        for (let y = 0; y < L; y++) if (y !== inside) after += step[label * L + y]! * exp[end * L + y]! * beta[end * L + y]!
        probability *= after / scale[end]!
      }
      probabilities.push(Math.min(1, Math.max(0, probability)))
    }
    return probabilities
  }
}
