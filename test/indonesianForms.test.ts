import {describe, expect, it} from 'vitest'

import type {NewsDocument} from '../model/documents'
import {EntityIndex} from '../importer/documents/entityIndex'
import {continuationAfterBracket} from '../importer/entities/passes/acronymDefinitions'
import {importArticle} from '../importer/importArticle'
import {importBatch} from '../importer/importBatch'
import {decodeSource} from '../importer/source/decodeSource'

// How Indonesian news writes quotes, names, roles, acronyms, datelines and boilerplate, each shown on a small
// hand-written text (one paragraph per line) and checked on the documents the importer makes of it.

const IMPORTED_AT = '2025-01-01T00:00:00.000Z'

interface Span {
  text: string
  marks: string[]
}
interface Block {
  _key: string
  markDefs: {_key: string; _type: string; reference: {_ref: string}}[]
  children: Span[]
}
type Ref = {_ref: string}

const blockText = (block: Block) => block.children.map((child) => child.text).join('')

/** Imports a text given line by line, and offers the documents the way the tests read them. */
function importLines(lines: string[]) {
  const source = decodeSource('test/indonesian-forms.txt', new TextEncoder().encode(lines.join('\n')))
  const {documents, warnings} = importArticle(source, {}, new EntityIndex(), IMPORTED_AT)
  const ofType = (type: string) => documents.filter((document) => document._type === type)
  const byId = (id: string) => documents.find((document) => document._id === id)
  const nameOf = (ref: unknown) => (ref ? (byId((ref as Ref)._ref)?.name as string | undefined) : undefined)
  const article = ofType('article')[0]!
  const body = article.body as Block[]
  return {
    documents,
    warnings,
    article,
    body,
    bodyTexts: body.map(blockText),
    personNames: ofType('person').map((person) => person.name as string),
    organizationNames: ofType('organization').map((organization) => organization.name as string),
    person: (name: string): NewsDocument | undefined => ofType('person').find((person) => person.name === name),
    organization: (nameOrAcronym: string): NewsDocument | undefined =>
      ofType('organization').find((organization) => organization.name === nameOrAcronym || organization.acronym === nameOrAcronym),
    /** Every quote as text, speaker's name and verb, in text order. */
    quotes: ofType('quote').map((quote) => ({text: quote.text, speaker: nameOf(quote.speaker), verb: quote.verb})),
    nameOf,
    /** The annotated spans of one body block: the words and the name of the document each one mentions. */
    mentionsIn: (blockIndex: number) => {
      const block = body[blockIndex]!
      return block.children.flatMap((span) =>
        span.marks.flatMap((mark) => {
          const def = block.markDefs.find((markDef) => markDef._key === mark && markDef._type === 'mention')
          return def ? [{text: span.text, name: byId(def.reference._ref)?.name, _ref: def.reference._ref}] : []
        }),
      )
    },
  }
}

describe('quotes attributed with a verb after them', () => {
  const verbs = ['kata', 'ujar', 'ucap', 'tutur', 'jelas', 'ungkap', 'tegas', 'imbuh', 'tambah', 'sambung']

  it.each(verbs)('attributes `"...," %s Sri Mulyani Indrawati.` to the Menteri Keuangan introduced before it', (verb) => {
    const story = importLines([
      'Menteri Keuangan Sri Mulyani Indrawati menghadiri rapat kerja dengan Badan Anggaran DPR di Jakarta, Senin (8/7/2024).',
      `"Penerimaan pajak sampai akhir Juni mencapai Rp893,8 triliun," ${verb} Sri Mulyani Indrawati.`,
    ])
    expect(story.quotes).toEqual([
      {text: 'Penerimaan pajak sampai akhir Juni mencapai Rp893,8 triliun', speaker: 'Sri Mulyani Indrawati', verb},
    ])
  })

  it('resolves "kata Sri Mulyani" to Sri Mulyani Indrawati, introduced earlier with her title', () => {
    const story = importLines([
      'Menteri Keuangan Sri Mulyani Indrawati memastikan anggaran subsidi energi tahun depan tetap aman.',
      '"Kami sudah menghitung kebutuhan subsidi dengan asumsi harga minyak 80 dolar per barel," kata Sri Mulyani.',
    ])
    expect(story.quotes).toEqual([
      {
        text: 'Kami sudah menghitung kebutuhan subsidi dengan asumsi harga minyak 80 dolar per barel',
        speaker: 'Sri Mulyani Indrawati',
        verb: 'kata',
      },
    ])
    expect(story.personNames).toEqual(['Sri Mulyani Indrawati'])
  })
})

describe('a verb that ends in -nya of its own', () => {
  it('reads "tanya" (asked) as a verb before its speaker, not as "-nya" pointing back at the last one', () => {
    const story = importLines([
      'JAKARTA - Presiden Prabowo Subianto mengumumkan kementerian baru pada Senin.',
      '"Kita mendirikan kementerian ini atas permintaan mitra kita," kata Prabowo Subianto.',
      '"Apakah dapat diterima dan disetujui ke pembahasan selanjutnya?" tanya Ketua Komisi VIII DPR RI Marwan Dasopang.',
    ])
    expect(story.quotes.map((quote) => [quote.speaker, quote.verb])).toEqual([
      ['Prabowo Subianto', 'kata'],
      ['Marwan Dasopang', 'tanya'],
    ])
  })
})

describe('a speaker, an adverb and a speech verb', () => {
  it('makes the speaker of "Walikota Prabumulih H Arlan sebelumnya menyampaikan" the one a later "harapnya" points at', () => {
    const story = importLines([
      'PRABUMULIH - Pelantikan pegawai digelar akhir Juni.',
      'Sementara itu, Walikota Prabumulih H Arlan sebelumnya menyampaikan kepada pegawai agar disiplin bekerja.',
      '"Harapan kita kalau sudah dilantik bekerjalah dengan rajin," harapnya.',
    ])
    expect(story.personNames).toEqual(['Arlan'])
    expect(story.quotes).toEqual([{text: 'Harapan kita kalau sudah dilantik bekerjalah dengan rajin', speaker: 'Arlan', verb: 'harapnya'}])
  })
})

describe('quotes attributed with -nya and a pronoun', () => {
  it('gives `"...," ujarnya.` to the last person named before the quote', () => {
    const story = importLines([
      'Menanggapi arahan Presiden Joko Widodo, Kepala BMKG Dwikorita Karnawati meminta warga pesisir selatan Jawa mewaspadai gelombang tinggi.',
      '"Tinggi gelombang bisa mencapai empat meter hingga akhir pekan," ujarnya di Jakarta, Jumat (12/7/2024).',
    ])
    expect(story.quotes).toEqual([
      {text: 'Tinggi gelombang bisa mencapai empat meter hingga akhir pekan', speaker: 'Dwikorita Karnawati', verb: 'ujarnya'},
    ])
  })

  it('gives `"...," katanya.` to the previous speaker, not to a person named inside the quote', () => {
    const story = importLines([
      'Menteri Keuangan Sri Mulyani Indrawati menyebut penerimaan pajak tahun ini melampaui target.',
      '"Penerimaan pajak sampai November sudah mencapai 102 persen dari target," kata Sri Mulyani Indrawati.',
      '"Capaian ini akan kami laporkan kepada Presiden Joko Widodo pekan depan," katanya.',
    ])
    expect(story.quotes).toEqual([
      {text: 'Penerimaan pajak sampai November sudah mencapai 102 persen dari target', speaker: 'Sri Mulyani Indrawati', verb: 'kata'},
      {text: 'Capaian ini akan kami laporkan kepada Presiden Joko Widodo pekan depan', speaker: 'Sri Mulyani Indrawati', verb: 'katanya'},
    ])
  })

  it('gives `"...," kata dia.` to the person the story was just talking about', () => {
    const story = importLines([
      'Direktur Utama PT Kereta Api Indonesia Didiek Hartantyo meninjau kesiapan Stasiun Gambir menjelang libur Natal.',
      '"Kami menambah 24 perjalanan kereta jarak jauh selama libur Natal dan Tahun Baru," kata dia.',
    ])
    expect(story.quotes).toEqual([
      {
        text: 'Kami menambah 24 perjalanan kereta jarak jauh selama libur Natal dan Tahun Baru',
        speaker: 'Didiek Hartantyo',
        verb: 'kata',
      },
    ])
  })

  it('gives `"...," ujarnya.` to Ahmad Yani once a new paragraph introduces him after a quote by Budi Santoso', () => {
    const story = importLines([
      'Banjir lahar dingin merendam puluhan rumah di lereng Gunung Merapi, Sleman, Sabtu (11/5/2024).',
      'Kapolres Sleman AKBP Budi Santoso mengatakan personel gabungan sudah dikerahkan untuk mengevakuasi warga.',
      '"Kami sudah menurunkan alat berat sejak pagi," kata Budi Santoso.',
      'Wakil Bupati Sleman Ahmad Yani yang ikut meninjau lokasi mengatakan pemerintah daerah menyiapkan tenda pengungsian.',
      '"Bantuan logistik untuk warga sudah kami kirim hari ini," ujarnya.',
    ])
    expect(story.quotes).toEqual([
      {text: 'Kami sudah menurunkan alat berat sejak pagi', speaker: 'Budi Santoso', verb: 'kata'},
      {text: 'Bantuan logistik untuk warga sudah kami kirim hari ini', speaker: 'Ahmad Yani', verb: 'ujarnya'},
    ])
  })
})

describe('quotes introduced by their speaker', () => {
  it('attributes `X mengatakan, "..."` to X', () => {
    const story = importLines([
      'Ketua KPU Mochammad Afifuddin mengatakan, "Seluruh logistik pemilihan sudah tiba di kantor kecamatan."',
      'Pemungutan suara ulang digelar di 12 tempat pemungutan suara pada Sabtu pekan ini.',
    ])
    expect(story.quotes).toEqual([
      {text: 'Seluruh logistik pemilihan sudah tiba di kantor kecamatan.', speaker: 'Mochammad Afifuddin', verb: 'mengatakan'},
    ])
  })

  it('attributes `X menjelaskan: "..."` to X', () => {
    const story = importLines([
      'Jumlah kasus demam berdarah di Bandung naik tajam sejak awal tahun.',
      'Kepala Dinkes Bandung Anhar Hadian menjelaskan: "Kasus demam berdarah naik dua kali lipat dibanding tahun lalu."',
    ])
    expect(story.quotes).toEqual([
      {text: 'Kasus demam berdarah naik dua kali lipat dibanding tahun lalu.', speaker: 'Anhar Hadian', verb: 'menjelaskan'},
    ])
  })
})

describe('quote marks', () => {
  const intro = 'Ketua DPR Puan Maharani menerima perwakilan serikat buruh di Senayan, Jakarta, Rabu (2/10/2024).'
  const cases: {line: string; text: string; verb: string}[] = [
    {line: '“Kami akan membahas tuntutan buruh bersama pemerintah,” kata Puan.', text: 'Kami akan membahas tuntutan buruh bersama pemerintah', verb: 'kata'},
    {line: '"Kami akan membahas tuntutan buruh bersama pemerintah," kata Puan.', text: 'Kami akan membahas tuntutan buruh bersama pemerintah', verb: 'kata'},
    {line: '“Siapa yang akan menanggung kerugian para pekerja?” tanya Puan.', text: 'Siapa yang akan menanggung kerugian para pekerja?', verb: 'tanya'},
    {line: '"Siapa yang akan menanggung kerugian para pekerja?" tanya Puan.', text: 'Siapa yang akan menanggung kerugian para pekerja?', verb: 'tanya'},
    {line: '“Upah pekerja tidak boleh dipotong sepihak!” tegas Puan.', text: 'Upah pekerja tidak boleh dipotong sepihak!', verb: 'tegas'},
    {line: '"Upah pekerja tidak boleh dipotong sepihak!" tegas Puan.', text: 'Upah pekerja tidak boleh dipotong sepihak!', verb: 'tegas'},
    {line: 'Puan mengatakan, “DPR akan memanggil menteri terkait pekan depan.”', text: 'DPR akan memanggil menteri terkait pekan depan.', verb: 'mengatakan'},
    {line: 'Puan mengatakan, "DPR akan memanggil menteri terkait pekan depan."', text: 'DPR akan memanggil menteri terkait pekan depan.', verb: 'mengatakan'},
    // Mixed marks, where the paragraph has no closing mark of the opening one's kind.
    {line: '"Kami akan membahas tuntutan buruh bersama pemerintah,” kata Puan.', text: 'Kami akan membahas tuntutan buruh bersama pemerintah', verb: 'kata'},
    {line: '“Kami akan membahas tuntutan buruh bersama pemerintah," kata Puan.', text: 'Kami akan membahas tuntutan buruh bersama pemerintah', verb: 'kata'},
  ]

  it.each(cases)('reads $line as "$text" by Puan Maharani', ({line, text, verb}) => {
    const story = importLines([intro, line])
    expect(story.quotes).toEqual([{text, speaker: 'Puan Maharani', verb}])
  })

  it('closes a curly quote at its own mark where it has one, a straight title inside it being quoted text', () => {
    const story = importLines([intro, '“Film "Buruh" itu harus ditonton semua pejabat,” kata Puan.'])
    expect(story.quotes).toEqual([{text: 'Film "Buruh" itu harus ditonton semua pejabat', speaker: 'Puan Maharani', verb: 'kata'}])
  })
})

describe('roles written before a name', () => {
  it('knows Tito Karnavian as Menteri Dalam Negeri, without the role in his name', () => {
    const story = importLines([
      'Menteri Dalam Negeri Tito Karnavian meminta pemerintah daerah mempercepat penyaluran bantuan sosial.',
      'Permintaan itu disampaikan dalam rapat koordinasi inflasi daerah di Jakarta, Senin (15/7/2024).',
    ])
    expect(story.personNames).toEqual(['Tito Karnavian'])
    const roles = story.person('Tito Karnavian')!.roles as {title: string}[]
    expect(roles.map((role) => role.title)).toEqual([expect.stringContaining('Menteri Dalam Negeri')])
  })

  it('knows Armen Sarkissian as Presiden Armenia from "Presiden Armenia, Armen Sarkissian,"', () => {
    const story = importLines([
      'Kunjungan Presiden Armenia, Armen Sarkissian, ke Brussels berlangsung selama dua hari.',
      'Sarkissian dijadwalkan bertemu sejumlah pejabat Uni Eropa.',
    ])
    expect(story.personNames).toEqual(['Armen Sarkissian'])
    const roles = story.person('Armen Sarkissian')!.roles as {title: string}[]
    expect(roles.map((role) => role.title)).toEqual(['Presiden Armenia'])
  })
})

describe('acronyms', () => {
  it('reads "Pakta Pertahanan Atlantik Utara (NATO)" as one organization, and a later bare "NATO" mentions it', () => {
    const story = importLines([
      'Pakta Pertahanan Atlantik Utara (NATO) menggelar pertemuan puncak di Washington, Amerika Serikat, pekan ini.',
      'NATO berjanji menambah bantuan pertahanan udara bagi Ukraina.',
    ])
    const nato = story.organization('NATO')
    expect(nato).toMatchObject({name: 'Pakta Pertahanan Atlantik Utara', acronym: 'NATO'})
    expect(story.mentionsIn(1)).toContainEqual(expect.objectContaining({text: 'NATO', _ref: nato!._id}))
  })

  it('reads "ATRC (Advanced Technology Research Council)" as the council with its acronym, and a later bare "ATRC" mentions it', () => {
    const story = importLines([
      'Uni Emirat Arab mendirikan ATRC (Advanced Technology Research Council) pada 2020 untuk mengelola riset teknologi.',
      'ATRC kini membiayai riset kecerdasan buatan di Abu Dhabi.',
    ])
    const atrc = story.organization('ATRC')
    expect(atrc).toMatchObject({name: 'Advanced Technology Research Council', acronym: 'ATRC'})
    expect(story.organizationNames).toEqual(['Advanced Technology Research Council'])
    expect(story.mentionsIn(1)).toContainEqual(expect.objectContaining({text: 'ATRC', _ref: atrc!._id}))
  })
})

describe('a rank after a place in a body\'s name', () => {
  it('ends the body\'s name: "Kanit Reskrim Polsek Medan Kota Iptu Fandi Setiawan"', () => {
    const story = importLines(['MEDAN - Kanit Reskrim Polsek Medan Kota Iptu Fandi Setiawan mengatakan pelaku sudah ditahan.', 'Pelaku ditangkap di rumahnya.'])
    expect(story.organizationNames).toContain('Polsek Medan Kota')
    expect(story.organizationNames.filter((name) => name.includes('Iptu'))).toEqual([])
    expect(story.personNames).toEqual(['Fandi Setiawan'])
  })
})

describe('buildings and two bodies joined by "dan"', () => {
  it('makes no organization of a building: "Gedung Islamic Center"', () => {
    const story = importLines(['PRABUMULIH - Pelantikan digelar di Gedung Islamic Center pada akhir Juni.', 'Acara itu dihadiri ratusan pegawai.'])
    expect(story.organizationNames).toEqual([])
  })

  it('ends a body\'s name before "dan" and a place, but not inside a ministry\'s name', () => {
    expect(importLines(['JAKARTA - Anggaran untuk Kantor Presiden dan Istana Negara dipangkas.', 'Pemangkasan berlaku tahun depan.']).organizationNames).toEqual(['Kantor Presiden'])
    expect(importLines(['JAKARTA - Kementerian Perumahan dan Kawasan Permukiman menyiapkan rumah murah.', 'Program itu dimulai tahun depan.']).organizationNames).toEqual(['Kementerian Perumahan dan Kawasan Permukiman'])
  })
})

describe('a head inside a place\'s name', () => {
  it('opens no body: "Presiden Amerika Serikat Donald Trump"', () => {
    const story = importLines(['WASHINGTON - Presiden Amerika Serikat Donald Trump mengumumkan tarif baru.', 'Tarif itu berlaku bulan depan.'])
    expect(story.organizationNames).toEqual([])
    expect(story.personNames).toEqual(['Donald Trump'])
  })
})

describe('the words an acronym spells', () => {
  it('are the name, and what the sentence says before them is not: "Deputi II Bidang Perekonomian dan Pangan Kantor Staf Presiden (KSP)"', () => {
    const story = importLines(['JAKARTA - Deputi II Bidang Perekonomian dan Pangan Kantor Staf Presiden (KSP) menggelar rapat.', 'KSP meminta data terbaru.'])
    expect(story.organizationNames).toContain('Kantor Staf Presiden')
    expect(story.organizationNames.filter((name) => name.endsWith('Kantor Staf Presiden'))).toEqual(['Kantor Staf Presiden'])
  })

  it('keep a head alone before them: "PT Pertamina Hulu Energi (PHE)"', () => {
    expect(importLines(['JAKARTA - PT Pertamina Hulu Energi (PHE) menemukan cadangan gas baru.', 'PHE akan mengebor dua sumur lagi.']).organizationNames).toContain('PT Pertamina Hulu Energi')
  })

  it('name a body inside a longer one: "Komisi Fatwa Majelis Ulama Indonesia"', () => {
    const story = importLines(['JAKARTA - Majelis Ulama Indonesia (MUI) menggelar sidang.', 'Komisi Fatwa Majelis Ulama Indonesia mengeluarkan fatwa baru.'])
    expect(story.organizationNames).toEqual(expect.arrayContaining(['Majelis Ulama Indonesia', 'Komisi Fatwa Majelis Ulama Indonesia']))
    expect(story.organizationNames).not.toContain('Komisi Fatwa Majelis')
  })
})

describe('a known acronym and the region it serves', () => {
  it('names that region\'s own body, as written, and a later bare acronym in the story mentions it', () => {
    const story = importLines([
      'BATUSANGKAR - BPBD Tanah Datar mencatat 6,5 hektare lahan terbakar sejak Senin.',
      'Petugas BPBD masih memadamkan api hingga malam.',
    ])
    expect(story.organizationNames).toEqual(['BPBD Tanah Datar'])
    const bpbd = story.organization('BPBD Tanah Datar')
    expect(story.mentionsIn(1)).toContainEqual(expect.objectContaining({text: 'BPBD', _ref: bpbd!._id}))
  })

  it('keeps the body in general where the story names two regions\' bodies', () => {
    const story = importLines(['PADANG - BPBD Tanah Datar dan BPBD Lima Puluh Kota bersiaga menghadapi kebakaran lahan.', 'BPBD meminta warga tidak membakar sampah.'])
    expect(story.organizationNames).toEqual(expect.arrayContaining(['BPBD Tanah Datar', 'BPBD Lima Puluh Kota', 'Badan Penanggulangan Bencana Daerah']))
  })
})

describe('a word that may end a body\'s name or begin one ("Bank")', () => {
  it.each([
    ['Uang kertas baru itu dikeluarkan resmi, Dikeluarkan Bank Indonesia pada 2022.', ['Bank Indonesia']],
    ['Pinjaman itu berasal dari Grameen Bank sejak 2019.', ['Grameen Bank']],
    ['Pembiayaan hijau itu disalurkan DBS Bank Ltd sejak 2019.', ['DBS Bank Ltd']],
  ])('begins the name where one goes on after it, and ends it otherwise: %s', (line, organizations) => {
    expect(importLines([`JAKARTA - ${line}`, 'Hal itu disampaikan Senin.']).organizationNames).toEqual(organizations)
  })
})

describe('a one-word name after a role phrase and a comma, with an attribution verb before the role', () => {
  it('is the speaker: "kata Wakil Ketua Komisi I DPR, Sukamta, saat dihubungi"', () => {
    const story = importLines(['JAKARTA - Sejumlah tokoh tiba di Istana.', '"Saya hanya dengar akan ada pelantikan," kata Wakil Ketua Komisi I DPR, Sukamta, saat dihubungi.'])
    expect(story.personNames).toEqual(['Sukamta'])
    expect(story.quotes).toEqual([expect.objectContaining({text: 'Saya hanya dengar akan ada pelantikan', speaker: 'Sukamta'})])
  })

  it('is no person where the role phrase lists words: "kata Direktur Jenderal Energi Baru, Terbarukan, dan Konservasi Energi"', () => {
    const story = importLines(['JAKARTA - Pemerintah menambah pembangkit.', '"Kami terus bekerja," kata Direktur Jenderal Energi Baru, Terbarukan, dan Konservasi Energi Eniya Listiani Dewi.'])
    expect(story.personNames).not.toContain('Terbarukan')
  })
})

describe('a person the tagger reads with the word that opens the sentence', () => {
  it('leaves out a first word the story writes in lower case too: "Kabar Prabowo akan melantik ..."', () => {
    const story = importLines(['JAKARTA - Sejumlah tokoh tiba di Istana.', 'Kabar Prabowo akan melantik Menko Polkam telah sampai ke Senayan, namun kabar sosoknya belum jelas.'])
    expect(story.personNames).not.toContain('Kabar Prabowo')
  })
})

describe('a word that opens names ("Lalu", Sasak)', () => {
  it('is the first word of the name after a role and a body, not the end of the body: "Komisi X DPR RI Lalu Hadrian Irfani"', () => {
    const story = importLines(['MATARAM - Anggota Komisi X DPR RI Lalu Hadrian Irfani menilai pemerintah lamban.', '"Kami menunggu," kata Gubernur NTB Lalu Muhamad Iqbal.'])
    expect(story.personNames).toEqual(['Lalu Hadrian Irfani', 'Lalu Muhamad Iqbal'])
    expect(story.organizationNames).toContain('Komisi X DPR RI')
    expect(story.quotes).toEqual([expect.objectContaining({text: 'Kami menunggu', speaker: 'Lalu Muhamad Iqbal'})])
  })

  it('stays a role\'s word where no name follows it: "Kasat Lalu Lintas Polres Bogor"', () => {
    const story = importLines(['BOGOR - Kasat Lalu Lintas Polres Bogor AKP Rizky Guntama mengatakan jalan ditutup.', 'Warga diminta bersabar.'])
    expect(story.personNames).toEqual(['Rizky Guntama'])
  })
})

describe('a capitalised word before a speech verb that the story writes in lower case too', () => {
  it('is no person: "Dokumen juga menyebut ..." in a story about a dokumen', () => {
    const story = importLines(['JAKARTA - Kementerian Keuangan merilis dokumen anggaran tahun depan.', 'Dokumen juga menyebut kondisi aset hingga akhir tahun.'])
    expect(story.personNames).toEqual([])
  })

  it('is a person after a title, written in lower case elsewhere or not: "Pak Budi mengatakan"', () => {
    const story = importLines(['JAKARTA - Warga menyebut budi pekerti penting.', 'Pak Budi mengatakan warga harus bersabar.'])
    expect(story.personNames).toEqual(['Budi'])
  })
})

describe('a short form in brackets inside a body\'s name', () => {
  it.each([
    ['Kepolisian Resor Kota (Polresta) Bogor Kota menangkap dua pelaku.', 'Kepolisian Resor Kota Bogor Kota', ['Kepolisian Resor Kota', 'Polresta']],
    ['Pemerintah Provinsi (Pemprov) Jawa Tengah menyiapkan anggaran.', 'Pemerintah Provinsi Jawa Tengah', ['Pemerintah Provinsi', 'Pemprov']],
  ])('names one body with the place after the brackets, mentioned by the name and the short form: %s', (line, name, mentioned) => {
    const story = importLines([`SEMARANG - ${line}`, 'Kasus itu masih didalami.'])
    expect(story.organizationNames).toEqual([name])
    const id = story.organization(name)!._id
    expect(story.mentionsIn(0).filter((mention) => mention._ref === id).map((mention) => mention.text)).toEqual(mentioned)
  })

  it('leaves the year of an event out: "International Football Championship (IFC) 2025"', () => {
    expect(continuationAfterBracket(' (IFC) 2025 digelar di Bali')).toBeUndefined()
  })
})

describe('a ruling, a law or a year cited after a body', () => {
  it.each([
    ['Berdasarkan putusan kasasi Mahkamah Agung (MA) Nomor 5834 K/Pidsus/2023, ia dijatuhi hukuman.', ['Mahkamah Agung']],
    ['Penggeledahan dilakukan seusai penetapan Pengadilan Negeri Lembata Nomor 1/PenPid.B-GLD/2025.', ['Pengadilan Negeri Lembata']],
    ['Semua sesuai Peraturan Pemerintah Nomor 18 Tahun 2017 dan aturan daerah.', []],
  ])('is no part of the body\'s name: %s', (line, organizations) => {
    const names = importLines([`KUPANG - ${line}`, 'Kasus itu masih bergulir.']).organizationNames
    expect(names).toEqual(organizations)
  })

  it('ends before an amount: "Lembaga Manajemen Aset Negara Rp 163 miliar"', () => {
    const story = importLines(['JAKARTA - Anggaran itu untuk Lembaga Manajemen Aset Negara Rp 163 miliar.', 'Usulan itu dibahas pekan depan.'])
    expect(story.organizationNames).toEqual(['Lembaga Manajemen Aset Negara'])
  })

  it('ends a name the word lists know in full before a person\'s name: "Kementerian Dalam Negeri La Ode Ahmad"', () => {
    const story = importLines(['DENPASAR - Hadir pula pejabat pada Kementerian Dalam Negeri La Ode Ahmad dalam acara itu.', 'Acara itu berlangsung lancar.'])
    expect(story.organizationNames).toEqual(['Kementerian Dalam Negeri'])
  })

  it('ends a name continued after its acronym in brackets: "Pengadilan Negeri (PN) Lembata Nomor 1"', () => {
    expect(continuationAfterBracket(' (PN) Lembata Nomor 1/PenPid.B-GLD/2025')).toBe('Lembata')
    expect(continuationAfterBracket(' (MA) Nomor 5834 K/Pidsus/2023')).toBeUndefined()
  })
})

describe('an outlet the story cites, and the day of a date after it', () => {
  it.each([
    ['Massa bertahan di jalan, dilansir AFP Minggu (19/10/2025).', 'Agence France-Presse'],
    ['Massa bertahan di jalan, dilansir Kantor Berita Antara Senin (20/10/2025).', 'Kantor Berita Antara'],
  ])('keeps the day out of the name: %s', (line, organization) => {
    expect(importLines([`NEW YORK - ${line}`, 'Polisi berjaga.']).organizationNames).toEqual([organization])
  })
})

describe('an acronym after a role', () => {
  it('names its body, not the words left once the role is taken off: "Menteri Energi dan Sumber Daya Mineral (ESDM)"', () => {
    const story = importLines(['JAKARTA - Menteri Energi dan Sumber Daya Mineral (ESDM) Bahlil Lahadalia angkat bicara soal itu.', 'Ia menegaskan hal itu.'])
    expect(story.organizationNames).toEqual(['Kementerian Energi dan Sumber Daya Mineral'])
  })
})

describe('a body written once in full and once with its initials after the same head', () => {
  it.each([
    ['Koperasi Bahana Lintas Nusantara', 'Koperasi BLN'],
    ['Kementerian Energi dan Sumber Daya Mineral', 'Kementerian ESDM'],
  ])('is one organization named %s, known as %s too, in either order', (full, short) => {
    for (const [first, second] of [
      [full, short],
      [short, full],
    ]) {
      const story = importLines([`SOLO - Polisi memeriksa pengurus ${first} pada Senin.`, `Menurut polisi, ${second} sudah beroperasi sejak 2019.`])
      expect(story.organizationNames).toEqual([full])
      expect(story.organization(full)!.aliases).toContain(short)
    }
  })

  it('keeps two bodies apart when the initials spell more words than the name has: "Dinas PUTR" is not "Dinas Pekerjaan Umum"', () => {
    const story = importLines(['JAKARTA - Dinas Pekerjaan Umum memperbaiki jalan.', 'Dinas PUTR menyebut anggaran belum cair.'])
    expect(story.organizationNames).toEqual(expect.arrayContaining(['Dinas Pekerjaan Umum', 'Dinas PUTR']))
  })
})

describe('a name after a place\'s head', () => {
  it.each([
    ['Renovasi Stadion GOR Haji Agus Salim dimulai bulan depan.'],
    ['Kemacetan panjang terjadi di Jalan Jenderal Sudirman sejak pagi.'],
    ['Pasien dirujuk ke RSUD Dr Soetomo di Surabaya.'],
  ])('names the place, not a person: %s', (line) => {
    expect(importLines([line, 'Warga diminta bersabar.']).personNames).toEqual([])
  })
})

describe('titles and honorifics', () => {
  const cases: {title: string; line: string; name: string}[] = [
    {title: 'Dr.', line: 'Epidemiolog Universitas Griffith Dr. Dicky Budiman mengatakan varian baru itu belum perlu dikhawatirkan.', name: 'Dicky Budiman'},
    {title: 'Prof.', line: 'Rektor Universitas Gadjah Mada Prof. Ova Emilia melantik 1.200 wisudawan pada Rabu (24/7/2024).', name: 'Ova Emilia'},
    {title: 'H.', line: 'Wali Kota Padang H. Fadly Amran meresmikan pasar rakyat yang baru selesai direnovasi.', name: 'Fadly Amran'},
    {title: 'Kombes Pol', line: 'Kabid Humas Polda Metro Jaya Kombes Pol Ade Ary Syam Indradi mengatakan pelaku sudah ditahan.', name: 'Ade Ary Syam Indradi'},
    {title: 'AKBP', line: 'Kapolres Bogor AKBP Rio Wahyu Anggoro memimpin apel pengamanan malam Tahun Baru.', name: 'Rio Wahyu Anggoro'},
    {title: 'Bapak', line: 'Warga menyambut kedatangan Bapak Joko Widodo di Pasar Gede, Solo, Jumat pagi.', name: 'Joko Widodo'},
  ]

  it.each(cases)('names the person after "$title" $name, without the title', ({line, name}) => {
    const story = importLines([line, 'Kegiatan itu berlangsung hingga siang hari.'])
    expect(story.personNames).toEqual([name])
  })
})

describe('roles before an organization', () => {
  it.each([
    ['Ketua Umum Ikatan Keluarga Minang (IKM) Andre Rosiade hadir dalam acara itu.', 'Ikatan Keluarga Minang'],
    ['Direktur Utama Bank Nagari (BN) Gusti Candra hadir dalam acara itu.', 'Bank Nagari'],
    ['"Kami siap," ujar Andre Utama, VP Sales & Marketing Damai Putra Group, dalam keterangannya.', 'Damai Putra Group'],
  ])('leaves the role and its complement out of the name: %s', (line, name) => {
    const story = importLines([line, 'Acara itu berlangsung hingga malam.'])
    expect(story.organizationNames).toContain(name)
    expect(story.organizationNames.filter((organization) => organization.endsWith(name))).toEqual([name])
  })
})

describe('degrees written after a name', () => {
  it.each(['M.Si', 'S.Sos', 'Ph.D', 'S.H.', 'M.Kes'])('keeps "%s" one token and out of the name', (degree) => {
    const story = importLines([
      `BANDUNG - Warga menyambut kedatangan Bapak Ahmad Yani ${degree} di Pasar Baru, Jumat pagi.`,
      'Kegiatan itu berlangsung hingga siang hari.',
    ])
    expect(story.personNames).toEqual(['Ahmad Yani'])
  })

  it('leaves several degrees written without dots out of the name: "Prof Susi Endrini SSi MSc PhD"', () => {
    const story = importLines(['PEKANBARU - Rektor Universitas Abdurrab, Prof Susi Endrini SSi MSc PhD, membuka wisuda.', '"Kami bangga," kata Prof Susi.'])
    expect(story.personNames).toEqual(['Susi Endrini'])
  })
})

describe('one person by any of their names', () => {
  it('gives a nickname from the data ("Jokowi") the person of the full name, with the nickname as an alias', () => {
    const story = importLines(['SOLO - Jokowi meninjau Pasar Gede pada Jumat pagi.', '"Harga cabai sudah turun," kata Jokowi.'])
    expect(story.personNames).toEqual(['Joko Widodo'])
    expect(story.person('Joko Widodo')?.aliases).toContain('Jokowi')
    expect(story.quotes).toEqual([{text: 'Harga cabai sudah turun', speaker: 'Joko Widodo', verb: 'kata'}])
  })

  it('reads a nickname that begins with a title ("Gus Ipul") as the nickname, not as the title and a name', () => {
    const story = importLines(['JAKARTA - Gus Ipul meninjau penyaluran bansos di Jakarta Timur.', '"Bantuan sudah cair," lanjut Gus Ipul.'])
    expect(story.personNames).toEqual(['Saifullah Yusuf'])
    expect(story.quotes).toEqual([{text: 'Bantuan sudah cair', speaker: 'Saifullah Yusuf', verb: 'lanjut'}])
  })

  it.each(['Jawa Tengah', 'Sulawesi Tenggara', 'Sumatera Selatan'])('starts no name with the compass word of a province: Gubernur %s Ahmad Luthfi', (province) => {
    const story = importLines([`SEMARANG - Gubernur ${province} Ahmad Luthfi meresmikan jalan tol baru.`, 'Kegiatan itu berlangsung hingga siang hari.'])
    expect(story.personNames).toEqual(['Ahmad Luthfi'])
  })
})

describe('roles in two articles', () => {
  it('keeps the same role learned from two articles whose ids share a long beginning as two roles, each with its source', () => {
    const title = 'Langkah Presiden Armenia Meminta Bantuan Pakta Pertahanan Atlantik Utara Menjadi Sorotan Dunia Internasional'
    const text = (place: string) =>
      `${place} - Sekretaris Jenderal NATO Jens Stoltenberg bertemu Presiden Armenia.\n"Kami prihatin dengan situasi di kawasan itu," kata Jens Stoltenberg.`
    const {documents} = importBatch(
      [
        {name: 'a.txt', bytes: new TextEncoder().encode(text('JAKARTA')), meta: {title: `${title} Satu`}},
        {name: 'b.txt', bytes: new TextEncoder().encode(text('BRUSSEL')), meta: {title: `${title} Dua`}},
      ],
      [],
      IMPORTED_AT,
    )
    const roles = documents.find((document) => document._id === 'person-jens-stoltenberg')!.roles as {_key: string; source: Ref}[]
    const articles = documents.filter((document) => document._type === 'article').map((document) => document._id)
    expect(roles.map((role) => role.source._ref).sort()).toEqual([...articles].sort())
    expect(new Set(roles.map((role) => role._key)).size).toBe(2)
  })
})

describe('datelines', () => {
  const cases: {dateline: string; lines: string[]; story: string}[] = [
    {
      dateline: 'JAKARTA, iNews.id -',
      lines: [
        'JAKARTA, iNews.id - Pemerintah memastikan stok beras nasional aman menjelang Ramadan dan Lebaran.',
        'Kepala Badan Pangan Nasional Arief Prasetyo Adi mengatakan cadangan beras pemerintah mencapai 1,7 juta ton.',
      ],
      story: 'Pemerintah memastikan stok beras nasional aman menjelang Ramadan dan Lebaran.',
    },
    {
      dateline: 'Jakarta, CNN Indonesia --',
      lines: [
        'Jakarta, CNN Indonesia -- Menteri Luar Negeri Sugiono bertolak ke Kairo untuk membahas gencatan senjata di Gaza.',
        'Kunjungan itu dijadwalkan berlangsung selama tiga hari.',
      ],
      story: 'Menteri Luar Negeri Sugiono bertolak ke Kairo untuk membahas gencatan senjata di Gaza.',
    },
  ]

  it.each(cases)('keeps the paragraph opened by "$dateline" in the body, and Jakarta is neither a person nor an organization', ({lines, story}) => {
    const imported = importLines(lines)
    expect(imported.bodyTexts).toHaveLength(2)
    expect(imported.bodyTexts[0]).toContain(story)
    const named = [...imported.personNames, ...imported.organizationNames]
    expect(named.filter((name) => /jakarta/i.test(name))).toEqual([])
  })
})

describe('the publisher, from the text', () => {
  const publisherOf = (imported: ReturnType<typeof importLines>) => imported.nameOf(imported.article.publisher)
  const citedOf = (imported: ReturnType<typeof importLines>) => ((imported.article.citedSources ?? []) as Ref[]).map((ref) => imported.nameOf(ref))
  const STORY = 'Kepala Badan Pangan Nasional Arief Prasetyo Adi mengatakan cadangan beras pemerintah mencapai 1,7 juta ton.'

  it.each([
    {written: 'JAKARTA, KOMPAS.com - Pemerintah memastikan stok beras aman.', publisher: 'Kompas.com'},
    {written: 'TEMPO.CO, Jakarta - Pemerintah memastikan stok beras aman.', publisher: 'Tempo.co'},
    {written: 'Liputan6.com, Jakarta - Pemerintah memastikan stok beras aman.', publisher: 'Liputan6.com'},
    {written: 'TRIBUNLAMPUNG.CO.ID, Bandar Lampung - Pemerintah memastikan stok beras aman.', publisher: 'Tribunlampung.co.id'},
    {written: 'SURYAMALANG.COM | MALANG - Pemerintah memastikan stok beras aman.', publisher: 'Suryamalang.com'},
    {written: 'Okezone - Pemerintah memastikan stok beras aman.', publisher: 'Okezone'},
  ])('names $publisher from the dateline "$written", and never as a source the story cites', ({written, publisher}) => {
    const imported = importLines([written, STORY])
    expect(publisherOf(imported)).toBe(publisher)
    expect(citedOf(imported)).not.toContain(publisher)
  })

  it('names the publisher of a copyright line', () => {
    const imported = importLines(['Pemerintah memastikan stok beras aman menjelang Lebaran.', STORY, 'COPYRIGHT © ANTARA 2017'])
    expect(publisherOf(imported)).toBe('ANTARA')
    expect(imported.bodyTexts).toHaveLength(2)
  })

  it('takes a reporter credit ("Laporan Wartawan ...") as the author and the outlet, not as story text', () => {
    const imported = importLines(['Laporan Wartawan TribunJakarta.com, Annas Furqon Hakim', 'Pemerintah memastikan stok beras aman menjelang Lebaran.', STORY])
    expect(publisherOf(imported)).toBe('TribunJakarta.com')
    expect(((imported.article.authors ?? []) as Ref[]).map((ref) => imported.nameOf(ref))).toEqual(['Annas Furqon Hakim'])
    expect(imported.bodyTexts[0]).toBe('Pemerintah memastikan stok beras aman menjelang Lebaran.')
  })

  it('lets metadata name the publisher over the text', () => {
    const source = decodeSource('test/publisher.txt', new TextEncoder().encode(`JAKARTA, KOMPAS.com - Pemerintah memastikan stok beras aman.\n${STORY}`))
    const {documents} = importArticle(source, {publisher: 'Harian Kompas'}, new EntityIndex(), IMPORTED_AT)
    const article = documents[0]!
    expect(documents.find((document) => document._id === (article.publisher as Ref)._ref)?.name).toBe('Harian Kompas')
  })

  it('takes "Simak berita terbaru X di Google News" for a promo of its outlet, not story text and no organization', () => {
    const imported = importLines(['Pemerintah memastikan stok beras aman menjelang Lebaran.', STORY, 'Simak berita terbaru Tribunjambi.com di Google News'])
    expect(publisherOf(imported)).toBe('Tribunjambi.com')
    expect(imported.bodyTexts).toHaveLength(2)
    expect(imported.organizationNames).not.toContain('Google News')
  })

  it('reads no dateline into a sentence that has a dash', () => {
    const imported = importLines(['Presiden Prabowo Subianto - yang baru kembali dari Kairo - memimpin rapat kabinet.', STORY])
    expect(imported.article.publisher).toBeUndefined()
  })
})

describe('lines around the story', () => {
  it('keeps related links, scroll prompts, video promos, copyright lines and desk initials out of the body', () => {
    const story = importLines([
      'Pemerintah Provinsi Jawa Barat menyiapkan 120 posko mudik di sepanjang jalur selatan.',
      'Baca Juga: Arus Mudik di Tol Cipali Mulai Padat',
      'SCROLL TO CONTINUE WITH CONTENT',
      'Posko tersebut dilengkapi tenaga kesehatan dan mekanik yang berjaga selama 24 jam. (rdp/imk)',
      "Simak juga Video 'Puncak Arus Mudik Diprediksi Terjadi H-3 Lebaran'",
      '(ant/xyz)',
      'COPYRIGHT © 2024 Media Contoh. All rights reserved.',
    ])
    expect(story.bodyTexts).toEqual([
      'Pemerintah Provinsi Jawa Barat menyiapkan 120 posko mudik di sepanjang jalur selatan.',
      'Posko tersebut dilengkapi tenaga kesehatan dan mekanik yang berjaga selama 24 jam.',
    ])
    expect(story.article.relatedLinks).toEqual([expect.objectContaining({title: 'Arus Mudik di Tol Cipali Mulai Padat'})])
  })

  it('makes "Editor:" the editor and "Pewarta:" and "Reporter:" the authors, none of them body text', () => {
    const story = importLines([
      'Badan Pusat Statistik mencatat kunjungan wisatawan mancanegara pada Juni 2024 mencapai 1,14 juta.',
      'Editor: Agus Salim',
      'Pewarta: Rina Kartika',
      'Reporter: Dimas Pratama',
    ])
    expect(story.nameOf(story.article.editor)).toBe('Agus Salim')
    expect((story.article.authors as Ref[]).map(story.nameOf)).toEqual(['Rina Kartika', 'Dimas Pratama'])
    expect(story.bodyTexts).toEqual(['Badan Pusat Statistik mencatat kunjungan wisatawan mancanegara pada Juni 2024 mencapai 1,14 juta.'])
  })

  it('makes a trailing "(TribunPadang.com/Muhammad Iqbal)" the author and the outlet, not body text or a person the story names', () => {
    const story = importLines(['PADANG - Api membakar lahan 6,5 hektare di Luak.', 'Petugas masih memadamkan api hingga malam. (TribunPadang.com/Muhammad Iqbal)'])
    expect(story.bodyTexts.at(-1)).toBe('Petugas masih memadamkan api hingga malam.')
    expect((story.article.authors as Ref[]).map(story.nameOf)).toEqual(['Muhammad Iqbal'])
    expect(story.mentionsIn(1)).toEqual([])
  })

  it('makes "Tag Terkait: harga beras, inflasi" the tags harga beras and inflasi', () => {
    const story = importLines([
      'Harga beras medium di pasar tradisional turun menjadi Rp13.500 per kilogram.',
      'Tag Terkait: harga beras, inflasi',
    ])
    expect(story.article.tags).toEqual(['harga beras', 'inflasi'])
    expect(story.bodyTexts).toEqual(['Harga beras medium di pasar tradisional turun menjadi Rp13.500 per kilogram.'])
  })
})

describe('words in quote marks that are not quotes', () => {
  const cases: {phrase: string; line: string}[] = [
    {
      phrase: 'Program "Makan Bergizi Gratis" berjalan',
      line: 'Kepala Badan Gizi Nasional Dadan Hindayana mengatakan Program "Makan Bergizi Gratis" berjalan di 38 provinsi.',
    },
    {
      phrase: 'film "Agak Laen" ditonton',
      line: 'Produser Ernest Prakasa mengatakan film "Agak Laen" ditonton lebih dari sembilan juta orang.',
    },
    {
      phrase: 'disebut sebagai "pahlawan"',
      line: 'Kapolres Bogor AKBP Rio Wahyu Anggoro mengatakan sopir bus itu disebut sebagai "pahlawan" oleh para penumpang.',
    },
  ]

  it.each(cases)('makes no quote of $phrase', ({line}) => {
    const story = importLines([line, 'Pernyataan itu disampaikan kepada wartawan di Jakarta, Kamis (9/1/2025).'])
    expect(story.bodyTexts[0]).toBe(line)
    expect(story.quotes).toEqual([])
  })
})

describe('places', () => {
  it('makes "Kementerian Luar Negeri Jepang" an organization, and Jepang and Jawa Timur places', () => {
    const story = importLines([
      'Kementerian Luar Negeri Jepang menyatakan akan mengirim bantuan bagi korban gempa di Jawa Timur.',
      'Jepang juga menawarkan tim penyelamat untuk membantu pencarian korban.',
    ])
    expect(story.organizationNames).toEqual(['Kementerian Luar Negeri Jepang'])
    expect(story.article.places).toEqual(expect.arrayContaining(['Jepang', 'Jawa Timur']))
    expect(story.personNames).toEqual([])
  })
})

describe('surnames', () => {
  it('resolves "Wahid" after "Gubernur Riau Abdul Wahid" to Abdul Wahid, and makes no person named Wahid', () => {
    const story = importLines([
      'Gubernur Riau Abdul Wahid meninjau lokasi kebakaran lahan di Pelalawan, Selasa (23/7/2025).',
      'Wahid meminta warga tidak lagi membuka lahan dengan cara membakar.',
    ])
    expect(story.personNames).toEqual(['Abdul Wahid'])
    expect(story.mentionsIn(1)).toEqual([expect.objectContaining({text: 'Wahid', name: 'Abdul Wahid'})])
  })
})

describe('related headlines', () => {
  it('does not make Erdogan, named only in a "Baca Juga" headline, a person of the story', () => {
    const story = importLines([
      'Presiden Prabowo Subianto menerima kunjungan Menteri Luar Negeri Turki Hakan Fidan di Istana Merdeka, Jakarta.',
      'Baca Juga: Erdogan Undang Prabowo ke Ankara Bulan Depan',
      'Keduanya membahas kerja sama industri pertahanan dan energi.',
    ])
    expect(story.article.relatedLinks).toEqual([expect.objectContaining({title: 'Erdogan Undang Prabowo ke Ankara Bulan Depan'})])
    expect(story.personNames.sort()).toEqual(['Hakan Fidan', 'Prabowo Subianto'])
    expect(JSON.stringify(story.documents)).not.toMatch(/"name":"[^"]*Erdogan/)
  })
})

describe('people the story names without a title', () => {
  it('knows a name introduced with "bernama" or followed by an age in brackets', () => {
    const story = importLines([
      'Seorang narapidana bernama Armi Siregar diduga tewas usai dikeroyok teman sekamarnya.',
      'Korban lain, Budi Hartono (34), masih dirawat di rumah sakit.',
    ])
    expect(story.personNames.sort()).toEqual(['Armi Siregar', 'Budi Hartono'])
  })

  it('makes the name after "alias" another name of the same person', () => {
    const story = importLines([
      'Tersangka terorisme yang ditahan di Guantanamo, Encep Nurjaman alias Hambali, akan diadili bulan depan.',
      'Hambali ditangkap di Thailand pada 2003.',
    ])
    expect(story.personNames).toEqual(['Encep Nurjaman'])
    const person = story.documents.find((document) => document._type === 'person')!
    expect(person.aliases).toContain('Hambali')
    expect(story.mentionsIn(1)).toEqual([expect.objectContaining({text: 'Hambali', name: 'Encep Nurjaman'})])
  })
})
