import {parse, type ExprNode} from 'groq-js'

import {findNodes} from './groqTree'

/**
 * GROQ parsed once per query text. A front end sends a few query texts with ever other parameters (each article
 * page its own `$slug`), and parsing the article page's query costs about as much as running it.
 *
 * groq-js parses parameters in as values when it is given them, and a few constructs parse differently by their
 * value: `x[$i]` is an element with a number, an attribute with a string, a filter otherwise; a slice needs numbers
 * (`[0...$limit]`); an object key must be a string. So a query is parsed without its parameters, and that tree is
 * used (with the parameters given when it runs) only if it holds none of these: a filter whose condition is made of
 * parameters and arithmetic alone (what groq-js would have folded to a value), or a custom function (whose `$`
 * names are its own). Anything else, and any query that does not parse so, is parsed with its parameters, as
 * groq-js parses it, and kept under the query and those parameters.
 */
export function parseGroq(query: string, params: Record<string, unknown> = {}): ExprNode {
  const withoutParams = recall(`q:${query}`)
  if (withoutParams) return withoutParams
  if (withoutParams === undefined && !CUSTOM_FUNCTION.test(query)) {
    let tree: ExprNode | null = null
    try {
      tree = parse(query)
    } catch {
      // Slices over parameters, keys from parameters, and real errors: groq-js with the parameters says which.
    }
    if (tree && dependsOnParameterValues(tree)) tree = null
    keep(`q:${query}`, tree)
    if (tree) return tree
  }
  // Parsed with these parameters in it, the tree holds only for these values: kept under them (`[0...$limit]` is
  // asked with the same limit every time).
  const key = `p:${JSON.stringify(params)}:${query}`
  const withParams = recall(key)
  if (withParams) return withParams
  const tree = parse(query, {params})
  if (key.length <= MAX_KEY_LENGTH) keep(key, tree)
  return tree
}

/**
 * Query texts and their trees parsed without parameters (null: a text that must be parsed with them), and query
 * texts with parameters and their trees parsed with them; the least recently used dropped first.
 */
const trees = new Map<string, ExprNode | null>()
const MAX_TREES = 500
/** Parameters are kept in the key, so a query with large ones (a list of thousands of ids) is not kept. */
const MAX_KEY_LENGTH = 20_000
const CUSTOM_FUNCTION = /\bfn\s/

function recall(key: string): ExprNode | null | undefined {
  const tree = trees.get(key)
  if (tree !== undefined) {
    trees.delete(key)
    trees.set(key, tree)
  }
  return tree
}

function keep(key: string, tree: ExprNode | null): void {
  trees.set(key, tree)
  if (trees.size > MAX_TREES) trees.delete(trees.keys().next().value!)
}

/** Whether the tree has a filter that groq-js, given the parameters, might have parsed as an element or attribute. */
function dependsOnParameterValues(tree: ExprNode): boolean {
  return findNodes(tree, (node) => node.type === 'Filter' && foldsToValue((node as {expr: ExprNode}).expr) && findNodes((node as {expr: ExprNode}).expr, (child) => child.type === 'Parameter').length > 0).length > 0
}

/** groq-js's `canConstantEvaluate`: what its parser folds to a value (values, parameters, signs and arithmetic). */
function foldsToValue(node: ExprNode): boolean {
  const {type, base, left, right, op} = node as {type: string; base?: ExprNode; left?: ExprNode; right?: ExprNode; op?: string}
  if (type === 'Value' || type === 'Parameter') return true
  if (type === 'Group' || type === 'Pos' || type === 'Neg') return foldsToValue(base!)
  if (type === 'OpCall') return ['+', '-', '*', '/', '%', '**'].includes(op!) && foldsToValue(left!) && foldsToValue(right!)
  return false
}
