export type ClassifiedLine =
  | {kind: 'body'; line: number; text: string}
  | {kind: 'blank'; line: number}
  | {kind: 'related'; line: number; title: string}
  | {kind: 'promo'; line: number; text: string; publisher?: string}
  | {kind: 'credit'; line: number; text: string; role: 'editor' | 'author' | 'photographer'; names: string[]; publisher?: string}
  | {kind: 'tags'; line: number; tags: string[]}
  | {kind: 'boilerplate'; line: number; text: string; publisher?: string}

import {copyrightPublisher, outletName} from './publisher'

// "Baca Juga: Ibu Kota Armenia Membara, ..." / "Baca juga: ..." / "BACA JUGA: ..."
const RELATED = /^(?:baca (?:juga|selengkapnya)|lihat juga|simak juga|artikel terkait)\s*:\s*(.+)$/i
// "Mau Berita Terbaru Lainnya dari Warta Ekonomi? Yuk Follow Kami di Google News ..."
const PROMO_WITH_PUBLISHER = /^(?:mau )?berita terbaru lainnya dari (.+?)\?/i
// "Simak berita terbaru Tribunjambi.com di Google News", "Baca berita Wartakotalive.com lainnya di WhatsApp.": a
// promo that names its outlet.
const PROMO_OF_OUTLET = /^(?:simak|baca|akses|ikuti)\b.{0,120}\b(?:google news|whatsapp(?: channel)?|telegram)\b.{0,120}$/i
const PROMO = [
  /^yuk,? (?:follow|ikuti)\b/i,
  /^(?:ikuti|follow|dapatkan) (?:berita|update|kami|informasi)\b.*\b(?:google news|whatsapp|channel|telegram)\b/i,
  /^(?:download|unduh) aplikasi\b/i,
]
// "Laporan Wartawan TribunJakarta.com, Annas Furqon Hakim", "Laporan Reporter Tribun Jogja, Nanda Sagita Ginting",
// "Laporan wartawan TribunJakarta.com Yusuf Bachtiar": the reporter, and the outlet they report for.
const REPORTER = /^laporan (?:wartawan|reporter|koresponden|kontributor)\s+(?:([^,]{2,40}),\s*(.{3,80})|(\S+\.\S+)\s+(.{3,80}))$/i
const COPYRIGHT_LINE = /^(?:copyright|hak cipta)\b|^©/i
const CREDIT = /^(editor|penyunting|redaktur|pewarta|reporter|penulis|wartawan|kontributor|foto|fotografer|pewarta foto)\s*:\s*(.+)$/i
const TAGS = /^(?:tag|tags|tag terkait|topik)\s*:\s*(.*)$/i
const BOILERPLATE = [
  /^scroll to continue with content$/i,
  /^advertisement$/i,
  // "Simak juga Video 'Prabowo ...'" / "Tonton juga video: ..."
  /^(?:simak|tonton|saksikan) (?:juga )?video\b/i,
  /^\[?gambas:video/i,
  /^artikel ini telah (?:tayang|terbit)\b/i,
  /^halaman selanjutnya\b|^selanjutnya\s*>+$/i,
  // a line that is only the desk's initials: "(ant/xyz)", "(dnu/dnu)", "(rdp/imk)"
  /^\(\s*[a-z0-9]{2,6}(?:\s*\/\s*[a-z0-9]{2,6}){1,3}\s*\)$/i,
  /^\*+$|^-{3,}$/,
]

/** Decides what one line of a raw news text is: story text, a related headline, a promo, a credit, tags or boilerplate. */
export function classifyLine(raw: string, line: number): ClassifiedLine {
  const text = raw.trim()
  if (text === '') return {kind: 'blank', line}
  const related = RELATED.exec(text)
  if (related?.[1]) return {kind: 'related', line, title: related[1].trim()}
  const promo = PROMO_WITH_PUBLISHER.exec(text)
  if (promo?.[1]) return {kind: 'promo', line, text, publisher: promo[1].trim()}
  if (PROMO_OF_OUTLET.test(text)) {
    const outlet = text.split(/\s+/).map((word) => outletName(word.replace(/[.,:;]+$/, ''))).find((name) => name !== undefined)
    return {kind: 'promo', line, text, ...(outlet ? {publisher: outlet} : {})}
  }
  if (PROMO.some((pattern) => pattern.test(text))) return {kind: 'promo', line, text}
  const reporter = REPORTER.exec(text)
  if (reporter) {
    const outlet = (reporter[1] ?? reporter[3])!.trim()
    return {kind: 'credit', line, text, role: 'author', names: splitNames((reporter[2] ?? reporter[4])!), publisher: outletName(outlet) ?? outlet}
  }
  const credit = CREDIT.exec(text)
  if (credit?.[1] && credit[2] && credit[2].length <= 120) {
    return {kind: 'credit', line, text, role: creditRole(credit[1]), names: splitNames(credit[2])}
  }
  const tags = TAGS.exec(text)
  if (tags) return {kind: 'tags', line, tags: splitNames(tags[1] ?? '')}
  if (COPYRIGHT_LINE.test(text)) {
    const publisher = copyrightPublisher(text)
    return {kind: 'boilerplate', line, text, ...(publisher ? {publisher} : {})}
  }
  if (BOILERPLATE.some((pattern) => pattern.test(text))) return {kind: 'boilerplate', line, text}
  return {kind: 'body', line, text}
}

function creditRole(label: string): 'editor' | 'author' | 'photographer' {
  const lower = label.toLowerCase()
  if (lower === 'editor' || lower === 'penyunting' || lower === 'redaktur') return 'editor'
  if (lower.startsWith('foto') || lower === 'pewarta foto') return 'photographer'
  return 'author'
}

function splitNames(list: string): string[] {
  return list
    .split(/\s*(?:,|;|\||\bdan\b|&)\s*/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0)
}

/**
 * Where a trailing "(TribunPadang.com/Muhammad Iqbal)" sits at the end of the last paragraph, it is the reporter's
 * credit, an outlet's address and a name: not story text, and not a person the story names.
 */
export const TRAILING_CREDIT = /\s*\(\s*([\p{L}\d-]+\.(?:com|co\.id|id))\s*\/\s*(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,4})\s*\)\s*$/u

/** Where a trailing "(ant/xyz)" sits at the end of the last paragraph, it is a desk credit, not story text. */
export const TRAILING_INITIALS = /\s*\(\s*[a-z0-9]{2,6}(?:\s*\/\s*[a-z0-9]{2,6}){1,3}\s*\)\s*$/i
