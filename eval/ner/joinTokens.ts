/**
 * Tokens back into running text. The benchmarks are tokenised (`" tutur Daniel .`); an extractor that reads news
 * text needs the text as a writer would have spaced it (`," tutur Daniel.`), and the scorer needs each token's
 * place in it to map character spans back onto tokens.
 */

export interface JoinedText {
  text: string
  /** Character offsets of each token in `text`, end exclusive. */
  offsets: {start: number; end: number}[]
}

// Written against the word before: "kata Budi." "Rp 5 juta, kata" "(27)" "50%".
const CLOSING = /^(?:[.,;:!?)\]}%…»”’]|\.{2,}|[.!?]+["”’]?)$/
// Written against the word after: "(27)" "[red]" "“Kami".
const OPENING = /^[(\[{«“‘]$/
// Straight quotes open and close alike: the first in a sentence opens, the next closes ...
const STRAIGHT_QUOTE = /^(?:"|''|``|`|')$/
// ... except one that ends quoted speech begun in an earlier sentence: `solid , " tutur Daniel .`
const ENDS_SPEECH = /^[,.!?…]$/

/**
 * Joins tokens with the usual spacing rules: no space before `. , ; : ! ? ) ]` or a closing quote, none after
 * `( [` or an opening quote; straight quotes alternate between opening and closing, and one right after `, . ! ?`
 * closes a quotation that opened before the sentence. Other tokens, hyphens
 * included, are spaced: "Jakarta - Bogor" names two places, and written "Jakarta-Bogor" it would be one word to
 * the project's tokenizer, which no extractor could then split back into the benchmark's two entities.
 */
export function joinTokens(tokens: readonly string[]): JoinedText {
  let text = ''
  const offsets: JoinedText['offsets'] = []
  let quoteOpen = false
  let glueNext = true // nothing before the first token
  tokens.forEach((token, index) => {
    let glueBefore = glueNext
    glueNext = false
    if (STRAIGHT_QUOTE.test(token)) {
      const closes = quoteOpen || ENDS_SPEECH.test(tokens[index - 1] ?? '') || index === tokens.length - 1
      if (closes) glueBefore = true
      else glueNext = true
      quoteOpen = !closes
    } else if (CLOSING.test(token)) {
      glueBefore = true
    } else if (OPENING.test(token)) {
      glueNext = true
    }
    if (!glueBefore) text += ' '
    offsets.push({start: text.length, end: text.length + token.length})
    text += token
  })
  return {text, offsets}
}
