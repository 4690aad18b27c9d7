import {COMPASS_WORDS, ORGANIZATION_HEADS, PERSON_TITLES, PLACE_HEADS, PLACES, ROLE_WORDS} from '../../lexicon'
import {joinTokens, type Run} from '../runs'

/** How many tokens from `index` name a place: "Jawa Timur" (2), "Kabupaten Nias Selatan" (3), or none (0). */
export function placeLengthAt(run: Run, index: number): number {
  const tokens = run.tokens
  if (PLACE_HEADS.has(tokens[index]!.text)) {
    let end = index + 1
    // "Polsek Medan Kota Iptu Fandi Setiawan": a rank or a role ends the place.
    const ends = (word: string) => ORGANIZATION_HEADS.has(word) || PERSON_TITLES.has(word) || ROLE_WORDS.has(word)
    while (end < tokens.length && end - index <= 3 && /^\p{Lu}\p{Ll}/u.test(tokens[end]!.text) && !ends(tokens[end]!.text)) end++
    if (end > index + 1) return end - index
  }
  for (let size = Math.min(3, tokens.length - index); size >= 1; size--) {
    if (PLACES.has(joinTokens(run, index, index + size))) {
      // "Atlantik Utara", "Sulawesi Tengah": a place and its direction are one place.
      return COMPASS_WORDS.has(tokens[index + size]?.text ?? '') ? size + 1 : size
    }
  }
  return 0
}

export function placesIn(run: Run): string[] {
  const result: string[] = []
  const tokens = run.tokens
  for (let index = 0; index < tokens.length; index++) {
    if (PLACE_HEADS.has(tokens[index]!.text) && index + 1 < tokens.length) {
      result.push(joinTokens(run, index, Math.min(tokens.length, index + 3)))
      index += 2
      continue
    }
    for (let size = Math.min(3, tokens.length - index); size >= 1; size--) {
      const surface = joinTokens(run, index, index + size)
      if (PLACES.has(surface)) {
        result.push(surface)
        index += size - 1
        break
      }
    }
  }
  // "Nagorno-Karabakh (Artsakh)": a place followed by its other name in brackets.
  const bracket = /^\s*\(([^()]{2,40})\)/.exec(run.after)?.[1]
  if (bracket && PLACES.has(bracket)) result.push(bracket)
  return result
}
