import type {Paragraph} from '../lines/splitArticle'

export interface MentionSpan {
  start: number
  end: number
  /** The `_id` of the person or organization named. */
  ref: string
}

export interface Span {
  _type: 'span'
  _key: string
  text: string
  marks: string[]
}

export interface MentionMarkDef {
  _type: 'mention'
  _key: string
  reference: {_type: 'reference'; _ref: string}
}

export interface Block {
  _type: 'block'
  _key: string
  style: 'normal'
  markDefs: MentionMarkDef[]
  children: Span[]
}

/**
 * One Portable Text block for a paragraph, its text split into spans so that every mention carries a `mention`
 * annotation. Keys are positional (`p3`, `s2`, `m1`), so the same input always gives the same block.
 */
export function toPortableText(paragraph: Paragraph, mentions: MentionSpan[]): Block {
  const markDefs: MentionMarkDef[] = []
  const children: Span[] = []
  const span = (text: string, marks: string[]) => {
    if (text !== '') children.push({_type: 'span', _key: `s${children.length + 1}`, text, marks})
  }
  let at = 0
  for (const mention of [...mentions].sort((a, b) => a.start - b.start)) {
    if (mention.start < at) continue
    span(paragraph.text.slice(at, mention.start), [])
    const key = `m${markDefs.length + 1}`
    markDefs.push({_type: 'mention', _key: key, reference: {_type: 'reference', _ref: mention.ref}})
    span(paragraph.text.slice(mention.start, mention.end), [key])
    at = mention.end
  }
  span(paragraph.text.slice(at), [])
  if (children.length === 0) span(paragraph.text, [])
  return {_type: 'block', _key: paragraph.key, style: 'normal', markDefs, children}
}

/** The plain text of a block, as a reader sees it. */
export const blockText = (block: Block): string => block.children.map((child) => child.text).join('')
