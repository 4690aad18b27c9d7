import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

/** `../shared` beside the project: the corpus, the source article, the NER benchmarks. Tests never copy from it. */
export const SHARED = resolve(import.meta.dirname, '../../../shared')
export const sharedPath = (path: string): string => join(SHARED, path)

export const CORPUS = sharedPath('corpus/detik-news.csv')
export const SHARED_SOURCE = sharedPath('seed/000_af23695b725005c2.txt')

/** Whether a file of ../shared is here; tests that need it use `it.skipIf(!hasShared(...))` and say so in their name. */
export const hasShared = (path: string): boolean => existsSync(path)

/** Appended to the name of a test that skips without ../shared, so the skip explains itself in the report. */
export const NEEDS_SHARED = '(skipped where ../shared is absent)'
