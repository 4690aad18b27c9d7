/**
 * CoNLL token-per-line files as the public Indonesian NER benchmarks ship them: `token<TAB>tag`, a blank line
 * between sentences, BIO tags (`B-PERSON`, `I-PERSON`, `O`).
 */
import type {EntityType, LabelledSpan} from '../../importer/ner/labels'

export interface ConllSentence {
  tokens: string[]
  /** The file's own tags, as written. */
  tags: string[]
}

/** Reads a CoNLL file's text. `source` names the file in errors ("nerui/test.01.tsv:812: no tab"). */
export function parseConll(text: string, source: string): ConllSentence[] {
  const sentences: ConllSentence[] = []
  let current: ConllSentence = {tokens: [], tags: []}
  const lines = text.split(/\r?\n/)
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      if (current.tokens.length > 0) sentences.push(current)
      current = {tokens: [], tags: []}
      return
    }
    // A token may hold a space (NER-P writes "salah satu" as one token), never a tab: the tag follows the last tab.
    const tab = line.lastIndexOf('\t')
    if (tab <= 0) throw new Error(`${source}:${index + 1}: expected "token<TAB>tag", found ${JSON.stringify(line.slice(0, 60))}`)
    current.tokens.push(line.slice(0, tab))
    current.tags.push(line.slice(tab + 1).trim())
  })
  if (current.tokens.length > 0) sentences.push(current)
  return sentences
}

/**
 * The entities a sentence's tags name, over token indices (end exclusive). `types` maps a file's type names onto
 * the project's ("LOCATION" -> PLACE); a type it does not list (NER-UGM's TIME, NER-P's EVT) is read as O.
 * An I- tag that does not continue an entity of its type opens one, as conlleval reads it.
 */
export function entitiesOfTags(tags: readonly string[], types: Readonly<Record<string, EntityType>>): LabelledSpan[] {
  const spans: LabelledSpan[] = []
  let open: LabelledSpan | undefined
  const close = (at: number) => {
    if (open) spans.push({...open, end: at})
    open = undefined
  }
  tags.forEach((tag, index) => {
    const match = /^([BI])-(.+)$/.exec(tag)
    const type = match ? types[match[2]!] : undefined
    if (!match || !type) return close(index)
    if (match[1] === 'B' || open?.type !== type) {
      close(index)
      open = {start: index, end: index + 1, type}
    }
  })
  close(tags.length)
  return spans
}
