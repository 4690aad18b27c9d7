/**
 * Benchmark sentences as the tagger will meet text: joined into running text, split by the project's tokenizer
 * (which keeps words only, "Jl." with its dot, "PDI-P" whole), with each gold entity carried over to the words it
 * covers. Training on these words, not the benchmark's tokens, is what makes the tagger fit the importer.
 */
import {tokenize} from '../../importer/entities/tokens'
import {beginOf, insideOf, OUTSIDE} from '../../importer/ner/labels'
import {sentencesOfText} from '../../importer/ner/sentences'
import type {TrainingSentence} from '../../importer/ner/train'
import type {Benchmark, BenchmarkSentence} from './benchmarks'
import {joinTokens} from './joinTokens'

export function trainingSentences(benchmark: Benchmark, sentences: readonly BenchmarkSentence[]): TrainingSentence[] {
  return sentences.flatMap(({tokens: benchmarkTokens, entities}) => {
    const {text, offsets} = joinTokens(benchmarkTokens)
    const tokens = tokenize(text)
    const labels = new Uint8Array(tokens.length).fill(OUTSIDE)
    for (const entity of entities) {
      const start = offsets[entity.start]!.start
      const end = offsets[entity.end - 1]!.end
      let first = true
      tokens.forEach((token, index) => {
        if (token.end <= start || token.start >= end || labels[index] !== OUTSIDE) return
        labels[index] = first ? beginOf(entity.type) : insideOf(entity.type)
        first = false
      })
    }
    return sentencesOfText(text, tokens).map((sentence) => {
      const own = Uint8Array.from(sentence.tokenIndex, (index) => labels[index]!)
      // A sentence split inside an entity would start with I-: it begins the entity there instead.
      if (own.length > 0 && own[0]! % 2 === 0 && own[0] !== OUTSIDE) own[0] = own[0]! - 1
      return {sentence, labels: own, cased: benchmark.cased}
    })
  })
}
