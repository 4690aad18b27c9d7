import {groupProblems, validateSchema} from '@sanity/schema/_internal'
import {beforeAll, describe, expect, it} from 'vitest'

import {compiledSchema} from '../dataset/schema'
import {validateDocuments, type DocumentProblem} from '../dataset/validateDocuments'
import {documentTypes, schemaTypes} from '../schemas'
import {article as articleType} from '../schemas/documents/article'
import {organization as organizationType} from '../schemas/documents/organization'
import {person as personType} from '../schemas/documents/person'
import {quote as quoteType} from '../schemas/documents/quote'
import {linkedDocuments, linkedSet, type LinkedDocuments} from './fixtures/documents'

const ARTICLE = 'article-armenia-minta-bantuan-nato'
const PERSON = 'person-jens-stoltenberg'
const ORGANIZATION = 'organization-nato'
const QUOTE = 'quote-armenia-minta-bantuan-nato-1'

/** Problems `validateDocuments` reports on one document at one field path. */
function at(problems: DocumentProblem[], documentId: string, path: string): DocumentProblem[] {
  return problems.filter((problem) => problem.documentId === documentId && problem.path === path)
}

function error(documentId: string, path: string, message: string): DocumentProblem {
  return {documentId, path, message, level: 'error'}
}

describe('the content model compiles', () => {
  it('has no schema errors or warnings', () => {
    const severe = (types: unknown[]) =>
      groupProblems(validateSchema(types).getTypes()).flatMap((group) =>
        group.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning'),
      )

    expect(severe(schemaTypes)).toEqual([])
    // The same check does see a broken type: a reference without `to`.
    const broken = {name: 'broken', type: 'document', fields: [{name: 'owner', type: 'reference'}]}
    expect(severe([...schemaTypes, broken])).toEqual([
      expect.objectContaining({severity: 'error', helpId: 'schema-reference-to-invalid'}),
    ])
  })

  it('knows exactly the document types article, person, organization, quote and entityDecision', () => {
    const ownDocumentTypes = compiledSchema
      .getTypeNames()
      .filter((name) => !name.startsWith('sanity.') && compiledSchema.get(name)?.type?.name === 'document')

    expect(ownDocumentTypes.sort()).toEqual(['article', 'entityDecision', 'organization', 'person', 'quote'])
    expect(documentTypes.map((type) => type.name).sort()).toEqual(['article', 'entityDecision', 'organization', 'person', 'quote'])
  })
})

describe('what editors see in document lists', () => {
  it.each(documentTypes.map((type) => [type.name, type] as const))(
    '%s has an icon and a preview that selects its own fields',
    (_, type) => {
      expect(type.icon).toBeTruthy()
      const select = type.preview?.select ?? {}
      const fieldNames = new Set(type.fields.map((field) => field.name))
      const selected = Object.values(select)

      expect(selected.length).toBeGreaterThan(0)
      // 'publisher.name' and 'roles.0.title' start at a field of the type itself.
      for (const path of selected) expect(fieldNames).toContain(path.split('.')[0])
    },
  )

  it('shows an article with its publisher and the day it was published', () => {
    const prepare = articleType.preview?.prepare
    expect(
      prepare?.({
        title: 'Presiden Armenia Minta Bantuan NATO',
        publisher: 'Warta Ekonomi',
        publishedAt: '2020-10-24T09:15:00Z',
      }),
    ).toEqual({title: 'Presiden Armenia Minta Bantuan NATO', subtitle: 'Warta Ekonomi · 2020-10-24'})
    expect(
      prepare?.({title: 'Presiden Armenia Minta Bantuan NATO', publisher: undefined, publishedAt: undefined}),
    ).toEqual({
      title: 'Presiden Armenia Minta Bantuan NATO',
      subtitle: 'No publisher',
    })
  })

  it('shows a quote in curly quotes with its speaker and article', () => {
    const prepare = quoteType.preview?.prepare
    expect(
      prepare?.({
        text: 'NATO bukan bagian dari konflik ini.',
        speaker: 'Jens Stoltenberg',
        article: 'Presiden Armenia Minta Bantuan NATO',
      }),
    ).toEqual({
      title: '“NATO bukan bagian dari konflik ini.”',
      subtitle: 'Jens Stoltenberg — Presiden Armenia Minta Bantuan NATO',
    })
    expect(
      prepare?.({text: 'NATO bukan bagian dari konflik ini.', speaker: undefined, article: undefined})?.subtitle,
    ).toBe('No speaker')
  })

  it('cuts a long quote to 80 characters inside the quote marks', () => {
    const text =
      'NATO sangat prihatin dengan pelanggaran gencatan senjata yang sedang berlangsung, ' +
      'yang telah menyebabkan hilangnya nyawa secara tragis.'
    const title = quoteType.preview?.prepare?.({text, speaker: 'Jens Stoltenberg', article: undefined})?.title

    expect(title).toBe(`“${text.slice(0, 79)}…”`)
    expect(title).toHaveLength(82)
  })

  it('shows a person with their first role and its organization', () => {
    expect(
      personType.preview?.prepare?.({
        title: 'Jens Stoltenberg',
        role: 'Sekretaris Jenderal',
        organization: 'Pakta Pertahanan Atlantik Utara',
      }),
    ).toEqual({title: 'Jens Stoltenberg', subtitle: 'Sekretaris Jenderal, Pakta Pertahanan Atlantik Utara'})
  })

  it('shows an organization with its acronym and kind, but not an acronym that is the whole name', () => {
    const prepare = organizationType.preview?.prepare
    expect(prepare?.({title: 'Pakta Pertahanan Atlantik Utara', acronym: 'NATO', kind: 'intergovernmental'})).toEqual({
      title: 'Pakta Pertahanan Atlantik Utara (NATO)',
      subtitle: 'Intergovernmental',
    })
    expect(prepare?.({title: 'NATO', acronym: 'NATO', kind: 'intergovernmental'})?.title).toBe('NATO')
  })
})

describe('validating documents', () => {
  /** What the validator says about the intact, linked set: each rule below shows its case against this. */
  let baseline: DocumentProblem[]
  beforeAll(async () => {
    baseline = await validateDocuments(linkedSet())
  })

  it('accepts a linked article, person, organizations and quote', async () => {
    expect(linkedSet().map((doc) => doc._type)).toEqual(['organization', 'organization', 'person', 'article', 'quote'])
    expect(baseline.filter((problem) => problem.level === 'error')).toEqual([])
    expect(baseline.filter((problem) => problem.message === 'Slug is already in use')).toEqual([])
  })

  it('accepts the set only because it is complete: without the person its references dangle', async () => {
    const withoutPerson = linkedSet().filter((doc) => doc._id !== PERSON)
    const problems = await validateDocuments(withoutPerson)

    expect(problems).toContainEqual(error(QUOTE, 'speaker', 'Referenced document must be published'))
    expect(problems).toContainEqual(
      error(ARTICLE, 'body[_key=="p1"].markDefs[_key=="m1"].reference', 'Referenced document must be published'),
    )
  })

  describe('required fields', () => {
    type Row = [document: keyof LinkedDocuments, field: string, path: string, message: string]
    const rows: Row[] = [
      ['article', 'title', 'title', 'Required'],
      ['article', 'slug', 'slug.current', 'Required'],
      ['article', 'language', 'language', 'Required'],
      ['article', 'body', 'body', 'Required'],
      ['person', 'name', 'name', 'Required'],
      ['person', 'slug', 'slug.current', 'Required'],
      ['organization', 'name', 'name', 'Required'],
      ['organization', 'slug', 'slug.current', 'Required'],
      ['organization', 'kind', 'kind', 'Required'],
      ['quote', 'text', 'text', 'Required'],
      ['quote', 'speaker', 'speaker', 'Required'],
      ['quote', 'article', 'article', 'Required'],
      ['quote', 'kind', 'kind', 'Required'],
    ]

    it.each(rows)('rejects the %s without its %s', async (document, field, path, message) => {
      const documentId = linkedDocuments()[document]._id
      const problems = await validateDocuments(linkedSet((d) => Reflect.deleteProperty(d[document], field)))

      expect(problems).toContainEqual(error(documentId, path, message))
      expect(at(baseline, documentId, path)).toEqual([])
    })

    it('reports a missing slug at the slug field too', async () => {
      const problems = await validateDocuments(linkedSet((d) => Reflect.deleteProperty(d.person, 'slug')))

      expect(at(problems, PERSON, 'slug')).toEqual([error(PERSON, 'slug', 'Required')])
      expect(at(baseline, PERSON, 'slug')).toEqual([])
    })

    it('rejects an article whose body has no blocks', async () => {
      const problems = await validateDocuments(linkedSet((d) => (d.article.body = [])))

      expect(problems).toContainEqual(error(ARTICLE, 'body', 'Must have at least 1 blocks'))
    })
  })

  it('rejects a language that is not a BCP 47 tag and accepts one that is', async () => {
    const named = await validateDocuments(linkedSet((d) => (d.article.language = 'Indonesian')))
    const regional = await validateDocuments(linkedSet((d) => (d.article.language = 'en-GB')))

    expect(at(named, ARTICLE, 'language')).toEqual([
      error(ARTICLE, 'language', 'Use a BCP 47 language tag such as "id" or "en-GB"'),
    ])
    expect(at(regional, ARTICLE, 'language')).toEqual([])
    expect(at(baseline, ARTICLE, 'language')).toEqual([])
  })

  it('rejects a quote whose text is only whitespace', async () => {
    const problems = await validateDocuments(linkedSet((d) => (d.quote.text = ' \n\t ')))

    expect(at(problems, QUOTE, 'text')).toEqual([error(QUOTE, 'text', 'The quote is empty')])
    expect(at(baseline, QUOTE, 'text')).toEqual([])
  })

  describe('the paragraph a quote sits in', () => {
    it("rejects a paragraphKey that is not a block of the quote's article", async () => {
      const problems = await validateDocuments(linkedSet((d) => (d.quote.paragraphKey = 'p9')))

      expect(problems).toContainEqual(error(QUOTE, 'paragraphKey', 'The article has no paragraph with key "p9"'))
    })

    it('accepts the key of any block of the article', async () => {
      const first = await validateDocuments(linkedSet((d) => (d.quote.paragraphKey = 'p1')))

      expect(at(baseline, QUOTE, 'paragraphKey')).toEqual([])
      expect(at(first, QUOTE, 'paragraphKey')).toEqual([])
    })

    it('rejects the key of a block in another article', async () => {
      const {article} = linkedDocuments()
      const other = {
        ...article,
        _id: 'article-stoltenberg-desak-gencatan-senjata',
        slug: {_type: 'slug' as const, current: 'stoltenberg-desak-gencatan-senjata'},
        body: article.body.map((block, index) => ({...block, _key: `q${index + 1}`})),
      }
      const problems = await validateDocuments([...linkedSet((d) => (d.quote.paragraphKey = 'q2')), other])

      expect(problems).toContainEqual(error(QUOTE, 'paragraphKey', 'The article has no paragraph with key "q2"'))
    })

    it('looks the article up among the documents the dataset already holds', async () => {
      const {article, person, organization, agency, quote} = linkedDocuments()
      const incoming = [organization, agency, person, quote]
      const accepted = await validateDocuments(incoming, [article])
      const rejected = await validateDocuments([...incoming.slice(0, 3), {...quote, paragraphKey: 'p9'}], [article])

      expect(accepted.filter((problem) => problem.level === 'error')).toEqual([])
      expect(rejected).toContainEqual(error(QUOTE, 'paragraphKey', 'The article has no paragraph with key "p9"'))
      expect(rejected.map((problem) => problem.documentId)).not.toContain(ARTICLE)
    })
  })

  it('rejects a reference to a document that does not exist', async () => {
    const problems = await validateDocuments(linkedSet((d) => (d.quote.speaker._ref = 'person-missing')))

    expect(at(problems, QUOTE, 'speaker')).toEqual([error(QUOTE, 'speaker', 'Referenced document must be published')])
    expect(at(baseline, QUOTE, 'speaker')).toEqual([])
  })

  describe('mentions in the body', () => {
    const MENTION = 'body[_key=="p1"].markDefs[_key=="m1"].reference'

    it('rejects a mention of a document that does not exist', async () => {
      const problems = await validateDocuments(
        linkedSet((d) => {
          d.article.body[0]!.markDefs = [
            {_type: 'mention', _key: 'm1', reference: {_type: 'reference', _ref: 'person-missing'}},
          ]
        }),
      )

      expect(at(problems, ARTICLE, MENTION)).toEqual([error(ARTICLE, MENTION, 'Referenced document must be published')])
      expect(at(baseline, ARTICLE, MENTION)).toEqual([])
    })

    it('rejects a mention that names no one', async () => {
      const problems = await validateDocuments(
        linkedSet((d) => Reflect.deleteProperty(d.article.body[0]!.markDefs![0]!, 'reference')),
      )

      expect(at(problems, ARTICLE, MENTION)).toEqual([error(ARTICLE, MENTION, 'Required')])
    })
  })

  it('reports a slug another document of the same type already uses, and only that', async () => {
    const {person} = linkedDocuments()
    const namesake = {...person, _id: 'person-jens-stoltenberg-2', roles: []}
    const problems = await validateDocuments([...linkedSet(), namesake])
    const distinct = await validateDocuments([
      ...linkedSet(),
      {...namesake, slug: {_type: 'slug', current: 'jens-stoltenberg-2'}},
    ])

    // An error, as the Studio shows it: validateDocuments evaluates rules at the levels an editor sees.
    const slugInUse = expect.objectContaining({path: 'slug', message: 'Slug is already in use', level: 'error'})
    expect(problems.filter((problem) => problem.documentId === PERSON)).toContainEqual(slugInUse)
    expect(problems.filter((problem) => problem.documentId === namesake._id)).toContainEqual(slugInUse)
    expect(distinct.filter((problem) => problem.message === 'Slug is already in use')).toEqual([])
    // The same slug on a different type is not a clash: NATO's slug is "nato", and so may be an article's.
    const sameSlugOtherType = await validateDocuments(
      linkedSet((d) => (d.article.slug = {_type: 'slug', current: 'nato'})),
    )
    expect(sameSlugOtherType.filter((problem) => problem.message === 'Slug is already in use')).toEqual([])
  })

  it('rejects a related link whose url is not a URL, and accepts a web address', async () => {
    const PATH = 'relatedLinks[_key=="baca-juga-1"].url'
    const broken = await validateDocuments(linkedSet((d) => (d.article.relatedLinks![0]!.url = 'not a url')))
    const web = await validateDocuments(
      linkedSet((d) => (d.article.relatedLinks![0]!.url = 'https://www.wartaekonomi.co.id/')),
    )

    expect(at(broken, ARTICLE, PATH)).toEqual([error(ARTICLE, PATH, 'Not a valid URL')])
    expect(at(web, ARTICLE, PATH)).toEqual([])
  })

  it('rejects a sameAs entry that is neither a Wikidata QID nor an http(s) URL', async () => {
    const message = 'Use a Wikidata QID (Q57624) or an http(s) URL'
    const problems = await validateDocuments(
      linkedSet((d) => {
        d.person.sameAs = [
          'Q7184',
          'https://id.wikipedia.org/wiki/Jens_Stoltenberg',
          'Stoltenberg',
          'Q0',
          'ftp://nato.int/',
        ]
      }),
    )

    expect(problems.filter((problem) => problem.path.startsWith('sameAs'))).toEqual([
      error(PERSON, 'sameAs[2]', message),
      error(PERSON, 'sameAs[3]', message),
      error(PERSON, 'sameAs[4]', message),
    ])
  })

  it('rejects an organization that is its own parent, also as a draft, and accepts a real parent', async () => {
    const self = {_type: 'reference' as const, _ref: ORGANIZATION}
    const ownParent = await validateDocuments(linkedSet((d) => (d.organization.parent = self)))
    const {organization} = linkedDocuments()
    const draft = await validateDocuments([
      ...linkedSet(),
      {...organization, _id: `drafts.${ORGANIZATION}`, parent: self},
    ])
    const committee = {
      _id: 'organization-komite-militer-nato',
      _type: 'organization',
      name: 'Komite Militer NATO',
      slug: {_type: 'slug', current: 'komite-militer-nato'},
      kind: 'intergovernmental',
      parent: self,
    }
    const child = await validateDocuments([...linkedSet(), committee])

    expect(at(ownParent, ORGANIZATION, 'parent')).toEqual([
      error(ORGANIZATION, 'parent', 'An organization cannot be its own parent'),
    ])
    expect(at(draft, `drafts.${ORGANIZATION}`, 'parent')).toEqual([
      error(`drafts.${ORGANIZATION}`, 'parent', 'An organization cannot be its own parent'),
    ])
    expect(child.filter((problem) => problem.documentId === committee._id)).toEqual([])
  })

  it('rejects a role that ends before it starts, and accepts one that ends later', async () => {
    const PATH = 'roles[_key=="sekjen-nato"].end'
    const backwards = await validateDocuments(linkedSet((d) => (d.person.roles![0]!.end = '2014-09-30')))
    const ended = await validateDocuments(linkedSet((d) => (d.person.roles![0]!.end = '2024-10-01')))

    expect(at(backwards, PERSON, PATH)).toEqual([error(PERSON, PATH, 'The end date is before the start date')])
    expect(at(ended, PERSON, PATH)).toEqual([])
  })

  it('rejects a provenance sha256 that is not 64 lowercase hex digits', async () => {
    const message = 'A SHA-256 is 64 lowercase hex digits'
    const short = await validateDocuments(linkedSet((d) => (d.article.provenance!.sha256 = 'eb49787a')))
    const upper = await validateDocuments(
      linkedSet((d) => (d.article.provenance!.sha256 = d.article.provenance!.sha256!.toUpperCase())),
    )

    expect(at(short, ARTICLE, 'provenance.sha256')).toEqual([error(ARTICLE, 'provenance.sha256', message)])
    expect(at(upper, ARTICLE, 'provenance.sha256')).toEqual([error(ARTICLE, 'provenance.sha256', message)])
    expect(at(baseline, ARTICLE, 'provenance.sha256')).toEqual([])
  })
})
