import {
  COMPASS_WORDS,
  KNOWN_ORGANIZATIONS,
  NAME_CONNECTORS,
  NAME_OPENERS,
  NAME_SUFFIXES,
  NICKNAMES,
  NOT_NAME_WORDS,
  ORGANIZATION_HEADS,
  ORGANIZATION_TAILS,
  PERSON_TITLES,
  PLACE_HEADS,
  PLACES,
  ROLE_COMPLEMENTS,
  ROLE_WORDS,
  SENTENCE_STARTERS,
} from '../../lexicon'
import {AGE_OR_ALIAS, ATTRIBUTION_BEFORE, NAMED, SPEECH_AFTER} from '../cues'
import type {Registry} from '../registry'
import {isCommonWord, joinTokens, words, type Run} from '../runs'
import type {Token} from '../tokens'

/** A token that is a person's name part: capitalised, and no title, role, place, organization or common word. */
export function isNameWord(word: string, found: Registry): boolean {
  return (
    /^\p{Lu}[\p{Ll}'’\-]*\p{Ll}[\p{Ll}'’\-]*$|^\p{Lu}\.?$/u.test(word) &&
    !NOT_NAME_WORDS.has(word) &&
    !ROLE_WORDS.has(word) &&
    !ROLE_COMPLEMENTS.has(word) &&
    !PERSON_TITLES.has(word) &&
    !SENTENCE_STARTERS.has(word) &&
    !PLACES.has(word) &&
    !PLACE_HEADS.has(word) &&
    !ORGANIZATION_HEADS.has(word) &&
    !ORGANIZATION_TAILS.has(word) &&
    !KNOWN_ORGANIZATIONS.has(word) &&
    !found.isOrganizationWord(word)
  )
}

/**
 * The person a run of capitalised words names, if a cue says it is one. `storyLowerCase`: the words the whole story
 * writes in lower case, which a speech verb alone does not make a name ("Dokumen juga menyebut ...").
 */
export function findPersons(run: Run, found: Registry, storyLowerCase: ReadonlySet<string> = new Set()): void {
  const tokens = run.tokens
  // "Budi Santoso S.H.", "Ahmad Yani M.Si": degrees written after a name are not part of it.
  let end = tokens.length
  while (end > 1 && NAME_SUFFIXES.has(tokens[end - 1]!.text)) end--
  // The name is the trailing stretch of name words in the run, at most four, joined by name connectors.
  let start = end
  while (start > 0) {
    const word = tokens[start - 1]!.text
    if (isNameWord(word, found) || (NAME_CONNECTORS.has(word.toLowerCase()) && start < end)) start--
    else break
  }
  // "Dosen Universitas Padjadjaran Ahmad Yani": words that end an organization the story names are not the
  // start of the person's name after it.
  for (let last = start; last < end; last++) {
    for (let first = 0; first <= Math.min(start, last); first++) {
      const words = joinTokens(run, first, last + 1)
      // "Ketua The Fed Jerome Powell": an organization the word lists know, named or not yet.
      if (found.organizationKey(words) || (last > first && KNOWN_ORGANIZATIONS.has(words))) start = last + 1
    }
  }
  // A lone capital opens a name only in Balinese names ("I Ketut Sukadi"); elsewhere it is a numeral or an initial
  // left from what came before ("Wilayah V Dian Patria").
  while (start < tokens.length && (NAME_CONNECTORS.has(tokens[start]!.text.toLowerCase()) || (/^\p{Lu}\.?$/u.test(tokens[start]!.text) && !NAME_OPENERS.has(tokens[start]!.text)))) start++
  // "Gubernur NTB Lalu Muhamad Iqbal": a word that opens names (name-openers.txt) is the name's first word, unless
  // it opens the sentence.
  if (start > 1 && start < end && NAME_OPENERS.has(tokens[start - 1]!.text)) start--
  // "Gubernur Jawa Tengah Ahmad Luthfi": a compass word is the end of a place ("Jawa Tengah"), never the start of a
  // name.
  while (start < end && COMPASS_WORDS.has(tokens[start]!.text)) start++
  while (end > start + 1 && (NAME_SUFFIXES.has(tokens[end - 1]!.text) || /^\p{Lu}\.?$/u.test(tokens[end - 1]!.text))) end--
  if (start >= end || end - start > 4) return
  const nameTokens = tokens.slice(start, end)
  const prefix = tokens.slice(0, start)
  const name = words(nameTokens).join(' ')
  const sentenceStart = start === 0 && /(^|[.!?:"“]\s*)$/.test(run.before)
  if (sentenceStart && nameTokens.length === 1 && isCommonWord(name, run)) return

  // "Gus Ipul" is Saifullah Yusuf: a nickname may begin with what is otherwise a title.
  const nickname = prefix.length > 0 ? `${prefix.at(-1)!.text} ${name}` : ''
  if (NICKNAMES.has(nickname)) {
    found.person(nickname)
    return
  }
  // "Stadion GOR Haji Agus Salim", "Jalan Jenderal Sudirman": a name after a place's head names the place.
  if (namesAPlace(prefix)) return
  const titled = prefix.some((token) => PERSON_TITLES.has(token.text) || ROLE_WORDS.has(token.text))
  // "Presiden Armenia, Armen Sarkissian" / "Sekjen NATO, Jens Stoltenberg": a role phrase, a comma, the name.
  const appositive = prefix.length === 0 ? rolePhraseBefore(run) : undefined
  // "kata Wakil Ketua Komisi I DPR, Sukamta,": an attribution verb before the role phrase attributes the name after
  // it; not a word of a list in the role ("kata Direktur Jenderal Energi Baru, Terbarukan, dan Konservasi Energi").
  const attributedAfterRole =
    appositive !== undefined && !/^\s*,?\s*(?:dan|serta|atau)\s/u.test(run.after) && ATTRIBUTION_BEFORE.test(run.before.replace(/,\s*$/, '').slice(0, -appositive.length))
  const attributed = ATTRIBUTION_BEFORE.test(run.before) || SPEECH_AFTER.test(run.after) || NAMED.test(run.before) || AGE_OR_ALIAS.test(run.after) || attributedAfterRole
  // "Encep Nurjaman alias Hambali": the second name is the same person's.
  const aliasOf = /((?:\p{Lu}[\p{L}'’\-]*)(?: \p{Lu}[\p{L}'’\-]*){0,3}) alias\s+$/u.exec(run.before)?.[1]
  const aliased = aliasOf ? found.personKey(aliasOf) : undefined
  if (aliased) {
    found.alias(aliased, name)
    return
  }
  const roleTitle = titled ? rolePrefix(run, prefix) : appositive
  const known = nameTokens.length === 1 ? found.personWithToken(name) : found.personContaining(name)
  if (known) {
    // "Sri Mulyani" after "Sri Mulyani Indrawati": the same person, by a shorter name.
    if (nameTokens.length > 1) found.alias(known, name)
    return
  }
  if (nameTokens.length === 1 && !attributed) {
    // "Presiden Prabowo": too little for a person, but the role is what tells this Prabowo from another.
    if (roleTitle && titled) found.roleOfOneWord(name, parseRole(roleTitle, found))
    return
  }
  if (!titled && !appositive && !attributed) return
  if (found.has(name)) return
  // With no title or role before it, a name the story also writes in lower case, word for word, is ordinary words:
  // "Dokumen juga menyebut", "komite Hadiah Nobel mengungkap".
  if (!titled && !appositive && nameTokens.every((token) => storyLowerCase.has(token.text.toLowerCase()))) return

  found.person(name, roleTitle ? parseRole(roleTitle, found) : undefined)
}

/** The role phrase right before ", Name": "Presiden Armenia" in "Langkah Presiden Armenia, Armen Sarkissian". */
function rolePhraseBefore(run: Run): string | undefined {
  const match = /(?:^|[^\p{L}])((?:\p{Lu}[\p{L}\-]*|\([\p{L} ]+\))(?: (?:\p{Lu}[\p{L}\-]*|\([\p{L} ]+\)|dan|Luar|Dalam))*),\s*$/u.exec(run.before)
  if (!match?.[1]) return undefined
  const phrase = match[1].split(' ')
  // From the first role word on: "Langkah Presiden Armenia" -> "Presiden Armenia".
  const first = phrase.findIndex((word) => ROLE_WORDS.has(word.replace(/[()]/g, '')))
  if (first === -1) return undefined
  // Role words before it belong to the phrase, and so does a misspelt one before a complement:
  // "Sekrtaris Jenderal (Sekjen) NATO".
  let from = first
  while (from > 0) {
    const word = phrase[from - 1]!
    const misspelt = /^\p{Lu}\p{Ll}+$/u.test(word) && !SENTENCE_STARTERS.has(word) && !PLACES.has(word)
    if (ROLE_COMPLEMENTS.has(word) || ROLE_WORDS.has(word) || (misspelt && ROLE_COMPLEMENTS.has(phrase[from]!))) from--
    else break
  }
  return phrase.slice(from).join(' ')
}

function rolePrefix(run: Run, prefix: Token[]): string | undefined {
  const first = prefix.findIndex((token) => ROLE_WORDS.has(token.text))
  if (first === -1) return undefined
  // "Kapolres Sleman AKBP Budi Santoso": the rank before the name is no part of the role.
  let end = prefix.length
  while (end > first + 1 && PERSON_TITLES.has(prefix[end - 1]!.text)) end--
  return joinTokens(run, first, end)
}

/** Splits "Sekrtaris Jenderal (Sekjen) NATO" into the title and the organization it names. */
function parseRole(phrase: string, found: Registry): {title: string; organization?: string} {
  const parts = phrase.split(' ')
  for (let index = parts.length - 1; index > 0; index--) {
    const tail = parts.slice(index).join(' ')
    const organization = found.organizationKey(tail)
    if (organization) return {title: parts.slice(0, index).join(' '), organization}
  }
  return {title: phrase}
}

/** Whether the words before a name end with a place's head, titles aside: "Stadion GOR Haji", "Jalan Jenderal". */
export function namesAPlace(before: readonly {text: string}[]): boolean {
  let at = before.length - 1
  while (at >= 0 && (PERSON_TITLES.has(before[at]!.text) || ROLE_WORDS.has(before[at]!.text) || /^\p{Lu}\.?$/u.test(before[at]!.text))) at--
  // "Polsek Medan Kota Iptu Fandi Setiawan": after a place, "Kota" ends it ("Medan Kota") and opens nothing.
  return at >= 0 && at < before.length && PLACE_HEADS.has(before[at]!.text) && !(at > 0 && PLACES.has(before[at - 1]!.text))
}
