/**
 * The seed command as a user runs it: `tsx scripts/seed.ts ...` in a child process, always with --dataset in a
 * fresh temp dir so that nothing touches data/. Each run costs a second or two, so only what needs the process is
 * here: the arguments and their errors, the exit code, what goes to stdout and what to stderr, --out -, and the
 * files the script reads itself. What the import does is seedImport.test.ts, in-process.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {AnalysisCache} from '../importer/analysisCache'
import type {NewsDocument} from '../model/documents'
import {readInputs} from '../scripts/inputFiles'
import {DEFAULT_SOURCE} from '../seed/sources'
import {importLocal} from './helpers/importInProcess'
import {editLine, linesOf, parseNdjson, readDataset, reportLine, runSeed, SEED_DOCUMENTS, SEED_TITLE, shown, TempDirs, TITO, writeInput} from './helpers/seedCommand'

const TIMEOUT = 30_000
const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const ID = /^(article|person|organization|quote)-[a-z0-9-]+$/

const ofType = (documents: NewsDocument[], type: NewsDocument['_type']) => documents.filter((document) => document._type === type)
const withId = (documents: NewsDocument[], id: string) => documents.find((document) => document._id === id)

function freshDataset(): {dir: string; dataset: string} {
  const dir = dirs.make()
  return {dir, dataset: join(dir, 'production.ndjson')}
}

describe('npm run seed with no file', () => {
  it('imports the source article, with a line per document and the summary on stdout and nothing on stderr', {timeout: TIMEOUT}, () => {
    // In a folder that is not there yet, as data/ is not in a fresh clone: the seed makes it (and its lock in it).
    const dataset = join(freshDataset().dir, 'data', 'production.ndjson')
    const run = runSeed(['--dataset', dataset])

    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout).toMatch(reportLine('created', 'article', SEED_TITLE))
    expect(run.stdout).toMatch(reportLine('created', 'person', 'Jens Stoltenberg'))
    expect(linesOf(run.stdout).filter((line) => line.startsWith('  '))).toHaveLength(SEED_DOCUMENTS)
    expect(run.stdout).toContain(`1 input(s): 1 imported, 0 skipped. ${SEED_DOCUMENTS} document(s): ${SEED_DOCUMENTS} created. Dataset: ${dataset}`)
    expect(run.stderr).toBe('')
    const documents = readDataset(dataset)
    expect(documents).toHaveLength(SEED_DOCUMENTS)
    expect(ofType(documents, 'article')[0]).toMatchObject({title: SEED_TITLE, provenance: {sourceName: DEFAULT_SOURCE}})
  })

  it('passes --replace to the import: the importer’s version of a person an editor changed is put back', {timeout: TIMEOUT}, async () => {
    const {dataset} = freshDataset()
    await importLocal(dataset, readInputs(undefined, DEFAULT_SOURCE, undefined).inputs)
    const imported = withId(readDataset(dataset), 'person-jens-stoltenberg')!
    editLine(dataset, 'person-jens-stoltenberg', (document) => ({...document, description: 'Sekretaris Jenderal NATO 2014–2024.'}))

    const replaced = runSeed(['--dataset', dataset, '--replace'])

    expect(replaced.status, shown(replaced)).toBe(0)
    expect(withId(readDataset(dataset), 'person-jens-stoltenberg')).toEqual(imported)
    expect(replaced.stdout).toMatch(reportLine('replaced', 'person', 'Jens Stoltenberg'))
    expect(replaced.stdout).toContain('1 replaced')
  })

  it('prints the documents as NDJSON with --out - and writes no dataset file', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const run = runSeed(['--dataset', dataset, '--out', '-'])

    expect(run.status, shown(run)).toBe(0)
    const documents = parseNdjson(run.stdout)
    expect(documents).toHaveLength(SEED_DOCUMENTS)
    for (const document of documents) expect(document._id).toMatch(ID)
    expect(ofType(documents, 'article')[0]?.title).toBe(SEED_TITLE)
    expect(withId(documents, 'person-jens-stoltenberg')?.name).toBe('Jens Stoltenberg')
    expect(run.stderr).toContain('Dry run: nothing written.')
    expect(existsSync(dataset)).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })
})

interface BadInput {
  title: string
  /** Writes the bad input into dir; returns the arguments (less --dataset) and what the error line must name. */
  arrange: (dir: string) => {args: string[]; names: string}
  message: RegExp
  /** The dataset file's content before the run; absent when undefined. */
  dataset?: string | Buffer
}

const EXISTING = `${JSON.stringify({_id: 'person-budi-santoso', _type: 'person', name: 'Budi Santoso', slug: {_type: 'slug', current: 'budi-santoso'}})}\n`

/**
 * Arguments the command refuses and files it cannot read itself. A text it reads but the import refuses (empty, not
 * UTF-8, only boilerplate, ...) and a bad dataset file are seedImport.test.ts's.
 */
const BAD_INPUTS: BadInput[] = [
  {
    title: 'a file that does not exist',
    arrange: (dir) => ({args: [join(dir, 'tidak-ada.txt')], names: join(dir, 'tidak-ada.txt')}),
    message: /no such file/,
  },
  {
    title: 'a directory',
    arrange: (dir) => {
      mkdirSync(join(dir, 'berita'))
      return {args: [join(dir, 'berita')], names: join(dir, 'berita')}
    },
    message: /is a directory/,
    dataset: EXISTING,
  },
  {
    title: 'a text over 2 MB',
    arrange: (dir) => {
      const size = 2 * 1024 * 1024 + 1
      const path = writeInput(dir, 'besar.txt', 'a '.repeat(Math.ceil(size / 2)).slice(0, size))
      return {args: [path], names: path}
    },
    message: /the text is over the 2 MB limit \(2097152 bytes\)/,
    dataset: EXISTING,
  },
  {
    title: 'a --meta file that is not JSON',
    arrange: (dir) => {
      const meta = writeInput(dir, 'meta.json', '{title: Mendagri Siap,')
      return {args: [writeInput(dir, 'story.txt', TITO), '--meta', meta], names: meta}
    },
    message: /not valid JSON/,
    dataset: EXISTING,
  },
  {
    title: 'a symlink loop',
    arrange: (dir) => {
      symlinkSync(join(dir, 'b.txt'), join(dir, 'a.txt'))
      symlinkSync(join(dir, 'a.txt'), join(dir, 'b.txt'))
      return {args: [join(dir, 'a.txt')], names: join(dir, 'a.txt')}
    },
    message: /is a symlink loop/,
    dataset: EXISTING,
  },
  {
    title: 'an endless input (/dev/zero), read only up to the limit',
    arrange: () => ({args: ['/dev/zero'], names: '/dev/zero'}),
    message: /over the 2 MB limit/,
    dataset: EXISTING,
  },
  {
    title: 'a --meta publishedAt that is only a number ("1")',
    arrange: (dir) => {
      const meta = writeInput(dir, 'meta.json', JSON.stringify({title: 'Mendagri Siap', publishedAt: '1'}))
      return {args: [writeInput(dir, 'story.txt', TITO), '--meta', meta], names: meta}
    },
    message: /"publishedAt" must be an ISO 8601 date/,
    dataset: EXISTING,
  },
  {
    title: 'an unknown flag',
    arrange: () => ({args: ['--bogus'], names: '--bogus'}),
    message: /^error: /,
    dataset: EXISTING,
  },
]

describe('npm run seed with bad input', () => {
  it.each(BAD_INPUTS)('refuses $title with one error line, a non-zero exit and the dataset untouched', {timeout: TIMEOUT}, (bad) => {
    const {dir, dataset} = freshDataset()
    if (bad.dataset !== undefined) writeFileSync(dataset, bad.dataset)
    const {args, names} = bad.arrange(dir)
    const filesBefore = readdirSync(dir).sort()

    const run = runSeed([...args, '--dataset', dataset])

    expect(run.status, shown(run)).not.toBe(0)
    expect(run.status, shown(run)).not.toBeNull()
    const lines = linesOf(run.stderr)
    expect(lines, shown(run)).toHaveLength(1)
    expect(lines[0]).toMatch(/^error: /)
    expect(lines[0]).toContain(names)
    expect(lines[0]).toMatch(bad.message)
    expect(run.stderr).not.toMatch(/^ {4}at /m)
    expect(run.stdout).toBe('')
    if (bad.dataset === undefined) expect(existsSync(dataset)).toBe(false)
    else expect(readFileSync(dataset).equals(Buffer.isBuffer(bad.dataset) ? bad.dataset : Buffer.from(bad.dataset))).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(filesBefore)
  })
})

describe('npm run seed reading texts it has read before', () => {
  it('says on stdout how many texts of a batch it did not read again, and reads them all with --no-cache', {timeout: TIMEOUT}, async () => {
    const {dir} = freshDataset()
    const analyses = join(dir, 'analyses')
    const row = (id: number, text: string) => `${id},Berita ${id},https://example.com/${id},10/20/2025 21:36,"${text}",r,,a,b`
    const header = 'id,judul,tautan,tanggal,isi_berita,Summary,entity,aspek_target,keyword_sumber'
    const rows = [row(1, 'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.\n""Kami siap,"" kata Tito.'), row(2, 'Banjir melanda Bandung sejak Selasa.')]
    // Two texts read before, in-process, into the cache the command is given.
    const first = readInputs(writeInput(dir, 'first.csv', [header, ...rows, ''].join('\n')), undefined, undefined)
    await importLocal(join(dir, 'first.ndjson'), first.inputs, {cache: new AnalysisCache(analyses)})
    expect(readdirSync(analyses)).toHaveLength(2)
    const grown = writeInput(dir, 'grown.csv', [header, ...rows, row(3, 'Harga beras di Jakarta naik 10 persen.'), ''].join('\n'))
    const cache = {NEWS_CACHE_DIR: analyses}

    const second = runSeed(['--csv', grown, '--dataset', join(dir, 'again.ndjson')], cache)
    const third = runSeed(['--csv', grown, '--dataset', join(dir, 'cold.ndjson'), '--no-cache'], cache)

    expect(second.status, shown(second)).toBe(0)
    expect(second.stdout).toContain('note: 2 of 3 text(s) read before by this importer, not read again (--no-cache reads every text)')
    expect(third.status, shown(third)).toBe(0)
    expect(third.stdout).not.toContain('read before')
  })
})
