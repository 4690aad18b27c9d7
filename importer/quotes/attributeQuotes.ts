import type {Entities, Mention} from '../entities/findEntities'
import {ATTRIBUTION_VERBS, CUES, QUOTE_FALLBACK_CLOSERS, QUOTE_MARKS, SPEECH_VERBS} from '../lexicon'
import type {Paragraph} from '../lines/splitArticle'

export interface FoundQuote {
  paragraphKey: string
  /** Exactly as between the quote marks, less a trailing comma that joins it to its attribution. */
  text: string
  /** Entity key of the speaker (always a person). */
  speaker: string
  /** The attribution verb as written: "ujar", "kata", "ujarnya", "mengatakan". */
  verb?: string
  /** Entity key of the organization the quote was taken from ("dikutip dari Anadolu Agency"). */
  quotedVia?: string
}

export interface QuoteResult {
  quotes: FoundQuote[]
  warnings: string[]
}

interface QuoteSpan {
  open: number
  close: number
  inner: string
}

const verbs = [...ATTRIBUTION_VERBS].sort((a, b) => b.length - a.length).join('|')
const speech = [...SPEECH_VERBS].sort((a, b) => b.length - a.length).join('|')
// `"...," kata Stoltenberg.` / `"...," ujarnya.` / `"...," jelas Kepala Dinas ...` / `"...," Wahid menambahkan.`
const VERB_AFTER = new RegExp(`^\\s*,?\\s*((?:${verbs})(?:nya)?|${speech})\\b`, 'iu')
// `"...," Stoltenberg menambahkan.`: the speaker between the quote and the verb.
const SUBJECT_THEN_VERB_AFTER = new RegExp(`^\\s*,?\\s*([^.,;"“”«»‘]{2,60}?)\\s+((?:${speech})|(?:${verbs}))\\b`, 'iu')
// `Stoltenberg mengatakan, "..."` / `Ia menjelaskan: "..."` / `... sebagai berikut: "..."`
const SPEECH_BEFORE = new RegExp(`(?:\\b(${speech}|${verbs})\\b[^.!?"“”«»‘]{0,40}?)?[,:]?\\s*$`, 'iu')
// "Ahmad Yani yang ikut meninjau lokasi mengatakan": the person named last before a speech verb is speaking.
const SPEECH_VERBS_ANYWHERE = new RegExp(`\\b(?:${speech})\\b`, 'giu')
const PRONOUN_AFTER_VERB = /^\s*(?:dia|ia|beliau)\b/i
const BASE_VERBS = new Set([...ATTRIBUTION_VERBS].map((verb) => verb.toLowerCase()))
/** "ujarnya" (she said) points back at a speaker named before; "tanya" (asked) is a verb of its own. */
const pointsBack = (verb: string) => /nya$/i.test(verb) && BASE_VERBS.has(verb.toLowerCase().slice(0, -3))
// "dikutip dari Anadolu Agency", "seperti dilansir Reuters"
/** A paragraph that ends with a speech verb and what it says is coming: the next paragraph's quote is the same speaker's. */
const INVITES_QUOTE = new RegExp(`\\b(?:${speech})\\b[^.]*[.:]?\\s*$`, 'i')
const QUOTED_VIA = new RegExp(`\\b(?:${[...(CUES.get('quoted-via') ?? [])].sort((a, b) => b.length - a.length).join('|')})\\s+$`, 'i')

/** Finds the direct quotes of a story and decides who said each one. */
export function attributeQuotes(paragraphs: Paragraph[], entities: Entities): QuoteResult {
  const quotes: FoundQuote[] = []
  const warnings: string[] = []
  const isPerson = (mention: Mention) => entities.byKey.get(mention.entity)?.kind === 'person'
  let lastSpeaker: string | undefined
  let lastPersonMentioned: string | undefined
  // Who "ujarnya" points at next: the last speaker, or someone introduced since with a speech verb.
  let pointedAt: string | undefined
  let previousParagraphInvitesQuote = false

  for (const paragraph of paragraphs) {
    const mentions = entities.mentions.filter((mention) => mention.paragraphKey === paragraph.key)
    const {spans, unbalanced} = quoteSpans(paragraph.text)
    // Someone named inside a quote is spoken about, not speaking.
    const persons = mentions.filter((mention) => isPerson(mention) && !spans.some((span) => mention.start > span.open && mention.end <= span.close))
    if (unbalanced) {
      warnings.push(`line ${paragraph.line}: unbalanced quote marks; the unclosed quote is skipped`)
    }
    for (const span of spans) {
      const before = paragraph.text.slice(0, span.open)
      const after = paragraph.text.slice(span.close + 1)
      const text = span.inner.replace(/,\s*$/, '').trim()
      const lastPersonBefore = [...persons].reverse().find((mention) => mention.end <= span.open)?.entity
      let speaker: string | undefined
      let verb: string | undefined
      let attributionEnd = span.close + 1
      if (!looksLikeSpeech(text) && !VERB_AFTER.test(after)) continue

      const verbAfter = VERB_AFTER.exec(after)
      const subjectAfter = SUBJECT_THEN_VERB_AFTER.exec(after)
      if (verbAfter?.[1]) {
        verb = verbAfter[1]
        const rest = span.close + 1 + verbAfter[0].length
        const sentenceEnd = indexOfSentenceEnd(paragraph.text, rest)
        let named = persons.find((mention) => mention.start >= rest && mention.start < sentenceEnd)
        // `kata pengacara Jokowi, Yakup Hasibuan`: a name after a lower-case relation ("pengacara", "istri") says
        // whose the speaker is; the speaker is the name in apposition after it.
        if (named && /\p{Ll}{3,}\s+$/u.test(paragraph.text.slice(rest, named.start))) {
          const appositive = persons.find((mention) => mention.start > named!.end && /^\s*,\s*$/.test(paragraph.text.slice(named!.end, mention.start)))
          if (appositive) named = appositive
        }
        if (named && !pointsBack(verb) && !PRONOUN_AFTER_VERB.test(paragraph.text.slice(rest))) {
          speaker = named.entity
          attributionEnd = named.end
        } else {
          speaker = lastPersonBefore ?? pointedAt ?? lastSpeaker ?? lastPersonMentioned
          attributionEnd = rest
        }
      } else if (subjectAfter?.[2]) {
        const subjectStart = span.close + 1 + subjectAfter[0].indexOf(subjectAfter[1]!)
        const subjectEnd = subjectStart + subjectAfter[1]!.length
        const named = persons.find((mention) => mention.start >= subjectStart && mention.end <= subjectEnd)
        if (named) {
          speaker = named.entity
          verb = subjectAfter[2]
          attributionEnd = subjectEnd
        } else if (/^(?:ia|dia|beliau)$/i.test(subjectAfter[1]!.trim())) {
          speaker = lastPersonBefore ?? pointedAt ?? lastSpeaker ?? lastPersonMentioned
          verb = subjectAfter[2]
        }
      }
      if (!speaker) {
        const intro = SPEECH_BEFORE.exec(before)
        const introduced = intro && (intro[1] !== undefined || /:\s*$/.test(before))
        if (introduced && intro[1]) verb = intro[1]
        if (introduced) speaker = lastPersonBefore ?? lastSpeaker
      }
      if (!speaker) {
        // `"...3,35," Direktur Riset Ali Noer Zaman, dalam rilis`: a name straight after the quote.
        const named = persons.find((mention) => mention.start > span.close && /^\s*,?\s*[\p{Lu}][\p{L} ]*$/u.test(paragraph.text.slice(span.close + 1, mention.start)))
        if (named) speaker = named.entity
      }
      const opensParagraph = before.trim() === ''
      if (!speaker && opensParagraph && (previousParagraphInvitesQuote || lastSpeaker) && looksLikeSpeech(text)) {
        // A quote that opens a paragraph continues the speaker the story was already quoting.
        speaker = lastSpeaker ?? lastPersonMentioned
      }
      if (!speaker) {
        if (looksLikeSpeech(text) && (verb || opensParagraph)) {
          warnings.push(`line ${paragraph.line}: no speaker found for the quote "${shorten(text)}"; skipped`)
        }
        continue
      }
      const via = entities.mentions.find(
        (mention) =>
          mention.paragraphKey === paragraph.key &&
          mention.start >= attributionEnd &&
          mention.start < indexOfSentenceEnd(paragraph.text, attributionEnd) &&
          QUOTED_VIA.test(paragraph.text.slice(attributionEnd, mention.start)),
      )
      quotes.push({paragraphKey: paragraph.key, text, speaker, verb, quotedVia: via?.entity})
      lastSpeaker = speaker
      pointedAt = speaker
    }
    // "Wakil Bupati Sleman Ahmad Yani ... mengatakan ...": a person speaking outside quotes becomes who a later
    // "ujarnya" points at.
    // The first speech verb with a person before it in its sentence: "Menanggapi arahan Presiden Joko Widodo, Kepala
    // BMKG Dwikorita Karnawati meminta ...": Dwikorita, not a verb that opens the sentence with no subject.
    if (spans.length === 0) {
      for (const verb of paragraph.text.matchAll(SPEECH_VERBS_ANYWHERE)) {
        const subject = [...persons].reverse().find((mention) => mention.end <= verb.index && !/[.!?]\s/.test(paragraph.text.slice(mention.end, verb.index)))
        if (subject) {
          pointedAt = subject.entity
          break
        }
      }
    }
    // The person a paragraph is about is the one it names first, its subject ("Musk berselisih dengan Trump ...").
    const subjectPerson = persons[0]
    if (subjectPerson) lastPersonMentioned = subjectPerson.entity
    previousParagraphInvitesQuote = /:\s*$/.test(paragraph.text) || INVITES_QUOTE.test(paragraph.text)
    if (spans.length === 0 && persons.length > 0 && !previousParagraphInvitesQuote) lastSpeaker = undefined
  }
  return {quotes, warnings}
}

const OPENERS = new Map(QUOTE_MARKS)
const CLOSERS = new Set([...QUOTE_MARKS.values(), ...QUOTE_FALLBACK_CLOSERS.values()])
const LETTER = /[\p{L}\p{N}]/u

/**
 * Pairs quote marks in a paragraph: straight "…", curly “…”, guillemets «…» and single ‘…’ (QUOTE_MARKS), and a
 * straight and a curly double quote where the paragraph has no mark of the opening one's kind to close it. Inside a
 * quote only its closing mark ends it; another kind of mark is quoted text. A single closing quote between two
 * letters is an apostrophe (Ma’ruf). Marks that pair with nothing are reported.
 */
export function quoteSpans(text: string): {spans: QuoteSpan[]; unbalanced: boolean} {
  const spans: QuoteSpan[] = []
  let open: {index: number; mark: string; close: string} | undefined
  let unbalanced = false
  const isApostrophe = (index: number) => text[index] === '’' && LETTER.test(text[index - 1] ?? '') && LETTER.test(text[index + 1] ?? '')
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    if (!OPENERS.has(char) && !CLOSERS.has(char)) continue
    if (!open) {
      if (OPENERS.has(char)) open = {index, mark: char, close: closerFor(text, index, char)}
      else if (char !== '’') unbalanced = true
      continue
    }
    if (char === open.close && !isApostrophe(index)) {
      spans.push({open: open.index, close: index, inner: text.slice(open.index + 1, index)})
      open = undefined
    } else if (char === open.mark && open.mark !== open.close) {
      // The same opening mark again before the first closed: the first one was never closed.
      unbalanced = true
      open = {index, mark: char, close: open.close}
    }
  }
  if (open) unbalanced = true
  return {spans, unbalanced}
}

/** The mark that closes a quote opened at `at`: its own kind, or where the paragraph has none after it, the fallback. */
function closerFor(text: string, at: number, mark: string): string {
  const own = OPENERS.get(mark)!
  const fallback = QUOTE_FALLBACK_CLOSERS.get(mark)
  return fallback && text.indexOf(own, at + 1) === -1 && text.indexOf(fallback, at + 1) !== -1 ? fallback : own
}

/** Speech has a few words, or ends as a sentence does; a title or a scare-quoted word does not. */
function looksLikeSpeech(text: string): boolean {
  const wordCount = text.split(/\s+/).filter(Boolean).length
  return wordCount >= 4 || (wordCount >= 2 && /[.!?…]$/.test(text))
}

function indexOfSentenceEnd(text: string, from: number): number {
  const match = /[.!?;](?:\s|$)|["“«‘]/.exec(text.slice(from))
  return match ? from + match.index : text.length
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text)
