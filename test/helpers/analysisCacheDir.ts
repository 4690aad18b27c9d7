/**
 * A vitest global setup: every test run keeps the importer's analyses (importer/analysisCache.ts) in a fresh
 * directory of its own, so no test reads what a developer's runs (or an older run) left in node_modules/.cache,
 * and none leaves anything there. Seeds a test spawns inherit it through the environment (the variable has no
 * SANITY_ prefix, so helpers that drop the Sanity target's settings from a child's environment keep it).
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sanity-news-test-analyses-'))
  process.env.NEWS_CACHE_DIR = dir
  return () => rmSync(dir, {recursive: true, force: true})
}
