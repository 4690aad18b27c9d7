/**
 * The seed command as a user runs it: `tsx scripts/seed.ts ...` in a child process, always with --dataset in a
 * fresh temp dir so that nothing touches data/. Each run costs a second or two, so each test makes few.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import type {NewsDocument} from '../model/documents'
import {DEFAULT_SOURCE} from '../seed/sources'
import {linesOf, parseNdjson, readDataset, runSeed, shown, TempDirs} from './helpers/seedCommand'

const TIMEOUT = 30_000
const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const ID = /^(article|person|organization|quote)-[a-z0-9-]+$/
const SEED_TITLE =
  'Langkah Presiden Armenia, Armen Sarkissian, meminta bantuan Pakta Pertahanan Atlantik Utara (NATO) menjadi sorotan.'
/** What the source article becomes (see seedArticle.test.ts): 1 article, 3 persons, 5 organizations, 2 quotes. */
const SEED_DOCUMENTS = 11

/** A small hand-written story: a minister, one quote attributed with "kata Tito", an editor credit. */
const TITO_LINES = [
  'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.',
  '"Kami akan bekerja keras untuk rakyat," kata Tito di Jakarta, Senin (1/1/2024).',
  'Editor: Budi Santoso',
]
const TITO = `${TITO_LINES.join('\n')}\n`

type Ref = {_ref: string}
interface Block {
  _key: string
  children: {text: string}[]
}
const blockText = (block: Block) => block.children.map((child) => child.text).join('')
const ofType = (documents: NewsDocument[], type: NewsDocument['_type']) => documents.filter((document) => document._type === type)
const withId = (documents: NewsDocument[], id: string) => documents.find((document) => document._id === id)
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** A line of the per-document report: `  created        person        Jens Stoltenberg`. */
const reportLine = (action: string, type: string, description: string) =>
  new RegExp(`^  ${escape(action)}\\s+${type}\\s+${escape(description)}`, 'm')

function freshDataset(): {dir: string; dataset: string} {
  const dir = dirs.make()
  return {dir, dataset: join(dir, 'production.ndjson')}
}

function writeInput(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Replaces one document's line in an NDJSON file, keeping every other line byte for byte. */
function editLine(path: string, id: string, edit: (document: NewsDocument) => NewsDocument): string {
  let found = false
  const edited = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => {
      if (line.trim() === '' || (JSON.parse(line) as NewsDocument)._id !== id) return line
      found = true
      return JSON.stringify(edit(JSON.parse(line) as NewsDocument))
    })
    .join('\n')
  if (!found) throw new Error(`${path} has no document ${id}`)
  writeFileSync(path, edited)
  return edited
}

describe('npm run seed with no file', () => {
  it('imports the source article into the dataset and names every document it created', {timeout: TIMEOUT}, () => {
    const {dataset} = freshDataset()
    const run = runSeed(['--dataset', dataset])

    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout).toMatch(reportLine('created', 'article', SEED_TITLE))
    for (const name of ['Jens Stoltenberg', 'Armen Sarkissian', 'Muhammad Syahrianto']) {
      expect(run.stdout).toMatch(reportLine('created', 'person', name))
    }
    expect(run.stdout).toMatch(reportLine('created', 'organization', 'Pakta Pertahanan Atlantik Utara (NATO)'))
    expect(run.stdout).toMatch(reportLine('created', 'quote', 'Jens Stoltenberg: “Saya mengingatkan Presiden (Armenia)'))
    expect(run.stdout).toMatch(reportLine('created', 'quote', 'Jens Stoltenberg: “NATO sangat prihatin'))
    expect(run.stdout).toContain(`1 input(s): 1 imported, 0 skipped. ${SEED_DOCUMENTS} document(s): ${SEED_DOCUMENTS} created.`)

    const text = readFileSync(dataset, 'utf8')
    expect(text.endsWith('\n')).toBe(true)
    const lines = text.slice(0, -1).split('\n')
    expect(lines).toHaveLength(SEED_DOCUMENTS)
    const documents = lines.map((line) => JSON.parse(line) as NewsDocument)
    for (const document of documents) {
      expect(document._id).toMatch(ID)
      expect(document._id.startsWith(`${document._type}-`), document._id).toBe(true)
    }
    expect(new Set(documents.map((document) => document._id)).size).toBe(SEED_DOCUMENTS)
    const article = ofType(documents, 'article')
    expect(article).toHaveLength(1)
    expect(article[0]).toMatchObject({title: SEED_TITLE, provenance: {sourceName: DEFAULT_SOURCE}})
    expect(withId(documents, 'person-jens-stoltenberg')).toMatchObject({_type: 'person', name: 'Jens Stoltenberg'})
  })

  it('writes a byte-identical dataset when run twice and reports every document unchanged the second time', {timeout: TIMEOUT}, () => {
    const {dataset} = freshDataset()
    const first = runSeed(['--dataset', dataset])
    expect(first.status, shown(first)).toBe(0)
    const afterFirst = readFileSync(dataset)

    const second = runSeed(['--dataset', dataset])
    expect(second.status, shown(second)).toBe(0)
    expect(readFileSync(dataset).equals(afterFirst)).toBe(true)
    const reported = linesOf(second.stdout).filter((line) => line.startsWith('  '))
    expect(reported).toHaveLength(SEED_DOCUMENTS)
    for (const line of reported) expect(line).toMatch(/^  unchanged\s/)
    expect(second.stdout).not.toMatch(/\b(?:created|updated|replaced)\b/)
    expect(second.stdout).toContain(`${SEED_DOCUMENTS} document(s): ${SEED_DOCUMENTS} unchanged.`)
  })

  it('keeps and reports an editor’s change to a person, and puts the importer’s version back with --replace', {timeout: TIMEOUT}, () => {
    const {dataset} = freshDataset()
    const first = runSeed(['--dataset', dataset])
    expect(first.status, shown(first)).toBe(0)
    const imported = withId(readDataset(dataset), 'person-jens-stoltenberg')!
    expect(imported.description).toBeUndefined()

    // The editor adds a description in the Studio; the importFingerprint stays what the importer stamped.
    const description = 'Sekretaris Jenderal NATO 2014–2024, sebelumnya Perdana Menteri Norwegia.'
    const edited = editLine(dataset, 'person-jens-stoltenberg', (document) => ({...document, description}))

    const rerun = runSeed(['--dataset', dataset])
    expect(rerun.status, shown(rerun)).toBe(0)
    expect(readFileSync(dataset, 'utf8')).toBe(edited)
    expect(withId(readDataset(dataset), 'person-jens-stoltenberg')?.description).toBe(description)
    expect(rerun.stdout).toMatch(reportLine('left as edited', 'person', 'Jens Stoltenberg'))
    expect(rerun.stderr).toMatch(/^note: person-jens-stoltenberg changed by an editor.*--replace/m)

    const replaced = runSeed(['--dataset', dataset, '--replace'])
    expect(replaced.status, shown(replaced)).toBe(0)
    const restored = withId(readDataset(dataset), 'person-jens-stoltenberg')!
    expect(restored.description).toBeUndefined()
    expect(restored).toEqual(imported)
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

describe('npm run seed FILE', () => {
  it('takes the title, url and publishedAt of another article from the story.meta.json beside it', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const story = writeInput(dir, 'story.txt', TITO)
    writeInput(dir, 'story.meta.json', JSON.stringify({
      title: 'Mendagri: Pemerintah Siap Bekerja Keras',
      url: 'https://example.com/a',
      publishedAt: '2024-01-01T10:00:00+07:00',
    }))

    const run = runSeed([story, '--dataset', dataset])
    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout).toMatch(reportLine('created', 'article', 'Mendagri: Pemerintah Siap Bekerja Keras'))
    const articles = ofType(readDataset(dataset), 'article')
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({
      title: 'Mendagri: Pemerintah Siap Bekerja Keras',
      publishedAt: '2024-01-01T03:00:00.000Z',
      provenance: {url: 'https://example.com/a', sourceName: story, titleSource: 'metadata'},
    })
  })

  it('takes metadata from --meta FILE, in preference to a sidecar', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const story = writeInput(dir, 'berita.txt', TITO)
    writeInput(dir, 'berita.meta.json', JSON.stringify({title: 'Judul Dari Sidecar', url: 'https://example.com/sidecar'}))
    mkdirSync(join(dir, 'meta'))
    const meta = writeInput(dir, 'meta/info.json', JSON.stringify({
      title: 'Tito: Kami Akan Bekerja Keras',
      url: 'https://example.com/b',
      publishedAt: '2024-02-14T08:30:00+07:00',
    }))

    const run = runSeed([story, '--meta', meta, '--dataset', dataset])
    expect(run.status, shown(run)).toBe(0)
    const articles = ofType(readDataset(dataset), 'article')
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({
      title: 'Tito: Kami Akan Bekerja Keras',
      publishedAt: '2024-02-14T01:30:00.000Z',
      provenance: {url: 'https://example.com/b', titleSource: 'metadata'},
    })
  })

  it('links a second article that names Jens Stoltenberg to the existing person-jens-stoltenberg', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const seeded = runSeed(['--dataset', dataset])
    expect(seeded.status, shown(seeded)).toBe(0)
    const story = writeInput(dir, 'nato.txt', [
      'Sekretaris Jenderal NATO Jens Stoltenberg menerima Menteri Luar Negeri Indonesia di Brussels, Kamis.',
      '"NATO menghormati peran Indonesia dalam menjaga perdamaian dunia," kata Stoltenberg.',
      'Editor: Budi Santoso',
      '',
    ].join('\n'))

    const run = runSeed([story, '--dataset', dataset])
    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout).not.toMatch(reportLine('created', 'person', 'Jens Stoltenberg'))
    const documents = readDataset(dataset)
    const stoltenbergs = ofType(documents, 'person').filter((person) => String(person.name).includes('Stoltenberg'))
    expect(stoltenbergs.map((person) => person._id)).toEqual(['person-jens-stoltenberg'])
    const second = ofType(documents, 'article').find((article) => (article.provenance as {sourceName: string}).sourceName === story)!
    expect(second).toBeDefined()
    expect(JSON.stringify(second.body)).toContain('"_ref":"person-jens-stoltenberg"')
    const quotes = ofType(documents, 'quote').filter((quote) => (quote.article as Ref)._ref === second._id)
    expect(quotes.map((quote) => [quote.text, (quote.speaker as Ref)._ref])).toEqual([
      ['NATO menghormati peran Indonesia dalam menjaga perdamaian dunia', 'person-jens-stoltenberg'],
    ])
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
const INVALID_UTF8_PREFIX = 'Menteri menjawab “siap” kepada wartawan. '

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
    title: 'an empty file',
    arrange: (dir) => ({args: [writeInput(dir, 'kosong.txt', '')], names: join(dir, 'kosong.txt')}),
    message: /empty/,
    dataset: EXISTING,
  },
  {
    title: 'a file of only whitespace',
    arrange: (dir) => ({args: [writeInput(dir, 'spasi.txt', ' \n\t\r\n   \n')], names: join(dir, 'spasi.txt')}),
    message: /empty/,
    dataset: EXISTING,
  },
  {
    title: 'bytes that are not UTF-8 at byte 0',
    arrange: (dir) => {
      const path = writeInput(dir, 'biner.txt', Buffer.concat([Buffer.from([0xff, 0x41, 0x42]), Buffer.from(TITO)]))
      return {args: [path], names: path}
    },
    message: /not valid UTF-8 at byte 0$/,
    dataset: EXISTING,
  },
  {
    title: 'invalid UTF-8 after multi-byte text',
    arrange: (dir) => {
      const path = writeInput(dir, 'rusak.txt', Buffer.concat([Buffer.from(INVALID_UTF8_PREFIX), Buffer.from([0xc3, 0x28]), Buffer.from(TITO)]))
      return {args: [path], names: path}
    },
    // “ and ” are 3 bytes each: the offset counts bytes, not characters.
    message: new RegExp(`not valid UTF-8 at byte ${Buffer.byteLength(INVALID_UTF8_PREFIX)}$`),
    dataset: EXISTING,
  },
  {
    title: 'a NUL byte',
    arrange: (dir) => {
      const path = writeInput(dir, 'nul.txt', Buffer.concat([Buffer.from('Menteri Dalam Negeri'), Buffer.from([0]), Buffer.from(TITO)]))
      return {args: [path], names: path}
    },
    message: /NUL byte at byte 20\b/,
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
    title: 'a text that is only boilerplate',
    arrange: (dir) => {
      const path = writeInput(dir, 'boilerplate.txt', 'Baca Juga: sesuatu\nEditor: X\nSCROLL TO CONTINUE WITH CONTENT\n')
      return {args: [path], names: path}
    },
    message: /no story text/,
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
    title: 'a dataset file with a corrupt line',
    arrange: (dir) => ({args: [writeInput(dir, 'story.txt', TITO)], names: join(dir, 'production.ndjson')}),
    message: /line 2\b/,
    dataset: `${EXISTING}{"_id":"person-tito-karnavian","_type":"person","name":\n`,
  },
  {
    title: 'UTF-16 text with a byte order mark',
    arrange: (dir) => {
      const path = writeInput(dir, 'utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TITO, 'utf16le')]))
      return {args: [path], names: path}
    },
    message: /is UTF-16 \(little-endian\) text; save it as UTF-8$/,
    dataset: EXISTING,
  },
  {
    title: 'UTF-16 text without a byte order mark',
    arrange: (dir) => {
      const path = writeInput(dir, 'utf16-tanpa-bom.txt', Buffer.from(TITO, 'utf16le'))
      return {args: [path], names: path}
    },
    message: /looks like UTF-16 \(little-endian\) text/,
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
    title: 'a dataset file with the same _id on two lines',
    arrange: (dir) => ({args: [writeInput(dir, 'story.txt', TITO)], names: join(dir, 'production.ndjson')}),
    message: /lines 1 and 3 both hold "person-budi-santoso"/,
    dataset: `${EXISTING}${JSON.stringify({_id: 'person-ani', _type: 'person', name: 'Ani'})}\n${EXISTING}`,
  },
  {
    title: 'a dataset file that is not valid UTF-8',
    arrange: (dir) => ({args: [writeInput(dir, 'story.txt', TITO)], names: join(dir, 'production.ndjson')}),
    message: /line 2 is not valid UTF-8 .*left as it is/,
    dataset: Buffer.concat([Buffer.from(`${EXISTING}{"_id":"person-riau","_type":"person","name":"Gubernur R`), Buffer.from([0xff]), Buffer.from('au"}\n')]),
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

describe('npm run seed normalising the text', () => {
  it('gives the same documents for CRLF line endings with a UTF-8 BOM as for LF without one', {timeout: TIMEOUT}, () => {
    const lf = freshDataset()
    const crlf = freshDataset()
    const lfRun = runSeed([writeInput(lf.dir, 'story.txt', TITO), '--dataset', lf.dataset, '--out', '-'])
    const crlfRun = runSeed([writeInput(crlf.dir, 'story.txt', `\uFEFF${TITO.replaceAll('\n', '\r\n')}`), '--dataset', crlf.dataset, '--out', '-'])
    expect(lfRun.status, shown(lfRun)).toBe(0)
    expect(crlfRun.status, shown(crlfRun)).toBe(0)

    const lfDocuments = parseNdjson(lfRun.stdout)
    const crlfDocuments = parseNdjson(crlfRun.stdout)
    const [lfArticle] = ofType(lfDocuments, 'article')
    const [crlfArticle] = ofType(crlfDocuments, 'article')
    expect((lfArticle!.body as Block[]).map(blockText)).toEqual(TITO_LINES.slice(0, 2))
    expect(crlfArticle!.body).toEqual(lfArticle!.body)
    expect(crlfArticle!.title).toBe(lfArticle!.title)
    expect((crlfArticle!.provenance as {originalText: string}).originalText).toBe(TITO)
    // Persons, organizations and quotes carry nothing of the file: they must be equal to the last field.
    const others = (documents: NewsDocument[]) => documents.filter((document) => document._type !== 'article')
    expect(others(lfDocuments).length).toBeGreaterThan(0)
    expect(others(crlfDocuments)).toEqual(others(lfDocuments))
    expect(crlfRun.stdout).not.toContain('\\r')
    expect(crlfRun.stdout).not.toContain('\uFEFF')
  })

  it('keeps HTML tags such as <b>tebal</b> as literal text in the body', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const lines = [
      'Banjir <b>tebal</b> lumpur menutup jalan utama di Bandung sejak Selasa pagi.',
      '<p>Petugas masih membersihkan jalan hingga malam.</p>',
    ]
    const run = runSeed([writeInput(dir, 'html.txt', `${lines.join('\n')}\nEditor: Budi Santoso\n`), '--dataset', dataset, '--out', '-'])
    expect(run.status, shown(run)).toBe(0)
    const [article] = ofType(parseNdjson(run.stdout), 'article')
    expect((article!.body as Block[]).map(blockText)).toEqual(lines)
  })
})

describe('npm run seed with unbalanced quote marks', () => {
  it('warns about the line with an unclosed quote and still imports the balanced quote', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const story = writeInput(dir, 'kutipan.txt', [
      'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.',
      '"Kami akan bekerja keras untuk rakyat," kata Tito di Jakarta.',
      'Ia menambahkan, "Anggaran sudah disiapkan sejak awal tahun.',
      'Editor: Budi Santoso',
      '',
    ].join('\n'))

    const run = runSeed([story, '--dataset', dataset])
    expect(run.status, shown(run)).toBe(0)
    const warnings = linesOf(run.stderr).filter((line) => line.startsWith('warning:'))
    expect(warnings, shown(run)).toHaveLength(1)
    expect(warnings[0]).toContain(story)
    expect(warnings[0]).toMatch(/\bline 3\b.*unbalanced/)
    const documents = readDataset(dataset)
    const [article] = ofType(documents, 'article')
    expect((article!.body as Block[]).map(blockText)).toContain('Ia menambahkan, "Anggaran sudah disiapkan sejak awal tahun.')
    expect(ofType(documents, 'quote').map((quote) => [quote.text, (quote.speaker as Ref)._ref])).toEqual([
      ['Kami akan bekerja keras untuk rakyat', 'person-tito-karnavian'],
    ])
  })
})

describe('npm run seed --csv', () => {
  it('imports the good rows of a corpus, names the skipped ones and accounts for every row', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const csv = writeInput(dir, 'corpus.csv', [
      'id,judul,tautan,tanggal,isi_berita,Summary,entity,aspek_target,keyword_sumber',
      '101,Mendagri Siap Bekerja Keras,https://example.com/101,10/20/2025 21:36,"Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.\n""Kami akan bekerja keras untuk rakyat,"" kata Tito di Jakarta.\nEditor: Budi Santoso",ringkasan,Tito Karnavian,pemerintah,mendagri',
      '102,"Banjir Melanda Bandung, Warga Mengungsi",https://example.com/102,10/21/2025 08:05,"Banjir melanda sejumlah kawasan di Bandung sejak Selasa pagi.\nRibuan warga mengungsi ke balai desa.",ringkasan,,banjir,bandung',
      '103,Baris Rusak,https://example.com/103,10/22/2025 09:00',
      '104,Berita Kosong,https://example.com/104,10/23/2025 10:00,,ringkasan,,kosong,kosong',
      '105,Harga Beras Naik,https://example.com/105,10/24/2025 11:30,Harga beras di pasar tradisional Jakarta naik 10 persen pekan ini.,ringkasan,,harga,beras',
      '',
    ].join('\r\n'))

    const run = runSeed(['--csv', csv, '--dataset', dataset])
    expect(run.status, shown(run)).toBe(0)
    expect(run.stdout).toContain('5 input(s): 3 imported, 2 skipped.')
    const skipped = linesOf(run.stderr).filter((line) => line.startsWith('skipped:'))
    expect(skipped, shown(run)).toHaveLength(2)
    expect(skipped.join('\n')).toMatch(/record 3 has 4 fields/)
    expect(skipped.join('\n')).toMatch(/corpus\.csv#id=104: the text is empty/)

    const documents = readDataset(dataset)
    const articles = ofType(documents, 'article')
    expect(articles.map((article) => article.title).sort()).toEqual([
      'Banjir Melanda Bandung, Warga Mengungsi',
      'Harga Beras Naik',
      'Mendagri Siap Bekerja Keras',
    ])
    const mendagri = articles.find((article) => article.title === 'Mendagri Siap Bekerja Keras')!
    expect(mendagri).toMatchObject({publishedAt: '2025-10-20T14:36:00.000Z', provenance: {url: 'https://example.com/101'}})
    expect((mendagri.body as Block[]).map(blockText)).toEqual([
      'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.',
      '"Kami akan bekerja keras untuk rakyat," kata Tito di Jakarta.',
    ])
    const banjir = articles.find((article) => article.title === 'Banjir Melanda Bandung, Warga Mengungsi')!
    expect(banjir.publishedAt).toBe('2025-10-21T01:05:00.000Z')
    expect(ofType(documents, 'quote').map((quote) => [quote.text, (quote.speaker as Ref)._ref, (quote.article as Ref)._ref])).toEqual([
      ['Kami akan bekerja keras untuk rakyat', 'person-tito-karnavian', mendagri._id],
    ])
  })
})

describe('npm run seed reading texts it has read before', () => {
  it('reads a text again only when it is new, says how many it did not read, and makes the same documents', {timeout: TIMEOUT}, () => {
    const {dir, dataset} = freshDataset()
    const cache = {SANITY_NEWS_CACHE_DIR: join(dir, 'analyses')}
    const row = (id: number, text: string) => `${id},Berita ${id},https://example.com/${id},10/20/2025 21:36,"${text}",r,,a,b`
    const header = 'id,judul,tautan,tanggal,isi_berita,Summary,entity,aspek_target,keyword_sumber'
    const rows = [row(1, 'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.\n""Kami siap,"" kata Tito.'), row(2, 'Banjir melanda Bandung sejak Selasa.')]
    const first = runSeed(['--csv', writeInput(dir, 'first.csv', [header, ...rows, ''].join('\n')), '--dataset', dataset], cache)
    expect(first.status, shown(first)).toBe(0)
    expect(first.stdout).not.toContain('read before')
    expect(readdirSync(join(dir, 'analyses'))).toHaveLength(2)

    const grown = [header, ...rows, row(3, 'Harga beras di Jakarta naik 10 persen.'), ''].join('\n')
    const again = join(dir, 'again.ndjson')
    const second = runSeed(['--csv', writeInput(dir, 'grown.csv', grown), '--dataset', again], cache)
    expect(second.status, shown(second)).toBe(0)
    expect(second.stdout).toContain('note: 2 of 3 text(s) read before by this importer, not read again (--no-cache reads every text)')
    const cold = join(dir, 'cold.ndjson')
    const third = runSeed(['--csv', join(dir, 'grown.csv'), '--dataset', cold, '--no-cache'], cache)
    expect(third.stdout).not.toContain('read before')
    const strip = (documents: NewsDocument[]) => JSON.stringify(documents).replace(/"importedAt":"[^"]*"/g, '')
    expect(strip(readDataset(again))).toBe(strip(readDataset(cold)))
  })
})

describe('npm run seed when a document would not validate', () => {
  it('writes nothing and names the document and the field', {timeout: TIMEOUT}, () => {
    const {dataset} = freshDataset()
    // An editor's own document already uses the slug the importer would give Jens Stoltenberg.
    const editors = `${JSON.stringify({_id: 'person-editors-jens', _type: 'person', name: 'Jens S.', slug: {_type: 'slug', current: 'jens-stoltenberg'}})}\n`
    writeFileSync(dataset, editors)

    const run = runSeed(['--dataset', dataset])

    expect(run.status, shown(run)).toBe(1)
    expect(run.stderr).toMatch(/^error: person-jens-stoltenberg: slug: Slug is already in use; nothing was written$/m)
    expect(readFileSync(dataset, 'utf8')).toBe(editors)
    expect(readdirSync(join(dataset, '..'))).toEqual(['production.ndjson'])
  })
})
