/**
 * Word classes from unlabelled text: words that stand among the same neighbours fall in one class ("jakarta",
 * "surabaya", "bandung"; "mengatakan", "menjelaskan"). A word is described by the words seen just left and right of
 * it (positive PMI, length one), and the words are grouped by spherical k-means, once coarse and once fine. The
 * tagger reads a word's classes as features, so a name or word never seen in labelled text still carries what its
 * class learnt. Deterministic: no randomness, ties broken by frequency rank.
 */

export interface ClusterOptions {
  /** Words seen fewer times get no class. */
  minCount: number
  /** At most this many words (the most frequent) get a class. */
  vocabulary: number
  /** The most frequent words serve as contexts. */
  contexts: number
  /** Class counts, coarse to fine. */
  granularities: readonly number[]
  iterations: number
}

export interface WordClasses {
  /** Words by frequency, most frequent first. */
  words: string[]
  /** classes[g][w]: word w's class at granularity g. */
  classes: Uint16Array[]
}

/** `sentences` are lower-case words. */
export function clusterWords(sentences: readonly (readonly string[])[], options: ClusterOptions): WordClasses {
  const counts = new Map<string, number>()
  for (const sentence of sentences) for (const word of sentence) counts.set(word, (counts.get(word) ?? 0) + 1)
  const ranked = [...counts].filter(([, count]) => count >= options.minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const words = ranked.slice(0, options.vocabulary).map(([word]) => word)
  const index = new Map(words.map((word, at) => [word, at]))
  const C = Math.min(options.contexts, words.length)
  // Context ids: left neighbours 0..C-1, right C..2C-1, sentence edges 2C (left) and 2C+1 (right).
  const D = 2 * C + 2
  const cooc = words.map(() => new Map<number, number>())
  const contextTotals = new Float64Array(D)
  let total = 0
  for (const sentence of sentences) {
    for (let i = 0; i < sentence.length; i++) {
      const w = index.get(sentence[i]!)
      if (w === undefined) continue
      const left = i === 0 ? 2 * C : (index.get(sentence[i - 1]!) ?? C)
      const right = i + 1 === sentence.length ? 2 * C + 1 : C + (index.get(sentence[i + 1]!) ?? C)
      const contexts = [left < C || left === 2 * C ? left : -1, right < 2 * C || right === 2 * C + 1 ? right : -1]
      for (const context of contexts) {
        if (context < 0) continue
        const row = cooc[w]!
        row.set(context, (row.get(context) ?? 0) + 1)
        contextTotals[context]! += 1
        total += 1
      }
    }
  }
  // Sparse rows of positive PMI, unit length.
  const vectors = cooc.map((row) => {
    const rowTotal = [...row.values()].reduce((sum, value) => sum + value, 0)
    const entries = [...row].sort((a, b) => a[0] - b[0])
    const ids: number[] = []
    const values: number[] = []
    for (const [context, count] of entries) {
      const pmi = Math.log((count * total) / (rowTotal * contextTotals[context]!))
      if (pmi > 0) ids.push(context), values.push(pmi)
    }
    const norm = Math.hypot(...values) || 1
    return {ids: Int32Array.from(ids), values: Float64Array.from(values, (value) => value / norm)}
  })

  const classes = options.granularities.map((k) => {
    const K = Math.min(k, words.length)
    // Seeds spread evenly over the frequency ranking, so frequent and rare words both open classes.
    const centroids = Array.from({length: K}, (_, c) => {
      const dense = new Float64Array(D)
      const seedWord = Math.floor((c * words.length) / K)
      const v = vectors[seedWord]!
      v.ids.forEach((id, at) => (dense[id] = v.values[at]!))
      return dense
    })
    const assignment = new Uint16Array(words.length)
    for (let iteration = 0; iteration < options.iterations; iteration++) {
      let moved = 0
      for (let w = 0; w < words.length; w++) {
        const v = vectors[w]!
        let best = 0
        let bestScore = -Infinity
        for (let c = 0; c < K; c++) {
          const centroid = centroids[c]!
          let score = 0
          for (let at = 0; at < v.ids.length; at++) score += centroid[v.ids[at]!]! * v.values[at]!
          if (score > bestScore) (bestScore = score), (best = c)
        }
        if (iteration === 0 || assignment[w] !== best) moved++
        assignment[w] = best
      }
      for (const centroid of centroids) centroid.fill(0)
      for (let w = 0; w < words.length; w++) {
        const v = vectors[w]!
        const centroid = centroids[assignment[w]!]!
        for (let at = 0; at < v.ids.length; at++) centroid[v.ids[at]!]! += v.values[at]!
      }
      for (const centroid of centroids) {
        let norm = 0
        for (let d = 0; d < D; d++) norm += centroid[d]! * centroid[d]!
        norm = Math.sqrt(norm) || 1
        for (let d = 0; d < D; d++) centroid[d]! /= norm
      }
      if (moved === 0) break
    }
    return assignment
  })
  return {words, classes}
}

/** The file: a header line `# word classes: K1 K2 ...`, then `word<TAB>class<TAB>class...`, most frequent first. */
export function formatWordClasses(result: WordClasses, granularities: readonly number[]): string {
  const lines = [`# word classes: ${granularities.join(' ')}`]
  result.words.forEach((word, w) => lines.push([word, ...result.classes.map((classes) => String(classes[w]))].join('\t')))
  return `${lines.join('\n')}\n`
}
