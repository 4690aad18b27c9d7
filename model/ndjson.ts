import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import type {StoredDocument} from './documents'
import {ImportError} from './errors'
import {firstInvalidUtf8Byte} from './utf8'

export const DEFAULT_DATASET = 'data/production.ndjson'

/**
 * A dataset file as read: documents in file order, and each one's line exactly as it was written. A line is any
 * document an editor, the server or `sanity datasets import` put there, of any type: the importer takes its own
 * types from it (isNewsDocument).
 */
export interface LocalDataset {
  /** The path as the user gave it (for messages). */
  path: string
  documents: Map<string, StoredDocument>
  lines: Map<string, string>
}

const utf8 = new TextDecoder('utf-8', {fatal: true})

/**
 * Reads an NDJSON dataset (the form `sanity datasets import` takes); a missing file is an empty dataset. A file that
 * is not valid UTF-8, has a line that is not a document, or holds one `_id` twice is refused with the line(s),
 * and left as it is: nothing is written over a file the importer could not read exactly.
 */
export function readLocalDataset(path: string): LocalDataset {
  const dataset: LocalDataset = {path, documents: new Map(), lines: new Map()}
  const file = datasetFile(path)
  if (!existsSync(file)) return dataset
  if (statSync(file).isDirectory()) throw new ImportError(`${path}: is a directory, not a dataset file`)
  const lineOf = new Map<string, number>()
  forEachLine(file, (bytes, index, offset) => {
    let line: string
    try {
      // A byte order mark is dropped at the start of the file only, as a decoder of the whole file would.
      line = (index === 0 ? utf8 : utf8KeepingBom).decode(bytes)
    } catch {
      const at = offset + firstInvalidUtf8Byte(bytes)
      throw new ImportError(`${path}: line ${index + 1} is not valid UTF-8 (at byte ${at}); the file was left as it is, fix or remove it`)
    }
    if (line.trim() === '') return
    let document: unknown
    try {
      document = JSON.parse(line)
    } catch {
      throw new ImportError(`${path}: line ${index + 1} is not valid JSON; fix or remove the file`)
    }
    if (!isDocument(document)) throw new ImportError(`${path}: line ${index + 1} is not a document (it needs _id and _type)`)
    const earlier = lineOf.get(document._id)
    if (earlier !== undefined) {
      throw new ImportError(`${path}: lines ${earlier} and ${index + 1} both hold ${JSON.stringify(document._id)}; a dataset holds each document once, fix the file`)
    }
    lineOf.set(document._id, index + 1)
    dataset.documents.set(document._id, document)
    dataset.lines.set(document._id, line)
  })
  return dataset
}

/** A JSON value that is a document: an object with a string `_id` and `_type`. */
function isDocument(value: unknown): value is StoredDocument {
  return typeof value === 'object' && value !== null && '_id' in value && typeof value._id === 'string' && '_type' in value && typeof value._type === 'string'
}

const WRITE_CHUNK = 4 * 1024 * 1024
const utf8KeepingBom = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})
/** Read this much at a time: a dataset of 200,000 documents is some 400 MB, never held whole (nor as one string). */
const READ_CHUNK = 8 * 1024 * 1024

/**
 * Calls `each` with the bytes of every line of a file (without its \n), its index and the file offset where it
 * starts, reading the file a chunk at a time: only a chunk and the line it cuts are in memory at once.
 */
function forEachLine(file: string, each: (bytes: Buffer, index: number, offset: number) => void): void {
  const fd = openSync(file, 'r')
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK)
    let carry = Buffer.alloc(0)
    let carryOffset = 0
    let index = 0
    for (;;) {
      const read = readSync(fd, chunk, 0, READ_CHUNK, null)
      if (read === 0) break
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read)
      let start = 0
      for (let end = data.indexOf(0x0a, start); end !== -1; end = data.indexOf(0x0a, start)) {
        each(data.subarray(start, end), index++, carryOffset + start)
        start = end + 1
      }
      // The rest starts a line the next chunk ends: copied, as `chunk` is read into again.
      carry = Buffer.from(data.subarray(start))
      carryOffset += start
    }
    if (carry.length > 0) each(carry, index, carryOffset)
  } finally {
    closeSync(fd)
  }
}

/**
 * Writes the dataset atomically: to a temporary file beside it, flushed to disk, then renamed over it, so a reader
 * sees the old dataset or the new one and never half of either. Documents keep their order; new ones go at the
 * end, removed ones are left out. A dataset path that is a symlink stays one (its target is written), and the
 * file keeps its permissions. Temporary files that killed runs left behind are removed first.
 */
export function writeLocalDataset(dataset: LocalDataset, changed: readonly StoredDocument[], removed: readonly string[] = []): void {
  const lines = new Map(dataset.lines)
  for (const document of changed) lines.set(document._id, JSON.stringify(document))
  for (const id of removed) lines.delete(id)
  const file = datasetFile(dataset.path)
  mkdirSync(dirname(file), {recursive: true})
  removeLeftovers(file)
  const mode = existsSync(file) ? statSync(file).mode & 0o7777 : undefined
  const temporary = temporaryFileOf(file, process.pid)
  try {
    const fd = openSync(temporary, 'w')
    try {
      if (mode !== undefined) fchmodSync(fd, mode)
      // A chunk at a time: the whole file is never one string.
      let pending = ''
      for (const line of lines.values()) {
        pending += `${line}\n`
        if (pending.length >= WRITE_CHUNK) {
          writeSync(fd, pending)
          pending = ''
        }
      }
      if (pending) writeSync(fd, pending)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, file)
  } finally {
    rmSync(temporary, {force: true})
  }
  // Each line as written above: a document is serialised once.
  for (const document of changed) {
    dataset.documents.set(document._id, document)
    dataset.lines.set(document._id, lines.get(document._id)!)
  }
  for (const id of removed) {
    dataset.documents.delete(id)
    dataset.lines.delete(id)
  }
}

/**
 * The file a dataset path names: the path itself, or the file a symlink at it points to (followed to the end, even
 * to a file not there yet), so that a write replaces the target and leaves the link. Also what a lock is taken on:
 * two links to one file share it.
 */
export function datasetFile(path: string): string {
  let current = resolve(path)
  for (let hops = 0; hops <= 40; hops++) {
    try {
      return realpathSync(current)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ELOOP') throw new ImportError(`${path}: is a symlink loop; point it at a file`)
      if (code !== 'ENOENT') throw error
    }
    // Not there: a link to a file yet to be made, or a file yet to be made (in the real directory, if it exists).
    let link: string | undefined
    try {
      if (lstatSync(current).isSymbolicLink()) link = readlinkSync(current)
    } catch {
      link = undefined
    }
    if (link === undefined) {
      try {
        return join(realpathSync(dirname(current)), basename(current))
      } catch {
        return current
      }
    }
    current = resolve(dirname(current), link)
  }
  throw new ImportError(`${path}: is a symlink loop; point it at a file`)
}

const temporaryFileOf = (file: string, pid: number) => `${file}.tmp-${pid}`

/** `production.ndjson.tmp-<pid>` files of processes that are gone: a run killed while writing left them. */
function removeLeftovers(file: string): void {
  const prefix = `${basename(file)}.tmp-`
  let names: string[]
  try {
    names = readdirSync(dirname(file))
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length))
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) rmSync(join(dirname(file), name), {force: true})
  }
}

/** Whether a process with this id exists (EPERM: it does, but belongs to someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
