import {classifyLine, TRAILING_CREDIT, TRAILING_INITIALS, type ClassifiedLine} from './classifyLine'
import {outletName, readDateline, type Dateline} from './publisher'

export interface Paragraph {
  /** The Portable Text block `_key`: stable for the same input. */
  key: string
  /** 1-based line number in the source. */
  line: number
  text: string
}

export interface ArticleParts {
  paragraphs: Paragraph[]
  relatedLinks: {title: string}[]
  /**
   * Publisher names the text gives, surest first: a promo ("Mau Berita Terbaru Lainnya dari Warta Ekonomi?"), the
   * dateline ("JAKARTA, KOMPAS.com -"), a reporter's credit ("Laporan Wartawan TribunJakarta.com, ..."), a
   * copyright line ("COPYRIGHT © ANTARA 2017").
   */
  publishers: string[]
  /** The dateline that opens the first paragraph (it stays in the text). */
  dateline?: Dateline
  editors: string[]
  authors: string[]
  tags: string[]
  /** Every non-body line, with what it was recognised as: nothing is dropped unaccounted. */
  recognised: ClassifiedLine[]
}

/** Sorts the lines of a news text into story paragraphs and everything around them. */
export function splitArticle(text: string): ArticleParts {
  const parts: ArticleParts = {paragraphs: [], relatedLinks: [], publishers: [], editors: [], authors: [], tags: [], recognised: []}
  const fromCredits: string[] = []
  const fromCopyright: string[] = []
  const takeCredit = (line: Extract<ClassifiedLine, {kind: 'credit'}>) => {
    if (line.role === 'editor') parts.editors.push(...line.names)
    if (line.role === 'author') parts.authors.push(...line.names)
    if (line.publisher) fromCredits.push(line.publisher)
  }
  text.split('\n').forEach((raw, index) => {
    const line = classifyLine(raw, index + 1)
    switch (line.kind) {
      case 'blank':
        return
      case 'body':
        parts.paragraphs.push({key: `p${parts.paragraphs.length + 1}`, line: line.line, text: line.text})
        return
      case 'related':
        parts.relatedLinks.push({title: line.title})
        break
      case 'promo':
        if (line.publisher) parts.publishers.push(line.publisher)
        break
      case 'credit':
        takeCredit(line)
        break
      case 'tags':
        parts.tags.push(...line.tags)
        break
      case 'boilerplate':
        if (line.publisher) fromCopyright.push(line.publisher)
        break
    }
    parts.recognised.push(line)
  })
  const last = parts.paragraphs.at(-1)
  const credit = last ? TRAILING_CREDIT.exec(last.text) : null
  if (last && credit) {
    last.text = last.text.slice(0, credit.index)
    const line: Extract<ClassifiedLine, {kind: 'credit'}> = {kind: 'credit', line: last.line, text: credit[0].trim(), role: 'author', names: [credit[2]!], publisher: outletName(credit[1]!) ?? credit[1]!}
    takeCredit(line)
    parts.recognised.push(line)
    if (last.text === '') parts.paragraphs.pop()
  }
  if (last && TRAILING_INITIALS.test(last.text)) {
    const initials = last.text.match(TRAILING_INITIALS)?.[0].trim() ?? ''
    last.text = last.text.replace(TRAILING_INITIALS, '')
    parts.recognised.push({kind: 'boilerplate', line: last.line, text: initials})
    if (last.text === '') parts.paragraphs.pop()
  }
  const dateline = parts.paragraphs[0] ? readDateline(parts.paragraphs[0].text) : undefined
  if (dateline) parts.dateline = dateline
  parts.publishers = [...new Set([...parts.publishers, ...(dateline?.publisher ? [dateline.publisher] : []), ...fromCredits, ...fromCopyright])]
  return parts
}
