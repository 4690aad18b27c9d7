/**
 * The words a tagger has met, each by a dense index: its features, and its weights summed per role in one arena
 * (index x stride). Open addressing on the word's FNV hash, the hash kept beside the index so that most probes
 * compare two numbers; a Map keyed by string cost twice as much per word in the tagger's hot loop.
 */
import type {WordFeatures} from './features'

export class WordCache {
  /** Arena of summed weights: word i at [i * stride, (i + 1) * stride). Replaced as it grows: read after `insert`. */
  weights: Float64Array
  readonly features: WordFeatures[] = []
  private readonly words: string[] = []
  /** Slot s: hash at 2s, index + 1 at 2s + 1 (0: empty). */
  private slots = new Int32Array(2 * 1024)
  private mask = 1023

  constructor(
    private readonly stride: number,
    /** Past this many words the cache starts again (a long-running process meets words without end). */
    private readonly limit: number,
  ) {
    this.weights = new Float64Array(256 * stride)
  }

  get size(): number {
    return this.words.length
  }

  /** The word's index, or -1; `hash` is hashWord(word). */
  find(word: string, hash: number): number {
    const slots = this.slots
    let slot = mix(hash) & this.mask
    for (;;) {
      const stored = slots[2 * slot + 1]!
      if (stored === 0) return -1
      if (slots[2 * slot] === hash && this.words[stored - 1] === word) return stored - 1
      slot = (slot + 1) & this.mask
    }
  }

  /** Makes room for `count` more words: past the limit the cache starts again, so call it before a sentence's words. */
  reserve(count: number): void {
    if (this.words.length + count > this.limit) this.clear()
  }

  /** Adds a word not in the cache (find gave -1): its weights start at zero; the caller fills them and `features`. */
  insert(word: string, hash: number): number {
    const index = this.words.length
    this.words.push(word)
    if ((index + 1) * this.stride > this.weights.length) {
      const grown = new Float64Array(2 * this.weights.length)
      grown.set(this.weights)
      this.weights = grown
    }
    if (2 * (index + 1) > this.mask) this.rehash(2 * (this.mask + 1))
    this.place(hash, index)
    return index
  }

  private place(hash: number, index: number): void {
    let slot = mix(hash) & this.mask
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask
    this.slots[2 * slot] = hash
    this.slots[2 * slot + 1] = index + 1
  }

  private rehash(capacity: number): void {
    const old = this.slots
    this.slots = new Int32Array(2 * capacity)
    this.mask = capacity - 1
    for (let slot = 0; slot < old.length / 2; slot++) {
      const stored = old[2 * slot + 1]!
      if (stored !== 0) this.place(old[2 * slot]!, stored - 1)
    }
  }

  private clear(): void {
    this.words.length = this.features.length = 0
    this.slots.fill(0)
    this.weights.fill(0)
  }
}

/** FNV-1a of the word as written, as an int32. */
export function hashWord(word: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193)
  return h | 0
}

const mix = (key: number): number => Math.imul(key ^ (key >>> 16), 0x45d9f3b) >>> 0
