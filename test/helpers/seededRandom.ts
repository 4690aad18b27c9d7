import {mulberry32} from '../../model/mulberry32'

/** A seeded generator (model/mulberry32.ts), so a generated dataset is the same on every run. */
export interface SeededRandom {
  /** In [0, 1). */
  next(): number
  /** An integer in [0, n). */
  below(n: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
}

export function seededRandom(seed: number): SeededRandom {
  const next = mulberry32(seed)
  const below = (n: number) => Math.floor(next() * n)
  return {next, below, pick: (items) => items[below(items.length)]!, chance: (probability) => next() < probability}
}
