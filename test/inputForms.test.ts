/**
 * Input a user's files bring that the importer must neither choke on nor pass through: other quote marks, control
 * characters and terminal escapes, corpus rows with bad fields, blank tags, and the dataset file itself (a symlink,
 * its permissions, what killed runs left beside it).
 */
import {chmodSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import type {NewsDocument} from '../model/documents'
import {EntityIndex} from '../importer/documents/entityIndex'
import {importArticle} from '../importer/importArticle'
import {decodeSource} from '../importer/source/decodeSource'
import {parseCorpusDate, readCorpus} from '../importer/source/readCorpus'
import {readLocalDataset, writeLocalDataset} from '../model/ndjson'
import type {BatchInput, BatchOutcome} from '../importer/importBatch'
import {readInputs} from '../scripts/inputFiles'
import {importLocal, reportOf} from './helpers/importInProcess'
import {linesOf, readDataset, TempDirs} from './helpers/seedCommand'

const dirs = new TempDirs()
afterAll(() => dirs.cleanup())

const encode = (text: string) => new TextEncoder().encode(text)
const imported = (text: string, title?: string) =>
  importArticle(decodeSource('story.txt', encode(text)), title ? {title} : {}, new EntityIndex(), '2026-01-01T00:00:00.000Z')
/** `npm run seed -- FILE|--csv FILE --dataset PATH` in-process, and what it would print. */
async function seed(dataset: string, {inputs, rejected}: {inputs: BatchInput[]; rejected: BatchOutcome[]}) {
  const run = await importLocal(dataset, inputs, {rejected})
  return reportOf(run, run.target, inputs.length)
}
const quotesOf = (documents: NewsDocument[]) =>
  documents.filter((document) => document._type === 'quote').map((quote) => [quote.text, (quote.speaker as {_ref: string})._ref])

describe('quote marks', () => {
  const LEAD = 'BANDUNG - Kepala Dinas Pekerjaan Umum Budi Santoso meninjau proyek jalan.'

  it('extracts quotes in « » like those in “ ”', () => {
    const {documents} = imported(`${LEAD}\n«Pekerjaan jalan ini selesai bulan depan,» kata Budi Santoso.`)
    expect(quotesOf(documents)).toEqual([['Pekerjaan jalan ini selesai bulan depan', 'person-budi-santoso']])
  })

  it('extracts quotes in ‘ ’ and reads ’ between letters as an apostrophe', () => {
    const {documents} = imported(`${LEAD}\n‘Jalan menuju pesantren Ma’had Al-Ma’ruf selesai bulan depan,’ kata Budi Santoso.`)
    expect(quotesOf(documents)).toEqual([['Jalan menuju pesantren Ma’had Al-Ma’ruf selesai bulan depan', 'person-budi-santoso']])
  })
})

describe('control characters and terminal escapes', () => {
  it('are taken out of the text and the title, and a report never prints them', async () => {
    const dir = dirs.make()
    const story = join(dir, 'story.txt')
    writeFileSync(story, '\u001b[31mBANDUNG\u001b[0m - Wali Kota\u0007 meresmikan jalan baru.\u001b]0;judul palsu\u0007\n"Jalan ini untuk warga," kata Budi Santoso.\n')
    writeFileSync(join(dir, 'story.meta.json'), JSON.stringify({title: 'Jalan \u001b[1mBaru\u001b[0m\u0008 Diresmikan'}))

    const run = await seed(join(dir, 'production.ndjson'), readInputs(undefined, story, undefined))

    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    const article = readDataset(join(dir, 'production.ndjson')).find((document) => document._type === 'article')!
    expect(article.title).toBe('Jalan Baru Diresmikan')
    expect(JSON.stringify(article.body)).toContain('BANDUNG - Wali Kota meresmikan jalan baru.')
    expect(JSON.stringify(article)).not.toMatch(/\\u00(?:1b|07|08)/)
  })
})

describe('a corpus CSV', () => {
  const HEADER = 'id,judul,tautan,tanggal,isi_berita\r\n'
  const row = (id: string, title: string, url: string, date: string, body: string) => `${id},"${title}",${url},${date},"${body}"\r\n`
  const BODY = 'BANDUNG - Wali Kota meresmikan jalan baru.\n""Jalan ini untuk warga,"" kata Budi Santoso.'

  it('reports a row with invalid UTF-8, an unreadable date, a javascript: URL and a repeated id, each by its row', async () => {
    const dir = dirs.make()
    const csv = join(dir, 'berita.csv')
    writeFileSync(
      csv,
      Buffer.concat([
        Buffer.from(HEADER + row('1', 'Jalan Baru Diresmikan', 'https://example.com/1', '10/20/2025 21:36', BODY)),
        Buffer.from(row('2', 'Gubernur Riau Meninjau', 'https://example.com/2', '10/20/2025 21:36', 'Gubernur R').slice(0, -4)),
        Buffer.from([0xff]),
        Buffer.from('au meninjau jalan."\r\n'),
        Buffer.from(row('3', 'Jembatan Baru Diresmikan', 'javascript:alert(1)', '31/31/2025', BODY.replace('jalan', 'jembatan'))),
        Buffer.from(row('1', 'Judul Lain', 'https://example.com/4', '10/21/2025 08:00', BODY)),
      ]),
    )

    const run = await seed(join(dir, 'production.ndjson'), readInputs(csv, undefined, undefined))

    expect(run.stdout).toContain('4 input(s): 2 imported, 2 skipped.')
    expect(run.stderr).toMatch(/^skipped: berita\.csv#id=2: not valid UTF-8 at byte \d+$/m)
    expect(run.stderr).toMatch(/^skipped: .*berita\.csv: record 4 has id "1", which record 1 has already$/m)
    expect(run.stderr).toContain('warning: berita.csv#id=3: tanggal "31/31/2025" is not a date this importer reads; imported without a date')
    expect(run.stderr).toContain('warning: berita.csv#id=3: tautan "javascript:alert(1)" is not an http(s) URL; imported without a URL')
    const articles = readDataset(join(dir, 'production.ndjson')).filter((document) => document._type === 'article')
    expect(articles.map((article) => article.title).sort()).toEqual(['Jalan Baru Diresmikan', 'Jembatan Baru Diresmikan'])
    expect(JSON.stringify(articles)).not.toContain('\ufffd')
    expect(JSON.stringify(articles)).not.toContain('javascript:')
  })

  it('reads dates as Indonesian sites print them, in WIB, WITA and WIT', () => {
    expect(parseCorpusDate('Selasa, 10 Juni 2025 07:11 WIB')).toBe('2025-06-10T00:11:00.000Z')
    expect(parseCorpusDate('Senin, 9 Juni 2025 21:33 WITA')).toBe('2025-06-09T13:33:00.000Z')
    expect(parseCorpusDate('Senin, 9 Juni 2025 09:58 WIT')).toBe('2025-06-09T00:58:00.000Z')
    expect(parseCorpusDate('10/20/2025 21:36')).toBe('2025-10-20T14:36:00.000Z')
    expect(parseCorpusDate('Senin, 31 Juni 2025 09:58 WIB')).toBeUndefined()
    expect(parseCorpusDate('Senin, 9 Juno 2025 09:58 WIB')).toBeUndefined()
  })

  it('refuses a header that lacks a column, as record 0', () => {
    const corpus = readCorpus(encode('id,judul,isi_berita\n1,a,b\n'))
    expect(corpus.rows).toEqual([])
    expect(corpus.problems).toEqual([{record: 0, message: 'the header lacks column(s) tautan, tanggal'}])
  })
})

describe('--meta tags', () => {
  it('drops blank tags and repeats', async () => {
    const dir = dirs.make()
    const story = join(dir, 'story.txt')
    writeFileSync(story, 'BANDUNG - Wali Kota meresmikan jalan baru.\n')
    writeFileSync(join(dir, 'story.meta.json'), JSON.stringify({title: 'Jalan Baru', tags: ['', '   ', 'Politik', ' Politik ', 'Bandung']}))

    await seed(join(dir, 'production.ndjson'), readInputs(undefined, story, undefined))

    expect(readDataset(join(dir, 'production.ndjson')).find((document) => document._type === 'article')?.tags).toEqual(['Politik', 'Bandung'])
  })
})

describe('the dataset file', () => {
  const DOCUMENT: NewsDocument = {_id: 'person-budi-santoso', _type: 'person', name: 'Budi Santoso'}

  it('stays a symlink when written through one, and its target is written', () => {
    const dir = dirs.make()
    const target = join(dir, 'real.ndjson')
    writeFileSync(target, '')
    const link = join(dir, 'production.ndjson')
    symlinkSync(target, link)

    writeLocalDataset(readLocalDataset(link), [DOCUMENT])

    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe(target)
    expect(linesOf(readFileSync(target, 'utf8')).map((line) => JSON.parse(line)._id)).toEqual([DOCUMENT._id])
  })

  it('keeps its permissions', () => {
    const path = join(dirs.make(), 'production.ndjson')
    writeFileSync(path, '')
    chmodSync(path, 0o640)

    writeLocalDataset(readLocalDataset(path), [DOCUMENT])

    expect(statSync(path).mode & 0o777).toBe(0o640)
  })

  it('has the temporary files of killed runs removed by the next write, and a running process’s left alone', () => {
    const dir = dirs.make()
    const path = join(dir, 'production.ndjson')
    const dead = `${path}.tmp-999999`
    const alive = `${path}.tmp-1`
    writeFileSync(dead, 'half a dataset')
    writeFileSync(alive, 'another writer at work')

    writeLocalDataset(readLocalDataset(path), [DOCUMENT])

    expect(() => statSync(dead)).toThrow()
    expect(readFileSync(alive, 'utf8')).toBe('another writer at work')
  })
})
