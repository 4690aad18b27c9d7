import type {Paragraph} from '../../lines/splitArticle'
import type {Mention} from '../found'
import type {Surfaces} from '../registry'

const WORD_CHARACTER = /[\p{L}\p{N}]/u

/** The code point that ends just before `at`, or ''. */
function before(text: string, at: number): string {
  if (at === 0) return ''
  const low = text.charCodeAt(at - 1)
  return low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text[at - 1]!
}

const isAsciiWordCharacter = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/** The code point that starts at `at`, or ''. */
const codePointAt = (text: string, at: number): string => (at < text.length ? String.fromCodePoint(text.codePointAt(at)!) : '')

/**
 * Every place in the paragraph that a surface form names, scanning left to right: at each position where a word
 * starts, the longest surface there wins ("Jens Stoltenberg" before "Stoltenberg"), and the scan goes on after it.
 * A surface counts only where no letter or digit touches it on either side. A surface with its short form in
 * brackets inside it gives two mentions, the words before the brackets and the short form.
 */
export function findMentions(paragraph: Paragraph, surfaces: Surfaces): Mention[] {
  if (surfaces.byFirstCharacter.size === 0) return []
  const {text} = paragraph
  const mentions: Mention[] = []
  for (let at = 0; at < text.length; ) {
    // Inside a word no surface starts: step on without looking one up (most positions are).
    const previous = at > 0 ? text.charCodeAt(at - 1) : 0
    if (previous < 128 ? isAsciiWordCharacter(previous) : WORD_CHARACTER.test(before(text, at))) {
      const code = text.charCodeAt(at)
      at += code >= 0xd800 && code <= 0xdbff ? 2 : 1
      continue
    }
    const first = codePointAt(text, at)
    const candidates = surfaces.byFirstCharacter.get(first)
    const surface = candidates && !WORD_CHARACTER.test(before(text, at)) ? candidates.find((form) => text.startsWith(form, at) && !WORD_CHARACTER.test(codePointAt(text, at + form.length))) : undefined
    if (surface) {
      const entity = surfaces.entityOf.get(surface)!
      // "Kepolisian Resor Kota (Polresta) Bogor Kota": the name and its short form name the body; the brackets and
      // the place after them do not.
      const bracket = /^(.+?) \(([^()]+)\) /.exec(surface)
      if (bracket) {
        const inside = at + bracket[1]!.length + 2
        mentions.push({paragraphKey: paragraph.key, start: at, end: at + bracket[1]!.length, entity}, {paragraphKey: paragraph.key, start: inside, end: inside + bracket[2]!.length, entity})
      } else {
        mentions.push({paragraphKey: paragraph.key, start: at, end: at + surface.length, entity})
      }
      at += surface.length
    } else {
      at += first.length || 1
    }
  }
  return mentions
}
