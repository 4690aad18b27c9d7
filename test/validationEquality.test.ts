/**
 * The direct validator (dataset/validation/) against @sanity/validation itself: on the shared corpus, on every rule
 * of the schema broken once, on edge values at every field, and on a schema holding every rule kind the direct
 * validator implements. Both must give the very same problems: document, path, message, level, and order.
 */
import {readFileSync} from 'node:fs'

import {Schema} from '@sanity/schema'
import {builtinTypes} from '@sanity/schema/_internal'
import {
  defineArrayMember,
  defineField,
  defineType,
  isKeyedObject,
  type ArraySchemaType,
  type ObjectSchemaType,
  type Path,
  type Rule,
  type RuleSpec,
  type SchemaType,
} from '@sanity/types'
import {getFallbackLocaleSource, normalizeValidationRules, resolveTypeForArrayItem} from '@sanity/validation/_internal'
import {beforeAll, describe, expect, it} from 'vitest'

import {DocumentStore, type StoredDocument} from '../dataset/documentStore'
import {createMemoryClient} from '../dataset/memoryClient'
import {compiledSchema} from '../dataset/schema'
import {formatPath, validateDocuments, validateDocumentsWithSanity, type DocumentProblem} from '../dataset/validateDocuments'
import {importBatch} from '../importer/importBatch'
import {corpusInputs, readCorpus} from '../importer/source/readCorpus'
import {linkedDocuments, linkedSet} from './fixtures/documents'
import {CORPUS, hasShared, NEEDS_SHARED} from './helpers/shared'

type CompiledSchema = typeof compiledSchema

/** One validation run: the documents to validate, what the dataset already holds, and under which schema. */
interface Case {
  name: string
  documents: StoredDocument[]
  existing: StoredDocument[]
  schema: CompiledSchema
}

interface Outcome {
  name: string
  sanity: DocumentProblem[]
  direct: DocumentProblem[]
}

/** Runs both validators on every case, many cases at a time (Sanity's validator mostly waits on timers). */
async function runBoth(cases: Case[], concurrency = 48): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length)
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const at = next++
      const {name, documents, existing, schema} = cases[at]!
      const sanity = await validateDocumentsWithSanity(documents, existing, undefined, schema)
      const direct = await validateDocuments(documents, existing, undefined, schema)
      outcomes[at] = {name, sanity, direct}
    }
  }
  await Promise.all(Array.from({length: Math.min(concurrency, cases.length)}, worker))
  return outcomes
}

/** The cases where the validators disagree, each with both answers: empty when they are equal. */
function disagreements(outcomes: Outcome[]): Outcome[] {
  return outcomes.filter((outcome) => JSON.stringify(outcome.sanity) !== JSON.stringify(outcome.direct)).slice(0, 3)
}

const compileTestSchema = (types: unknown[]): CompiledSchema =>
  Schema.compile({name: 'test', types, parent: Schema.compile({name: 'builtins', types: builtinTypes})})

// ---------------------------------------------------------------------------------------------------------------
// The rules of a schema, read from the schema: every `_rules` entry of every Rule @sanity/validation's own
// normalizeValidationRules gives each type (what the type implies included), at each place a document can hold it.

/** A step from a document down to a value: a field, or an array item of one member type. */
type Step = {field: string; type: SchemaType} | {member: SchemaType; of: SchemaType[]}

interface RuleEntry {
  documentType: string
  steps: Step[]
  type: SchemaType
  rule: Rule
  spec: RuleSpec
  /** e.g. `article.body[block].markDefs[link].href: presence "required"` */
  name: string
}

const stepName = (step: Step) => ('field' in step ? `.${step.field}` : `[${step.member.name}]`)
const placeName = (documentType: string, steps: Step[]) => documentType + steps.map(stepName).join('')

function ruleEntries(schema: CompiledSchema, documentTypes: string[]): RuleEntry[] {
  const entries: RuleEntry[] = []
  const visit = (documentType: string, type: SchemaType, steps: Step[]) => {
    if (steps.length > 8) return
    for (const rule of normalizeValidationRules(type)) {
      for (const spec of rule._rules) {
        const constraint = 'constraint' in spec ? spec.constraint : undefined
        const shown =
          typeof constraint === 'function'
            ? `${constraint.name || 'custom function'}`
            : JSON.stringify(constraint ?? '', (_, value: unknown) => (value instanceof RegExp ? String(value) : value))
        entries.push({documentType, steps, type, rule, spec, name: `${placeName(documentType, steps)}: ${spec.flag} ${shown}`})
      }
    }
    if (type.jsonType === 'object') {
      for (const field of (type as ObjectSchemaType).fields) visit(documentType, field.type, [...steps, {field: field.name, type: field.type}])
    }
    if (type.jsonType === 'array') {
      const of = (type as ArraySchemaType).of
      for (const member of of) visit(documentType, member, [...steps, {member, of}])
    }
  }
  for (const documentType of documentTypes) visit(documentType, schema.get(documentType)!, [])
  return entries
}

/** Every place a value can sit, once each. */
function places(entries: RuleEntry[]): {documentType: string; steps: Step[]}[] {
  const seen = new Map<string, {documentType: string; steps: Step[]}>()
  for (const entry of entries) seen.set(placeName(entry.documentType, entry.steps), {documentType: entry.documentType, steps: entry.steps})
  return [...seen.values()]
}

/** A place made concrete in a copy of a document: the objects and array items on the way are created if missing. */
interface Site {
  document: StoredDocument
  parent: unknown
  path(): Path
  set(value: unknown): void
}

function siteIn(document: StoredDocument, steps: Step[]): Site {
  let container: unknown = document
  const path: Path = []
  let last: {holder: Record<string, unknown> | unknown[]; key: string | number} | undefined
  steps.forEach((step, index) => {
    const isLast = index === steps.length - 1
    const next = steps[index + 1]
    const blank = () => (next && 'member' in next ? [] : {})
    if ('field' in step) {
      const holder = container as Record<string, unknown>
      if (!isLast && (holder[step.field] === null || typeof holder[step.field] !== 'object')) holder[step.field] = blank()
      last = {holder, key: step.field}
      path.push(step.field)
      container = holder[step.field]
    } else {
      const items = container as unknown[]
      let at = items.findIndex((item) => resolveTypeForArrayItem(item, step.of) === step.member)
      if (at === -1) {
        items.push(sampleItem(step.member, items.length))
        at = items.length - 1
      }
      last = {holder: items, key: at}
      const item = items[at]
      path.push(isKeyedObject(item) ? {_key: item._key} : at)
      container = item
    }
  })
  const parent = last?.holder
  return {
    document,
    parent,
    path: () => {
      if (!last || !Array.isArray(last.holder)) return [...path]
      const item = last.holder[last.key as number]
      return [...path.slice(0, -1), isKeyedObject(item) ? {_key: item._key} : (last.key as number)]
    },
    set: (value) => {
      if (!last) return
      if (value === undefined && !Array.isArray(last.holder)) Reflect.deleteProperty(last.holder, last.key)
      else (last.holder as Record<string | number, unknown>)[last.key] = value
    },
  }
}

/** An array item of a member type: an object with its `_type` and a `_key`, or a primitive of its JSON type. */
function sampleItem(member: SchemaType, index: number): unknown {
  if (member.jsonType === 'object') return {_type: member.name, _key: `case${index}`}
  if (member.jsonType === 'number') return 1
  if (member.jsonType === 'boolean') return true
  return `item ${index}`
}

// ---------------------------------------------------------------------------------------------------------------
// Values that break a rule entry. For custom rules (opaque functions) a pool of plausible breakers is tried.

interface Breaker {
  value: unknown
  /** Documents the dataset must also hold for this break (a namesake for slug uniqueness). */
  existing?: (document: StoredDocument) => StoredDocument[]
}

const STRING_POOL = ['', ' \n\t ', 'x', 'p9', 'Q0', 'Stoltenberg', 'ftp://nato.int/', '1900-01-01', '2999-12-31']
const PROBE_POOL = ['throw', 'false', 'undefined', 'array', 'localized', 'paths', 'async', 'reject', 'hidden']

function breakers(entry: RuleEntry, site: Site): Breaker[] {
  const {spec, rule} = entry
  const constraint = 'constraint' in spec ? (spec.constraint as unknown) : undefined
  const valid = (values: unknown[]) => values.map((value) => ({value}))
  const current = (() => {
    const probe = structuredClone(site.document)
    return valueAt(probe, site.path())
  })()
  const member = entry.type.jsonType === 'array' ? (entry.type as ArraySchemaType).of[0]! : undefined
  const items = (count: number) =>
    Array.from({length: Math.max(0, count)}, (_, index) =>
      Array.isArray(current) && current.length > 0 ? {...structuredClone(current[0]), _key: `copy${index}`} : sampleItem(member!, index),
    )
  switch (spec.flag) {
    case 'type':
      return valid(
        {String: [42, true], Number: ['42'], Boolean: ['true'], Array: ['not an array', {_type: 'x'}], Object: ['not an object', ['x']], Date: ['not a date', '2024-13-45', 20240101]}[
          spec.constraint
        ],
      )
    case 'presence':
      return valid(
        spec.constraint === 'required'
          ? [undefined, null, ...((({String: [''], Array: [[]], Object: [{}, {_type: 'x', _key: 'k'}], Boolean: ['yes']}) as Record<string, unknown[]>)[rule._type ?? 'String'] ?? [])]
          : [],
      )
    case 'min':
    case 'max':
    case 'length': {
      const limit = constraint as number
      const over = spec.flag === 'min' ? limit - 1 : limit + 1
      if (rule._type === 'String') return valid(['x'.repeat(Math.max(0, over)), 'x'.repeat(limit + 2)])
      if (rule._type === 'Array') return valid([items(over), items(limit + 2)])
      return valid([over, spec.flag === 'min' ? limit - 0.5 : limit + 0.5])
    }
    case 'regex':
      return valid(['', 'x', 'Not A Match!', 'ABC', '0'.repeat(64), 42])
    case 'uri':
      return valid(['not a url', 'gopher://example.org/', 'https://user:secret@example.org/', '/relative/path', 'https://ok.example.org/', 'mailto:x@example.org'])
    case 'valid':
      return valid(rule._type === 'Array' ? [['not-in-the-list'], [...items(1), 'not-in-the-list']] : ['not-in-the-list', 12345, 'x'.repeat(40)])
    case 'unique':
      return valid([[...items(1), ...items(1)], ['x', 'x', 'y'], 'aa'])
    case 'integer':
      return valid([1.5, '2'])
    case 'precision':
      return valid([1.123456789, 1e-7])
    case 'greaterThan':
    case 'lessThan':
      return valid([constraint, '3'])
    case 'stringCasing':
      return valid(['MiXeD'])
    case 'email':
      return valid(['not-an-email', 'a@b'])
    case 'reference':
      return valid([{_type: 'reference', _ref: 'missing-document'}, {_type: 'reference'}, {_ref: 42}, {_type: 'reference', _ref: 'missing', _weak: true}])
    case 'custom': {
      if ((constraint as {name?: string}).name === 'slugUniquenessValidator') {
        return [{value: current, existing: (document) => [{...structuredClone(document), _id: `${document._id}-namesake`}]}]
      }
      const ownId = site.document._id.replace(/^drafts\./, '')
      return valid(
        {
          String: [...STRING_POOL, ...PROBE_POOL],
          Object: [{_type: 'reference', _ref: ownId}, 'a string', {_type: 'slug'}, {_type: 'slug', current: '  '}, {}],
          Number: [0, -1, 1.5],
          Date: ['1900-01-01', '2999-12-31'],
          Array: [[], ['x', 'x']],
          Boolean: [false],
        }[rule._type ?? 'String'] ?? [],
      )
    }
    default:
      return []
  }
}

function valueAt(value: unknown, path: Path): unknown {
  let current = value
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined
    if (typeof segment === 'object' && segment && '_key' in segment) {
      current = (current as {_key?: string}[]).find((item) => item?._key === segment._key)
    } else current = (current as Record<string | number, unknown>)[segment as string | number]
  }
  return current
}

/**
 * What this one entry reports on the broken value, by Sanity's own Rule.validate on a Rule holding only that
 * entry: a broken case counts for the entry when it reports something and the whole document's validation
 * reports it too.
 */
async function entryMarkers(entry: RuleEntry, site: Site, documents: StoredDocument[], schema: CompiledSchema, value: unknown) {
  const world = new DocumentStore(documents)
  const client = createMemoryClient(world)
  const single = (entry.rule as Rule & {clone(): Rule}).clone()
  single._rules = [entry.spec]
  const markers = await (single as unknown as {validate(value: unknown, context: unknown): Promise<{path: Path; message: string; level: string}[]>}).validate(value, {
    getClient: () => client,
    schema,
    document: site.document,
    i18n: getFallbackLocaleSource(),
    getDocumentExists: async ({id}: {id: string}) => world.get(id) !== undefined,
    environment: 'studio',
    hidden: false,
    parent: site.parent,
    path: site.path(),
    type: entry.type,
  })
  return markers.map((marker) => ({path: formatPath(marker.path), message: marker.message, level: marker.level}))
}

/** A case per breaker of each entry, with what the entry alone reports on it. */
interface BrokenCase extends Case {
  entry: RuleEntry
  entryReports: () => Promise<{path: string; message: string; level: string}[]>
}

function brokenCases(
  entries: RuleEntry[],
  schema: CompiledSchema,
  baseSet: () => {document: (type: string) => StoredDocument; rest: (document: StoredDocument) => StoredDocument[]},
): BrokenCase[] {
  const cases: BrokenCase[] = []
  for (const entry of entries) {
    const probe = baseSet()
    const probeSite = siteIn(probe.document(entry.documentType), entry.steps)
    breakers(entry, probeSite).forEach((breaker, index) => {
      const set = baseSet()
      const document = set.document(entry.documentType)
      const site = siteIn(document, entry.steps)
      site.set(structuredClone(breaker.value))
      const existing = [...set.rest(document), ...(breaker.existing?.(document) ?? [])]
      cases.push({
        name: `${entry.name} <- ${JSON.stringify(breaker.value) ?? 'undefined'} (#${index})`,
        documents: [document],
        existing,
        schema,
        entry,
        entryReports: () => entryMarkers(entry, site, [...existing, document], schema, valueAt(document, site.path())),
      })
    })
  }
  return cases
}

/**
 * Entries no value can break: a document's own type check (what is not an object with a `_type` is not validated
 * at all), the type check of a member of an array with several member types (an item is matched to a member by its
 * type, so one that is not an object matches none and nothing is checked), and `optional()`.
 */
function unbreakable(entry: RuleEntry): boolean {
  const last = entry.steps.at(-1)
  if (entry.spec.flag === 'type' && (!last || ('member' in last && last.of.length > 1))) return true
  return entry.spec.flag === 'presence' && entry.spec.constraint === 'optional'
}

const EDGE_VALUES: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  0,
  -1,
  1.5,
  true,
  'text',
  [],
  ['text'],
  [null],
  [{}],
  {},
  {_type: 'unknown', _key: 'u'},
  {_ref: 'dangling'},
  'https://x y',
]

function edgeCases(
  entries: RuleEntry[],
  schema: CompiledSchema,
  baseSet: () => {document: (type: string) => StoredDocument; rest: (document: StoredDocument) => StoredDocument[]},
): Case[] {
  return places(entries).flatMap(({documentType, steps}) =>
    EDGE_VALUES.map((value) => {
      const set = baseSet()
      const document = set.document(documentType)
      siteIn(document, steps).set(structuredClone(value))
      return {name: `${placeName(documentType, steps)} <- ${JSON.stringify(value) ?? 'undefined'}`, documents: [document], existing: set.rest(document), schema}
    }),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// The content model: its rules, broken one by one on the linked set of the seed article.

const DOCUMENT_TYPES = ['article', 'person', 'organization', 'quote', 'entityDecision']
/** What the importer makes: an editor's decisions are made only in the Studio. */
const IMPORTED_TYPES = ['article', 'person', 'organization', 'quote']

function linkedBase() {
  const {organization, agency, person, article, quote, decision} = linkedDocuments()
  const all = [organization, agency, person, article, quote, decision] as unknown as StoredDocument[]
  return {
    document: (type: string) => all.find((document) => document._type === type)!,
    rest: (document: StoredDocument) => all.filter((other) => other !== document),
  }
}

describe('the direct validator gives what @sanity/validation gives', () => {
  describe('on every rule of the content model broken once', () => {
    const entries = ruleEntries(compiledSchema, DOCUMENT_TYPES)
    const cases = brokenCases(entries, compiledSchema, linkedBase)
    let outcomes: Outcome[]
    let effective: Set<RuleEntry>
    beforeAll(async () => {
      outcomes = await runBoth(cases)
      effective = new Set()
      await Promise.all(
        cases.map(async (brokenCase, index) => {
          const reported = await brokenCase.entryReports()
          const found = outcomes[index]!.sanity.filter((problem) => problem.documentId === brokenCase.documents[0]!._id)
          const inDocument = reported.every((marker) => found.some((problem) => problem.path === marker.path && problem.message === marker.message && problem.level === marker.level))
          if (reported.length > 0 && inDocument) effective.add(brokenCase.entry)
        }),
      )
    }, 120_000)

    it(`reads ${entries.length} rule entries from the schema, required, regex, uri, reference, unique, custom and slug checks among them`, () => {
      const flags = new Set(entries.map((entry) => entry.spec.flag))
      expect([...flags].sort()).toEqual(['custom', 'integer', 'max', 'min', 'presence', 'reference', 'regex', 'type', 'unique', 'uri', 'valid'])
      expect(entries.map((entry) => entry.name)).toContain('person.slug: custom slugUniquenessValidator')
      expect(entries.map((entry) => entry.name)).toContain('article.body[block].markDefs[link].href: presence "required"')
    })

    it(`gives identical problems on ${cases.length} documents, each with one rule entry broken`, () => {
      expect(outcomes.filter((outcome) => outcome.sanity.length > 0).length).toBeGreaterThan(cases.length / 2)
      expect(disagreements(outcomes)).toEqual([])
    })

    it('breaks every entry at least once, as Sanity itself reports it (but type checks no item can fail)', () => {
      const unbroken = entries.filter((entry) => !effective.has(entry) && !unbreakable(entry)).map((entry) => entry.name)
      expect(unbroken).toEqual([])
      expect(entries.filter(unbreakable).map((entry) => entry.name)).toEqual([
        'article: type "Object"',
        'article.body[block].markDefs[mention]: type "Object"',
        'article.body[block].markDefs[link]: type "Object"',
        'person: type "Object"',
        'organization: type "Object"',
        'quote: type "Object"',
        'entityDecision: type "Object"',
      ])
    })
  })

  describe('on edge values at every place a value can sit', () => {
    const cases = edgeCases(ruleEntries(compiledSchema, DOCUMENT_TYPES), compiledSchema, linkedBase)
    let outcomes: Outcome[]
    beforeAll(async () => {
      outcomes = await runBoth(cases)
    }, 120_000)

    it(`gives identical problems on ${cases.length} documents: missing, null, wrong types, empty strings and arrays, odd objects`, () => {
      expect(outcomes.filter((outcome) => outcome.sanity.length > 0).length).toBeGreaterThan(cases.length / 2)
      expect(disagreements(outcomes)).toEqual([])
    })
  })

  describe('on whole-dataset cases', () => {
    const {article, person, organization, agency, quote} = linkedDocuments()
    const set = () => linkedSet()
    const withArticle = (edit: (document: StoredDocument) => void): StoredDocument[] =>
      linkedSet((d) => edit(d.article as unknown as StoredDocument))
    const longBody = Array.from({length: 45}, (_, index) => ({
      _type: 'block',
      _key: `b${index}`,
      style: index % 2 ? 'weird' : 'normal',
      markDefs: index % 3 ? [] : [{_type: 'mention', _key: `m${index}`, reference: {_type: 'reference', _ref: `person-missing-${index}`}}],
      children: [{_type: 'span', _key: `b${index}s`, text: index % 5 ? 'teks' : 42, marks: []}],
    }))
    const otherArticle = (id: string, edit: Partial<StoredDocument> = {}) =>
      ({...structuredClone(article), _id: id, slug: {_type: 'slug', current: id}, ...edit}) as unknown as StoredDocument
    const PUBLISHED = 'Referenced document must be published'
    const NO_PARAGRAPH = 'The article has no paragraph with key'
    /** Each with messages Sanity must report (none: it must report nothing), so that a case shows what it claims. */
    const scenarios: [name: string, documents: StoredDocument[], existing: StoredDocument[], shows: string[]][] = [
      ['the intact linked set', set(), [], []],
      ['the linked set without the person: references dangle', set().filter((d) => d._id !== person._id), [], [PUBLISHED]],
      ['a body of 45 blocks, many broken (more checks than Sanity runs at once)', withArticle((d) => (d.body = longBody)), [], ['did not match any allowed values', 'Expected type "String", got "Number"', PUBLISHED, NO_PARAGRAPH]],
      ['45 broken blocks in a person-less set', withArticle((d) => (d.body = longBody)).filter((d) => d._id !== person._id), [], [PUBLISHED]],
      ['a duplicate slug in a second person', [...set(), {...structuredClone(person), _id: 'person-jens-stoltenberg-2'}], [], ['Slug is already in use']],
      ['a duplicate slug only in what the dataset already holds', set(), [{...structuredClone(person), _id: 'person-jens-stoltenberg-2'}], ['Slug is already in use']],
      ['a draft beside its published person: no clash', [...set(), {...structuredClone(person), _id: `drafts.${person._id}`}], [], []],
      ['a release version beside its published person: no clash', [...set(), {...structuredClone(person), _id: `versions.r1.${person._id}`}], [], []],
      ['a draft of another person with the same slug', [...set(), {...structuredClone(person), _id: 'drafts.person-other'}], [], ['Slug is already in use']],
      ['a draft that is its own parent', [...set(), {...structuredClone(organization), _id: `drafts.${organization._id}`, parent: {_type: 'reference', _ref: organization._id}}], [], ['An organization cannot be its own parent']],
      ['a draft whose id is not valid once "drafts." is gone (Sanity reports the exception)', [...set(), {...structuredClone(organization), _id: 'drafts.organization nato', parent: {_type: 'reference', _ref: 'x'}}], [], ['Exception occurred while validating value: Not a valid document ID']],
      ['a draft referring to its own published id: allowed', [...set(), {...structuredClone(quote), _id: `drafts.${quote._id}`, speaker: {_type: 'reference', _ref: quote._id}}], [], []],
      ['a weak reference to nothing where the schema asks a weak one: allowed', linkedSet((d) => (d.person.roles![0]!.source = {_type: 'reference', _ref: 'article-gone', _weak: true})), [], []],
      ['a reference marked _weak where the schema asks a strong one', linkedSet((d) => (d.quote.speaker = {_type: 'reference', _ref: 'person-gone', _weak: true} as never)), [], [PUBLISHED]],
      ['a quote whose article exists only as a draft: the paragraph is found in the draft', linkedSet((d) => (d.quote.article._ref = 'article-draft-only')), [otherArticle('drafts.article-draft-only')], [PUBLISHED]],
      ['a quote whose article has no body array: GROQ counts the null, the paragraph passes', linkedSet((d) => (d.quote.article._ref = 'article-bodiless')), [otherArticle('article-bodiless', {body: 'not blocks'})], []],
      ['a quote whose article reference is a number', linkedSet((d) => ((d.quote.article as {_ref: unknown})._ref = 7)), [], [NO_PARAGRAPH, 'Must be a reference to a document']],
      ['a quote whose paragraph key is a number', linkedSet((d) => ((d.quote as {paragraphKey: unknown}).paragraphKey = 2)), [], [`${NO_PARAGRAPH} "2"`]],
      ['a quote whose paragraph is in another article', [...linkedSet((d) => (d.quote.paragraphKey = 'q1')), otherArticle('article-other', {body: article.body.map((block) => ({...block, _key: 'q1'}))})], [], [`${NO_PARAGRAPH} "q1"`]],
      ['body blocks without keys, a mark of an unknown type, a string for a block', withArticle((d) => (d.body = [{_type: 'block', children: [{_type: 'span', text: 'a'}], markDefs: [{_type: 'comment', _key: 'c'}]}, 'a string block'])), [], ['Expected type "Object", got "String"']],
      ['an organization that is its own parent, and an acronym too long', linkedSet((d) => {
        d.organization.parent = {_type: 'reference', _ref: organization._id}
        d.organization.acronym = 'PAKTA PERTAHANAN ATLANTIK UTARA'
      }), [], ['An organization cannot be its own parent', 'Must be at most 20 characters long']],
      ['an agency with every field wrong', [...set().filter((d) => d._id !== agency._id), {_id: agency._id, _type: 'organization', name: 1, slug: 'anadolu', acronym: [], aliases: ['a', 'a'], kind: 'wire', parent: 'nato', sameAs: 'Q1', importFingerprint: 3} as StoredDocument], [], ['Slug must be an object', 'Value "wire" did not match any allowed values', "Can't be a duplicate"]],
      ['a document of a type the schema does not know: skipped, as in the Studio', [...set(), {_id: 'thing-1', _type: 'thing', name: 1}], [], []],
      ['a document whose type is an object type of the schema', [...set(), {_id: 'link-1', _type: 'relatedLink', url: 'not a url'}], [], ['Not a valid URL']],
    ]

    let outcomes: Outcome[]
    beforeAll(async () => {
      outcomes = await runBoth(scenarios.map(([name, documents, existing]) => ({name, documents, existing, schema: compiledSchema})))
    }, 60_000)

    it.each(scenarios.map(([name, , , shows], index) => [name, index, shows] as const))('gives identical problems: %s', (_, index, shows) => {
      const {sanity, direct} = outcomes[index]!
      if (shows.length === 0) expect(sanity).toEqual([])
      for (const shown of shows) expect(sanity.map((problem) => problem.message).join('\n')).toContain(shown)
      expect(direct).toEqual(sanity)
    })
  })

  describe('on a schema with every rule kind the direct validator implements', () => {
    const thing = defineType({
      name: 'thing',
      type: 'object',
      fields: [defineField({name: 'n', type: 'number', validation: (rule) => rule.required().integer()})],
    })
    const kinds = defineType({
      name: 'kinds',
      type: 'document',
      fields: [
        defineField({name: 'short', type: 'string', validation: (rule) => rule.min(3).max(5)}),
        defineField({name: 'exact', type: 'string', validation: (rule) => rule.length(4).warning()}),
        defineField({name: 'upper', type: 'string', validation: (rule) => rule.uppercase()}),
        defineField({name: 'lower', type: 'string', validation: (rule) => rule.lowercase().info('Lower case, please')}),
        defineField({name: 'mail', type: 'email'}),
        defineField({name: 'mail2', type: 'string', validation: (rule) => rule.email()}),
        defineField({name: 'noX', type: 'string', validation: (rule) => rule.regex(/x/, {invert: true})}),
        defineField({name: 'startsWithA', type: 'string', validation: (rule) => rule.regex(/^a/)}),
        defineField({name: 'relative', type: 'url', validation: (rule) => rule.uri({allowRelative: true})}),
        defineField({name: 'relativeOnly', type: 'url', validation: (rule) => rule.uri({relativeOnly: true})}),
        defineField({name: 'credentials', type: 'url', validation: (rule) => rule.uri({allowCredentials: true, scheme: [/^https?$/, 'ftp']})}),
        defineField({name: 'count', type: 'number', validation: (rule) => rule.max(10).greaterThan(0).lessThan(11).precision(2)}),
        defineField({name: 'positive', type: 'number', validation: (rule) => rule.positive()}),
        defineField({name: 'negative', type: 'number', validation: (rule) => rule.negative()}),
        defineField({name: 'choice', type: 'number', options: {list: [1, 2]}}),
        defineField({name: 'flag', type: 'boolean', validation: (rule) => rule.required()}),
        defineField({name: 'pair', type: 'array', of: [defineArrayMember({type: 'string'})], validation: (rule) => rule.max(3).length(2).unique()}),
        defineField({name: 'letters', type: 'array', of: [defineArrayMember({type: 'string'})], options: {list: ['a', 'b']}}),
        defineField({name: 'mixed', type: 'array', of: [defineArrayMember({type: 'string'}), defineArrayMember({type: 'number'})], validation: (rule) => rule.required()}),
        defineField({name: 'things', type: 'array', of: [defineArrayMember({type: 'thing'})], validation: (rule) => rule.min(2)}),
        defineField({name: 'blocks', type: 'array', of: [defineArrayMember({type: 'block'})], validation: (rule) => rule.max(1).length(1)}),
        defineField({name: 'box', type: 'object', fields: [defineField({name: 'a', type: 'string', validation: (rule) => rule.required()})], validation: (rule) => rule.required()}),
        defineField({name: 'optional', type: 'string', validation: (rule) => (rule as unknown as Rule).optional().min(3) as never}),
        defineField({name: 'localized', type: 'string', validation: (rule) => rule.required().error({en: 'Wajib (en)', 'en-US': 'Required (en-US)'})}),
        defineField({name: 'day', type: 'date'}),
        defineField({name: 'moment', type: 'datetime'}),
        defineField({
          name: 'probe',
          type: 'string',
          hidden: ({document}) => document?.flag === true,
          validation: (rule) =>
            rule
              .custom((value, context) => {
                switch (value) {
                  case 'throw':
                    throw new Error('boom')
                  case 'false':
                    return false as never
                  case 'undefined':
                    return undefined as never
                  case 'array':
                    return ['first', 'second'] as never
                  case 'localized':
                    return {en: 'in English', 'en-US': 'in American'} as never
                  case 'paths':
                    return {message: 'at two paths', paths: [['a'], [{_key: 'k'}, 0]]}
                  case 'async':
                    return Promise.resolve('said later') as never
                  case 'reject':
                    return Promise.reject(new Error('later boom')) as never
                  case 'hidden':
                    return context.hidden ? 'hidden here' : 'shown here'
                  default:
                    return true
                }
              })
              .warning(),
        }),
        defineField({name: 'overridden', type: 'string', validation: (rule) => rule.custom((value) => (value ? 'from the rule' : true)).error('The override')}),
      ],
    })
    const schema = compileTestSchema([kinds, thing])
    const base = () => {
      const document: StoredDocument = {_id: 'kinds-1', _type: 'kinds', flag: true, mixed: ['a', 1], box: {a: 'x'}, localized: 'x'}
      return {document: () => document, rest: () => []}
    }
    const entries = ruleEntries(schema, ['kinds'])
    const cases = [...brokenCases(entries, schema, base), ...edgeCases(entries, schema, base)]
    let outcomes: Outcome[]
    beforeAll(async () => {
      outcomes = await runBoth(cases)
    }, 120_000)

    it(`gives identical problems on ${cases.length} documents`, () => {
      const flags = new Set(entries.map((entry) => entry.spec.flag))
      expect([...flags].sort()).toEqual(
        ['custom', 'email', 'greaterThan', 'integer', 'length', 'lessThan', 'max', 'min', 'precision', 'presence', 'regex', 'stringCasing', 'type', 'unique', 'uri', 'valid'],
      )
      const messages = new Set(outcomes.flatMap((outcome) => outcome.sanity.map((problem) => problem.message)))
      for (const expected of ['boom', 'later boom', 'said later', 'in American', 'at two paths', 'hidden here', 'The override', 'Required (en-US)', 'Must have at most 1 blocks']) {
        expect([...messages].some((message) => message.includes(expected)), expected).toBe(true)
      }
      expect(disagreements(outcomes)).toEqual([])
    })
  })

  describe('on what custom rules are given', () => {
    type Call = {value: unknown; keys: string[]; path: unknown; parent: unknown; document: unknown; hidden: unknown; environment: unknown; type: unknown; fetched: unknown}
    const calls: {sanity: Call[]; direct: Call[]} = {sanity: [], direct: []}
    let into: Call[] = calls.sanity
    const record = async (value: unknown, context: Record<string, unknown> & {getClient: (options: {apiVersion: string}) => {fetch: (query: string, params?: unknown) => Promise<unknown>}; getDocumentExists: (options: {id: string}) => Promise<boolean>}) => {
      const client = context.getClient({apiVersion: '2025-02-19'})
      const fetched = [
        await client.fetch('*[_id in [$id, "drafts." + $id]]{_id, name}', {id: 'probe-2'}),
        await client.fetch('count(*[_type == "probed"])'),
        await client.fetch('*[_id == $id][0].missing', {id: 'probe-1'}),
        await context.getDocumentExists({id: 'probe-1'}),
        await context.getDocumentExists({id: 'probe-2'}),
      ]
      into.push({
        value,
        keys: Object.keys(context).sort(),
        path: context.path,
        parent: context.parent,
        document: (context.document as {_id?: string})?._id,
        hidden: context.hidden,
        environment: context.environment,
        type: (context.type as {name?: string})?.name,
        fetched,
      })
      return true
    }
    const probed = defineType({
      name: 'probed',
      type: 'document',
      fields: [
        defineField({name: 'name', type: 'string', hidden: true, validation: (rule) => rule.custom(record as never)}),
        defineField({name: 'items', type: 'array', of: [defineArrayMember({type: 'object', name: 'entry', fields: [defineField({name: 'label', type: 'string', validation: (rule) => rule.custom(record as never)})]})]}),
      ],
    })
    const schema = compileTestSchema([probed])
    const documents: StoredDocument[] = [
      {_id: 'probe-1', _type: 'probed', name: 'one', items: [{_type: 'entry', _key: 'e1', label: 'first'}, {_type: 'entry', label: 'no key'}]},
      {_id: 'drafts.probe-2', _type: 'probed', name: 'two'},
    ]

    it('calls them with the same values and the same context: document, path, parent, hidden, type, getClient', async () => {
      into = calls.sanity
      await validateDocumentsWithSanity(documents, [], undefined, schema)
      into = calls.direct
      await validateDocuments(documents, [], undefined, schema)
      const byPath = (list: Call[]) => [...list].sort((a, b) => JSON.stringify([a.document, a.path]).localeCompare(JSON.stringify([b.document, b.path])))
      // name and items[].label of probe-1 (one item has no _key), name of its draft neighbour
      expect(calls.sanity).toHaveLength(4)
      expect(byPath(calls.direct)).toEqual(byPath(calls.sanity))
      expect(calls.sanity[0]!.fetched).toEqual([[{_id: 'drafts.probe-2', name: 'two'}], 2, null, true, false])
      expect(calls.sanity[0]!.keys).toEqual(['document', 'environment', 'getClient', 'getDocumentExists', 'hidden', 'i18n', 'parent', 'path', 'schema', 'signal', 'type', 'currentUser'].sort())
    })
  })

  describe('refuses what it does not implement rather than letting it pass', () => {
    const refused: [what: string, validation: (rule: Rule) => unknown, type: string, says: RegExp][] = [
      ['min() on a date', (rule) => rule.min('2020-01-01'), 'date', /odd\.field: min\(\) on a date or datetime .* is not implemented/],
      ['Rule.all()', (rule) => rule.all([rule.required()]), 'string', /odd\.field: Rule\.all\(\) .* is not implemented/],
      ['Rule.either()', (rule) => rule.either([rule.required()]), 'string', /odd\.field: Rule\.either\(\) .* is not implemented/],
      ['Rule.valueOfField()', (rule) => rule.min(rule.valueOfField('other') as never), 'string', /odd\.field: min\(Rule\.valueOfField\(\.\.\.\)\) is not implemented/],
      ['a validation function that takes its context', ((rule: Rule, context: unknown) => (context ? rule.required() : rule)) as never, 'string', /odd\.field: a validation function that takes \(rule, context\)/],
      ['Rule.fields()', (rule) => (rule as unknown as {fields(rules: object): unknown}).fields({a: (inner: Rule) => inner.required()}), 'object', /odd\.field: Rule\.fields\(\) is not implemented/],
    ]
    it.each(refused)('refuses %s, naming where it is', async (_, validation, type, says) => {
      const field = {name: 'field', type, validation, ...(type === 'object' ? {fields: [{name: 'a', type: 'string'}]} : {})}
      const schema = compileTestSchema([defineType({name: 'odd', type: 'document', fields: [field as never]})])
      await expect(validateDocuments([{_id: 'odd-1', _type: 'odd'}], [], undefined, schema)).rejects.toThrow(says)
    })
  })

  describe.skipIf(!hasShared(CORPUS))(`on the shared corpus ${NEEDS_SHARED}`, () => {
    let all: StoredDocument[]
    let sample: StoredDocument[]
    let broken: StoredDocument[]
    let sampleOutcome: Outcome
    let brokenOutcome: Outcome
    let fullDirect: DocumentProblem[]
    const SAMPLE_EVERY = 19

    beforeAll(async () => {
      const corpus = readCorpus(readFileSync(CORPUS))
      all = importBatch(corpusInputs('detik-news.csv', corpus.rows), [], '2026-01-01T00:00:00.000Z').documents as StoredDocument[]
      sample = all.filter((_, index) => index % SAMPLE_EVERY === 0)
      const rest = (chosen: StoredDocument[]) => {
        const ids = new Set(chosen.map((document) => document._id))
        return all.filter((document) => !ids.has(document._id))
      }
      broken = sample.map((document, index) => breakCorpusDocument(structuredClone(document), index, all))
      const [intact, damaged] = await runBoth([
        {name: 'sample', documents: sample, existing: rest(sample), schema: compiledSchema},
        {name: 'broken sample', documents: broken, existing: rest(broken), schema: compiledSchema},
      ])
      sampleOutcome = intact!
      brokenOutcome = damaged!
      fullDirect = await validateDocuments(all)
    }, 180_000)

    it('compares a deterministic sample of every document type', () => {
      expect(all.length).toBeGreaterThan(7000)
      expect(new Set(sample.map((document) => document._type))).toEqual(new Set(IMPORTED_TYPES))
      expect(sample.length).toBeGreaterThan(350)
    })

    it('gives identical problems on the sample, and the same as on the whole corpus at once', () => {
      expect(sampleOutcome.direct).toEqual(sampleOutcome.sanity)
      const sampled = new Set(sample.map((document) => document._id))
      expect(fullDirect.filter((problem) => sampled.has(problem.documentId))).toEqual(sampleOutcome.sanity)
    })

    it('gives identical problems on the sample with one thing broken in each document', () => {
      expect(new Set(brokenOutcome.sanity.map((problem) => problem.documentId)).size).toBeGreaterThan(sample.length / 3)
      expect(brokenOutcome.direct).toEqual(brokenOutcome.sanity)
    })
  })
})

/** One of a few kinds of damage, chosen by position: each a mistake an importer or an editor could make. */
function breakCorpusDocument(document: StoredDocument, index: number, all: StoredDocument[]): StoredDocument {
  const value = document as Record<string, unknown>
  const sameType = all.find((other) => other._type === document._type && other._id !== document._id)
  const damage = [
    () => delete value.slug,
    () => (value.slug = sameType?.slug),
    () => (value._id = `drafts.${document._id}`),
    () => {
      for (const [field, child] of Object.entries(value)) if (child && typeof child === 'object' && '_ref' in child) value[field] = {...child, _ref: `${child._ref}-gone`}
    },
    () => {
      for (const block of (value.body as {style?: string}[] | undefined) ?? []) block.style = 'lead'
    },
    () => (value.kind = 'unknown kind'),
    () => (value.title = value.name = value.text = 42),
    () => (value.sameAs = ['Q0', 'https://id.wikipedia.org/', 'Q0']),
  ]
  damage[index % damage.length]!()
  return document
}
