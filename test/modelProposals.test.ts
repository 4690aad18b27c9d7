/**
 * The rules and the statistical tagger, combined by one policy (importer/entities/passes/modelProposals.ts): where
 * a cue is certain the rules decide; elsewhere the tagger proposes and the word lists check. Each case is a small
 * hand-written story.
 */
import {describe, expect, it} from 'vitest'

import type {NewsDocument} from '../model/documents'
import {EntityIndex} from '../importer/documents/entityIndex'
import {findEntities} from '../importer/entities/findEntities'
import {MODEL_POLICY, proposeFromModel, type ModelPolicy, type Proposal} from '../importer/entities/passes/modelProposals'
import {Registry} from '../importer/entities/registry'
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

describe('each of the tagger\'s spans gets one named verdict', () => {
  const judged = (lines: string[], policy: Partial<ModelPolicy> = {}, found = new Registry()) => {
    const paragraphs = lines.map((text, index) => ({key: `p${index + 1}`, line: index + 1, text}))
    const proposals: Proposal[] = []
    proposeFromModel(paragraphs, found, new Set(), {...MODEL_POLICY, ...policy}, (proposal) => proposals.push(proposal))
    return proposals.filter((proposal) => proposal.type === 'PERSON').map(({name, verdict}) => [name, verdict])
  }

  it('holds a lone word to the stricter threshold only where the story had room to give a fuller name', () => {
    const never = {person: 0, singleWordPerson: 1.01}
    expect(judged(['Kemudian Wentworth tampil di film Underworld pada 2003.'], never)).toEqual([['Wentworth', 'taken']])
    expect(judged(['Kemudian Wentworth tampil di film Underworld pada 2003.', 'Film itu laris di banyak negara.'], never)).toEqual([['Wentworth', 'below threshold']])
  })

  it('lets the rules decide where they found a name, and cuts a person off an organization read too far', () => {
    const line = 'Dosen Universitas Padjadjaran Ahmad Yani menilai kebijakan itu sudah tepat.'
    const ruled = new Registry()
    ruled.person('Ahmad Yani')
    expect(judged([line], {}, ruled)).toEqual([['Ahmad Yani', 'rules decided']])
    const tooFar = new Registry()
    tooFar.organization('Universitas Padjadjaran Ahmad Yani')
    expect(judged([line], {}, tooFar)).toEqual([['Ahmad Yani', 'cut']])
    expect([...tooFar.entities.values()].map((entity) => [entity.kind, entity.name])).toEqual([['organization', 'Universitas Padjadjaran'], ['person', 'Ahmad Yani']])
  })

  it('carries a company the rules cut after its second word on to the end of the tagger\'s span', () => {
    const found = new Registry()
    found.organization('PT Krakatau')
    const proposals: Proposal[] = []
    proposeFromModel([{key: 'p1', line: 1, text: 'Saham PT Krakatau Steel naik tajam pada perdagangan hari ini.'}], found, new Set(), {...MODEL_POLICY, extend: 0}, (proposal) => proposals.push(proposal))
    expect(proposals.filter((proposal) => proposal.type === 'ORGANIZATION').map(({name, verdict}) => [name, verdict])).toEqual([['PT Krakatau Steel', 'extended']])
    expect([...found.entities.values()].map((entity) => entity.name)).toEqual(['PT Krakatau Steel'])
  })

  it('never carries an organization on over a place', () => {
    const found = new Registry()
    found.organization('Mahkamah Konstitusi')
    const proposals: Proposal[] = []
    proposeFromModel([{key: 'p1', line: 1, text: 'Putusan Mahkamah Konstitusi Madagaskar itu dikecam oposisi.'}], found, new Set(), {...MODEL_POLICY, extend: 0}, (proposal) => proposals.push(proposal))
    expect(proposals.map(({verdict}) => verdict)).not.toContain('extended')
    expect([...found.entities.values()].map((entity) => entity.name)).toEqual(['Mahkamah Konstitusi'])
  })

  it('takes no person of capitalised words the story also writes in lower case', () => {
    const story = ['Polisi menggerebek rumah yang dijadikan markas Judi Online di Medan.', 'Menurut polisi, judi itu sudah berjalan dua tahun dan omzet judi online mencapai miliaran rupiah.']
    expect(judged(story, {person: 0, singleWordPerson: 0})).not.toContainEqual(['Judi Online', 'taken'])
  })

  it('gives a one-word person the rules read the fuller name the tagger reads where the story introduces them, once', () => {
    const found = new Registry()
    found.person('Susiana')
    const lines = ['Pembina Yayasan Abdurrab, Dr dr Susiana Tabrani MPd, dalam sambutannya menyampaikan kilas balik.', '"Dari titik awal itulah semuanya berkembang," kata Susiana.']
    expect(judged(lines, {person: 0}, found)).toContainEqual(['Susiana Tabrani', 'lengthened'])
    found.foldShortNames()
    expect([...found.entities.values()].filter((entity) => entity.kind === 'person').map((entity) => [entity.name, [...entity.aliases]])).toEqual([['Susiana Tabrani', ['Tabrani', 'Susiana']]])
  })

  it('takes nothing from a subheading, where every word is capitalised, and lengthens no one from it', () => {
    const found = new Registry()
    found.person('Prabowo')
    const lines = ['Ultimatum Prabowo', 'Pernyataan itu muncul menyusul sikap Presiden Prabowo terhadap para menteri.']
    const verdicts = judged(lines, {person: 0, singleWordPerson: 0}, found)
    expect(verdicts).toContainEqual(['Ultimatum Prabowo', 'in a heading'])
    expect(verdicts.map(([, verdict]) => verdict)).not.toContain('lengthened')
  })

  it('points every name a folded short form went by at the full name', () => {
    const found = new Registry()
    found.person('Fauzi')
    found.alias('person:Fauzi', 'Pablo')
    found.person('Ahmad Fauzi')
    found.foldShortNames()
    const {entityOf} = found.surfaces()
    expect([entityOf.get('Pablo'), entityOf.get('Fauzi')]).toEqual(['person:Ahmad Fauzi', 'person:Ahmad Fauzi'])
    expect([...found.entities.keys()]).toEqual(['person:Ahmad Fauzi'])
  })

  it('folds a nickname made of a name word\'s ending into the one person it fits: "Tika" is Dyah Kartika Permanasari', () => {
    const found = new Registry()
    found.person('Tika')
    found.person('Dyah Kartika Permanasari')
    found.foldShortNames()
    expect([...found.entities.keys()]).toEqual(['person:Dyah Kartika Permanasari'])
    expect(found.surfaces().entityOf.get('Tika')).toBe('person:Dyah Kartika Permanasari')
  })

  it('folds a nickname of four letters or more into a one-word name it ends: "Harsono" is Suharsono', () => {
    const found = new Registry()
    found.person('Suharsono', {title: 'Sekda Solo'})
    found.person('Harsono')
    found.foldShortNames()
    expect([...found.entities.keys()]).toEqual(['person:Suharsono'])
  })

  it('takes a name with an initial written with its dot or without for one person, so a later first name alone joins it', () => {
    const found = new Registry()
    found.person('Dedie A. Rachim', {title: 'Wali Kota Bogor'})
    found.person('Dedie A Rachim', {title: 'Wali Kota Bogor'})
    found.person('Dedie')
    found.foldShortNames()
    const persons = [...found.entities.values()].filter((entity) => entity.kind === 'person')
    expect(persons.map((entity) => entity.name)).toEqual(['Dedie A. Rachim'])
    expect(found.surfaces().entityOf.get('Dedie A Rachim')).toBe(found.surfaces().entityOf.get('Dedie'))
  })

  it('folds a one-word name the story spells with a letter doubled or not into the fuller name: "Kenneth" is Keneth Rompas', () => {
    const found = new Registry()
    found.person('Keneth Rompas', {title: 'Kepala Kantor Imigrasi'})
    found.person('Kenneth')
    found.person('Rahman')
    found.person('Rahmat Hidayat')
    found.foldShortNames()
    expect([...found.entities.keys()].sort()).toEqual(['person:Keneth Rompas', 'person:Rahman', 'person:Rahmat Hidayat'])
  })

  it('folds no nickname two people\'s names end with, nor one of two letters', () => {
    const found = new Registry()
    for (const name of ['Tika', 'Dyah Kartika Permanasari', 'Sri Atika Sari', 'Di', 'Budi Santoso']) found.person(name)
    found.foldShortNames()
    expect([...found.entities.keys()].sort()).toEqual(['person:Budi Santoso', 'person:Di', 'person:Dyah Kartika Permanasari', 'person:Sri Atika Sari', 'person:Tika'])
  })

  it('takes no organization of an acronym that names a programme, a budget or a phrase', () => {
    const proposals: Proposal[] = []
    const lines = ['Pemerintah menambah anggaran program MBG dalam APBN tahun depan.', 'Semoga Allah SWT memberikan kemudahan bagi semua.']
    proposeFromModel(lines.map((text, index) => ({key: `p${index}`, line: index + 1, text})), new Registry(), new Set(), {...MODEL_POLICY, organization: 0}, (proposal) => proposals.push(proposal))
    const organizations = proposals.filter((proposal) => proposal.type === 'ORGANIZATION')
    expect(organizations.length).toBeGreaterThan(0)
    expect(organizations.filter((proposal) => ['MBG', 'APBN', 'SWT'].includes(proposal.name ?? '')).map(({verdict}) => verdict)).toEqual(expect.arrayContaining(['not a body']))
    expect(organizations.filter(({verdict}) => verdict === 'taken').map(({name}) => name)).not.toContain('MBG')
  })

  it('takes no name across a bracket: "Pengadilan Negeri (PN) Palu" read from "PN" on is no body "PN) Palu"', () => {
    const proposals: Proposal[] = []
    const lines = ['Pengadilan Negeri (PN) Palu, Sulawesi Tengah (Sulteng), menerima sebagian permohonan praperadilan yang diajukan tersangka.']
    const found = new Registry()
    proposeFromModel(lines.map((text, index) => ({key: `p${index}`, line: index + 1, text})), found, new Set(), {...MODEL_POLICY, organization: 0}, (proposal) => proposals.push(proposal))
    const across = proposals.filter((proposal) => /[()]/.test(proposal.name ?? ''))
    expect(across.length).toBeGreaterThan(0)
    expect(across.map(({verdict}) => verdict)).toEqual(across.map(() => 'across a bracket'))
    expect([...found.entities.values()].map(({name}) => name).filter((name) => /[()]/.test(name))).toEqual([])
  })

  const organizationVerdicts = (lines: string[], found = new Registry()) => {
    const proposals: Proposal[] = []
    proposeFromModel(lines.map((text, index) => ({key: `p${index}`, line: index + 1, text})), found, new Set(), {...MODEL_POLICY, organization: 0}, (proposal) => proposals.push(proposal))
    return proposals.filter((proposal) => proposal.type === 'ORGANIZATION').map(({name, verdict}) => [name, verdict])
  }

  it('judges a company\'s legal form in brackets as part of its name, not a bracket to cross', () => {
    const verdicts = organizationVerdicts(['Saham PT Bank Rakyat Indonesia (Persero) Tbk naik tajam pekan ini.'])
    const withLegalForm = verdicts.filter(([name]) => name?.includes('(Persero)'))
    expect(withLegalForm.map(([name]) => name)).toEqual(['PT Bank Rakyat Indonesia (Persero) Tbk'])
    expect(withLegalForm.map(([, verdict]) => verdict)).not.toContain('across a bracket')
  })

  it('takes no organization of a nickname the lists know, and takes the person it names at the usual threshold: "RK" is Ridwan Kamil', () => {
    const found = new Registry()
    const lines = ['Lisa Mariana kembali diperiksa polisi pada Senin.', 'Kuasa hukum RK mengatakan kliennya siap hadir.', 'Pemeriksaan berlangsung enam jam.']
    const proposals: Proposal[] = []
    proposeFromModel(lines.map((text, index) => ({key: `p${index}`, line: index + 1, text})), found, new Set(), {...MODEL_POLICY, organization: 0, person: 0}, (proposal) => proposals.push(proposal))
    const rk = proposals.filter((proposal) => proposal.name === 'RK').map(({type, verdict}) => `${type} ${verdict}`)
    expect(rk.length).toBeGreaterThan(0)
    expect(rk.filter((verdict) => verdict.startsWith('ORGANIZATION'))).toEqual(rk.filter((verdict) => verdict.startsWith('ORGANIZATION')).map(() => "ORGANIZATION a person's nickname"))
    expect([...found.entities.values()].filter((entity) => entity.kind === 'organization').map(({name}) => name)).not.toContain('RK')
    expect(found.personKey('RK')).toBe('person:Ridwan Kamil')
  })

  it('takes no organization of a place whose name begins with a title\'s word: "Ibu Kota Nusantara" is not "Kota Nusantara"', () => {
    const found = new Registry()
    const lines = ['Andreas juga menyoroti arah peruntukan Ibu Kota Nusantara (IKN). Mengenai IKN ini, Prabowo mengeluarkan aturan.']
    expect(organizationVerdicts(lines, found)).toContainEqual(['Kota Nusantara', 'a place or known organization'])
    expect([...found.entities.values()].map(({name}) => name)).not.toContain('Kota Nusantara')
  })
})
