import {createHash, randomBytes} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join, relative, resolve} from 'node:path'

import type {ArticleAnalysis} from './analyzeArticle'
import type {SourceText} from './source/decodeSource'

/** The project's root: the importer's code is hashed from here, and the cache lives under its node_modules. */
const ROOT = resolve(import.meta.dirname, '..')
/** Where build tools keep what they can make again: npm ci empties it, git never sees it. */
export const DEFAULT_CACHE_DIR = join(ROOT, 'node_modules/.cache/sanity-news/analyses')
/** The code and data an analysis is made by: every file under these folders, and the versions of every package. */
const ANALYSIS_SOURCES = ['importer', 'model', 'package-lock.json']
/** Kept at most; the least recently written go first. A text's analysis is some 5 kB. */
const MAX_ENTRIES = 20_000

/**
 * Analyses of texts already read (analyzeArticle: lines, entities, quotes), kept on disk so that importing the same
 * texts again, or a corpus that grew by a few rows, reads only what is new. An analysis depends on nothing but the
 * text and the importer, so it is kept under the hash of both: the text's bytes (SourceText.sha256) and every file
 * of the importer's code, word lists and model. Any change to either is a different key; what is found under a
 * key is used only if it reads back whole. One file per text, written to a temporary name and renamed, so
 * importers running at once never see half a file; a file that cannot be read counts as absent.
 */
export class AnalysisCache {
  hits = 0
  misses = 0

  constructor(
    readonly dir: string = DEFAULT_CACHE_DIR,
    private readonly codeHash: string = importerHash(),
  ) {}

  get(source: SourceText): ArticleAnalysis | undefined {
    let text: string
    try {
      text = readFileSync(this.pathOf(source), 'utf8')
    } catch {
      this.misses++
      return undefined
    }
    try {
      const {key, analysis} = revived(JSON.parse(text)) as {key: string; analysis: ArticleAnalysis}
      if (key !== this.keyOf(source)) throw new Error('another key')
      this.hits++
      return analysis
    } catch {
      this.misses++
      return undefined
    }
  }

  /** Keeps `analysis` of `source`; a cache that cannot be written (a read-only disk) is only slower. */
  set(source: SourceText, analysis: ArticleAnalysis): void {
    const path = this.pathOf(source)
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(this.dir, {recursive: true})
      writeFileSync(temporary, JSON.stringify({key: this.keyOf(source), analysis}, replace))
      renameSync(temporary, path)
    } catch {
      try {
        rmSync(temporary, {force: true})
      } catch {
        // Nothing was written there either.
      }
    }
  }

  /** Drops the oldest files beyond the limit (and temporary files a killed run left); run once per import. */
  prune(limit = MAX_ENTRIES): void {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return
    }
    const old = Date.now() - 60 * 60 * 1000
    const entries = names.flatMap((name) => {
      try {
        const {mtimeMs} = statSync(join(this.dir, name))
        if (name.endsWith('.tmp') && mtimeMs < old) rmSync(join(this.dir, name), {force: true})
        return name.endsWith('.json') ? [{name, mtimeMs}] : []
      } catch {
        return []
      }
    })
    if (entries.length <= limit) return
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs)
    for (const {name} of entries.slice(0, entries.length - limit)) rmSync(join(this.dir, name), {force: true})
  }

  private keyOf(source: SourceText): string {
    return createHash('sha256').update(this.codeHash).update('\0').update(source.sha256).digest('hex')
  }

  private pathOf(source: SourceText): string {
    return join(this.dir, `${this.keyOf(source)}.json`)
  }
}

let cachedHash: string | undefined

/** SHA-256 over the path and bytes of every file the analysis is made by, in a fixed order. */
export function importerHash(): string {
  if (cachedHash) return cachedHash
  const hash = createHash('sha256')
  const files = ANALYSIS_SOURCES.flatMap((folder) => filesUnder(join(ROOT, folder))).sort()
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  return (cachedHash = hash.digest('hex'))
}

function filesUnder(dir: string): string[] {
  if (statSync(dir).isFile()) return [dir]
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : []
  })
}

/** Maps and Sets (an analysis holds both) as tagged arrays, and back. */
function replace(_key: string, value: unknown): unknown {
  if (value instanceof Map) return {$map: [...value]}
  if (value instanceof Set) return {$set: [...value]}
  return value
}

/** The tagged arrays back into Maps and Sets, in place (a walk: a JSON.parse reviver costs a call per value). */
function revived(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = revived(value[index])
    return value
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === '$map' && Array.isArray(record.$map)) return new Map((record.$map as unknown[]).map((entry) => revived(entry) as [unknown, unknown]))
  if (keys.length === 1 && keys[0] === '$set' && Array.isArray(record.$set)) return new Set((record.$set as unknown[]).map(revived))
  for (const key of keys) record[key] = revived(record[key])
  return record
}
