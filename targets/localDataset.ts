import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'

import type {NewsDocument} from '../importer/documents/buildDocuments'
import {ImportError} from '../importer/errors'

export const DEFAULT_DATASET = 'data/production.ndjson'

/** A dataset file as read: documents in file order, and each one's line exactly as it was written. */
export interface LocalDataset {
  path: string
  documents: Map<string, NewsDocument>
  lines: Map<string, string>
}

/** Reads an NDJSON dataset (the form `sanity datasets import` takes); a missing file is an empty dataset. */
export function readLocalDataset(path: string): LocalDataset {
  const dataset: LocalDataset = {path, documents: new Map(), lines: new Map()}
  if (!existsSync(path)) return dataset
  if (statSync(path).isDirectory()) throw new ImportError(`${path}: is a directory, not a dataset file`)
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return
      let document: NewsDocument
      try {
        document = JSON.parse(line) as NewsDocument
      } catch {
        throw new ImportError(`${path}: line ${index + 1} is not valid JSON; fix or remove the file`)
      }
      if (typeof document?._id !== 'string' || typeof document._type !== 'string') {
        throw new ImportError(`${path}: line ${index + 1} is not a document (it needs _id and _type)`)
      }
      dataset.documents.set(document._id, document)
      dataset.lines.set(document._id, line)
    })
  return dataset
}

/**
 * Writes the dataset atomically: to a temporary file beside it, then renamed over it, so a reader sees the old
 * dataset or the new one and never half of either. Documents keep their order; new ones go at the end.
 */
export function writeLocalDataset(dataset: LocalDataset, changed: readonly NewsDocument[], removed: readonly string[] = []): void {
  const lines = new Map(dataset.lines)
  for (const document of changed) lines.set(document._id, JSON.stringify(document))
  for (const id of removed) lines.delete(id)
  mkdirSync(dirname(dataset.path), {recursive: true})
  const temporary = `${dataset.path}.tmp-${process.pid}`
  try {
    writeFileSync(temporary, [...lines.values()].map((line) => `${line}\n`).join(''))
    renameSync(temporary, dataset.path)
  } finally {
    rmSync(temporary, {force: true})
  }
  for (const document of changed) {
    dataset.documents.set(document._id, document)
    dataset.lines.set(document._id, JSON.stringify(document))
  }
  for (const id of removed) {
    dataset.documents.delete(id)
    dataset.lines.delete(id)
  }
}
