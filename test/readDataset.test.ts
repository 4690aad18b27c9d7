/**
 * Reading a dataset file a chunk at a time (model/ndjson.ts): every line whole, wherever the 8 MB chunks cut it
 * (inside a line, inside a character), and a bad byte named by its line and its offset in the file.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {readLocalDataset, writeLocalDataset} from '../model/ndjson'
import {TempDirs} from './helpers/seedCommand'

const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const CHUNK = 8 * 1024 * 1024

/** Documents whose lines are about `size` bytes, with text of one-, two-, three- and four-byte characters. */
function documents(count: number, size: number) {
  return Array.from({length: count}, (_, n) => ({_id: `doc-${n}`, _type: 'note', text: `${n} é€😀 `.repeat(Math.ceil(size / 12)).slice(0, size)}))
}

describe('a dataset file read a chunk at a time', () => {
  it('reads every document whole across chunk boundaries, and writes the same bytes back', () => {
    const path = join(dirs.make(), 'production.ndjson')
    const written = documents(300, 100_000)
    const text = `${written.map((document) => JSON.stringify(document)).join('\n')}\n`
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * CHUNK)
    writeFileSync(path, text)
    const dataset = readLocalDataset(path)
    expect([...dataset.documents.values()]).toEqual(written)
    expect([...dataset.lines.values()]).toEqual(written.map((document) => JSON.stringify(document)))
    writeLocalDataset(dataset, [])
    expect(readLocalDataset(path).documents.size).toBe(300)
  })

  it('reads a last line without a newline, skips blank lines, and drops a byte order mark only at the start', () => {
    const path = join(dirs.make(), 'production.ndjson')
    writeFileSync(path, `\uFEFF{"_id":"a","_type":"note"}\n\n  \n{"_id":"b","_type":"note"}`)
    expect([...readLocalDataset(path).documents.keys()]).toEqual(['a', 'b'])
    writeFileSync(path, `{"_id":"a","_type":"note"}\n\uFEFF{"_id":"b","_type":"note"}\n`)
    expect(() => readLocalDataset(path)).toThrow('line 2 is not valid JSON')
  })

  it('names the line and the file offset of a byte that is not UTF-8, past the first chunk', () => {
    const path = join(dirs.make(), 'production.ndjson')
    const lines = documents(120, 100_000).map((document) => Buffer.from(`${JSON.stringify(document)}\n`))
    const before = Buffer.concat(lines.slice(0, 100))
    const bad = Buffer.from('{"_id":"bad","_type":"note","text":"ok \xff"}\n', 'latin1')
    writeFileSync(path, Buffer.concat([before, bad, ...lines.slice(100)]))
    const at = before.length + bad.indexOf(0xff)
    expect(at).toBeGreaterThan(CHUNK)
    expect(() => readLocalDataset(path)).toThrow(`line 101 is not valid UTF-8 (at byte ${at})`)
  })
})
