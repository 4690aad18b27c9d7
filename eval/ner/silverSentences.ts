/**
 * Silver training sentences: unlabelled news read by the importer's entity stage (rules, the tagger and the policy
 * over the whole story: role words, speech verbs, full names introduced earlier), its findings written back onto
 * the words as partial labels. A word inside a person, organization or place the story names is labelled; a
 * lower-case word outside them is O; a capitalised word outside them is left open, since the importer only
 * annotates what it is sure of ("Presiden", "Pemkot" or a name it passed over). Training takes the model's best
 * path through the known labels as the target (train.ts).
 */
import type {Entities} from '../../importer/entities/found'
import {tokenize, type Token} from '../../importer/entities/tokens'
import {placeName} from '../../importer/entities/passes/modelProposals'
import type {Paragraph} from '../../importer/lines/splitArticle'
import {ALL_LABELS, beginOf, insideOf, OUTSIDE, type EntityType} from '../../importer/ner/labels'
import {sentencesOfText} from '../../importer/ner/sentences'
import type {TrainingSentence} from '../../importer/ner/train'

/** An entity the importer found in a paragraph: character offsets, end exclusive. */
export interface SilverSpan {
  start: number
  end: number
  type: EntityType
}

/** Words of a place name, at most: "Kabupaten Nias Selatan". */
const LONGEST_PLACE = 4
const HAS_CAPITAL = /\p{Lu}/u

/**
 * Where the story names its entities, per paragraph: every mention of a person or organization, then every
 * place it found written where no mention is (places are names, not offsets: each is looked for in the words).
 */
export function silverSpans(paragraphs: readonly Paragraph[], entities: Entities): SilverSpan[][] {
  const index = new Map(paragraphs.map((paragraph, at) => [paragraph.key, at]))
  const spans: SilverSpan[][] = paragraphs.map(() => [])
  for (const mention of entities.mentions) {
    const at = index.get(mention.paragraphKey)!
    const own = spans[at]!
    const words = tokenize(paragraphs[at]!.text).filter((token) => token.start < mention.end && mention.start < token.end)
    // A name inside a word ("BI" of "BI-Rate", "Prabowo" of "Prabowo-Gibran") labels no word: the word stays open.
    if (words.length === 0 || words[0]!.start < mention.start || words.at(-1)!.end > mention.end) continue
    const start = words[0]!.start
    const end = words.at(-1)!.end
    if (own.some((span) => span.start < end && start < span.end)) continue
    own.push({start, end, type: entities.byKey.get(mention.entity)!.kind === 'person' ? 'PERSON' : 'ORGANIZATION'})
  }
  const places = new Set(entities.places)
  paragraphs.forEach(({text}, at) => {
    const own = spans[at]!
    const tokens = tokenize(text)
    const free = (token: Token) => !own.some((span) => span.start < token.end && token.start < span.end)
    for (let i = 0; i < tokens.length; i++) {
      for (let size = Math.min(LONGEST_PLACE, tokens.length - i); size >= 1; size--) {
        const words = tokens.slice(i, i + size)
        if (!words.every(free) || !HAS_CAPITAL.test(words[0]!.text)) continue
        if (words.some((token, k) => k > 0 && text.slice(words[k - 1]!.end, token.start) !== ' ')) continue
        const written = text.slice(words[0]!.start, words[size - 1]!.end)
        if (!places.has(written) && !places.has(placeName(written))) continue
        own.push({start: words[0]!.start, end: words[size - 1]!.end, type: 'PLACE'})
        i += size - 1
        break
      }
    }
    own.sort((a, b) => a.start - b.start)
  })
  return spans
}

export interface SilverOptions {
  /** A sentence is kept only if at least this share of its capitalised words is inside an entity. */
  minShare: number
  /** Capitalised words known not to be names (the importer never names them): O where no entity covers them. */
  outside?: ReadonlySet<string>
  /** Entity types whose spans are left open rather than labelled. */
  openTypes?: readonly EntityType[]
}

/**
 * One paragraph's sentences with the labels its spans give. Kept: sentences with a capitalised word (after the
 * first) of which at least `minShare` are labelled.
 */
export function silverSentences(text: string, spans: readonly SilverSpan[], options: SilverOptions): TrainingSentence[] {
  const tokens = tokenize(text)
  const labels = new Uint8Array(tokens.length).fill(OUTSIDE)
  const known = new Uint8Array(tokens.length)
  tokens.forEach((token, i) => {
    const span = spans.find((candidate) => candidate.start < token.end && token.start < candidate.end)
    if (span && options.openTypes?.includes(span.type)) {
      known[i] = 0
    } else if (span) {
      labels[i] = token.start <= span.start ? beginOf(span.type) : insideOf(span.type)
      known[i] = 1
    } else {
      known[i] = HAS_CAPITAL.test(token.text) && !options.outside?.has(token.text) ? 0 : 1
    }
  })
  const result: TrainingSentence[] = []
  for (const sentence of sentencesOfText(text, tokens)) {
    const own = Uint8Array.from(sentence.tokenIndex, (index) => labels[index]!)
    // A sentence split inside an entity would start with I-: it begins the entity there instead.
    if (own[0] !== OUTSIDE && own[0]! % 2 === 0) own[0] = own[0]! - 1
    // The first word is capitalised by its place ("Menurut Purbaya, ..."): it counts only if it is labelled.
    const counted = sentence.tokenIndex.filter((index, i) => HAS_CAPITAL.test(sentence.words[i]!) && (i > 0 || known[index]))
    const labelled = counted.filter((index) => known[index]).length
    if (counted.length === 0 || labelled < options.minShare * counted.length) continue
    const allowed = Uint8Array.from(sentence.tokenIndex, (index, i) => {
      if (known[index]) return 1 << own[i]!
      // An entity ends where its known labels end: the open word after it may not continue it.
      const before = i > 0 && known[sentence.tokenIndex[i - 1]!] ? own[i - 1]! : OUTSIDE
      return before === OUTSIDE ? ALL_LABELS : ALL_LABELS & ~(1 << (before % 2 === 0 ? before : before + 1))
    })
    result.push({sentence, labels: own, allowed, cased: true})
  }
  return result
}
