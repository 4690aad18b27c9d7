/**
 * What `npm run seed` does to the local dataset, in-process: the inputs read as the script reads them
 * (scripts/inputFiles.ts), runImport into the dataset file, and the report scripts/seed.ts would print from the
 * result (scripts/seedReport.ts). What needs the process (arguments, exit codes, streams, --out -, the lock) is in
 * seedCommand.test.ts and noDataLoss.test.ts.
 */
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {AnalysisCache} from '../importer/analysisCache'
import type {NewsDocument, StoredDocument} from '../model/documents'
import {ImportError} from '../model/errors'
import {readInputs} from '../scripts/inputFiles'
import {DEFAULT_SOURCE} from '../seed/sources'
import {importLocal, later, plannedDocuments, printedAndThrown, reportOf} from './helpers/importInProcess'
import {editLine, linesOf, readDataset, reportLine, SEED_DOCUMENTS, SEED_TITLE, TempDirs, TITO, TITO_LINES, writeInput} from './helpers/seedCommand'

const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const ID = /^(article|person|organization|quote)-[a-z0-9-]+$/

type Ref = {_ref: string}
interface Block {
  _key: string
  children: {text: string}[]
}
const blockText = (block: Block) => block.children.map((child) => child.text).join('')
const ofType = (documents: StoredDocument[], type: NewsDocument['_type']) => documents.filter((document) => document._type === type)
const withId = (documents: StoredDocument[], id: string) => documents.find((document) => document._id === id)

function freshDataset(): {dir: string; dataset: string} {
  const dir = dirs.make()
  return {dir, dataset: join(dir, 'production.ndjson')}
}

/** What the command reads for `FILE [--meta META]`, or for no file at all: the source article. */
const fileInputs = (file = DEFAULT_SOURCE, meta?: string) => readInputs(undefined, file, meta).inputs

/** `npm run seed -- [FILE] --dataset PATH`, and what it would print. */
async function seed(dataset: string, file?: string, options: {meta?: string; replace?: boolean} = {}) {
  const run = await importLocal(dataset, fileInputs(file, options.meta), {replace: options.replace ?? false, importedAt: later()})
  return {...run, ...reportOf(run, run.target, 1)}
}

describe('an import of the source article into the local dataset', () => {
  it('writes every document of it with a type-prefixed id and names every document it created', async () => {
    const {dataset} = freshDataset()
    const run = await seed(dataset)

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

  it('writes a byte-identical dataset when run twice and reports every document unchanged the second time', async () => {
    const {dataset} = freshDataset()
    await seed(dataset)
    const afterFirst = readFileSync(dataset)

    const second = await seed(dataset)

    expect(readFileSync(dataset).equals(afterFirst)).toBe(true)
    const reported = linesOf(second.stdout).filter((line) => line.startsWith('  '))
    expect(reported).toHaveLength(SEED_DOCUMENTS)
    for (const line of reported) expect(line).toMatch(/^  unchanged\s/)
    expect(second.stdout).not.toMatch(/\b(?:created|updated|replaced)\b/)
    expect(second.stdout).toContain(`${SEED_DOCUMENTS} document(s): ${SEED_DOCUMENTS} unchanged.`)
  })

  it('keeps and reports an editor’s change to a person, and puts the importer’s version back with --replace', async () => {
    const {dataset} = freshDataset()
    await seed(dataset)
    const imported = withId(readDataset(dataset), 'person-jens-stoltenberg')!
    expect(imported.description).toBeUndefined()

    // The editor adds a description in the Studio; the importFingerprint stays what the importer stamped.
    const description = 'Sekretaris Jenderal NATO 2014–2024, sebelumnya Perdana Menteri Norwegia.'
    const edited = editLine(dataset, 'person-jens-stoltenberg', (document) => ({...document, description}))

    const rerun = await seed(dataset)
    expect(readFileSync(dataset, 'utf8')).toBe(edited)
    expect(withId(readDataset(dataset), 'person-jens-stoltenberg')?.description).toBe(description)
    expect(rerun.stdout).toMatch(reportLine('left as edited', 'person', 'Jens Stoltenberg'))
    expect(rerun.stderr).toMatch(/^note: person-jens-stoltenberg changed by an editor.*--replace/m)

    const replaced = await seed(dataset, undefined, {replace: true})
    const restored = withId(readDataset(dataset), 'person-jens-stoltenberg')!
    expect(restored.description).toBeUndefined()
    expect(restored).toEqual(imported)
    expect(replaced.stdout).toMatch(reportLine('replaced', 'person', 'Jens Stoltenberg'))
    expect(replaced.stdout).toContain('1 replaced')
  })
})

describe('an import of another article', () => {
  it('takes the title, url and publishedAt of another article from the story.meta.json beside it', async () => {
    const {dir, dataset} = freshDataset()
    const story = writeInput(dir, 'story.txt', TITO)
    writeInput(dir, 'story.meta.json', JSON.stringify({
      title: 'Mendagri: Pemerintah Siap Bekerja Keras',
      url: 'https://example.com/a',
      publishedAt: '2024-01-01T10:00:00+07:00',
    }))

    const run = await seed(dataset, story)
    expect(run.stdout).toMatch(reportLine('created', 'article', 'Mendagri: Pemerintah Siap Bekerja Keras'))
    const articles = ofType(readDataset(dataset), 'article')
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({
      title: 'Mendagri: Pemerintah Siap Bekerja Keras',
      publishedAt: '2024-01-01T03:00:00.000Z',
      provenance: {url: 'https://example.com/a', sourceName: story, titleSource: 'metadata'},
    })
  })

  it('takes metadata from --meta FILE, in preference to a sidecar', async () => {
    const {dir, dataset} = freshDataset()
    const story = writeInput(dir, 'berita.txt', TITO)
    writeInput(dir, 'berita.meta.json', JSON.stringify({title: 'Judul Dari Sidecar', url: 'https://example.com/sidecar'}))
    mkdirSync(join(dir, 'meta'))
    const meta = writeInput(dir, 'meta/info.json', JSON.stringify({
      title: 'Tito: Kami Akan Bekerja Keras',
      url: 'https://example.com/b',
      publishedAt: '2024-02-14T08:30:00+07:00',
    }))

    await seed(dataset, story, {meta})
    const articles = ofType(readDataset(dataset), 'article')
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({
      title: 'Tito: Kami Akan Bekerja Keras',
      publishedAt: '2024-02-14T01:30:00.000Z',
      provenance: {url: 'https://example.com/b', titleSource: 'metadata'},
    })
  })

  it('links a second article that names Jens Stoltenberg to the existing person-jens-stoltenberg', async () => {
    const {dir, dataset} = freshDataset()
    await seed(dataset)
    const story = writeInput(dir, 'nato.txt', [
      'Sekretaris Jenderal NATO Jens Stoltenberg menerima Menteri Luar Negeri Indonesia di Brussels, Kamis.',
      '"NATO menghormati peran Indonesia dalam menjaga perdamaian dunia," kata Stoltenberg.',
      'Editor: Budi Santoso',
      '',
    ].join('\n'))

    const run = await seed(dataset, story)
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

interface RefusedInput {
  title: string
  /** Writes the bad text into dir; returns the file to import and what the error must name. */
  arrange: (dir: string) => {file: string; names: string}
  message: RegExp
  /** The dataset file's content before the run. */
  dataset: string | Buffer
}

const EXISTING = `${JSON.stringify({_id: 'person-budi-santoso', _type: 'person', name: 'Budi Santoso', slug: {_type: 'slug', current: 'budi-santoso'}})}\n`
const INVALID_UTF8_PREFIX = 'Menteri menjawab “siap” kepada wartawan. '
/** A text file the command reads without complaint; what is wrong is in its bytes, or in the dataset file. */
const text = (name: string, content: string | Uint8Array) => (dir: string) => {
  const file = writeInput(dir, name, content)
  return {file, names: file}
}
const goodTextBadDataset = (dir: string) => ({file: writeInput(dir, 'story.txt', TITO), names: join(dir, 'production.ndjson')})

/**
 * Texts and dataset files the import refuses (those the script itself cannot read, and bad arguments, are the
 * command's: seedCommand.test.ts).
 */
const REFUSED: RefusedInput[] = [
  {title: 'an empty file', arrange: text('kosong.txt', ''), message: /empty/, dataset: EXISTING},
  {title: 'a file of only whitespace', arrange: text('spasi.txt', ' \n\t\r\n   \n'), message: /empty/, dataset: EXISTING},
  {
    title: 'bytes that are not UTF-8 at byte 0',
    arrange: text('biner.txt', Buffer.concat([Buffer.from([0xff, 0x41, 0x42]), Buffer.from(TITO)])),
    message: /not valid UTF-8 at byte 0$/,
    dataset: EXISTING,
  },
  {
    title: 'invalid UTF-8 after multi-byte text',
    arrange: text('rusak.txt', Buffer.concat([Buffer.from(INVALID_UTF8_PREFIX), Buffer.from([0xc3, 0x28]), Buffer.from(TITO)])),
    // “ and ” are 3 bytes each: the offset counts bytes, not characters.
    message: new RegExp(`not valid UTF-8 at byte ${Buffer.byteLength(INVALID_UTF8_PREFIX)}$`),
    dataset: EXISTING,
  },
  {
    title: 'a NUL byte',
    arrange: text('nul.txt', Buffer.concat([Buffer.from('Menteri Dalam Negeri'), Buffer.from([0]), Buffer.from(TITO)])),
    message: /NUL byte at byte 20\b/,
    dataset: EXISTING,
  },
  {
    title: 'a text that is only boilerplate',
    arrange: text('boilerplate.txt', 'Baca Juga: sesuatu\nEditor: X\nSCROLL TO CONTINUE WITH CONTENT\n'),
    message: /no story text/,
    dataset: EXISTING,
  },
  {
    title: 'a dataset file with a corrupt line',
    arrange: goodTextBadDataset,
    message: /line 2\b/,
    dataset: `${EXISTING}{"_id":"person-tito-karnavian","_type":"person","name":\n`,
  },
  {
    title: 'UTF-16 text with a byte order mark',
    arrange: text('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TITO, 'utf16le')])),
    message: /is UTF-16 \(little-endian\) text; save it as UTF-8$/,
    dataset: EXISTING,
  },
  {
    title: 'UTF-16 text without a byte order mark',
    arrange: text('utf16-tanpa-bom.txt', Buffer.from(TITO, 'utf16le')),
    message: /looks like UTF-16 \(little-endian\) text/,
    dataset: EXISTING,
  },
  {
    title: 'a dataset file with the same _id on two lines',
    arrange: goodTextBadDataset,
    message: /lines 1 and 3 both hold "person-budi-santoso"/,
    dataset: `${EXISTING}${JSON.stringify({_id: 'person-ani', _type: 'person', name: 'Ani'})}\n${EXISTING}`,
  },
  {
    title: 'a dataset file that is not valid UTF-8',
    arrange: goodTextBadDataset,
    message: /line 2 is not valid UTF-8 .*left as it is/,
    dataset: Buffer.concat([Buffer.from(`${EXISTING}{"_id":"person-riau","_type":"person","name":"Gubernur R`), Buffer.from([0xff]), Buffer.from('au"}\n')]),
  },
]

describe('an import of bad input', () => {
  it.each(REFUSED)('refuses $title with one line naming it, prints nothing else, and leaves the dataset untouched', async (bad) => {
    const {dir, dataset} = freshDataset()
    writeFileSync(dataset, bad.dataset)
    const {file, names} = bad.arrange(dir)
    const filesBefore = readdirSync(dir).sort()

    const {printed, thrown} = await printedAndThrown(() => importLocal(dataset, fileInputs(file)))

    // An ImportError is what the command prints as its one `error:` line, with no stack trace (scripts/cli.ts).
    expect(thrown).toBeInstanceOf(ImportError)
    const message = (thrown as ImportError).message
    expect(message).not.toContain('\n')
    expect(message).toContain(names)
    expect(message).toMatch(bad.message)
    expect(printed).toEqual([])
    expect(readFileSync(dataset).equals(Buffer.isBuffer(bad.dataset) ? bad.dataset : Buffer.from(bad.dataset))).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(filesBefore)
  })
})

describe('an import normalising the text', () => {
  /** What `--out -` prints for FILE: the documents, nothing written. */
  async function printed(dir: string, content: string): Promise<StoredDocument[]> {
    return plannedDocuments(await importLocal(join(dir, 'production.ndjson'), fileInputs(writeInput(dir, 'story.txt', content)), {dryRun: true}))
  }

  it('gives the same documents for CRLF line endings with a UTF-8 BOM as for LF without one', async () => {
    const lfDocuments = await printed(dirs.make(), TITO)
    const crlfDocuments = await printed(dirs.make(), `\uFEFF${TITO.replaceAll('\n', '\r\n')}`)

    const [lfArticle] = ofType(lfDocuments, 'article')
    const [crlfArticle] = ofType(crlfDocuments, 'article')
    expect((lfArticle!.body as Block[]).map(blockText)).toEqual(TITO_LINES.slice(0, 2))
    expect(crlfArticle!.body).toEqual(lfArticle!.body)
    expect(crlfArticle!.title).toBe(lfArticle!.title)
    expect((crlfArticle!.provenance as {originalText: string}).originalText).toBe(TITO)
    // Persons, organizations and quotes carry nothing of the file: they must be equal to the last field.
    const others = (documents: StoredDocument[]) => documents.filter((document) => document._type !== 'article')
    expect(others(lfDocuments).length).toBeGreaterThan(0)
    expect(others(crlfDocuments)).toEqual(others(lfDocuments))
    const ndjson = crlfDocuments.map((document) => JSON.stringify(document)).join('\n')
    expect(ndjson).not.toContain('\\r')
    expect(ndjson).not.toContain('\uFEFF')
  })

  it('keeps HTML tags such as <b>tebal</b> as literal text in the body', async () => {
    const lines = [
      'Banjir <b>tebal</b> lumpur menutup jalan utama di Bandung sejak Selasa pagi.',
      '<p>Petugas masih membersihkan jalan hingga malam.</p>',
    ]
    const [article] = ofType(await printed(dirs.make(), `${lines.join('\n')}\nEditor: Budi Santoso\n`), 'article')
    expect((article!.body as Block[]).map(blockText)).toEqual(lines)
  })
})

describe('an import with unbalanced quote marks', () => {
  it('warns about the line with an unclosed quote and still imports the balanced quote', async () => {
    const {dir, dataset} = freshDataset()
    const story = writeInput(dir, 'kutipan.txt', [
      'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.',
      '"Kami akan bekerja keras untuk rakyat," kata Tito di Jakarta.',
      'Ia menambahkan, "Anggaran sudah disiapkan sejak awal tahun.',
      'Editor: Budi Santoso',
      '',
    ].join('\n'))

    const run = await seed(dataset, story)
    const warnings = linesOf(run.stderr).filter((line) => line.startsWith('warning:'))
    expect(warnings, run.stderr).toHaveLength(1)
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

/** `npm run seed -- --csv CSV --dataset PATH`, and what it would print. */
async function seedCsv(dataset: string, csv: string, cache?: AnalysisCache) {
  const {inputs, rejected} = readInputs(csv, undefined, undefined)
  const run = await importLocal(dataset, inputs, {rejected, cache, importedAt: later()})
  return {...run, ...reportOf(run, run.target, inputs.length)}
}

describe('an import of a corpus CSV', () => {
  it('imports the good rows of a corpus, names the skipped ones and accounts for every row', async () => {
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

    const run = await seedCsv(dataset, csv)
    expect(run.stdout).toContain('5 input(s): 3 imported, 2 skipped.')
    const skipped = linesOf(run.stderr).filter((line) => line.startsWith('skipped:'))
    expect(skipped, run.stderr).toHaveLength(2)
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

describe('an import reading texts it has read before', () => {
  it('reads a text again only when it is new, and makes the same documents as when it reads every text', async () => {
    const {dir, dataset} = freshDataset()
    const analyses = join(dir, 'analyses')
    const row = (id: number, text: string) => `${id},Berita ${id},https://example.com/${id},10/20/2025 21:36,"${text}",r,,a,b`
    const header = 'id,judul,tautan,tanggal,isi_berita,Summary,entity,aspek_target,keyword_sumber'
    const rows = [row(1, 'Menteri Dalam Negeri Tito Karnavian mengatakan pemerintah siap.\n""Kami siap,"" kata Tito.'), row(2, 'Banjir melanda Bandung sejak Selasa.')]
    const first = new AnalysisCache(analyses)
    await seedCsv(dataset, writeInput(dir, 'first.csv', [header, ...rows, ''].join('\n')), first)
    expect(first.hits).toBe(0)
    expect(readdirSync(analyses)).toHaveLength(2)

    const grown = writeInput(dir, 'grown.csv', [header, ...rows, row(3, 'Harga beras di Jakarta naik 10 persen.'), ''].join('\n'))
    const again = join(dir, 'again.ndjson')
    const second = new AnalysisCache(analyses)
    await seedCsv(again, grown, second)
    expect([second.hits, second.misses]).toEqual([2, 1])
    const cold = join(dir, 'cold.ndjson')
    await seedCsv(cold, grown)
    const strip = (documents: NewsDocument[]) => JSON.stringify(documents).replace(/"importedAt":"[^"]*"/g, '')
    expect(strip(readDataset(again))).toBe(strip(readDataset(cold)))
  })
})

describe('an import where a document would not validate', () => {
  it('writes nothing and names the document and the field', async () => {
    const {dataset} = freshDataset()
    // An editor's own document already uses the slug the importer would give Jens Stoltenberg.
    const editors = `${JSON.stringify({_id: 'person-editors-jens', _type: 'person', name: 'Jens S.', slug: {_type: 'slug', current: 'jens-stoltenberg'}})}\n`
    writeFileSync(dataset, editors)

    const {printed, thrown} = await printedAndThrown(() => importLocal(dataset, fileInputs()))

    expect(thrown).toBeInstanceOf(ImportError)
    expect((thrown as ImportError).message).toBe('person-jens-stoltenberg: slug: Slug is already in use; nothing was written')
    expect(printed).toEqual([])
    expect(readFileSync(dataset, 'utf8')).toBe(editors)
    expect(readdirSync(join(dataset, '..'))).toEqual(['production.ndjson'])
  })
})
