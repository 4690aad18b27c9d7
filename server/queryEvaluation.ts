import {GroqSyntaxError, type ExprNode} from 'groq-js'

import {parseGroq} from '../dataset/parseGroq'

import type {Caller} from './auth'
import {ApiError, badRequest, queryParseError} from './errors'
import type {Perspective, PerspectiveViews} from './perspective'
import {rewriteTextQueries} from './textQuery'

/** A query as the query endpoint took it in, checked for shape but not yet parsed. */
export interface QueryJob {
  query: string
  params: Record<string, unknown>
  perspective: Perspective
  caller: Caller
  /** Whether the answer repeats the query (`returnQuery`, on unless the client says `false`). */
  returnQuery: boolean
}

/** The answer to send: a status and its JSON body, already serialised. */
export interface QueryAnswer {
  status: number
  json: string
}

/**
 * Answers a query against the views the caller may read: `{query, result, ms}`, or Sanity's error body for a
 * query that does not parse, misuses a function, nests too deeply or fails as it runs (all 400: the client's to
 * fix). Anything else is thrown: a fault of the server's, not the query's.
 */
export async function answerQuery(views: PerspectiveViews, job: QueryJob): Promise<QueryAnswer> {
  try {
    const view = views.of(job.perspective, job.caller)
    const {query, params} = rewriteTextQueries(job.query, job.params, view)
    const tree = checkQuery(query, params)
    const started = performance.now()
    let result: unknown
    try {
      result = await view.queryParsed(tree, params)
    } catch (error) {
      const reason = isStackOverflow(error) ? 'the query is nested too deeply to evaluate' : error instanceof Error ? error.message : String(error)
      throw badRequest(`Query failed: ${reason}`, 'queryExecutionError')
    }
    const ms = Math.round(performance.now() - started)
    return {status: 200, json: JSON.stringify(job.returnQuery ? {query: job.query, result, ms} : {result, ms})}
  } catch (error) {
    if (error instanceof ApiError) return {status: error.status, json: JSON.stringify({error: error.body})}
    throw error
  }
}

/**
 * Parses GROQ, turning what groq-js throws for a query the client got wrong into Sanity's `queryParseError`: a
 * syntax error (with its position), a misused function (groq-js's GroqQueryError, which has none: the call is
 * located when the query names that function once), what the parser refuses with a plain Error (an invalid
 * `diff::changedAny` selector), and nesting deeper than the parser's stack.
 */
export function parseQuery(query: string, params: Record<string, unknown>): ExprNode {
  try {
    return parseGroq(query, params)
  } catch (error) {
    if (error instanceof GroqSyntaxError) {
      const description = error.message.replace(/^Syntax error in GROQ query at position \d+: /, '')
      throw queryParseError(description, query, {start: error.position, end: Math.min(error.position + 1, query.length)})
    }
    // groq-js does not export the class; its name is part of its API.
    if (error instanceof Error && error.name === 'GroqQueryError') throw queryParseError(error.message, query, callNamedIn(error.message, query))
    if (isStackOverflow(error)) throw queryParseError('The query is nested too deeply to parse', query)
    // Some refusals come from the parser as a plain Error: "Invalid selector syntax" (`diff::changedAny(a, b,
    // foo + 1)`), "Invalid use of parent operator (^)" (in a custom function). A TypeError would be a bug: a 500.
    if (error instanceof Error && error.constructor === Error) throw queryParseError(error.message, query)
    throw error
  }
}

/**
 * Refuses what Sanity refuses before running a query: what parseQuery refuses, and a parameter the query uses
 * but the request does not give (groq-js would quietly read it as null). Returns the parsed query, to be run.
 */
function checkQuery(query: string, params: Record<string, unknown>): ExprNode {
  const tree = parseQuery(query, params)
  for (const name of parameterNames(tree)) {
    if (!(name in params)) throw queryParseError(`param $${name} referenced, but not provided`, query)
  }
  return tree
}

function parameterNames(node: unknown, names: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) parameterNames(child, names)
  } else if (node && typeof node === 'object') {
    const {type, name} = node as {type?: unknown; name?: unknown}
    if (type === 'Parameter' && typeof name === 'string') names.add(name)
    for (const child of Object.values(node)) if (child && typeof child === 'object') parameterNames(child, names)
  }
  return names
}

/**
 * Where the function a GroqQueryError names is called (`round` in "Incorrect number of arguments to function
 * round()."; `boost` in "unexpected boost"), when the query calls it exactly once; else nowhere.
 */
function callNamedIn(message: string, query: string): {start: number; end: number} | undefined {
  const name = /function (\w+)\(\)/.exec(message)?.[1] ?? /^unexpected (?:argument to )?(\w+)/.exec(message)?.[1]
  if (!name) return undefined
  const calls = [...query.matchAll(new RegExp(`(?<!\\w)${name}\\s*\\(`, 'g'))]
  return calls.length === 1 ? {start: calls[0]!.index, end: calls[0]!.index + name.length} : undefined
}

const isStackOverflow = (error: unknown) => error instanceof RangeError && /call stack/i.test(error.message)
