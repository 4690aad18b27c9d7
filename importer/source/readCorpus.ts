import {parse} from 'csv-parse/sync'

import type {ArticleMeta} from '../documents/buildDocuments'
import type {BatchInput} from '../importBatch'
import {MONTHS, TIME_ZONES} from '../lexicon'
import {stripControls} from './controlCharacters'
import {firstInvalidUtf8Byte} from '../../model/utf8'

export interface CorpusRow {
  /** 1-based record number in the file, counting the header as record 0. */
  record: number
  id: string
  meta: ArticleMeta
  /** The body's bytes as they are in the file (decodeSource checks and decodes them like a text file's). */
  body: Uint8Array
  /** What was wrong with a field the row is imported without: an unreadable date, a URL that is not http(s). */
  warnings: string[]
}

export interface CorpusProblem {
  record: number
  message: string
}

const REQUIRED = ['id', 'judul', 'tautan', 'tanggal', 'isi_berita'] as const
type Column = (typeof REQUIRED)[number]

const utf8 = new TextDecoder('utf-8', {fatal: true})

/**
 * Reads a news corpus CSV (columns id, judul = title, tautan = url, tanggal = date, isi_berita = body). A record that
 * cannot be imported (wrong number of fields, no id, an id used before, a field that is not valid UTF-8) is a
 * problem with its number; the other records are still returned. Fields are read as bytes, so one bad byte
 * fails its own record and is never replaced.
 */
export function readCorpus(csv: Uint8Array): {rows: CorpusRow[]; problems: CorpusProblem[]; header: string[]} {
  const records = parse(Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength), {
    bom: true,
    encoding: null,
    relax_column_count: true,
    skip_empty_lines: true,
    relax_quotes: true,
  }) as unknown as Buffer[][]
  let header: string[]
  try {
    header = (records[0] ?? []).map((name) => utf8.decode(name).trim())
  } catch {
    return {rows: [], problems: [{record: 0, message: 'the header is not valid UTF-8'}], header: []}
  }
  const missing = REQUIRED.filter((name) => !header.includes(name))
  if (missing.length > 0) {
    return {rows: [], problems: [{record: 0, message: `the header lacks column(s) ${missing.join(', ')}`}], header}
  }
  const rows: CorpusRow[] = []
  const problems: CorpusProblem[] = []
  const recordOfId = new Map<string, number>()
  records.slice(1).forEach((record, at) => {
    const number = at + 1
    if (record.length !== header.length) {
      problems.push({record: number, message: `has ${record.length} fields, the header has ${header.length}`})
      return
    }
    const raw = (name: Column) => record[header.indexOf(name)] ?? Buffer.alloc(0)
    const text: Partial<Record<Column, string>> = {}
    for (const name of ['id', 'judul', 'tautan', 'tanggal'] as const) {
      try {
        text[name] = stripControls(utf8.decode(raw(name))).trim()
      } catch {
        problems.push({record: number, message: `${name} is not valid UTF-8 (at byte ${firstInvalidUtf8Byte(raw(name))} of the field)`})
        return
      }
    }
    const id = text.id!
    if (!id) {
      problems.push({record: number, message: 'has no id'})
      return
    }
    const first = recordOfId.get(id)
    if (first !== undefined) {
      problems.push({record: number, message: `has id ${JSON.stringify(id)}, which record ${first} has already`})
      return
    }
    recordOfId.set(id, number)
    const warnings: string[] = []
    const publishedAt = text.tanggal ? parseCorpusDate(text.tanggal) : undefined
    if (text.tanggal && !publishedAt) warnings.push(`tanggal ${JSON.stringify(text.tanggal.slice(0, 60))} is not a date this importer reads; imported without a date`)
    const url = text.tautan ? httpUrl(text.tautan) : undefined
    if (text.tautan && !url) warnings.push(`tautan ${JSON.stringify(text.tautan.slice(0, 60))} is not an http(s) URL; imported without a URL`)
    rows.push({
      record: number,
      id,
      meta: {
        ...(text.judul ? {title: text.judul} : {}),
        ...(url ? {url} : {}),
        ...(publishedAt ? {publishedAt} : {}),
      },
      body: raw('isi_berita'),
      warnings,
    })
  })
  return {rows, problems, header}
}

/** The rows as inputs of one batch, named `<file>#id=<id>` in every message. */
export function corpusInputs(file: string, rows: readonly CorpusRow[]): BatchInput[] {
  return rows.map((row) => ({name: `${file}#id=${row.id}`, bytes: row.body, meta: row.meta, warnings: row.warnings}))
}

/** An absolute http(s) URL, as written; anything else (`javascript:`, a relative path, text) is none. */
export function httpUrl(text: string): string | undefined {
  if (!/^https?:\/\/\S+$/i.test(text)) return undefined
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined
  } catch {
    return undefined
  }
}

/**
 * A corpus date as an ISO 8601 instant: "10/20/2025 21:36" (M/D/YYYY H:MM, Western Indonesian Time, as detik.com
 * exports it) or "Selasa, 10 Juni 2025 07:11 WIB" (as Indonesian sites print it, in WIB, WITA or WIT).
 */
export function parseCorpusDate(text: string): string | undefined {
  const numeric = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text)
  if (numeric) {
    const [month, day, year, hour, minute] = numeric.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number]
    return instant(year, month, day, hour, minute, 7)
  }
  const written = /^(?:[\p{L}]+,\s*)?(\d{1,2})\s+([\p{L}]+)\.?\s+(\d{4})(?:[\s,|-]+(\d{1,2})[:.](\d{2})(?:\s+([A-Z]{3,4}))?)?$/u.exec(text)
  if (!written) return undefined
  const month = MONTHS.get(written[2]!.toLowerCase())
  const zone = written[6] === undefined ? 7 : TIME_ZONES.get(written[6])
  if (month === undefined || zone === undefined) return undefined
  return instant(Number(written[3]), month, Number(written[1]), Number(written[4] ?? 0), Number(written[5] ?? 0), zone)
}

/** A wall-clock time `offset` hours east of UTC as an ISO instant; none for a day or time that does not exist. */
function instant(year: number, month: number, day: number, hour: number, minute: number, offset: number): string | undefined {
  const calendar = new Date(Date.UTC(year, month - 1, day))
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59) return undefined
  return new Date(Date.UTC(year, month - 1, day, hour - offset, minute)).toISOString()
}
