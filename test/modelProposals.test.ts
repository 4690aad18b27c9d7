/**
 * The rules and the statistical tagger, combined by one policy (importer/entities/passes/modelProposals.ts): where
 * a cue is certain the rules decide; elsewhere the tagger proposes and the word lists check. Each case is a small
 * hand-written story.
 */
import {describe, expect, it} from 'vitest'

import type {NewsDocument} from '../model/documents'
import {EntityIndex} from '../importer/documents/entityIndex'
import {findEntities} from '../importer/entities/findEntities'
import {importArticle} from '../importer/importArticle'
import {decodeSource} from '../importer/source/decodeSource'

function imported(lines: string[]) {
  const {documents} = importArticle(decodeSource('test/model.txt', new TextEncoder().encode(lines.join('\n'))), {}, new EntityIndex(), '2026-01-01T00:00:00.000Z')
  const named = (type: string) => documents.filter((document: NewsDocument) => document._type === type).map((document) => String(document.name))
  return {persons: named('person'), organizations: named('organization'), places: documents[0]!.places as string[] | undefined, documents}
}

describe('where no cue says so, the tagger finds', () => {
  it('a politician named without a role word', () => {
    expect(imported(['JAKARTA - Anies Baswedan menghadiri acara buka puasa bersama warga di Jakarta Selatan.', 'Acara itu berlangsung hingga malam.']).persons).toEqual(['Anies Baswedan'])
  })

  it('a list of foreign names with their countries in brackets, and the countries as places', () => {
    const story = imported(['JENEWA - Pertemuan itu dihadiri Antonio Guterres (Portugal), Emmanuel Macron (Prancis) dan Olaf Scholz (Jerman).', 'Mereka membahas perubahan iklim.'])
    expect(story.persons).toEqual(['Antonio Guterres', 'Emmanuel Macron', 'Olaf Scholz'])
    expect(story.places).toEqual(expect.arrayContaining(['Portugal', 'Prancis', 'Jerman']))
  })

  it('a footballer in a match report, and the club beside him', () => {
    const story = imported(['MADRID - Gol tunggal Kylian Mbappe pada menit ke-78 memastikan kemenangan Real Madrid atas Barcelona.', 'Pertandingan berlangsung di Stadion Santiago Bernabeu.'])
    expect(story.persons).toEqual(['Kylian Mbappe'])
    expect(story.organizations).toContain('Real Madrid')
  })
})

describe('the word lists check what the tagger proposes', () => {
  it('takes no place for a person, and a dateline in capitals is a place, not an organization', () => {
    const story = imported(['SURABAYA - Warga Sidoarjo dan Gresik memadati Pantai Kenjeran pada akhir pekan.', 'Mereka datang sejak pagi.'])
    expect(story.persons).toEqual([])
    expect(story.organizations).toEqual([])
    expect(story.places).toEqual(expect.arrayContaining(['Sidoarjo', 'Gresik', 'Surabaya']))
    expect(story.places).not.toContain('SURABAYA')
  })

  it('trims titles and degrees off a name the tagger found', () => {
    const {byKey} = findEntities([{key: 'p1', line: 1, text: 'Rapat itu juga dihadiri Prof. Dr. Rina Wulandari M.Si dari Bandung.'}])
    expect([...byKey.values()].filter((entity) => entity.kind === 'person').map((entity) => entity.name)).toEqual(['Rina Wulandari'])
  })
})

describe('boundaries', () => {
  it('ends an organization before the name of the person who holds a role in it', () => {
    const story = imported(['BANDUNG - Dosen Universitas Padjadjaran Ahmad Yani menilai kebijakan itu sudah tepat.', 'Kebijakan itu berlaku mulai bulan depan.'])
    expect(story.organizations).toEqual(['Universitas Padjadjaran'])
    expect(story.persons).toEqual(['Ahmad Yani'])
  })
})

describe('where a cue is certain, the rules decide', () => {
  it('keeps the role, the organization and the speaker the rules read from a role phrase and an attribution', () => {
    const story = imported(['JAKARTA - Menteri Keuangan Sri Mulyani Indrawati menyebut penerimaan pajak melampaui target.', '"Penerimaan pajak sudah 102 persen," kata Sri Mulyani Indrawati.'])
    const person = story.documents.find((document) => document.name === 'Sri Mulyani Indrawati')!
    expect(story.persons).toEqual(['Sri Mulyani Indrawati'])
    expect((person.roles as {title: string}[]).map((role) => role.title)).toEqual(['Menteri Keuangan'])
    expect(story.documents.filter((document) => document._type === 'quote').map((quote) => (quote.speaker as {_ref: string})._ref)).toEqual([person._id])
  })
})
