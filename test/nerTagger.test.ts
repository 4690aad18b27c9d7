import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {NERUI, readSplit, splitPath} from '../eval/ner/benchmarks'
import {entitiesOfTags, parseConll} from '../eval/ner/conll'
import {joinTokens} from '../eval/ner/joinTokens'
import {countSentence, countSentences, PERSON_AND_ORGANIZATION, scoreOf, sumCounts, type Extractor} from '../eval/ner/score'
import {tokenize} from '../importer/entities/tokens'
import {START_ROW, viterbi} from '../importer/ner/decode'
import {FEATURE_VERSION} from '../importer/ner/features'
import {LABEL_COUNT, labelName, spansOfLabels} from '../importer/ner/labels'
import {decodeModel} from '../importer/ner/model'
import {sentenceOfTokens, sentencesOfText} from '../importer/ner/sentences'
import {loadTagger, MODEL_FILE, readModelFile, taggerFromModel} from '../importer/ner/tagger'
import {sentenceFeatureKeys} from '../importer/ner/train'
import {hasShared, NEEDS_SHARED} from './helpers/shared'

const tagger = loadTagger()
const named = (text: string) => tagger.tagText(text).map((span) => `${span.type} ${text.slice(span.start, span.end)}`)

describe('the statistical tagger', () => {
  it('tags a person named with no title, role or speech verb around the name', () => {
    expect(named('Sutrisno Wibowo membeli rumah baru di Semarang pekan lalu.')).toContain('PERSON Sutrisno Wibowo')
  })

  it('tags a multi-word organization as one entity', () => {
    expect(named('Ikatan Dokter Indonesia meminta pemerintah menambah anggaran kesehatan.')).toEqual(['ORGANIZATION Ikatan Dokter Indonesia'])
  })

  it('tags a place, and the speaker of a quote', () => {
    const found = named('"Kami akan terus berjuang," kata Hendra Gunawan di Bandung, Senin (3/2/2025).')
    expect(found).toEqual(['PERSON Hendra Gunawan', 'PLACE Bandung'])
  })

  it('reads lower-case text when told it is uncased', () => {
    const text = 'kata joko widodo di jakarta.'
    const found = tagger.tagText(text, {cased: false}).map((span) => `${span.type} ${text.slice(span.start, span.end)}`)
    expect(found).toEqual(['PERSON joko widodo', 'PLACE jakarta'])
  })

  it('takes benchmark-style tokens, punctuation included, and answers in their indices', () => {
    const tokens = ['"', 'Kami', 'siap', ',', '"', 'kata', 'Hendra', 'Gunawan', '.']
    expect(tagger.tag(tokens).map(({start, end, type}) => ({start, end, type}))).toEqual([{start: 6, end: 8, type: 'PERSON'}])
  })

  it("answers tagTokens in the paragraph's token indices across sentences", () => {
    const text = 'Harga cabai naik. Menurut Sutrisno Wibowo, pasokan dari Garut berkurang.'
    const tokens = tokenize(text)
    expect(sentencesOfText(text, tokens)).toHaveLength(2)
    const found = tagger.tagTokens(text, tokens).map((span) => `${span.type} ${tokens.slice(span.start, span.end).map((token) => token.text).join(' ')}`)
    expect(found).toEqual(['PERSON Sutrisno Wibowo', 'PLACE Garut'])
  })

  it('scores each span as a probability, a plainly named speaker near certain', () => {
    const spans = tagger.tagText('Sutrisno Wibowo membeli rumah baru di Semarang. Pho itu enak sekali.')
    expect(spans.length).toBeGreaterThan(0)
    for (const span of spans) expect(span.score >= 0 && span.score <= 1, `${span.type} ${span.score}`).toBe(true)
    const [speaker] = tagger.tagText('"Kami siap," kata Hendra Gunawan.')
    expect(speaker!.score).toBeGreaterThan(0.8)
  })

  it('never lets I- follow O or another type, whatever the scores', () => {
    let seed = 7
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296) * 20 - 10
    const transitions = Float64Array.from({length: (LABEL_COUNT + 1) * LABEL_COUNT}, random)
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 12)
      const emissions = Float64Array.from({length: n * LABEL_COUNT}, random)
      const path = new Uint8Array(n)
      viterbi(emissions, n, transitions, path, {score: new Float64Array(n * LABEL_COUNT), back: new Uint8Array(n * LABEL_COUNT)})
      path.forEach((label, i) => {
        const name = labelName(label)
        const before = i === 0 ? 'start' : labelName(path[i - 1]!)
        if (name.startsWith('I-')) expect([`B-${name.slice(2)}`, name], `${before} -> ${name}`).toContain(before)
      })
    }
    expect(START_ROW).toBe(LABEL_COUNT)
  })

  it('scores a sentence as training saw it: cached word sums equal the sum over all its features', () => {
    const model = readModelFile(MODEL_FILE)
    const fresh = taggerFromModel(model)
    const [sentence] = sentencesOfText('Kapolda Jawa Barat Irjen Pol Budi Santoso mengatakan, "Kami siap," di Bandung.')
    for (const cased of [true, false]) {
      const fast = fresh.emissions(sentence!, cased)
      sentenceFeatureKeys(sentence!, cased).forEach((keys, i) => {
        for (let label = 0; label < LABEL_COUNT; label++) {
          const slow = keys.reduce((sum, key) => {
            const row = model.features.row(key)
            return row === -1 ? sum : sum + model.weights[row * LABEL_COUNT + label]!
          }, 0)
          expect(fast[i * LABEL_COUNT + label]).toBeCloseTo(slow, 4)
        }
      })
    }
  })

  it('tags a paragraph met before as the first time, however a caller changed the spans it was given', () => {
    const fresh = taggerFromModel(readModelFile(MODEL_FILE))
    const text = 'Gubernur Jawa Tengah Ahmad Luthfi meninjau banjir di Demak bersama Bupati Demak Eisti\'anah.'
    const first = fresh.tagTokens(text, tokenize(text))
    expect(first.length).toBeGreaterThan(0)
    const expected = structuredClone(first)
    for (const span of first) span.start = span.end = -1
    expect(fresh.tagTokens(text, tokenize(text))).toEqual(expected)
    // tagText moves the bounds onto characters: the token spans kept for the paragraph stay as they were.
    expect(fresh.tagText(text).map((span) => text.slice(span.start, span.end))).toContain('Ahmad Luthfi')
    expect(fresh.tagTokens(text, tokenize(text))).toEqual(expected)
    expect(fresh.tagText(text, {cased: false})).toEqual(taggerFromModel(readModelFile(MODEL_FILE)).tagText(text, {cased: false}))
  })

  it('scores the same when its word cache fills and starts again, whatever the sentence length', () => {
    const model = readModelFile(MODEL_FILE)
    const roomy = taggerFromModel(model)
    // Room for one sentence at a time: the cache starts again before nearly every sentence.
    const cramped = taggerFromModel(model, {cacheLimit: 40})
    // 62 words: as long as the tagger's first buffers (64) hold, with the four padding words beyond them.
    const long = Array.from({length: 61}, (_, i) => `Kata${i}`).join(' ')
    const text = `Gubernur Jawa Tengah Ahmad Luthfi meninjau banjir di Demak. ${long} tiba. Ia bertemu Bupati Demak Eisti'anah.`
    for (const sentence of [...sentencesOfText(text), ...sentencesOfText(text)]) {
      for (const cased of [true, false]) {
        const scores = cramped.emissions(sentence, cased)
        expect(scores.every(Number.isFinite)).toBe(true)
        expect(scores).toEqual(roomy.emissions(sentence, cased))
      }
    }
    expect(cramped.tagText(text)).toEqual(roomy.tagText(text))
  })
})

describe('the model file', () => {
  it('loads once, with the features the code computes', () => {
    expect(loadTagger()).toBe(tagger)
    expect(tagger.info.featureVersion).toBe(FEATURE_VERSION)
    expect(tagger.info.temperature).toBeGreaterThan(0)
  })

  it('tags the same text the same way every time, and in a fresh tagger', () => {
    const text = 'Menteri Keuangan Sri Mulyani bertemu Gubernur Bank Indonesia Perry Warjiyo di Jakarta.'
    const again = taggerFromModel(decodeModel(readFileSync(MODEL_FILE), MODEL_FILE))
    expect(again.tagText(text)).toEqual(tagger.tagText(text))
    expect(tagger.tagText(text)).toEqual(tagger.tagText(text))
  })

  it('refuses a file that is not a model, naming it', () => {
    expect(() => decodeModel(new Uint8Array([31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'x.bin.gz')).toThrow(/^x\.bin\.gz: /)
  })
})

describe('joining benchmark tokens into text', () => {
  it('writes punctuation and quotes as a writer would', () => {
    const tokens = ['Harapan', 'kami', 'solid', ',', '"', 'tutur', 'Daniel', '(', '27', ')', '.']
    expect(joinTokens(tokens).text).toBe('Harapan kami solid," tutur Daniel (27).')
    expect(joinTokens(['"', 'Kami', 'siap', ',', '"', 'kata', 'Budi', '.']).text).toBe('"Kami siap," kata Budi.')
    expect(joinTokens(['Ia', 'menyebut', '"', 'bom', 'waktu', '"', 'di', 'sana', '.']).text).toBe('Ia menyebut "bom waktu" di sana.')
    // Hyphens stay spaced: "Jakarta - Bogor" is two places, which "Jakarta-Bogor" would make one word.
    expect(joinTokens(['Jakarta', '-', 'Bogor']).text).toBe('Jakarta - Bogor')
  })

  it("gives each token offsets that slice back to it", () => {
    const tokens = ['"', 'Yang', 'disabilitas', 'Rp', '300', 'ribu', ',', '"', 'tutur', 'Jokowi', '.', '[', 'red', ']']
    const {text, offsets} = joinTokens(tokens)
    tokens.forEach((token, index) => expect(text.slice(offsets[index]!.start, offsets[index]!.end)).toBe(token))
  })

  it.skipIf(!hasShared(splitPath(NERUI, 'test.01')))(`maps every token of an NER-UI fold back exactly ${NEEDS_SHARED}`, () => {
    for (const {tokens} of readSplit(NERUI, 'test.01')) {
      const {text, offsets} = joinTokens(tokens)
      tokens.forEach((token, index) => expect(text.slice(offsets[index]!.start, offsets[index]!.end)).toBe(token))
    }
  })
})

describe('reading CoNLL files', () => {
  it('reads tokens and tags, mapping type names and reading unmapped types as O', () => {
    const [sentence, second] = parseConll('Menurut\tO\nPriyo\tB-PERSON\ndi\tO\nRaja\tB-LOCATION\nAmpat\tI-LOCATION\nSenin\tB-TIME\n\nKPK\tB-ORGANIZATION\n', 't.tsv')
    expect(sentence!.tokens).toEqual(['Menurut', 'Priyo', 'di', 'Raja', 'Ampat', 'Senin'])
    expect(entitiesOfTags(sentence!.tags, NERUI.types)).toEqual([
      {start: 1, end: 2, type: 'PERSON'},
      {start: 3, end: 5, type: 'PLACE'},
    ])
    expect(second!.tokens).toEqual(['KPK'])
  })

  it('reads a stray I- as the start of an entity, as conlleval does', () => {
    expect(entitiesOfTags(['O', 'I-PERSON', 'I-PERSON', 'I-ORGANIZATION'], NERUI.types)).toEqual([
      {start: 1, end: 3, type: 'PERSON'},
      {start: 3, end: 4, type: 'ORGANIZATION'},
    ])
  })

  it('says which line is malformed', () => {
    expect(() => parseConll('Budi\tB-PERSON\nrusak\n', 'nerui/test.01.tsv')).toThrow(/^nerui\/test\.01\.tsv:2: /)
  })
})

describe('scoring an extractor on a benchmark', () => {
  const sentence = {tokens: ['kata', 'Budi', 'Santoso', 'di', 'Bandung', '.'], entities: [{start: 1, end: 3, type: 'PERSON' as const}, {start: 4, end: 5, type: 'PLACE' as const}]}
  const {text} = joinTokens(sentence.tokens) // "kata Budi Santoso di Bandung."

  it('counts an exact match as a true positive', () => {
    const exact: Extractor = () => [{start: 5, end: 17, type: 'PERSON'}]
    const counts = countSentence(sentence, exact)
    expect(text.slice(5, 17)).toBe('Budi Santoso')
    expect(counts.PERSON).toEqual({tp: 1, fp: 0, fn: 0})
    expect(counts.PLACE).toEqual({tp: 0, fp: 0, fn: 1})
  })

  it('counts a boundary error as both a false positive and a false negative', () => {
    const short: Extractor = () => [{start: 5, end: 9, type: 'PERSON'}] // "Budi"
    expect(countSentence(sentence, short).PERSON).toEqual({tp: 0, fp: 1, fn: 1})
  })

  it('counts a type error against both types, and a span found twice once', () => {
    const wrongType: Extractor = () => [{start: 21, end: 28, type: 'ORGANIZATION'}, {start: 5, end: 17, type: 'PERSON'}, {start: 5, end: 17, type: 'PERSON'}]
    const counts = countSentence(sentence, wrongType)
    expect(counts.ORGANIZATION).toEqual({tp: 0, fp: 1, fn: 0})
    expect(counts.PLACE).toEqual({tp: 0, fp: 0, fn: 1})
    expect(counts.PERSON).toEqual({tp: 1, fp: 1, fn: 0})
    const micro = scoreOf(sumCounts(counts, PERSON_AND_ORGANIZATION))
    expect(micro.precision).toBeCloseTo(1 / 3)
    expect(micro.recall).toBe(1)
  })

  it('scores the tagger itself through running text', () => {
    const counts = countSentences([sentence], (input) => tagger.tagText(input))
    expect(counts.PERSON.tp + counts.PLACE.tp).toBe(2)
  })
})

describe('sentences as the tagger reads them', () => {
  it('keeps punctuation between words beside them, and words in their tokens', () => {
    const sentence = sentenceOfTokens(['"', 'Kami', 'siap', ',', '"', 'kata', 'Budi', '.'])
    expect(sentence.words).toEqual(['Kami', 'siap', 'kata', 'Budi'])
    expect(sentence.gaps).toEqual(['"', '', ',"', '', '.'])
    expect(sentence.tokenIndex).toEqual([1, 2, 5, 6])
  })

  it('ends a sentence at a full stop before a space, not inside a number or after an abbreviation', () => {
    const text = 'Harganya Rp 20.000 per kilo. Kata Dr. Budi, itu wajar.'
    expect(sentencesOfText(text).map((sentence) => sentence.words.join(' '))).toEqual(['Harganya Rp 20 000 per kilo', 'Kata Dr. Budi itu wajar'])
  })

  it('reads spans off labels as whole entities', () => {
    expect(spansOfLabels([0, 1, 2, 1, 0, 5])).toEqual([
      {start: 1, end: 3, type: 'PERSON'},
      {start: 3, end: 4, type: 'PERSON'},
      {start: 5, end: 6, type: 'PLACE'},
    ])
  })
})
