/**
 * One document per real person across a batch and the dataset: a short form or a misspelling the batch creates is
 * folded into the fuller name when that is unambiguous, and every reference follows it.
 */
import {describe, expect, it} from 'vitest'

import type {NewsDocument} from '../model/documents'
import {findPersonMerges, rewriteReferences} from '../importer/documents/resolvePersons'
import {importBatch, type BatchInput} from '../importer/importBatch'

const input = (name: string, lines: string[]): BatchInput => ({name, bytes: new TextEncoder().encode(lines.join('\n')), meta: {title: name}})
const person = (id: string, name: string, roles: string[] = []): NewsDocument => ({
  _id: id,
  _type: 'person',
  name,
  ...(roles.length > 0 ? {roles: roles.map((title, at) => ({_type: 'role', _key: `r${at}`, title}))} : {}),
})
const ofType = (documents: NewsDocument[], type: string) => documents.filter((document) => document._type === type)

describe('a batch that names one person by a short name before the full one', () => {
  const {documents, merges} = importBatch(
    [
      input('Harga Pangan Turun', ['JAKARTA - Harga pangan turun menjelang Lebaran.', '"Harga beras sudah stabil," kata Prabowo.']),
      input('Presiden Meresmikan Tol', ['JAKARTA - Presiden Prabowo Subianto meresmikan jalan tol baru.', '"Tol ini untuk rakyat," kata Prabowo Subianto.']),
    ],
    [],
    '2026-01-01T00:00:00.000Z',
  )

  it('keeps one document for the person, under the full name, with the short name as an alias', () => {
    const prabowo = ofType(documents, 'person').filter((document) => String(document.name).includes('Prabowo'))
    expect(prabowo.map((document) => [document._id, document.name])).toEqual([['person-prabowo-subianto', 'Prabowo Subianto']])
    expect(prabowo[0]!.aliases).toContain('Prabowo')
    expect(merges).toEqual([{from: 'person-prabowo', into: 'person-prabowo-subianto', reason: 'short form'}])
  })

  it('points the first article’s quote and mentions at that document', () => {
    const speakers = ofType(documents, 'quote').map((quote) => (quote.speaker as {_ref: string})._ref)
    expect(speakers).toEqual(['person-prabowo-subianto', 'person-prabowo-subianto'])
    expect(JSON.stringify(documents)).not.toContain('"person-prabowo"')
  })
})

describe('a one-word name whose role tells which person it is', () => {
  const {documents} = importBatch(
    [
      input('Presiden Meresmikan Tol', ['JAKARTA - Presiden Prabowo Subianto meresmikan jalan tol baru.', '"Tol ini untuk rakyat," kata Prabowo Subianto.']),
      input('Kapolri Melapor', ['JAKARTA - Kapolri Jenderal Listyo Sigit Prabowo melapor soal keamanan mudik.', '"Semua aman," kata Listyo Sigit Prabowo.']),
      input('Arahan Presiden', ['JAKARTA - Sesuai arahan Presiden Prabowo, anggaran mudik ditambah.', '"Anggaran sudah cukup," kata Prabowo.']),
    ],
    [],
    '2026-01-01T00:00:00.000Z',
  )

  it('carries "Presiden" from "Presiden Prabowo" to the person the quote makes, so the batch joins it to Prabowo Subianto and not to Listyo Sigit Prabowo', () => {
    expect(ofType(documents, 'person').map((document) => document.name).sort()).toEqual(['Listyo Sigit Prabowo', 'Prabowo Subianto'])
    expect(ofType(documents, 'quote').map((quote) => (quote.speaker as {_ref: string})._ref)).toEqual(['person-prabowo-subianto', 'person-listyo-sigit-prabowo', 'person-prabowo-subianto'])
  })
})

describe('an organization between a role and a name', () => {
  it('is the role\'s organization, never the start of the name ("Ketua The Fed Jerome Powell")', () => {
    const {documents} = importBatch([input('Suku Bunga', ['WASHINGTON - Ketua The Fed Jerome Powell menahan suku bunga acuan.', 'Keputusan itu sudah diduga pasar.'])], [], '2026-01-01T00:00:00.000Z')
    const [powell] = ofType(documents, 'person')
    expect(powell?.name).toBe('Jerome Powell')
    const fed = ofType(documents, 'organization').find((document) => document.acronym === 'The Fed')
    expect((powell?.roles as {title: string; organization?: {_ref: string}}[]).map((role) => [role.title, role.organization?._ref])).toEqual([['Ketua', fed?._id]])
  })
})

describe('which short forms and spellings join which names', () => {
  it('joins a short form held by several names only to the one whose role it shares, and else to none', () => {
    const known = [person('person-listyo-sigit-prabowo', 'Listyo Sigit Prabowo', ['Kapolri']), person('person-prabowo-subianto', 'Prabowo Subianto', ['Presiden'])]
    expect(findPersonMerges([person('person-prabowo', 'Prabowo')], known, new Map())).toEqual([])
    expect(findPersonMerges([person('person-prabowo', 'Prabowo', ['Presiden'])], known, new Map())).toEqual([
      {from: 'person-prabowo', into: 'person-prabowo-subianto', reason: 'short form'},
    ])
  })

  it('joins a first and last name to the name with a middle one ("Rosan Roeslani" to "Rosan Perkasa Roeslani")', () => {
    expect(findPersonMerges([person('person-rosan-roeslani', 'Rosan Roeslani')], [person('person-rosan-perkasa-roeslani', 'Rosan Perkasa Roeslani')], new Map())).toEqual([
      {from: 'person-rosan-roeslani', into: 'person-rosan-perkasa-roeslani', reason: 'short form'},
    ])
  })

  it('folds a misspelling with the same role into the spelling more articles use', () => {
    const right = person('person-gibran-rakabuming-raka', 'Gibran Rakabuming Raka', ['Wakil Presiden'])
    const typo = person('person-gibran-rakabubing-raka', 'Gibran Rakabubing Raka', ['Wakil Presiden'])
    const uses = new Map([[right._id, 40], [typo._id, 1]])
    expect(findPersonMerges([typo, right], [], uses)).toEqual([{from: typo._id, into: right._id, reason: 'near spelling'}])
    expect(findPersonMerges([person(typo._id, 'Gibran Rakabubing Raka')], [right], uses)).toEqual([])
  })

  it('never folds into a wrongly cut name, nor folds away a person the dataset already has', () => {
    expect(findPersonMerges([person('person-jerome-powell', 'Jerome Powell')], [person('person-the-fed-jerome-powell', 'Federal Reserve Jerome Powell')], new Map())).toEqual([])
    expect(findPersonMerges([], [person('person-prabowo', 'Prabowo'), person('person-prabowo-subianto', 'Prabowo Subianto')], new Map())).toEqual([])
  })
})

describe('rewriting references', () => {
  it('points every _ref at the survivor, in nested objects and arrays, and drops a list’s duplicate references', () => {
    const article = {
      _id: 'article-a',
      _type: 'article',
      editor: {_type: 'reference', _ref: 'person-prabowo'},
      authors: [
        {_type: 'reference', _key: 'a', _ref: 'person-prabowo'},
        {_type: 'reference', _key: 'b', _ref: 'person-prabowo-subianto'},
      ],
      body: [{_key: 'p1', markDefs: [{_key: 'm1', _type: 'mention', reference: {_type: 'reference', _ref: 'person-prabowo'}}]}],
    }
    const rewritten = rewriteReferences(article, new Map([['person-prabowo', 'person-prabowo-subianto']]))
    expect(rewritten.editor._ref).toBe('person-prabowo-subianto')
    expect(rewritten.authors).toEqual([{_type: 'reference', _key: 'a', _ref: 'person-prabowo-subianto'}])
    expect(rewritten.body[0]!.markDefs[0]!.reference._ref).toBe('person-prabowo-subianto')
    expect(article.editor._ref).toBe('person-prabowo')
  })
})

describe('one document per organization across a batch', () => {
  it('links "Kejaksaan Agung RI" and "Pemprov Jatim" to the body an earlier article named in full, and keeps the other names as aliases', () => {
    const {documents} = importBatch(
      [
        input('Kasus Tambang', ['JAKARTA - Kejaksaan Agung menahan dua tersangka kasus tambang.', 'Pemerintah Provinsi Jawa Timur mendukung langkah itu.']),
        input('Kasus Tambang Lagi', ['SURABAYA - Kejaksaan Agung RI kembali memeriksa saksi.', 'Pemprov Jatim menyerahkan dokumen perizinan.']),
      ],
      [],
      '2026-01-01T00:00:00.000Z',
    )
    const bodies = ofType(documents, 'organization').map((document) => [document.name, document.aliases])
    expect(bodies).toEqual(
      expect.arrayContaining([
        ['Kejaksaan Agung', ['Kejaksaan Agung RI']],
        ['Pemerintah Provinsi Jawa Timur', ['Pemprov Jatim']],
      ]),
    )
    expect(bodies.filter(([name]) => /Kejaksaan|Jawa Timur|Jatim/.test(String(name)))).toHaveLength(2)
  })

  it('takes a company with or without its legal form, and a body with its acronym written out, for one', () => {
    const {documents} = importBatch(
      [
        input('Saham Tambang', ['JAKARTA - Saham PT Antam Tbk naik tajam.', 'Komisi XII DPR RI memanggil direksi.']),
        input('Saham Tambang Lagi', ['JAKARTA - PT Antam membagikan dividen.', 'Komisi XII Dewan Perwakilan Rakyat Republik Indonesia menyetujui rencana itu.']),
      ],
      [],
      '2026-01-01T00:00:00.000Z',
    )
    const names = ofType(documents, 'organization').map((document) => [document.name, ...((document.aliases as string[] | undefined) ?? [])])
    expect(names).toEqual(expect.arrayContaining([['PT Antam Tbk', 'PT Antam'], ['Komisi XII DPR RI', 'Komisi XII Dewan Perwakilan Rakyat Republik Indonesia']]))
  })

  it('takes a short form after the head its full name begins with for the full name: "Partai Golkar" is Partai Golongan Karya', () => {
    const {documents} = importBatch(
      [
        input('Rapat Partai', ['JAKARTA - Partai Golongan Karya menggelar rapat pimpinan.', 'Rapat berlangsung tertutup.']),
        input('Rapat Partai Lagi', ['JAKARTA - Partai Golkar menutup rapat pimpinan.', 'Hasil rapat diumumkan Senin.']),
      ],
      [],
      '2026-01-01T00:00:00.000Z',
    )
    const parties = ofType(documents, 'organization').filter((document) => /Golkar|Golongan Karya/.test(String(document.name)))
    expect(parties.map((document) => [document.name, document.aliases])).toEqual([['Partai Golongan Karya', ['Partai Golkar']]])
  })

  it('links by an acronym only a body whose name could be this one\'s: "PBB" the land tax is not "PBB" the United Nations', () => {
    const {documents} = importBatch(
      [
        input('Pajak Daerah', ['SEMARANG - Pemkot menaikkan target Pajak Bumi dan Bangunan (PBB) tahun depan.', 'Warga diminta membayar tepat waktu.']),
        input('Sidang Umum', ['NEW YORK - PBB menggelar sidang umum pekan ini.', 'Sidang dihadiri puluhan kepala negara.']),
        input('Sidang Umum Lagi', ['NEW YORK - Perserikatan Bangsa-Bangsa (PBB) menutup sidang umum.', 'PBB menyerukan gencatan senjata.']),
      ],
      [],
      '2026-01-01T00:00:00.000Z',
    )
    const bodies = ofType(documents, 'organization').map((document) => document.name)
    expect(bodies).toEqual(expect.arrayContaining(['Pajak Bumi dan Bangunan', 'Perserikatan Bangsa-Bangsa']))
    const un = ofType(documents, 'organization').find((document) => document.name === 'Perserikatan Bangsa-Bangsa')!
    const mentionsOf = (title: string) => JSON.stringify(documents.find((document) => document._type === 'article' && document.title === title))
    expect(mentionsOf('Sidang Umum')).toContain(un._id)
    expect(mentionsOf('Sidang Umum Lagi')).toContain(un._id)
  })

  it('still links a body written with a letter or two off, or with its initials, by its acronym', () => {
    const {documents} = importBatch(
      [
        input('Pajak Naik', ['JAKARTA - Direktur Jenderal Pajak (Dirjen Pajak) Kementeri Keuangan (Kemenkeu) Bimo Wijayanto menyampaikan target itu.', 'Target itu naik.']),
        input('Pajak Naik Lagi', ['JAKARTA - Kementerian Keuangan (Kemenkeu) menaikkan target pajak.', 'Kemenkeu optimistis.']),
      ],
      [],
      '2026-01-01T00:00:00.000Z',
    )
    const bodies = ofType(documents, 'organization').filter((document) => document.acronym === 'Kemenkeu')
    expect(bodies.map((document) => document.name)).toEqual(['Kementerian Keuangan'])
  })
})

describe('an alias an editor gave a person in the dataset', () => {
  it('links the next import that names them by it, and an alias two people share links neither', () => {
    const dataset = [
      {...person('person-muhammad-fadli-ramadhan', 'Muhammad Fadli Ramadhan'), aliases: ['Fadli Rama']},
      {...person('person-andi-saputra', 'Andi Saputra'), aliases: ['Bang Andi Jaya']},
      {...person('person-andika-saputra', 'Andika Saputra'), aliases: ['Bang Andi Jaya']},
    ]
    const {documents} = importBatch(
      [input('Warga Bersih Sungai', ['MAKASSAR - Warga membersihkan sungai pada Minggu pagi.', '"Sungai ini harus bersih," kata Fadli Rama.', '"Kami ikut membantu," kata Bang Andi Jaya.'])],
      dataset,
      '2026-01-01T00:00:00.000Z',
    )
    const speakers = ofType(documents, 'quote').map((quote) => (quote.speaker as {_ref: string})._ref)
    expect(speakers[0]).toBe('person-muhammad-fadli-ramadhan')
    expect(speakers[1]).not.toMatch(/^person-(andi|andika)-saputra$/)
  })
})
