import {KNOWN_ORGANIZATIONS, NOT_NAME_WORDS, ORGANIZATION_HEADS, ORGANIZATION_STOPS, ORGANIZATION_TAILS, PLACE_HEADS, PLACES, SHORT_FORMS} from '../../lexicon'
import {ACRONYM} from '../cues'
import type {Registry} from '../registry'
import {nearSpelling} from '../spelling'
import {stripLeading, words, type Run} from '../runs'

export function findAcronymDefinitions(run: Run, found: Registry): void {
  const bracket = /^\s*\(([^()]{2,80})\)/.exec(run.after)
  if (!bracket?.[1]) return
  const inside = bracket[1].trim()
  const nameTokens = spelledBy(stripLeading(run.tokens, run), inside)
  const longName = words(nameTokens).join(' ')
  // "Menteri Energi dan Sumber Daya Mineral (ESDM)": once the role is stripped, what is left begins with "dan" and
  // names nothing; the acronym alone still names its body (a later pass).
  const named = /^[\p{Lu}\p{N}]/u.test(longName)
  if (named && nameTokens.length >= 2 && isAcronymOf(inside, longName) && isOrganizationName(longName, inside)) {
    // "Pakta Pertahanan Atlantik Utara (NATO)", "Badan Pengawas Pemilu (Bawaslu)"; and "Kepolisian Resor Kota
    // (Polresta) Bogor Kota", "Detasemen Khusus (Densus) 88 Antiteror Polri", where what follows the short form
    // belongs to both.
    const continued = continuationAfterBracket(run.after)
    if (continued) {
      found.organization(`${longName} ${continued}`, `${inside} ${continued}`)
      found.writtenAs(`${longName} ${continued}`, `${longName} (${inside}) ${continued}`)
    } else {
      // "Kementeri Keuangan (Kemenkeu)": a known acronym's name written a letter or two off is the name the lists
      // know; as written, it still names the body here.
      const known = KNOWN_ORGANIZATIONS.get(inside)?.name
      const misspelt = known !== undefined && known !== longName && nearSpelling(known.split(' '), longName.split(' '))
      found.organization(misspelt ? known : longName, inside)
      const key = misspelt ? found.organizationKey(known) : undefined
      if (key) found.alias(key, longName)
    }
  } else if (run.tokens.length === 1 && isAcronymOf(run.tokens[0]!.text, inside) && isOrganizationName(inside, run.tokens[0]!.text)) {
    // "ATRC (Advanced Technology Research Council)"
    found.organization(inside, run.tokens[0]!.text)
  }
}

/**
 * "Rapat Koordinasi Dewan Pengarah Indonesia National Single Window (INSW)": the last words whose initials spell the
 * acronym are the name, and the words before them are what the sentence says of it. Every word, unless no ending
 * spells it.
 */
function spelledBy<T extends {text: string}>(tokens: T[], acronym: string): T[] {
  const letters = acronym.toLowerCase()
  if (!/^\p{Lu}{2,}$/u.test(acronym)) return tokens
  for (let from = tokens.length - 2; from >= 0; from--) {
    const initials = tokens.slice(from).filter((token) => /^\p{Lu}/u.test(token.text)).map((token) => token.text[0]!.toLowerCase()).join('')
    // "PT Pertamina Hulu Energi (PHE)": a head alone before the spelt words is part of the name.
    if (initials === letters) return from === 0 || (from === 1 && ORGANIZATION_HEADS.has(tokens[0]!.text)) ? tokens : tokens.slice(from)
    if (initials.length > letters.length) break
  }
  return tokens
}

/** The capitalised words straight after "(Polresta)" in "Kepolisian Resor Kota (Polresta) Bogor Kota". */
export function continuationAfterBracket(text: string): string | undefined {
  const continued = /^\s*\([^()]+\)[ \t]+((?:[\p{Lu}\d][\p{L}\d\-]*)(?: [\p{Lu}\d][\p{L}\d\-]*)*)/u.exec(text)?.[1]
  if (!continued) return undefined
  // A number, a place or another body continues the name ("88 Antiteror Polri", "Bogor Kota", "Kelas III
  // Pangururan"); anything else is what the sentence goes on with, often a person's name.
  const first = continued.split(' ')[0]!
  // "Mahkamah Agung (MA) Nomor 5834": a ruling's number, not more of the name; "(IFC) 2025": the year of an event.
  if (ORGANIZATION_STOPS.has(first) || /^(?:19|20)\d\d$/.test(first)) return undefined
  const continues = /^(?:\d+|[IVXL]+)$/.test(first) || PLACES.has(first) || PLACE_HEADS.has(first) || KNOWN_ORGANIZATIONS.has(first) || NOT_NAME_WORDS.has(first)
  if (!continues) return undefined
  // "Pengadilan Negeri (PN) Lembata Nomor 1/...": the name ends before a ruling's number.
  const stop = continued.split(' ').findIndex((word) => ORGANIZATION_STOPS.has(word))
  const words = continued.split(' ').slice(0, stop === -1 ? undefined : stop)
  let end = words.length
  // Stop before a trailing person's name: two or more words that are none of those. A place may be of several
  // words ("Jawa Tengah"), and a city's "Kota" ends one ("Bogor Kota").
  const endsPlace = (at: number) => words.slice(0, at).some((_, from) => PLACES.has(words.slice(from, at).join(' '))) || (at >= 2 && PLACES.has(words[at - 2]!) && PLACE_HEADS.has(words[at - 1]!))
  while (end > 1 && !/^(?:\d+|[IVXL]+)$/.test(words[end - 1]!) && !endsPlace(end) && !KNOWN_ORGANIZATIONS.has(words[end - 1]!) && !NOT_NAME_WORDS.has(words[end - 1]!)) end--
  const stretch = /^\d+$/.test(first) ? words : words.slice(0, end)
  return stretch.join(' ')
}

/**
 * "NATO", "CSTO": capitals (often of the English name); "Bawaslu", "Polri": a word whose letters come, in order,
 * from the name it shortens.
 */
export function isAcronymOf(short: string, name: string): boolean {
  // "Polresta" for "Kepolisian Resor Kota": a short form the word lists know, though its first letter is not the name's.
  if (SHORT_FORMS.get(short) === name) return true
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
