import {
  COMPASS_WORDS,
  GENERIC_ORGANIZATION_WORDS,
  KNOWN_ORGANIZATIONS,
  NAME_OPENERS,
  NAME_SUFFIXES,
  NICKNAMES,
  NOT_NAME_WORDS,
  NOT_ORGANIZATIONS,
  ORGANIZATION_HEADS,
  ORGANIZATION_TAILS,
  PERSON_TITLES,
  PLACE_HEADS,
  PLACES,
  ROLE_COMPLEMENTS,
  ROLE_WORDS,
  SENTENCE_STARTERS,
} from '../../lexicon'
import type {Paragraph} from '../../lines/splitArticle'
import {loadTagger, type TaggedSpan} from '../../ner/tagger'
import type {Mention} from '../found'
import type {Registry} from '../registry'
import {adjacent, tokenize, type Token} from '../tokens'
import {lowerCaseWords} from '../runs'
import {findMentions} from './mentions'
import {namesAPlace} from './persons'

/**
 * How sure the tagger must be (its calibrated span score, 0 to 1) before its word is taken where the rules have
 * none. Chosen on the dev sets (eval/devset.json and the dev half of eval/labels-*.json), never on a test set.
 */
export interface ModelPolicy {
  person: number
  /**
   * For a person named by one word only ("Costa", "Nuno") in a story of several paragraphs that never gives a fuller
   * name: news introduces a person by the full name, so a lone word there is more often a brand or a sentence's
   * first word. A story of one paragraph had no room to introduce anyone, and takes such a word at `person`.
   */
  singleWordPerson: number
  organization: number
  place: number
  /** To cut a person's name off the end of an organization the rules found. */
  split: number
  /** To carry an organization the rules found on to the end of the tagger's longer span ("Partai Indonesia Baru"). */
  extend: number
}

export const MODEL_POLICY: ModelPolicy = {person: 0.4, singleWordPerson: 0.85, organization: 0.6, place: 0.6, split: 0.7, extend: 0.75}

/**
 * The tagger's proposals, checked against what the rules found and against the word lists, each given one named
 * verdict (`Verdict`, heard through `onProposal`):
 * - where a cue made the rules certain (a role before a name, an attribution verb, an acronym pair, a known or a
 *   headed organization), the rules decide; the tagger may only cut a person off the end of an organization the
 *   rules read too far ("Universitas Padjadjaran Ahmad Yani"), carry an organization the rules cut short on to the
 *   end of its span ("PT Krakatau Steel"), or give a one-word person the fuller name where the story first names
 *   them ("Susiana" -> "Susiana Tabrani");
 * - elsewhere a person, organization or place the tagger is sure enough of is taken, once the words no name has
 *   (titles, roles, degrees, compass words, sentence starters) are trimmed off it and the word lists do not say it
 *   is something else (a place is never a person, "MBG" is no body);
 * - nothing is taken from a subheading.
 */
export function proposeFromModel(paragraphs: readonly Paragraph[], found: Registry, places: Set<string>, policy: ModelPolicy = MODEL_POLICY, onProposal?: (proposal: Proposal) => void): void {
  const tagger = loadTagger()
  const surfaces = found.surfaces()
  const story: Story = {severalParagraphs: paragraphs.length > 1, mentionedEarlier: new Set(), lowerCase: storyLowerCaseWords(paragraphs)}
  for (const paragraph of paragraphs) {
    const tokens = tokenize(paragraph.text)
    if (tokens.length === 0) continue
    const ruled = findMentions(paragraph, surfaces)
    const heading = isHeading(paragraph.text, tokens)
    for (const span of tagger.tagTokens(paragraph.text, tokens)) {
      const name = withoutCommonStart(trimmed(tokens, span, paragraph.text), span, tokens, paragraph.text, story)
      // "Ultimatum Prabowo": in a subheading every word is capitalised, and capitals say nothing of names.
      const text = paragraph.text.slice(tokens[span.start]!.start, tokens[span.end - 1]!.end)
      const verdict =
        heading && span.type !== 'PLACE'
          ? 'in a heading'
          : name && /[()[\]]/.test(name.text.replace(LEGAL_FORM_IN_BRACKETS, ''))
            ? 'across a bracket'
            : // "Ibu Kota Nusantara" is a place, though "Ibu" is a title too: it is not "Kota Nusantara" once trimmed.
              span.type === 'ORGANIZATION' && PLACES.has(text)
              ? 'a place or known organization'
              : name
                ? judge(span, name, story, ruled, found, places, policy, wordsBefore(tokens, paragraph.text, name.first))
                : 'no name left'
      onProposal?.({paragraphKey: paragraph.key, type: span.type, score: span.score, text, name: name?.text, start: name?.start, end: name?.end, verdict})
    }
    for (const mention of ruled) story.mentionedEarlier.add(mention.entity)
  }
}

/** "PT Bank Rakyat Indonesia (Persero) Tbk": the one bracket a name may hold, a company's legal form. */
const LEGAL_FORM_IN_BRACKETS = /\s\(Persero\)(?=\s|$)/g

/** What became of one of the tagger's spans, and why: `taken`, `joined`, `cut`, `extended` and `lengthened` changed the registry. */
export type Verdict =
  | 'taken'
  | 'joined'
  | 'cut'
  | 'extended'
  | 'lengthened'
  | 'no name left'
  /** "RK" as an organization: nicknames.tsv says whose nickname it is. */
  | "a person's nickname"
  /** "Pengadilan Negeri (PN) Palu" read as "PN) Palu": a name has no bracket in it. */
  | 'across a bracket'
  | 'in a heading'
  | 'rules decided'
  | 'below threshold'
  | 'a place or known organization'
  | 'headed like an organization or place'
  | 'role and common words'
  | 'lower case elsewhere'
  | 'not capitalised'
  | 'a kind of body'
  | 'not a body'
  | 'part of a place name'

/** One span the tagger proposed, as the policy judged it (for tracing a score to a rule: `npm run eval:ner -- --trace`). */
export interface Proposal {
  paragraphKey: string
  type: TaggedSpan['type']
  score: number
  /** The tagger's words, and what was left of them once titles, roles and degrees were trimmed off. */
  text: string
  name?: string
  start?: number
  end?: number
  verdict: Verdict
}

/** A subheading: a short line of capitalised words (small words aside) that ends without a sentence's punctuation. */
function isHeading(text: string, tokens: readonly Token[]): boolean {
  return tokens.length >= 2 && tokens.length <= 10 && !/[.!?:;,"”’)]\s*$/u.test(text) && tokens.every((token) => /^[\p{Lu}\p{N}]/u.test(token.text) || token.text.length <= 3)
}

/** What the whole story says about a span: whether it had room to introduce a person, and its lower-case words. */
interface Story {
  severalParagraphs: boolean
  /** Entities the rules' names mention in the paragraphs read so far. */
  mentionedEarlier: Set<string>
  /** Every word the story writes in lower case, as written. */
  lowerCase: ReadonlySet<string>
}

/** Every word the story writes in lower case: what its paragraphs do, together. */
export function storyLowerCaseWords(paragraphs: readonly Paragraph[]): ReadonlySet<string> {
  let words = storyWords.get(paragraphs)
  if (!words) {
    words = new Set<string>()
    for (const paragraph of paragraphs) for (const word of lowerCaseWords(paragraph)) words.add(word)
    storyWords.set(paragraphs, words)
  }
  return words
}

// The persons pass and the policy read one story's words: made once per story.
const storyWords = new WeakMap<readonly Paragraph[], Set<string>>()

/** The words right before a token with only spaces between them: the run of words the name is written in. */
function wordsBefore(tokens: readonly Token[], text: string, first: number): Token[] {
  let at = first
  while (at > 0 && adjacent(text, tokens[at - 1]!, tokens[at]!)) at--
  return tokens.slice(at, first)
}

function judge(span: TaggedSpan, name: Trimmed, story: Story, ruled: readonly Mention[], found: Registry, places: Set<string>, policy: ModelPolicy, before: readonly Token[]): Verdict {
  const covering = ruled.filter((mention) => mention.start < name.end && name.start < mention.end)
  if (span.type === 'PERSON') {
    if (covering.length > 0) {
      if (cutFromOrganization(found, covering, name, span, policy)) return 'cut'
      return lengthenPerson(found, covering, name, span, story, policy) ? 'lengthened' : 'rules decided'
    }
    // A nickname the lists know ("RK", "Jokowi") is one word that names someone on its own.
    const threshold = story.severalParagraphs && name.words === 1 && !found.personWithToken(name.text) && !NICKNAMES.has(name.text) ? policy.singleWordPerson : policy.person
    if (span.score < threshold) return 'below threshold'
    const objection = personObjection(name.text, story)
    if (objection) return objection
    if (namesAPlace(before)) return 'part of a place name'
    return addPerson(found, name.text)
  }
  if (covering.length > 0) return span.type === 'ORGANIZATION' && extendOrganization(found, covering, name, span, policy) ? 'extended' : 'rules decided'
  if (span.type === 'ORGANIZATION') {
    if (span.score < policy.organization) return 'below threshold'
    const objection = organizationObjection(name.text)
    if (objection) return objection
    found.organization(name.text)
    return 'taken'
  }
  if (span.score < policy.place) return 'below threshold'
  places.add(placeName(name.text))
  return 'taken'
}

interface Trimmed {
  /** Index of the first token left. */
  first: number
  text: string
  /** Character offsets in the paragraph. */
  start: number
  end: number
  words: number
}

/** The span without the words a name never starts or ends with; undefined when nothing is left. */
function trimmed(tokens: readonly Token[], span: TaggedSpan, text: string): Trimmed | undefined {
  let start = span.start
  let end = span.end
  const leading = span.type === 'PERSON' ? (word: string) => PERSON_TITLES.has(word) || ROLE_WORDS.has(word) || ROLE_COMPLEMENTS.has(word) || COMPASS_WORDS.has(word) || SENTENCE_STARTERS.has(word) : (word: string) => SENTENCE_STARTERS.has(word) || ROLE_WORDS.has(word) || PERSON_TITLES.has(word)
  // "Lalu Muhamad Iqbal": a word that opens names is kept where a name follows it.
  while (start < end && leading(tokens[start]!.text) && !(span.type === 'PERSON' && NAME_OPENERS.has(tokens[start]!.text) && start + 1 < end)) start++
  if (span.type === 'PERSON') while (end > start && (NAME_SUFFIXES.has(tokens[end - 1]!.text) || /^\p{Lu}\.?$/u.test(tokens[end - 1]!.text) && end - start > 1)) end--
  if (start >= end) return undefined
  const from = tokens[start]!.start
  const to = tokens[end - 1]!.end
  return {first: start, text: text.slice(from, to), start: from, end: to, words: end - start}
}

/**
 * "Kabar Prabowo akan melantik ...": a person's first word that only opens the sentence, a word the story also
 * writes in lower case ("kabar"), is no part of the name.
 */
function withoutCommonStart(name: Trimmed | undefined, span: TaggedSpan, tokens: readonly Token[], text: string, story: Story): Trimmed | undefined {
  if (!name || span.type !== 'PERSON' || name.words < 2) return name
  const first = tokens[name.first]!
  if (!/(?:^|[.!?:"“”]\s*)$/u.test(text.slice(0, first.start)) || !story.lowerCase.has(first.text.toLowerCase())) return name
  const next = tokens[name.first + 1]!
  return {first: name.first + 1, text: text.slice(next.start, name.end), start: next.start, end: name.end, words: name.words - 1}
}

/** Why a name is not a person's: a place, a role, an organization the data knows; undefined when nothing objects. */
function personObjection(name: string, story: Story): Verdict | undefined {
  const words = name.split(/\s+/)
  if (words.length > 5 || !words.every((word) => /^\p{Lu}/u.test(word) || /^(?:bin|binti|van|von|der|de|da|al|el)$/i.test(word))) return 'not capitalised'
  if (PLACES.has(name) || KNOWN_ORGANIZATIONS.has(name)) return 'a place or known organization'
  // "Pemko Binjai", "Keuskupan Palangka Raya", "Lubuk Basung": a word that opens an organization's or a place's name.
  if (ORGANIZATION_HEADS.has(words[0]!) || PLACE_HEADS.has(words[0]!)) return 'headed like an organization or place'
  // "Susiana Tabrani Convention Hall": a building or a body named after a person.
  if (words.slice(1).some((word) => ORGANIZATION_TAILS.has(word) || PLACE_HEADS.has(word))) return 'headed like an organization or place'
  if (words.some((word) => PLACES.has(word) && words.length === 1)) return 'a place or known organization'
  if (words.every((word) => ROLE_WORDS.has(word) || ROLE_COMPLEMENTS.has(word) || NOT_NAME_WORDS.has(word) || SENTENCE_STARTERS.has(word))) return 'role and common words'
  // Capitalised words the story also writes in lower case, every one of them, are ordinary words: at a sentence's
  // start, or in a phrase written with capitals ("Judi Online", "Tim Perumus").
  if (words.every((word) => story.lowerCase.has(word.toLowerCase()))) return 'lower case elsewhere'
  return undefined
}

/** "JAKARTA" in a dateline is Jakarta. */
export function placeName(written: string): string {
  return /\p{Ll}/u.test(written) || written.length <= 3 ? written : written.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (letter) => letter.toUpperCase())
}

function organizationObjection(name: string): Verdict | undefined {
  const words = name.split(/\s+/)
  if (PLACES.has(name) || PLACES.has(placeName(name))) return 'a place or known organization'
  if (NOT_ORGANIZATIONS.has(name)) return 'not a body'
  // "RK" is Ridwan Kamil (nicknames.tsv), not a body written in capitals.
  if (NICKNAMES.has(name)) return "a person's nickname"
  if (words.length > 8 || !/^[\p{Lu}\p{N}]/u.test(name)) return 'not capitalised'
  if (words.every((word) => ROLE_WORDS.has(word) || NOT_NAME_WORDS.has(word))) return 'role and common words'
  // "PT" of "pihak PT", "Pemerintah Provinsi": a kind of body, not the name of one.
  if (words.every((word) => ORGANIZATION_HEADS.has(word.replace(/\.$/, '')) || GENERIC_ORGANIZATION_WORDS.has(word))) return 'a kind of body'
  return undefined
}

function addPerson(found: Registry, name: string): Verdict {
  if (found.has(name)) return 'joined'
  // "Stoltenberg" once "Jens Stoltenberg" is known; "Sri Mulyani" once "Sri Mulyani Indrawati" is.
  const known = name.includes(' ') ? found.personContaining(name) : found.personWithToken(name)
  if (known) {
    found.alias(known, name)
    return 'joined'
  }
  found.person(name)
  return 'taken'
}

/** Whether the person was cut off the end of an organization's name. */
function cutFromOrganization(found: Registry, covering: readonly Mention[], name: Trimmed, span: TaggedSpan, policy: ModelPolicy): boolean {
  if (span.score < policy.split || covering.length !== 1 || name.words < 2) return false
  const mention = covering[0]!
  const entity = found.entities.get(mention.entity)
  // Only an organization whose name runs on into the person's, from before it to the very end.
  if (entity?.kind !== 'organization' || mention.start >= name.start || mention.end !== name.end) return false
  if (KNOWN_ORGANIZATIONS.has(entity.name)) return false
  const organization = entity.name.slice(0, entity.name.length - name.text.length).trimEnd()
  if (!organization.includes(' ') && !KNOWN_ORGANIZATIONS.has(organization)) return false
  found.recutOrganization(mention.entity, organization)
  addPerson(found, name.text)
  return true
}

/** Whether an organization the rules found was carried on to the end of the tagger's span, which begins where it does. */
function extendOrganization(found: Registry, covering: readonly Mention[], name: Trimmed, span: TaggedSpan, policy: ModelPolicy): boolean {
  if (span.score < policy.extend || covering.length !== 1) return false
  const mention = covering[0]!
  const entity = found.entities.get(mention.entity)
  if (entity?.kind !== 'organization' || mention.start !== name.start || mention.end >= name.end || KNOWN_ORGANIZATIONS.has(entity.name)) return false
  if (name.text.slice(0, mention.end - mention.start) !== entity.name) return false
  // Only capitalised words, none a place or a name the story already knows: "Mahkamah Konstitusi" + "Madagaskar"
  // is a court and its country, "Kementerian Dalam Negeri" + "69" a regulation's number.
  const rest = name.text.slice(mention.end - mention.start).trim().split(/\s+/)
  if (!rest.every((word) => /^\p{Lu}/u.test(word) && !PLACES.has(word) && !PLACES.has(placeName(word)) && !found.has(word))) return false
  if (organizationObjection(name.text)) return false
  found.recutOrganization(mention.entity, name.text)
  return found.entities.get(mention.entity)?.name === name.text
}

/**
 * Whether a one-word person the rules read ("kata Susiana") was given the fuller name the tagger reads where the
 * story introduces them ("Dr dr Susiana Tabrani MPd"): the short form then folds into it.
 */
function lengthenPerson(found: Registry, covering: readonly Mention[], name: Trimmed, span: TaggedSpan, story: Story, policy: ModelPolicy): boolean {
  if (span.score < policy.person || covering.length !== 1 || name.words < 2) return false
  const entity = found.entities.get(covering[0]!.entity)
  if (entity?.kind !== 'person' || entity.name.includes(' ') || !name.text.split(/\s+/).includes(entity.name)) return false
  // Only where the story introduces them: a later "Ultimatum Prabowo" heading is no fuller name for "Prabowo".
  if (story.mentionedEarlier.has(covering[0]!.entity)) return false
  // Once: "Susiana Tabrani" where the story introduces her, not "Susiana Tabrani Convention Hall" later.
  if (personObjection(name.text, story) || found.has(name.text) || found.personWithToken(entity.name)) return false
  found.person(name.text)
  return true
}
