/**
 * What the importer knows of Indonesian news, one kind per file in this folder (see README.md): places, the words
 * that open or close a name, titles and degrees, role words, speech verbs, sentence starters, known organizations,
 * dates and quote marks. Plain data, read once when the importer loads; the tokenizer reads it too.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

export type KnownOrganizationKind = 'intergovernmental' | 'government' | 'media' | 'company' | 'party' | 'ngo' | 'other'

export interface KnownOrganization {
  name: string
  kind: KnownOrganizationKind
}

const KINDS = new Set<string>(['intergovernmental', 'government', 'media', 'company', 'party', 'ngo', 'other'])

/** The file's entries: one per line, comments (`#`) and blank lines left out. */
function entries(file: string): string[] {
  return readFileSync(join(import.meta.dirname, file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
}

const words = (file: string): ReadonlySet<string> => new Set(entries(file))

/** Tab-separated columns; a line with another number of columns is a mistake in the data, said at load. */
function table(file: string, columns: number): string[][] {
  return entries(file).map((line, at) => {
    const cells = line.split('\t')
    if (cells.length !== columns) throw new Error(`importer/language/id/${file}: entry ${at + 1} has ${cells.length} columns, not ${columns}: ${line}`)
    return cells
  })
}

/** Proper names of places: countries, regions, foreign cities, Indonesian provinces, cities, regencies, districts, islands. */
export const PLACES = words('places.txt')
/** Words that open a place name: street, administrative unit, landform, building or facility ("Jalan", "Kabupaten"). */
export const PLACE_HEADS = words('place-heads.txt')
/** Words that open an organization name ("Kementerian", "Polda", "PT"). */
export const ORGANIZATION_HEADS = words('organization-heads.txt')
/** Words that close an organization name in English or Indonesian ("Agency", "Tbk"). */
export const ORGANIZATION_TAILS = words('organization-tails.txt')
/** Honorifics, academic titles and military and police ranks written before a name but not part of it. */
export const PERSON_TITLES = words('person-titles.txt')
/** Academic degrees and similar suffixes written after a name ("S.H.", "M.Si", "Ph.D"). */
export const NAME_SUFFIXES = words('name-suffixes.txt')
/** Words that begin or make up a role or position phrase written before a name ("Menteri", "Kapolda", "Jubir"). */
export const ROLE_WORDS = words('role-words.txt')
/** Capitalised words that continue a role phrase but are not names ("Dalam", "Negeri", "Reskrim"). */
export const ROLE_COMPLEMENTS = words('role-complements.txt')
/** Words capitalised only because they open a sentence or heading, never parts of a name ("Namun", "Senin"). */
export const SENTENCE_STARTERS = words('sentence-starters.txt')
/** Speech verbs written right after a quote, lower case base forms ("kata", "ujar"); each also takes -nya. */
export const ATTRIBUTION_VERBS = words('attribution-verbs.txt')
/** Speech verbs written after the speaker, before or after a quote ("mengatakan", "menambahkan"). */
export const SPEECH_VERBS = words('speech-verbs.txt')
/** Capitalised words of legal and bureaucratic text that are never part of a name ("Nomor", "Pasal"). */
export const NOT_NAME_WORDS = words('not-name-words.txt')
/** Words abbreviated with a dot that the tokenizer keeps whole ("Jl.", "Kab."), written without the dot. */
export const ABBREVIATIONS = words('abbreviations.txt')

/** Acronyms and short forms as written, with the full Indonesian name and kind of organization they stand for. */
export const KNOWN_ORGANIZATIONS: ReadonlyMap<string, KnownOrganization> = new Map(
  table('known-organizations.tsv', 3).map(([short, name, kind]) => {
    if (!KINDS.has(kind!)) throw new Error(`importer/language/id/known-organizations.tsv: ${short} has unknown kind ${kind}`)
    return [short!, {name: name!, kind: kind as KnownOrganizationKind}]
  }),
)
/** The full names of the organizations known-organizations.tsv lists ("Kementerian Dalam Negeri"). */
export const KNOWN_ORGANIZATION_NAMES: ReadonlySet<string> = new Set([...KNOWN_ORGANIZATIONS.values()].map((organization) => organization.name))

/** Month names in Indonesian dates, full and abbreviated, lower case, with their number. */
export const MONTHS: ReadonlyMap<string, number> = new Map(table('months.tsv', 2).map(([name, month]) => [name!, Number(month)]))
/** Indonesia's time zones as datelines write them, in hours east of UTC. */
export const TIME_ZONES: ReadonlyMap<string, number> = new Map(table('time-zones.tsv', 2).map(([zone, hours]) => [zone!, Number(hours)]))
/** News outlets as datelines and copyright lines write them (lower case), with their publisher's name. */
export const OUTLETS: ReadonlyMap<string, string> = new Map(table('outlets.tsv', 2).map(([written, name]) => [written!.toLowerCase(), name!]))
/** Nicknames and fixed short forms of well-known people, with the full name their document has ("Jokowi"). */
export const NICKNAMES: ReadonlyMap<string, string> = new Map(table('nicknames.tsv', 2).map(([nickname, name]) => [nickname!, name!]))
/** Cue phrases by kind (media-before, media-after, named, quoted-via), lower case. */
export const CUES: ReadonlyMap<string, readonly string[]> = (() => {
  const byKind = new Map<string, string[]>()
  for (const [kind, phrase] of table('cues.tsv', 2)) byKind.set(kind!, [...(byKind.get(kind!) ?? []), phrase!])
  return byKind
})()
/** Short forms inside organization names, written out ("Pemprov" = "Pemerintah Provinsi", "Jatim" = "Jawa Timur"). */
export const SHORT_FORMS: ReadonlyMap<string, string> = new Map(table('short-forms.tsv', 2).map(([short, full]) => [short!, full!]))
/** Words that end a place's name and never start a person's ("Tengah", "Utara"). */
export const COMPASS_WORDS = words('compass-words.txt')
/** Words that open a person's name as part of it, though alone they are something else ("Lalu", "I"). */
export const NAME_OPENERS = words('name-openers.txt')
/** Lower-case words inside a person's name ("bin", "van"). */
export const NAME_CONNECTORS = words('name-connectors.txt')
/** Lower-case words that may join capitalised words into one name ("dan", "untuk", and the name connectors). */
export const RUN_CONNECTORS = words('run-connectors.txt')
/** Words that make a kind of body rather than name one ("Wilayah", "Sentral"). */
export const GENERIC_ORGANIZATION_WORDS = words('generic-organization-words.txt')
/** Capitalised words before which a body's name ends ("Nomor", "Tahun"): what follows cites a law or a year. */
export const ORGANIZATION_STOPS = words('organization-stops.txt')
/** Acronyms and words written like a body's name that name a programme, a law, a status or a phrase ("MBG", "SWT"). */
export const NOT_ORGANIZATIONS = words('not-organizations.txt')
/** Quote marks: each opening mark with its closing one. */
export const QUOTE_MARKS: ReadonlyMap<string, string> = new Map(table('quote-marks.tsv', 3).map(([open, close]) => [open!, close!]))
/** For an opening mark, the closing mark that ends its quote when the paragraph has none of its own kind after it. */
export const QUOTE_FALLBACK_CLOSERS: ReadonlyMap<string, string> = new Map(
  table('quote-marks.tsv', 3).flatMap(([open, , fallback]) => (fallback === '-' ? [] : [[open!, fallback!] as [string, string]])),
)
