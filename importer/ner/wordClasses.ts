/**
 * The word classes the tagger reads (built from unlabelled news text by `npm run build:word-classes`, see
 * clusterWords.ts): lower-case word -> its class at each granularity, coarse first. Read on first use.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {gunzipSync} from 'node:zlib'

export const WORD_CLASSES_FILE = fileURLToPath(new URL('./word-classes.tsv.gz', import.meta.url))

let loaded: ReadonlyMap<string, readonly string[]> | undefined

/** A word's classes (lower case in), coarse to fine; undefined for a word too rare in the text to have one. */
export function classesOf(lower: string): readonly string[] | undefined {
  loaded ??= readWordClasses(WORD_CLASSES_FILE)
  return loaded.get(lower)
}

export function readWordClasses(path: string): ReadonlyMap<string, readonly string[]> {
  let text: string
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8')
  } catch {
    throw new Error(`${path}: word classes not found or unreadable (npm run build:word-classes writes them)`)
  }
  const classes = new Map<string, readonly string[]>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const [word, ...rest] = line.split('\t')
    classes.set(word!, rest)
  }
  return classes
}
