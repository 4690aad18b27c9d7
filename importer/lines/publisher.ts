import {OUTLETS} from '../lexicon'

// A web address as an outlet writes its name: "KOMPAS.com", "TRIBUNLAMPUNG.CO.ID", "POS-KUPANG.COM", "iNews.id".
const WEB_ADDRESS = /^[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}]{2,6}){1,2}$/u

/**
 * The publisher a name written in a dateline, a copyright line or a reporter's credit stands for: a known outlet
 * (outlets.tsv) by its own name, an unknown one written as a web address by that address, anything else none.
 */
export function outletName(written: string): string | undefined {
  const text = written.trim().replace(/\s+/g, ' ')
  const known = OUTLETS.get(text.toLowerCase())
  if (known) return known
  if (!WEB_ADDRESS.test(text)) return undefined
  // "TRIBUNLAMPUNG.CO.ID" shouts; the address itself does not: "Tribunlampung.co.id".
  return text === text.toUpperCase() ? text.charAt(0) + text.slice(1).toLowerCase() : text
}

export interface Dateline {
  /** Where the story was filed, as written ("JAKARTA", "Palangka Raya"). */
  place?: string
  /** The outlet the dateline names, as its publisher name. */
  publisher?: string
  /** The dateline's length in the paragraph, up to and including its dash. */
  length: number
}

const PART = String.raw`[\p{L}\p{N}][\p{L}\p{N} .'’-]{0,38}?`
// "JAKARTA, KOMPAS.com - ", "TEMPO.CO, Jakarta - ", "SURYAMALANG.COM | MALANG - ", "TRIBUNNEWS.COM - ",
// "Jakarta, CNN Indonesia -- ", "POS-KUPANG.COM- ", "BANDUNG - ".
const DATELINE = new RegExp(String.raw`^(${PART})(?:\s*[,|]\s*(${PART}))?\s*(?:[-–—]{1,2})\s+`, 'u')

/** The dateline that opens a story's first paragraph, if it has one. */
export function readDateline(firstParagraph: string): Dateline | undefined {
  const match = DATELINE.exec(firstParagraph)
  if (!match) return undefined
  const parts = [match[1]!, match[2]].filter((part): part is string => part !== undefined).map((part) => part.trim())
  const publishers = parts.map(outletName)
  const outlet = publishers.findIndex((name) => name !== undefined)
  const places = parts.filter((_, at) => at !== outlet)
  // A lone part that is no outlet must look like a dateline place, written in capitals ("BANDUNG"), or it is the
  // start of a sentence with a dash in it.
  if (outlet === -1 && !(parts.length === 1 && /^[\p{Lu} .'’-]+$/u.test(parts[0]!))) return undefined
  if (places.length > 1) return undefined
  return {...(places[0] ? {place: places[0]} : {}), ...(outlet === -1 ? {} : {publisher: publishers[outlet]!}), length: match[0].length}
}

// "Copyright © 2024 Kompas.com", "COPYRIGHT © ANTARA 2017", "© Warta Ekonomi 2024. All rights reserved."
const COPYRIGHT = /^(?:copyright|hak cipta)?\s*(?:©|\(c\))?\s*(?:\d{4}\s*)?(.+?)\s*(?:\d{4})?\s*(?:[.,]?\s*(?:all rights reserved|hak cipta dilindungi undang-undang)\.?)?$/i

/** The publisher a copyright line names. */
export function copyrightPublisher(line: string): string | undefined {
  const written = COPYRIGHT.exec(line.trim())?.[1]
  return written ? outletName(written) : undefined
}
