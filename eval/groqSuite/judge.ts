import {isDeepStrictEqual} from 'node:util'

import type {SuiteTest} from './compile'

/**
 * What an implementation did with a test's query: answered it, refused it as the query's fault (an error thrown
 * in-process; over HTTP, a 400 in Sanity's error shape), or failed otherwise (a 500, a dropped connection).
 */
export type Outcome = {kind: 'answer'; value: unknown} | {kind: 'refused'; reason: string} | {kind: 'failed'; reason: string}

/**
 * Whether an outcome passes a test: a valid query's answer, seen as JSON and with `_score` replaced by its rank,
 * deeply equals the expected result; an invalid query is refused. (groq-js's runner uses tap's looser `t.match`;
 * judged this strictly, groq-js still passes the 7,394 that SOURCE.md reports.) `ignoredRevs` are
 * revisions the implementation added to documents that had none (the server does, as Sanity does): a `_rev` with
 * one of these values is not part of the answer.
 */
export function passes(test: Pick<SuiteTest, 'valid' | 'result'>, outcome: Outcome, ignoredRevs?: ReadonlySet<string>): boolean {
  if (!test.valid) return outcome.kind === 'refused'
  if (outcome.kind !== 'answer') return false
  return isDeepStrictEqual(comparable(outcome.value, ignoredRevs), test.result)
}

/** The answer as it is compared: through JSON (as a client would get it), added revisions dropped, scores ranked. */
export function comparable(value: unknown, ignoredRevs?: ReadonlySet<string>): unknown {
  const text = JSON.stringify(value)
  if (text === undefined) return null
  const added = (key: string, field: unknown) => key === '_rev' && typeof field === 'string' && ignoredRevs?.has(field) === true
  const json = JSON.parse(text, (key, field: unknown) => (added(key, field) ? undefined : field)) as unknown
  rankScores(json)
  return json
}

/**
 * `score()` is implementation-defined, so the suite states ranks instead (its README, "Scores"): every object with
 * a numeric `_score` gets `_pos`, the 1-based rank of its score among the distinct scores in the answer, highest
 * first (as groq-js's runner ranks them), and loses `_score`.
 */
function rankScores(value: unknown): void {
  const scored: Record<string, unknown>[] = []
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (node && typeof node === 'object') {
      const object = node as Record<string, unknown>
      if (typeof object._score === 'number') scored.push(object)
      Object.values(object).forEach(visit)
    }
  }
  visit(value)
  const ranks = [...new Set(scored.map((object) => object._score as number))].sort((a, b) => b - a)
  for (const object of scored) {
    object._pos = ranks.indexOf(object._score as number) + 1
    delete object._score
  }
}

/** One line about an outcome, for a report of what went wrong. */
export function shownOutcome(outcome: Outcome): string {
  if (outcome.kind === 'answer') return `answered ${clip(JSON.stringify(outcome.value) ?? 'undefined')}`
  return `${outcome.kind}: ${clip(outcome.reason)}`
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text)
