import {closeSync, existsSync, fstatSync, openSync, readSync} from 'node:fs'
import {basename} from 'node:path'

import type {BatchInput, BatchOutcome} from '../importer/importBatch'
import {MAX_SOURCE_BYTES} from '../importer/source/decodeSource'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {parseMeta} from '../importer/source/readMeta'
import {ImportError} from '../model/errors'

/** A corpus CSV is read whole: 256 MB is about 70,000 articles of the detik.com corpus. */
const MAX_CSV_BYTES = 256 * 1024 * 1024
/** A metadata file is small; anything larger is not one. */
const MAX_META_BYTES = 1024 * 1024

/** The texts to import: one file (with its metadata), or every row of a corpus CSV (a malformed row is `rejected`). */
export function readInputs(csv: string | undefined, file: string | undefined, metaFile: string | undefined): {inputs: BatchInput[]; rejected: BatchOutcome[]} {
  if (csv) {
    const corpus = readCorpus(readInput(csv, MAX_CSV_BYTES, 'CSV file'))
    if (corpus.problems.some((problem) => problem.record === 0)) throw new ImportError(`${csv}: ${corpus.problems[0]!.message}`)
    const rejected = corpus.problems.map((problem) => ({name: `${csv}#record=${problem.record}`, error: `${csv}: record ${problem.record} ${problem.message}`}))
    return {inputs: corpusInputs(basename(csv), corpus.rows), rejected}
  }
  const meta = metaFile ?? sidecarOf(file!)
  return {inputs: [{name: file!, bytes: readInput(file!, MAX_SOURCE_BYTES, 'text'), meta: meta ? parseMeta(meta, readInput(meta, MAX_META_BYTES, 'metadata file')) : {}}], rejected: []}
}

/** `story.txt` may have metadata beside it in `story.meta.json`. */
function sidecarOf(file: string): string | undefined {
  const sidecar = file.replace(/\.[^./]+$/, '') + '.meta.json'
  return existsSync(sidecar) ? sidecar : undefined
}

/** Sizes for messages: `2 MB`, `256 MB`. */
export const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`

/**
 * Reads a file the user named, at most `limit` bytes: reading stops as soon as the file proves larger, so a device
 * (`/dev/zero`), a pipe or a huge file never fills memory. Every failure is one ImportError line naming the path.
 */
export function readInput(path: string, limit: number, what = 'file'): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw new ImportError(`${path}: ${openProblem(error as NodeJS.ErrnoException)}`)
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new ImportError(`${path}: is a directory; give a text file (or --csv FILE)`)
    const chunks: Buffer[] = []
    let size = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - size))
      const read = readSync(fd, chunk, 0, chunk.length, null)
      if (read === 0) break
      chunks.push(chunk.subarray(0, read))
      size += read
      if (size > limit) throw new ImportError(`${path}: the ${what} is over the ${megabytes(limit)} limit (${limit} bytes); nothing was read past it`)
    }
    return Buffer.concat(chunks, size)
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  } finally {
    closeSync(fd)
  }
}

function openProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file'
    case 'ELOOP':
      return 'is a symlink loop; point it at a file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOTDIR':
      return 'a part of the path is not a directory'
    default:
      return `cannot be opened (${error.code ?? error.message})`
  }
}
