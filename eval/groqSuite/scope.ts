import semver from 'semver'

import type {CompiledSuite, SuiteDocument, SuiteTest} from './compile'

/** The GROQ version this project answers to: GROQ-1.revision2, as groq-js 2 implements it. */
export const GROQ_VERSION = '1.2.0'
/** The optional features groq-js implements; a test needing any other (geo, wildcard segmentation) is skipped. */
export const SUPPORTED_FEATURES: readonly string[] = ['portableText', 'contentReleases', 'internalDocuments', 'customFunctions']

/** A test in scope, with the documents it runs on (sorted by `_id`) and its area: the suite's top folder. */
export interface ScopedTest extends SuiteTest {
  area: string
  documents: SuiteDocument[]
}

export interface SkippedGroup {
  reason: string
  count: number
}

export interface ScopedSuite {
  /** The tests in scope that are run. */
  tests: ScopedTest[]
  /** In scope, but not run: groq-js's runner disables them too, so groq-js is not taken to pass them. */
  notRun: {test: ScopedTest; reason: string}[]
  /** Out of scope, counted by reason. */
  skipped: SkippedGroup[]
}

/**
 * In-scope tests too slow for any evaluator that, like groq-js, runs a subquery per document: `documents, nested
 * 3` nests `_id in *[...]` eleven deep over six documents, some 6^11 (360 million) evaluations. groq-js's runner
 * disables it ("very slow").
 */
const TOO_SLOW_TO_RUN = new Map([
  ['Filters / documents, nested 3', "eleven nested `_id in *[...]` subqueries (about 6^11 evaluations); groq-js's own runner disables it as very slow"],
])

/**
 * The suite as its consumers run it (groq-js's own runner): tests whose `version` range admits GROQ 1.2.0 and
 * whose features are all supported, each on its dataset sorted by `_id`. `perf/` is skipped: it needs the
 * `movies` dataset (about 200 MB) from a URL this machine cannot reach. Every test left out is counted under its
 * reason, the first that applies.
 */
export function scopeSuite(suite: CompiledSuite): ScopedSuite {
  const sorted = new Map<string, SuiteDocument[]>()
  const documentsOf = (ref: string): SuiteDocument[] | undefined => {
    if (!sorted.has(ref)) {
      const documents = suite.datasets.get(ref)?.documents
      if (documents) sorted.set(ref, [...documents].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)))
    }
    return sorted.get(ref)
  }
  const skipped = new Map<string, number>()
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
  const tests: ScopedTest[] = []
  const notRun: ScopedSuite['notRun'] = []
  for (const test of suite.tests) {
    const missing = test.features.filter((feature) => !SUPPORTED_FEATURES.includes(feature))
    const area = test.filename.split('/')[0]!
    if (missing.length > 0) skip(`needs ${missing.join(', ')}, which groq-js does not implement`)
    else if (test.version && !semver.satisfies(GROQ_VERSION, test.version)) skip(`version range does not admit GROQ ${GROQ_VERSION}`)
    else if (area === 'perf') skip('perf/: needs the movies dataset from a URL, which cannot be fetched here')
    else {
      const documents = documentsOf(test.dataset._ref)
      if (!documents) throw new Error(`${test.filename}: test ${JSON.stringify(test.name)} names dataset ${test.dataset._ref}, which has no documents`)
      const scoped = {...test, area, documents}
      const tooSlow = TOO_SLOW_TO_RUN.get(test.name)
      if (tooSlow) notRun.push({test: scoped, reason: tooSlow})
      else tests.push(scoped)
    }
  }
  return {tests, notRun, skipped: [...skipped].map(([reason, count]) => ({reason, count})).sort((a, b) => b.count - a.count)}
}
