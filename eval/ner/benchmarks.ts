/**
 * The public Indonesian NER benchmarks in ../shared/ner (see its README): what each is for, its files, and how its
 * tag names map onto the project's entity types. NERGrit and NER-P (MIT) may train the tagger; NER-UI and NER-UGM
 * state no licence and are only ever scored, never trained or tuned on.
 */
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import type {EntityType, LabelledSpan} from '../../importer/ner/labels'
import {entitiesOfTags, parseConll} from './conll'

export const NER_DATA = resolve(import.meta.dirname, '../../../shared/ner')

export interface Benchmark {
  name: string
  folder: string
  use: 'training' | 'test'
  /** NER-P is entirely lower case: nothing may be learnt from, or read into, its capitals. */
  cased: boolean
  /** The file's type names -> the project's; unlisted types (EVT, FNB, TIME, QUANTITY) read as O. */
  types: Readonly<Record<string, EntityType>>
  /** Splits by name: `train`, `valid`, or the test folds `test.01` ... `test.05`. */
  splits: readonly string[]
}

const FOLDS = ['test.01', 'test.02', 'test.03', 'test.04', 'test.05']
const NEWS_TYPES = {PERSON: 'PERSON', ORGANIZATION: 'ORGANIZATION', LOCATION: 'PLACE'} as const

export const NERGRIT: Benchmark = {
  name: 'NERGrit',
  folder: 'nergrit',
  use: 'training',
  cased: true,
  types: {PERSON: 'PERSON', ORGANISATION: 'ORGANIZATION', PLACE: 'PLACE'},
  splits: ['train', 'valid'],
}
export const NERP: Benchmark = {
  name: 'NER-P',
  folder: 'nerp',
  use: 'training',
  cased: false,
  types: {PPL: 'PERSON', IND: 'ORGANIZATION', PLC: 'PLACE'},
  splits: ['train', 'valid'],
}
export const NERUI: Benchmark = {name: 'NER-UI', folder: 'nerui', use: 'test', cased: true, types: NEWS_TYPES, splits: FOLDS}
export const NERUGM: Benchmark = {name: 'NER-UGM', folder: 'nerugm', use: 'test', cased: true, types: NEWS_TYPES, splits: FOLDS}

/** A benchmark sentence: its tokens and gold entities over token indices. */
export interface BenchmarkSentence {
  tokens: string[]
  entities: LabelledSpan[]
}

export const splitPath = (benchmark: Benchmark, split: string): string => join(NER_DATA, benchmark.folder, `${split}.tsv`)

export function readSplit(benchmark: Benchmark, split: string): BenchmarkSentence[] {
  const path = splitPath(benchmark, split)
  return parseConll(readFileSync(path, 'utf8'), path).map((sentence) => ({
    tokens: sentence.tokens,
    entities: entitiesOfTags(sentence.tags, benchmark.types),
  }))
}
