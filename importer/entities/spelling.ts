/**
 * Names written a letter or two apart: "Gibran Rakabubing Raka" for Gibran Rakabuming Raka, "Kementeri Keuangan" for
 * Kementerian Keuangan. Used within a story (an acronym's defined name against the one the lists know) and across a
 * batch (persons, organizations linked by an acronym).
 */

/** The same number of words, all equal but one, and that one a letter or two off (two only in a long word). */
export function nearSpelling(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a.length < 2) return false
  const different = a.flatMap((word, at) => (word === b[at] ? [] : [at]))
  if (different.length !== 1) return false
  const [x, y] = [a[different[0]!]!, b[different[0]!]!]
  if (Math.min(x.length, y.length) < 5 || x[0] !== y[0]) return false
  return editDistance(x, y) <= (Math.min(x.length, y.length) >= 8 ? 2 : 1)
}

/** Levenshtein distance: letters inserted, deleted or replaced to make one word the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, at) => at)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}

