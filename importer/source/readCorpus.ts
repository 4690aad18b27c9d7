import {parse} from 'csv-parse/sync'

import type {ArticleMeta} from '../documents/buildDocuments'

export interface CorpusRow {
  /** 1-based record number in the file, counting the header as record 0. */
  record: number
  id: string
  meta: ArticleMeta
  body: string
}

export interface CorpusProblem {
  record: number
  message: string
}

const REQUIRED = ['id', 'judul', 'tautan', 'tanggal', 'isi_berita'] as const

/**
 * Reads a news corpus CSV (columns id, judul = title, tautan = url, tanggal = M/D/YYYY H:MM, isi_berita = body).
 * A malformed record is reported with its number and the other records are still returned.
 */
export function readCorpus(csv: string): {rows: CorpusRow[]; problems: CorpusProblem[]; header: string[]} {
  const records = parse(csv, {bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true}) as string[][]
  const header = (records[0] ?? []).map((name) => name.trim())
  const missing = REQUIRED.filter((name) => !header.includes(name))
  if (missing.length > 0) {
    return {rows: [], problems: [{record: 0, message: `the header lacks column(s) ${missing.join(', ')}`}], header}
  }
  const column = (name: (typeof REQUIRED)[number]) => header.indexOf(name)
  const rows: CorpusRow[] = []
  const problems: CorpusProblem[] = []
  records.slice(1).forEach((record, at) => {
    const number = at + 1
    if (record.length !== header.length) {
      problems.push({record: number, message: `has ${record.length} fields, the header has ${header.length}`})
      return
    }
    const field = (name: (typeof REQUIRED)[number]) => (record[column(name)] ?? '').trim()
    const id = field('id')
    if (!id) {
      problems.push({record: number, message: 'has no id'})
      return
    }
    const publishedAt = parseCorpusDate(field('tanggal'))
    rows.push({
      record: number,
      id,
      meta: {
        title: field('judul') || undefined,
        url: /^https?:\/\//.test(field('tautan')) ? field('tautan') : undefined,
        ...(publishedAt ? {publishedAt} : {}),
      },
      body: record[column('isi_berita')] ?? '',
    })
  })
  return {rows, problems, header}
}

/** "10/20/2025 21:36" (M/D/YYYY H:MM, Western Indonesian Time, UTC+7) as an ISO 8601 instant. */
export function parseCorpusDate(text: string): string | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text)
  if (!match) return undefined
  const [month, day, year, hour, minute] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number]
  const calendar = new Date(Date.UTC(year, month - 1, day))
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59) return undefined
  return new Date(Date.UTC(year, month - 1, day, hour - 7, minute)).toISOString()
}
