import {
  COMPASS_WORDS,
  KNOWN_ORGANIZATIONS,
  NAME_SUFFIXES,
  NOT_NAME_WORDS,
  ORGANIZATION_HEADS,
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
import {tokenize, type Token} from '../tokens'
import {findMentions} from './mentions'

/**
 * How sure the tagger must be (its calibrated span score, 0 to 1) before its word is taken where the rules have
 * none. Chosen on the dev sets (eval/devset.json and the dev half of eval/labels-*.json), never on a test set.
 */
export interface ModelPolicy {
  person: number
  /** For a person named by one word only ("Costa", "Nuno"), whom the story gives no fuller name. */
  singleWordPerson: number
  organization: number
  place: number
  /** To cut a person's name off the end of an organization the rules found. */
  split: number
}

export const MODEL_POLICY: ModelPolicy = {person: 0.5, singleWordPerson: 0.85, organization: 0.6, place: 0.6, split: 0.7}

/**
 * The tagger's proposals, checked against what the rules found and against the word lists:
 * - where a cue made the rules certain (a role before a name, an attribution verb, an acronym pair, a known or a
 *   headed organization), the rules decide and the model's span is passed over;
 * - elsewhere a person, organization or place the model is sure enough of is taken, once the words no name has
 *   (titles, roles, degrees, compass words, sentence starters) are trimmed off it and the word lists do not say it
 *   is something else (a place is never a person);
 * - a person the model finds at the end of an organization's name the rules read too far ("Universitas
 *   Padjadjaran Ahmad Yani") is cut off it, unless the data knows that organization by that whole name.
 */
export function proposeFromModel(paragraphs: readonly Paragraph[], found: Registry, places: Set<string>, policy: ModelPolicy = MODEL_POLICY): void {
  const tagger = loadTagger()
  const surfaces = found.surfaces()
  for (const paragraph of paragraphs) {
    const tokens = tokenize(paragraph.text)
    if (tokens.length === 0) continue
    const ruled = findMentions(paragraph, surfaces)
    for (const span of tagger.tagTokens(paragraph.text, tokens)) {
      const name = trimmed(tokens, span, paragraph.text)
      if (!name) continue
      const covering = ruled.filter((mention) => mention.start < name.end && name.start < mention.end)
      if (span.type === 'PERSON') {
        if (covering.length > 0) {
          cutFromOrganization(found, covering, name, span, policy)
          continue
        }
        const threshold = name.words === 1 && !found.personWithToken(name.text) ? policy.singleWordPerson : policy.person
        if (span.score >= threshold && isPersonName(name.text, paragraph.text)) addPerson(found, name.text)
      } else if (span.type === 'ORGANIZATION') {
        if (covering.length === 0 && span.score >= policy.organization && isOrganizationName(name.text)) found.organization(name.text)
      } else if (covering.length === 0 && span.score >= policy.place) {
        places.add(placeName(name.text))
      }
    }
  }
}

interface Trimmed {
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
  const leading = span.type === 'PERSON' ? (word: string) => PERSON_TITLES.has(word) || ROLE_WORDS.has(word) || COMPASS_WORDS.has(word) || SENTENCE_STARTERS.has(word) : (word: string) => SENTENCE_STARTERS.has(word) || ROLE_WORDS.has(word) || PERSON_TITLES.has(word)
  while (start < end && leading(tokens[start]!.text)) start++
  if (span.type === 'PERSON') while (end > start && (NAME_SUFFIXES.has(tokens[end - 1]!.text) || /^\p{Lu}\.?$/u.test(tokens[end - 1]!.text) && end - start > 1)) end--
  if (start >= end) return undefined
  const from = tokens[start]!.start
  const to = tokens[end - 1]!.end
  return {text: text.slice(from, to), start: from, end: to, words: end - start}
}

/** A person's name: capitalised words, none of them a place, a role or an organization the data knows. */
function isPersonName(name: string, paragraph: string): boolean {
  const words = name.split(/\s+/)
  if (words.length > 5 || !words.every((word) => /^\p{Lu}/u.test(word) || /^(?:bin|binti|van|von|der|de|da|al|el)$/i.test(word))) return false
  if (PLACES.has(name) || KNOWN_ORGANIZATIONS.has(name)) return false
  // "Pemko Binjai", "Keuskupan Palangka Raya", "Lubuk Basung": a word that opens an organization's or a place's name.
  if (ORGANIZATION_HEADS.has(words[0]!) || PLACE_HEADS.has(words[0]!)) return false
  if (words.some((word) => PLACES.has(word) && words.length === 1)) return false
  if (words.every((word) => ROLE_WORDS.has(word) || ROLE_COMPLEMENTS.has(word) || NOT_NAME_WORDS.has(word) || SENTENCE_STARTERS.has(word))) return false
  // One capitalised word the story also writes in lower case is an ordinary word at a sentence start.
  if (words.length === 1 && new RegExp(`(?<![\\p{L}])${words[0]!.toLowerCase()}(?![\\p{L}])`, 'u').test(paragraph)) return false
  return true
}

/** "JAKARTA" in a dateline is Jakarta. */
export function placeName(written: string): string {
  return /\p{Ll}/u.test(written) || written.length <= 3 ? written : written.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (letter) => letter.toUpperCase())
}

function isOrganizationName(name: string): boolean {
  const words = name.split(/\s+/)
  return !PLACES.has(name) && !PLACES.has(placeName(name)) && words.length <= 8 && /^[\p{Lu}\p{N}]/u.test(name) && !words.every((word) => ROLE_WORDS.has(word) || NOT_NAME_WORDS.has(word))
}

function addPerson(found: Registry, name: string): void {
  if (found.has(name)) return
  // "Stoltenberg" once "Jens Stoltenberg" is known; "Sri Mulyani" once "Sri Mulyani Indrawati" is.
  const known = name.includes(' ') ? found.personContaining(name) : found.personWithToken(name)
  if (known) found.alias(known, name)
  else found.person(name)
}

function cutFromOrganization(found: Registry, covering: Mention[], name: Trimmed, span: TaggedSpan, policy: ModelPolicy): void {
  if (span.score < policy.split || covering.length !== 1 || name.words < 2) return
  const mention = covering[0]!
  const entity = found.entities.get(mention.entity)
  // Only an organization whose name runs on into the person's, from before it to the very end.
  if (entity?.kind !== 'organization' || mention.start >= name.start || mention.end !== name.end) return
  if (KNOWN_ORGANIZATIONS.has(entity.name)) return
  const organization = entity.name.slice(0, entity.name.length - name.text.length).trimEnd()
  if (!organization.includes(' ') && !KNOWN_ORGANIZATIONS.has(organization)) return
  found.shortenOrganization(mention.entity, organization)
  addPerson(found, name.text)
}
