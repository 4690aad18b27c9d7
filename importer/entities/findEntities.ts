import {
  ATTRIBUTION_VERBS,
  KNOWN_ORGANIZATIONS,
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
  SPEECH_VERBS,
} from '../lexicon'
import type {Dateline} from '../lines/publisher'
import type {Paragraph} from '../lines/splitArticle'
import {adjacent, isCapitalised, tokenize, type Token} from './tokens'

export type OrganizationKind = 'intergovernmental' | 'government' | 'media' | 'company' | 'party' | 'ngo' | 'other'

export interface FoundPerson {
  kind: 'person'
  /** Full name without titles: "Jens Stoltenberg". */
  name: string
  aliases: Set<string>
  roles: {title: string; organization?: string}[]
}

export interface FoundOrganization {
  kind: 'organization'
  name: string
  acronym?: string
  aliases: Set<string>
  organizationKind: OrganizationKind
}

export type FoundEntity = FoundPerson | FoundOrganization

export interface Mention {
  paragraphKey: string
  start: number
  end: number
  /** Key into `Entities.byKey`. */
  entity: string
}

export interface Entities {
  byKey: Map<string, FoundEntity>
  /** Every occurrence in the body of a name, alias or acronym of a found entity, in text order. */
  mentions: Mention[]
  /** Places the story names, in order of first appearance. Places are never organizations. */
  places: string[]
  /** Organizations the story credits as its source ("VIVA Militer melaporkan", "dikutip dari Anadolu Agency"). */
  citedSources: string[]
}

/** A run of capitalised words with only spaces between them: where names, roles and organizations are written. */
interface Run {
  paragraph: Paragraph
  tokens: Token[]
  /** Text before and after the run in its paragraph, for the cues around it. */
  before: string
  after: string
}

// Words that make a kind of body ("Kantor Wilayah", "Bank Sentral") rather than name one.
const GENERIC_WORDS = new Set(['Khusus', 'Wilayah', 'Sentral', 'Desa', 'Tinggi', 'Umum', 'Daerah', 'Pusat', 'Negeri', 'Swasta', 'Cabang', 'Kecamatan', 'dan'])
const CONNECTORS = new Set(['bin', 'binti', 'van', 'von', 'der', 'den', 'de', 'da', 'al', 'el', 'dan', 'untuk', 'dari', 'atas', '&'])
const NAME_CONNECTORS = new Set(['bin', 'binti', 'van', 'von', 'der', 'den', 'de', 'da', 'al', 'el'])
// "Pakta Pertahanan Atlantik Utara (NATO)": a capitalised name, then its acronym in brackets.
const ACRONYM = /^(?=(?:.*\p{Lu}){2})[\p{Lu}\p{N}][\p{L}\p{N}&\-]{1,11}$/u
const SPEECH_AFTER = new RegExp(`^\\s*,?\\s*(?:${[...SPEECH_VERBS].join('|')})\\b`, 'i')
const ATTRIBUTION_BEFORE = new RegExp(`\\b(?:${[...ATTRIBUTION_VERBS].join('|')})\\s*$`, 'i')
// "VIVA Militer melaporkan", "seperti dilansir Reuters", "dikutip dari Anadolu Agency", "mengutip Xinhua"
const MEDIA_BEFORE = /\b(?:dikutip dari|dikutip|dilansir dari|dilansir|mengutip|melansir|seperti dilaporkan|dilaporkan oleh|dari laman|menurut laporan)\s*$/i
// "seorang pria bernama Armi Siregar": the story says outright that this is a name.
const NAMED = /\b(?:bernama|berinisial|alias|atas nama)\s+$/i
// "Armi Siregar (27)", "Encep Nurjaman alias Hambali": an age in brackets or an alias follows a person's name.
const AGE_OR_ALIAS = /^\s*(?:\(\d{1,3}\)|alias\s+\p{Lu})/u
const MEDIA_AFTER = /^\s*(?:melaporkan|melansir|memberitakan|mewartakan)\b/i

/** Finds the people, organizations and places a story names, and every place in the body that names them. */
export function findEntities(paragraphs: Paragraph[], dateline?: Dateline): Entities {
  const found = new Registry()
  const places = new Set<string>()
  const runs = paragraphs.flatMap(capitalisedRuns)

  for (const run of runs) findAcronymDefinitions(run, found)
  for (const run of runs) findOrganizations(run, found, places)
  for (const run of runs) findPersons(run, found)
  found.foldShortNames()

  const surfaces = found.surfaces()
  const mentions = paragraphs.flatMap((paragraph) => findMentions(paragraph, surfaces))
  const cited = new Set<string>()
  for (const run of runs) {
    const media = found.organizationIn(run)
    if (media && (MEDIA_BEFORE.test(run.before) || MEDIA_AFTER.test(run.after))) cited.add(media)
  }
  for (const run of runs) for (const place of placesIn(run)) places.add(place)
  // "JAKARTA, iNews.id - ...": the dateline names where the story was filed.
  const datelinePlace = dateline?.place?.toLowerCase().replace(/(^|[ -])\p{L}/gu, (letter) => letter.toUpperCase())
  if (datelinePlace && PLACES.has(datelinePlace)) places.add(datelinePlace)
  return {byKey: found.entities, mentions, places: [...places], citedSources: [...cited]}
}

function capitalisedRuns(paragraph: Paragraph): Run[] {
  const tokens = tokenize(paragraph.text)
  const runs: Run[] = []
  let current: Token[] = []
  const close = () => {
    while (current.length > 0 && !isCapitalised(current.at(-1)!.text)) current.pop()
    if (current.length > 0) {
      const first = current[0]!
      const last = current.at(-1)!
      runs.push({
        paragraph,
        tokens: current,
        before: paragraph.text.slice(0, first.start),
        after: paragraph.text.slice(last.end),
      })
    }
    current = []
  }
  for (const token of tokens) {
    const previous = current.at(-1)
    const joins = previous !== undefined && adjacent(paragraph.text, previous, token)
    if (isCapitalised(token.text) || /^\d+$/.test(token.text)) {
      if (!joins) close()
      if (current.length === 0 && /^\d/.test(token.text)) continue
      current.push(token)
    } else if (joins && CONNECTORS.has(token.text.toLowerCase())) {
      current.push(token)
    } else {
      close()
    }
  }
  close()
  return runs
}

const words = (tokens: Token[]) => tokens.map((token) => token.text)
const joinTokens = (run: Run, from: number, to: number) =>
  run.paragraph.text.slice(run.tokens[from]!.start, run.tokens[to - 1]!.end)

function findAcronymDefinitions(run: Run, found: Registry): void {
  const bracket = /^\s*\(([^()]{2,80})\)/.exec(run.after)
  if (!bracket?.[1]) return
  const inside = bracket[1].trim()
  const nameTokens = stripLeading(run.tokens, run)
  const longName = words(nameTokens).join(' ')
  if (nameTokens.length >= 2 && isAcronymOf(inside, longName) && isOrganizationName(longName, inside)) {
    // "Pakta Pertahanan Atlantik Utara (NATO)", "Badan Pengawas Pemilu (Bawaslu)"; and "Kepolisian Resor Kota
    // (Polresta) Bogor Kota", "Detasemen Khusus (Densus) 88 Antiteror Polri", where what follows the short form
    // belongs to both.
    const continued = continuationAfterBracket(run.after)
    if (continued) found.organization(`${longName} ${continued}`, `${inside} ${continued}`)
    else found.organization(longName, inside)
  } else if (run.tokens.length === 1 && isAcronymOf(run.tokens[0]!.text, inside) && isOrganizationName(inside, run.tokens[0]!.text)) {
    // "ATRC (Advanced Technology Research Council)"
    found.organization(inside, run.tokens[0]!.text)
  }
}

/** The capitalised words straight after "(Polresta)" in "Kepolisian Resor Kota (Polresta) Bogor Kota". */
function continuationAfterBracket(text: string): string | undefined {
  const continued = /^\s*\([^()]+\)[ \t]+((?:[\p{Lu}\d][\p{L}\d\-]*)(?: [\p{Lu}\d][\p{L}\d\-]*)*)/u.exec(text)?.[1]
  if (!continued) return undefined
  // A number, a place or another body continues the name ("88 Antiteror Polri", "Bogor Kota", "Kelas III
  // Pangururan"); anything else is what the sentence goes on with, often a person's name.
  const first = continued.split(' ')[0]!
  const continues = /^(?:\d+|[IVXL]+)$/.test(first) || PLACES.has(first) || PLACE_HEADS.has(first) || KNOWN_ORGANIZATIONS.has(first) || NOT_NAME_WORDS.has(first)
  if (!continues) return undefined
  const words = continued.split(' ')
  let end = words.length
  // Stop before a trailing person's name: two or more words that are none of those.
  while (end > 1 && !/^(?:\d+|[IVXL]+)$/.test(words[end - 1]!) && !PLACES.has(words[end - 1]!) && !KNOWN_ORGANIZATIONS.has(words[end - 1]!) && !NOT_NAME_WORDS.has(words[end - 1]!)) end--
  const stretch = /^\d+$/.test(first) ? words : words.slice(0, end)
  return stretch.join(' ')
}

/**
 * "NATO", "CSTO": capitals (often of the English name); "Bawaslu", "Polri": a word whose letters come, in order,
 * from the name it shortens.
 */
function isAcronymOf(short: string, name: string): boolean {
  if (!/^[\p{Lu}][\p{L}\p{N}&\-]{1,11}$/u.test(short) || short.length >= name.length) return false
  if (ACRONYM.test(short)) return true
  const letters = name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
  let at = 0
  for (const char of short.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')) {
    at = letters.indexOf(char, at)
    if (at === -1) return false
    at++
  }
  return short.toLowerCase()[0] === letters[0]
}

/** A long name with its short form is an organization when it says so: a head ("Badan"), a tail ("Agency"), or fame. */
function isOrganizationName(name: string, short: string): boolean {
  const parts = name.split(' ')
  return (
    ORGANIZATION_HEADS.has(parts[0]!) ||
    ORGANIZATION_TAILS.has(parts.at(-1)!) ||
    KNOWN_ORGANIZATIONS.has(short) ||
    KNOWN_ORGANIZATIONS.has(name) ||
    parts.some((part) => ORGANIZATION_HEADS.has(part) && part !== parts.at(-1))
  ) && !PLACES.has(name)
}

/** Drops sentence starters, role words and prepositions that open a run but are not part of the name. */
function stripLeading(tokens: Token[], run: Run): Token[] {
  let index = 0
  while (index < tokens.length - 1) {
    const word = tokens[index]!.text
    const sentenceStart = index === 0 && /(^|[.!?:"“]\s*)$/.test(run.before)
    if ((sentenceStart || index > 0) && SENTENCE_STARTERS.has(word)) index++
    else if (index === 0 && sentenceStart && !ORGANIZATION_HEADS.has(word) && !KNOWN_ORGANIZATIONS.has(word) && /^\p{Lu}\p{Ll}+$/u.test(word) && isCommonWord(word, run)) index++
    else break
  }
  // A role before an organization is not part of its name: "Sekjen NATO", "Kepala BPS".
  while (index < tokens.length - 1 && (ROLE_WORDS.has(tokens[index]!.text) || PERSON_TITLES.has(tokens[index]!.text))) index++
  return tokens.slice(index)
}

/** A capitalised word that the same story also writes in lower case is an ordinary word at a sentence start. */
function isCommonWord(word: string, run: Run): boolean {
  return lowerCaseWords(run.paragraph).has(word.toLowerCase())
}

const lowerCaseWordCache = new WeakMap<Paragraph, Set<string>>()
function lowerCaseWords(paragraph: Paragraph): Set<string> {
  let words = lowerCaseWordCache.get(paragraph)
  if (!words) {
    words = new Set(tokenize(paragraph.text).map((token) => token.text).filter((word) => !isCapitalised(word)))
    lowerCaseWordCache.set(paragraph, words)
  }
  return words
}

function findOrganizations(run: Run, found: Registry, places: Set<string>): void {
  const tokens = run.tokens
  for (let index = 0; index < tokens.length; index++) {
    const word = tokens[index]!.text
    // A name the story already defined ("Pakta Pertahanan Atlantik Utara (NATO)") is not cut short again.
    const known = found.longestOrganizationAt(run, index)
    if (known > 0) {
      index += known - 1
      continue
    }
    // "Kantor Dinas Pendidikan ...": the office of the body, named by the body.
    if (ORGANIZATION_HEADS.has(word) && ORGANIZATION_HEADS.has(tokens[index + 1]?.text ?? '')) continue
    if (ORGANIZATION_HEADS.has(word)) {
      // "Pemprov Riau", "Dinas Tanaman Pangan", "Polres Tanah Karo": the head and the words that name it. After a
      // place, a known organization or a number ("Komisi II DPR", "Wilayah V") only more of those follow, so a
      // person's name after it is not swallowed.
      let end = index + 1
      let anchored = false
      while (end < tokens.length) {
        const next = tokens[end]!.text
        const place = placeLengthAt(run, end)
        if (place > 0) {
          end += place
          anchored = true
          continue
        }
        if (next === 'dan' && (end + 1 >= tokens.length || ORGANIZATION_HEADS.has(tokens[end + 1]!.text))) break
        if (!ROLE_COMPLEMENTS.has(next) && (ROLE_WORDS.has(next) || PERSON_TITLES.has(next))) break
        const anchor = KNOWN_ORGANIZATIONS.has(next) || found.isOrganizationWord(next) || /^(?:[IVXL]+|\d+)$/.test(next) || /^\p{Lu}{2,}$/u.test(next)
        if (anchored && !anchor && !ROLE_COMPLEMENTS.has(next)) break
        if (anchor) anchored = true
        end++
      }
      while (end > index + 1 && tokens[end - 1]!.text === 'dan') end--
      // "Kepala Badan Pangan Nasional Arief Prasetyo Adi": after a role word, the name words that follow the
      // organization's last known word are the person holding the role.
      if (tokens.slice(0, index).some((token) => ROLE_WORDS.has(token.text))) {
        let last = end - 1
        while (last > index && isNameWord(tokens[last]!.text, found)) last--
        if (last > index && end - (last + 1) >= 2) end = last + 1
      }
      // "Kantor Wilayah", "Bank Sentral", "Detasemen Khusus": kinds of body, not the name of one.
      const generic = tokens.slice(index, end).every((token) => ORGANIZATION_HEADS.has(token.text) || GENERIC_WORDS.has(token.text))
      if (end > index + 1 && (!generic || end === tokens.length)) {
        let name = joinTokens(run, index, end)
        const rest = run.paragraph.text.slice(tokens[end - 1]!.end)
        let acronym = /^\s*\(([^()]{2,12})\)/.exec(rest)?.[1]
        if (acronym && !isAcronymOf(acronym, name)) acronym = undefined
        // "Kepolisian Resor Kota (Polresta) Bogor Kota", "Detasemen Khusus (Densus) 88 Antiteror Polri": the short
        // form sits inside the name, and what follows it belongs to both.
        const continued = acronym && end === tokens.length ? continuationAfterBracket(rest) : undefined
        if (continued) {
          name = `${name} ${continued}`
          acronym = `${acronym} ${continued}`
        } else if (generic) {
          continue
        }
        if (!found.has(name)) found.organization(name, acronym)
        index = end - 1
        continue
      }
    }
    const tail = tokens.findIndex((token, at) => at > index && ORGANIZATION_TAILS.has(token.text))
    if (tail > index && index === 0) {
      // "Anadolu Agency", "Advanced Technology Research Council": capitalised words ending in an organization word.
      const stripped = stripLeading(tokens.slice(0, tail + 1), run)
      if (stripped.length >= 2 && stripped.every((token) => isCapitalised(token.text))) found.organization(words(stripped).join(' '))
    }
  }
  // Known organizations by the form a story uses: "DPR", "KPK", "Anadolu Agency"; the longest form wins, so
  // "Anadolu" inside "Anadolu Agency" is not a second name for it.
  const covered = new Set<number>()
  for (let size = Math.min(4, tokens.length); size >= 1; size--) {
    for (let index = 0; index + size <= tokens.length; index++) {
      const span = Array.from({length: size}, (_, at) => index + at)
      if (span.some((at) => covered.has(at))) continue
      const surface = joinTokens(run, index, index + size)
      const known = KNOWN_ORGANIZATIONS.get(surface)
      if (!known) continue
      span.forEach((at) => covered.add(at))
      if (!found.has(surface)) found.organization(known.name, surface === known.name ? undefined : surface, known.kind)
    }
  }
  // "TNI-Polri": two known organizations written as one word.
  for (const token of tokens) {
    const parts = token.text.split('-')
    if (parts.length > 1 && parts.every((part) => KNOWN_ORGANIZATIONS.has(part))) {
      for (const part of parts) {
        const known = KNOWN_ORGANIZATIONS.get(part)!
        if (!found.has(part)) found.organization(known.name, part === known.name ? undefined : part, known.kind)
      }
    }
  }
  // A media outlet the story cites by name, known or not: "VIVA Militer melaporkan".
  if (MEDIA_AFTER.test(run.after) || MEDIA_BEFORE.test(run.before)) {
    const named = stripLeading(tokens, run)
    const name = words(named).join(' ')
    // "Jokowi melaporkan ..." is a person reporting to the police: an unknown outlet has two words or capitals.
    if (named.length < 2 && !ACRONYM.test(name)) return
    if (!found.has(name) && !PLACES.has(name) && !isPersonLike(run)) found.organization(name, undefined, 'media')
  }
  for (const place of placesIn(run)) places.add(place)
}

function isPersonLike(run: Run): boolean {
  return SPEECH_AFTER.test(run.after) && run.tokens.length <= 3 && !run.tokens.some((t) => ACRONYM.test(t.text))
}

/** How many tokens from `index` name a place: "Jawa Timur" (2), "Kabupaten Nias Selatan" (3), or none (0). */
function placeLengthAt(run: Run, index: number): number {
  const tokens = run.tokens
  if (PLACE_HEADS.has(tokens[index]!.text)) {
    let end = index + 1
    while (end < tokens.length && end - index <= 3 && /^\p{Lu}\p{Ll}/u.test(tokens[end]!.text) && !ORGANIZATION_HEADS.has(tokens[end]!.text)) end++
    if (end > index + 1) return end - index
  }
  for (let size = Math.min(3, tokens.length - index); size >= 1; size--) {
    if (PLACES.has(joinTokens(run, index, index + size))) {
      // "Atlantik Utara", "Sulawesi Tengah": a place and its direction are one place.
      return DIRECTIONS.has(tokens[index + size]?.text ?? '') ? size + 1 : size
    }
  }
  return 0
}

const DIRECTIONS = new Set(['Utara', 'Selatan', 'Timur', 'Barat', 'Tengah', 'Tenggara', 'Barat Daya', 'Laut', 'Raya'])

function placesIn(run: Run): string[] {
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

/** A token that is a person's name part: capitalised, and no title, role, place, organization or common word. */
function isNameWord(word: string, found: Registry): boolean {
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

function findPersons(run: Run, found: Registry): void {
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
  // A lone capital opens a name only in Balinese names ("I Ketut Sukadi"); elsewhere it is a numeral or an initial
  // left from what came before ("Wilayah V Dian Patria").
  while (start < tokens.length && (NAME_CONNECTORS.has(tokens[start]!.text.toLowerCase()) || (/^\p{Lu}\.?$/u.test(tokens[start]!.text) && tokens[start]!.text !== 'I'))) start++
  // "Gubernur Jawa Tengah Ahmad Luthfi": a compass word is the end of a place ("Jawa Tengah"), never the start of a
  // name.
  while (start < end && DIRECTIONS.has(tokens[start]!.text)) start++
  while (end > start + 1 && (NAME_SUFFIXES.has(tokens[end - 1]!.text) || /^\p{Lu}\.?$/u.test(tokens[end - 1]!.text))) end--
  if (start >= end || end - start > 4) return
  const nameTokens = tokens.slice(start, end)
  const prefix = tokens.slice(0, start)
  const name = words(nameTokens).join(' ')
  const sentenceStart = start === 0 && /(^|[.!?:"“]\s*)$/.test(run.before)
  if (sentenceStart && nameTokens.length === 1 && isCommonWord(name, run)) return

  const titled = prefix.some((token) => PERSON_TITLES.has(token.text) || ROLE_WORDS.has(token.text))
  // "Presiden Armenia, Armen Sarkissian" / "Sekjen NATO, Jens Stoltenberg": a role phrase, a comma, the name.
  const appositive = prefix.length === 0 ? rolePhraseBefore(run) : undefined
  const attributed = ATTRIBUTION_BEFORE.test(run.before) || SPEECH_AFTER.test(run.after) || NAMED.test(run.before) || AGE_OR_ALIAS.test(run.after)
  // "Encep Nurjaman alias Hambali": the second name is the same person's.
  const aliasOf = /((?:\p{Lu}[\p{L}'’\-]*)(?: \p{Lu}[\p{L}'’\-]*){0,3}) alias\s+$/u.exec(run.before)?.[1]
  const aliased = aliasOf ? found.personKey(aliasOf) : undefined
  if (aliased) {
    found.alias(aliased, name)
    return
  }
  const known = nameTokens.length === 1 ? found.personWithToken(name) : found.personContaining(name)
  if (known) {
    // "Sri Mulyani" after "Sri Mulyani Indrawati": the same person, by a shorter name.
    if (nameTokens.length > 1) found.alias(known, name)
    return
  }
  if (nameTokens.length === 1 && !attributed) return
  if (!titled && !appositive && !attributed) return
  if (found.has(name)) return

  const roleTitle = titled ? rolePrefix(run, prefix) : appositive
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

function findMentions(paragraph: Paragraph, surfaces: Surfaces): Mention[] {
  if (!surfaces.pattern) return []
  const mentions: Mention[] = []
  // One pass with every surface form as an alternative, longest first: "Jens Stoltenberg" before "Stoltenberg".
  for (const match of paragraph.text.matchAll(surfaces.pattern)) {
    const entity = surfaces.entityOf.get(match[0])
    if (entity) mentions.push({paragraphKey: paragraph.key, start: match.index, end: match.index + match[0].length, entity})
  }
  return mentions
}

interface Surfaces {
  pattern?: RegExp
  entityOf: Map<string, string>
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** What the story names so far, and the surface forms that name each entity. */
class Registry {
  readonly entities = new Map<string, FoundEntity>()
  private readonly bySurface = new Map<string, string>()
  private readonly byIdentity = new Map<string, string>()

  organization(name: string, acronym?: string, kind?: OrganizationKind): void {
    const existing =
      this.bySurface.get(name) ??
      (acronym ? this.bySurface.get(acronym) : undefined) ??
      this.byIdentity.get(organizationIdentity(name)) ??
      (acronym ? this.byIdentity.get(organizationIdentity(acronym)) : undefined) ??
      this.extending(name) ??
      (acronym ? this.extending(acronym) : undefined)
    const known = KNOWN_ORGANIZATIONS.get(acronym ?? name) ?? KNOWN_ORGANIZATIONS.get(name)
    if (existing) {
      const entity = this.entities.get(existing)
      if (entity?.kind === 'organization') {
        if (acronym && !entity.acronym && acronym.length <= 20) entity.acronym = acronym
        else if (acronym && acronym !== entity.acronym) entity.aliases.add(acronym)
        if (name !== entity.name) {
          // The name is the fullest form the story uses; shorter ones become aliases.
          if (name.length > entity.name.length && name !== entity.acronym) {
            entity.aliases.add(entity.name)
            entity.name = name
          } else {
            entity.aliases.add(name)
          }
        }
        this.bySurface.set(name, existing)
        this.byIdentity.set(organizationIdentity(name), existing)
        if (acronym) this.bySurface.set(acronym, existing)
      }
      return
    }
    const key = `organization:${acronym ?? name}`
    // "Densus 88 Antiteror Polri" is a short form, not an acronym: the schema keeps acronyms to 20 characters.
    const short = acronym && acronym.length <= 20 ? acronym : undefined
    this.entities.set(key, {
      kind: 'organization',
      name,
      acronym: short,
      aliases: new Set(acronym && !short ? [acronym] : []),
      organizationKind: kind ?? known?.kind ?? guessKind(name),
    })
    this.bySurface.set(name, key)
    if (acronym) this.bySurface.set(acronym, key)
    for (const surface of [name, acronym]) if (surface) this.byIdentity.set(organizationIdentity(surface), key)
  }

  person(written: string, role?: {title: string; organization?: string}): void {
    // "Jokowi" is Joko Widodo: the person's document has the full name, the nickname is an alias.
    const name = NICKNAMES.get(written) ?? written
    const key = `person:${name}`
    const existing = this.entities.get(key)
    if (existing?.kind === 'person') {
      existing.aliases.add(written)
      if (role && !existing.roles.some((known) => known.title === role.title)) existing.roles.push(role)
      this.bySurface.set(written, key)
      return
    }
    const parts = name.split(' ').filter((part) => !NAME_CONNECTORS.has(part.toLowerCase()))
    const aliases = new Set<string>(written === name ? [] : [written])
    if (parts.length >= 2) aliases.add(parts.at(-1)!)
    this.entities.set(key, {kind: 'person', name, aliases, roles: role ? [role] : []})
    this.bySurface.set(name, key)
    this.bySurface.set(written, key)
  }

  /** How many tokens from `index` spell a known organization's name (longest first), or 0. */
  longestOrganizationAt(run: Run, index: number): number {
    for (let end = run.tokens.length; end > index + 1; end--) {
      if (this.organizationKey(joinTokens(run, index, end))) return end - index
    }
    return 0
  }

  /** "Densus 88" once "Densus 88 Antiteror Polri" is known: a name of two or more words that begins a longer one. */
  private extending(surface: string): string | undefined {
    if (!surface.includes(' ')) return undefined
    for (const [known, key] of this.bySurface) {
      if (!known.startsWith(`${surface} `) || !key.startsWith('organization:')) continue
      // Only a number, a place or another body may follow: "Densus 88" + "Antiteror Polri" is one unit, but
      // "Dewan Perwakilan Rakyat" + "Daerah" is another body.
      const rest = known.slice(surface.length + 1).split(' ')
      if (rest.some((word) => /^\d+$/.test(word) || KNOWN_ORGANIZATIONS.has(word) || PLACES.has(word))) return key
    }
    return undefined
  }

  /** "Walkot Dedie" found before "Dedie A Rachim": one person, known by both. */
  foldShortNames(): void {
    for (const [key, entity] of [...this.entities]) {
      if (entity.kind !== 'person' || entity.name.includes(' ')) continue
      const full = this.personWithToken(entity.name)
      if (!full) continue
      const target = this.entities.get(full) as FoundPerson
      target.aliases.add(entity.name)
      for (const role of entity.roles) if (!target.roles.some((known) => known.title === role.title)) target.roles.push(role)
      this.entities.delete(key)
      this.bySurface.set(entity.name, full)
    }
  }

  has(surface: string): boolean {
    return this.bySurface.has(surface)
  }

  organizationKey(surface: string): string | undefined {
    const key = this.bySurface.get(surface)
    return key?.startsWith('organization:') ? key : undefined
  }

  isOrganizationWord(word: string): boolean {
    return this.organizationKey(word) !== undefined
  }

  organizationIn(run: Run): string | undefined {
    for (let size = run.tokens.length; size >= 1; size--) {
      for (let index = 0; index + size <= run.tokens.length; index++) {
        const key = this.organizationKey(joinTokens(run, index, index + size))
        if (key) return key
      }
    }
    return undefined
  }

  /** The one person whose longer name contains these words in order: "Sri Mulyani" -> Sri Mulyani Indrawati. */
  personContaining(name: string): string | undefined {
    const parts = name.split(' ')
    const matches = [...this.entities].filter(([, entity]) => {
      if (entity.kind !== 'person') return false
      const full = entity.name.split(' ')
      return full.length > parts.length && full.some((_, at) => parts.every((part, offset) => full[at + offset] === part))
    })
    return matches.length === 1 ? matches[0]![0] : undefined
  }

  personKey(name: string): string | undefined {
    const key = this.bySurface.get(name)
    return key?.startsWith('person:') ? key : undefined
  }

  alias(key: string, name: string): void {
    const entity = this.entities.get(key)
    if (!entity) return
    entity.aliases.add(name)
    this.bySurface.set(name, key)
  }

  /** The person whose full name has this single word as a part: "Stoltenberg" -> Jens Stoltenberg. */
  personWithToken(word: string): string | undefined {
    if (word.includes(' ')) return undefined
    const matches = [...this.entities].filter(
      ([, entity]) => entity.kind === 'person' && entity.name.split(' ').length > 1 && entity.name.split(' ').includes(word),
    )
    return matches.length === 1 ? matches[0]![0] : undefined
  }

  /** Every surface form with the entity it names, and one pattern that finds them all. */
  surfaces(): Surfaces {
    const entityOf = new Map(this.surfaceList())
    const alternatives = [...entityOf.keys()].map(escape)
    return {
      entityOf,
      pattern: alternatives.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu') : undefined,
    }
  }

  /** Surface forms longest first, so that "Jens Stoltenberg" wins over "Stoltenberg". */
  private surfaceList(): [string, string][] {
    const result = new Map(this.bySurface)
    for (const [key, entity] of this.entities) {
      for (const alias of entity.aliases) if (!result.has(alias)) result.set(alias, key)
      if (entity.kind === 'person') {
        for (const part of entity.name.split(' ')) {
          if (part.length > 2 && !NAME_CONNECTORS.has(part.toLowerCase()) && !result.has(part) && this.personWithToken(part) === key) {
            result.set(part, key)
          }
        }
      }
    }
    return [...result].sort(([a], [b]) => b.length - a.length)
  }
}

// Short forms Indonesian news uses in organization names, so that "Pemprov Jatim" and "Pemerintah Provinsi Jawa
// Timur", "DPR RI" and "DPR" are known to be one organization.
const SHORT_FORMS: Record<string, string> = {
  Pemprov: 'Pemerintah Provinsi', Pemkab: 'Pemerintah Kabupaten', Pemkot: 'Pemerintah Kota', Pemko: 'Pemerintah Kota',
  Kejari: 'Kejaksaan Negeri', Kejati: 'Kejaksaan Tinggi', Kanwil: 'Kantor Wilayah', Ditjen: 'Direktorat Jenderal',
  Disdik: 'Dinas Pendidikan', Dinkes: 'Dinas Kesehatan', Dishub: 'Dinas Perhubungan', Polda: 'Kepolisian Daerah',
  Polres: 'Kepolisian Resor', Polresta: 'Kepolisian Resor Kota', Polsek: 'Kepolisian Sektor', Lapas: 'Lembaga Pemasyarakatan',
  Densus: 'Detasemen Khusus', Jatim: 'Jawa Timur', Jateng: 'Jawa Tengah', Jabar: 'Jawa Barat', Sumut: 'Sumatera Utara',
  Sumbar: 'Sumatera Barat', Sumsel: 'Sumatera Selatan', Sulsel: 'Sulawesi Selatan', Sulut: 'Sulawesi Utara',
  Kaltim: 'Kalimantan Timur', Kalbar: 'Kalimantan Barat', Kalsel: 'Kalimantan Selatan', Kalteng: 'Kalimantan Tengah',
  DIY: 'Daerah Istimewa Yogyakarta', Jogja: 'Yogyakarta', Jakut: 'Jakarta Utara', Jaksel: 'Jakarta Selatan',
  Jakbar: 'Jakarta Barat', Jaktim: 'Jakarta Timur', Jakpus: 'Jakarta Pusat', Kemenag: 'Kementerian Agama',
  Kemenkeu: 'Kementerian Keuangan', Kemenlu: 'Kementerian Luar Negeri', Kemendagri: 'Kementerian Dalam Negeri',
}

const withoutCountry = (name: string) => name.replace(/ (?:RI|Republik Indonesia)$/, '')

/** The form two names of one organization share: short forms written out, "RI" dropped, case ignored. */
const organizationIdentity = (name: string) =>
  withoutCountry(name)
    .split(' ')
    .map((word) => SHORT_FORMS[word] ?? word)
    .join(' ')
    .toLocaleLowerCase('id')

function guessKind(name: string): OrganizationKind {
  const head = name.split(' ')[0] ?? ''
  if (/^(Kementerian|Badan|Dinas|Dewan|Komisi|Pemerintah|Pemprov|Pemkab|Pemkot|Polda|Polres|Polresta|Polsek|Kepolisian|Kejaksaan|Pengadilan|Mahkamah|Direktorat|Kantor|Majelis|Lembaga|Satuan)$/.test(head)) return 'government'
  if (/^(PT|CV|Bank)$/.test(head) || /\b(Tbk|Persero)\b/.test(name)) return 'company'
  if (head === 'Partai') return 'party'
  if (/^(Pakta|Organisasi)$/.test(head)) return 'intergovernmental'
  if (/^(Yayasan|Lembaga|Asosiasi|Perhimpunan|Ikatan|Himpunan)$/.test(head)) return 'ngo'
  if (/\b(Agency|News|Times|Post)\b/.test(name)) return 'media'
  return 'other'
}

