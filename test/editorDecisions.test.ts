/**
 * Editors correct the importer once and every later import respects it: after a merge and a rejection made as the
 * Studio makes them (corrections/, sent with @sanity/client to the local server), importing again into the local
 * dataset file or into a Sanity dataset links the merged name to the survivor, never makes the merged id again,
 * makes nothing of the rejected name, keeps the corrected documents the importer's, and says what it did.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import type {SanityClient} from '@sanity/client'
import {afterAll, describe, expect, it} from 'vitest'

import {planMerge, planRejection, type Doc} from '../corrections/planCorrections'
import {compiledSchema} from '../dataset/schema'
import {EditorDecisions} from '../importer/documents/editorDecisions'
import {importBatch, type BatchInput} from '../importer/importBatch'
import type {NewsDocument} from '../model/documents'
import {LocalTarget} from '../targets/localTarget'
import {runImport} from '../targets/runImport'
import {SanityTarget} from '../targets/sanity/sanityTarget'
import type {Target} from '../targets/target'
import {DEFAULT_SOURCE} from '../seed/sources'
import {danglingReferences, SANITY_TOKEN, SanityServers} from './helpers/sanityTarget'
import {importLocal, later, reportOf} from './helpers/importInProcess'
import {readDataset, TempDirs} from './helpers/seedCommand'

const dirs = new TempDirs()
const servers = new SanityServers()
afterAll(async () => {
  await servers.closeAll()
  dirs.cleanup()
  servers.dirs.cleanup()
})

const SOURCE: BatchInput = {name: DEFAULT_SOURCE, bytes: readFileSync(DEFAULT_SOURCE), meta: {}}
/** A new text naming both again, with another title. */
const LATER: BatchInput = {
  name: 'later.txt',
  bytes: new TextEncoder().encode(
    'Presiden Armenia Armen Sarkissian kembali ke Yerevan setelah bertemu Jens Stoltenberg.\n' +
      'Armenia adalah anggota Pakta Pertahanan Keamanan Bersama (CSTO), kata Armen Sarkissian.\n',
  ),
  meta: {title: 'Sarkissian kembali ke Yerevan'},
}
const options = {replace: false, dryRun: false, importedAt: '2026-01-01T00:00:00.000Z'}

const MERGED = 'person-armen-sarkissian'
const SURVIVOR = 'person-jens-stoltenberg'
const REJECTED = 'organization-csto'

/** The two corrections, as the Studio's actions make them: read, plan, one transaction each. */
async function correct(client: SanityClient): Promise<void> {
  const raw = {perspective: 'raw' as const}
  const versions = async (id: string) => ({
    published: await client.fetch<Doc | null>('*[_id == $id][0]', {id}, raw),
    draft: await client.fetch<Doc | null>('*[_id == $id][0]', {id: `drafts.${id}`}, raw),
    referrers: await client.fetch<Doc[]>('*[references($id)]', {id}, raw),
  })
  const merged = await versions(MERGED)
  const merge = await planMerge(merged, await versions(SURVIVOR), {schema: compiledSchema, referrers: merged.referrers, now: '2026-01-02T00:00:00.000Z'})
  expect(merge.problems).toEqual([])
  await client.mutate(merge.mutations as never, {visibility: 'sync'})
  const rejected = await versions(REJECTED)
  const rejection = await planRejection(rejected, {schema: compiledSchema, referrers: rejected.referrers, now: '2026-01-02T00:00:00.000Z'})
  await client.mutate(rejection.mutations as never, {visibility: 'sync'})
}

const mentionsOf = (documents: NewsDocument[]) =>
  documents.filter((document) => document._type === 'article').flatMap((article) => (article.body as {markDefs: {reference: {_ref: string}}[]}[]).flatMap((block) => block.markDefs.map((markDef) => markDef.reference._ref)))

/** What every later import must leave: the corrections in place, nothing dangling, nothing of the merged or rejected. */
function expectCorrected(documents: NewsDocument[]): void {
  const ids = new Set(documents.map((document) => document._id))
  expect(ids.has(MERGED)).toBe(false)
  expect(ids.has(REJECTED)).toBe(false)
  expect(documents.filter((document) => JSON.stringify(document).includes(`"${MERGED}"`) && document._type !== 'entityDecision').map((document) => document._id)).toEqual([])
  expect(documents.filter((document) => JSON.stringify(document).includes(`"${REJECTED}"`) && document._type !== 'entityDecision').map((document) => document._id)).toEqual([])
  expect(documents.find((document) => document._id === SURVIVOR)?.aliases).toEqual(expect.arrayContaining(['Armen Sarkissian', 'Sarkissian']))
  expect(documents.filter((document) => document._type === 'organization' && /Keamanan Bersama|CSTO/i.test(`${String(document.name)} ${String(document.acronym)}`))).toEqual([])
  expect(mentionsOf(documents)).toContain(SURVIVOR)
  expect(danglingReferences(documents)).toEqual([])
  // The text stays: the mention is gone, the words are there.
  const bodies = documents.filter((document) => document._type === 'article').map((article) => JSON.stringify(article.body))
  expect(bodies.filter((body) => body.includes('Pakta Pertahanan Keamanan Bersama')).length).toBeGreaterThanOrEqual(1)
}

async function importInto(target: Target, inputs: BatchInput[]) {
  try {
    return await runImport(inputs, target, options)
  } finally {
    target.close()
  }
}

describe('the decisions an import reads', () => {
  it('follow a survivor merged in its turn, link nothing to a deleted survivor, and never hand out a merged id', () => {
    const decision = (entityId: string, survivor: string | undefined, names: string[]): NewsDocument => ({
      _id: `entityDecision-merge-${entityId}`,
      _type: 'entityDecision',
      decision: 'merge',
      entityType: 'person',
      names,
      entityId,
      ...(survivor ? {survivor: {_type: 'reference', _ref: survivor, _weak: true}} : {}),
    })
    const decisions = new EditorDecisions([
      {_id: 'person-c', _type: 'person', name: 'C'},
      decision('person-a', 'person-b', ['A']),
      decision('person-b', 'person-c', ['B']),
      decision('person-x', 'person-gone', ['X']),
      {_id: 'entityDecision-reject-person-jakarta', _type: 'entityDecision', decision: 'reject', entityType: 'person', names: ['Jakarta'], entityId: 'person-jakarta'},
    ])
    expect([decisions.survivorOfName('person', 'a'), decisions.survivorOfName('person', 'B'), decisions.survivorOfName('person', 'X')]).toEqual(['person-c', 'person-c', undefined])
    expect([...decisions.redirects()]).toEqual([['person-a', 'person-c'], ['person-b', 'person-c']])
    expect(decisions.isMergedId('person-x')).toBe(true)
    expect([decisions.isRejected('person', 'JAKARTA'), decisions.isRejected('organization', 'Jakarta')]).toEqual([true, false])
  })
})

describe('an import of the source article under rejections', () => {
  const reject = (entityType: string, names: string[], entityId: string): NewsDocument => ({
    _id: `entityDecision-reject-${entityId}`,
    _type: 'entityDecision',
    decision: 'reject',
    entityType,
    names,
    entityId,
  })

  it('makes no quote of a rejected speaker, and no publisher, editor or cited source of a rejected name', () => {
    const plain = importBatch([SOURCE], [], options.importedAt)
    const rejected = importBatch(
      [SOURCE],
      [
        reject('person', ['Jens Stoltenberg'], 'person-jens-stoltenberg'),
        reject('organization', ['Warta Ekonomi'], 'organization-warta-ekonomi'),
        reject('person', ['Muhammad Syahrianto'], 'person-muhammad-syahrianto'),
        reject('organization', ['Anadolu Agency'], 'organization-anadolu-agency'),
      ],
      options.importedAt,
    )
    const types = (batch: typeof plain) => batch.documents.map((document) => document._type)
    expect(types(plain).filter((type) => type === 'quote')).toHaveLength(2)
    expect(types(rejected).filter((type) => type === 'quote')).toHaveLength(0)
    const ids = new Set(rejected.documents.map((document) => document._id))
    for (const id of ['person-jens-stoltenberg', 'organization-warta-ekonomi', 'person-muhammad-syahrianto', 'organization-anadolu-agency']) expect(ids.has(id), id).toBe(false)
    const article = rejected.documents.find((document) => document._type === 'article')!
    expect([article.publisher, article.editor]).toEqual([undefined, undefined])
    expect((article.citedSources as {_ref: string}[]).map((source) => source._ref)).toEqual(['organization-viva-militer'])
    expect(danglingReferences(rejected.documents)).toEqual([])
    expect(rejected.decisions).toEqual({linked: 0, rejected: 4, mentionsLeftPlain: expect.any(Number), quotesSkipped: 2})
    expect(rejected.decisions.mentionsLeftPlain).toBeGreaterThanOrEqual(2)
    // The text is the same, less the mentions.
    const text = (batch: typeof plain) => JSON.stringify((batch.documents.find((document) => document._type === 'article')!.body as {children: {text: string}[]}[]).map((block) => block.children.map((span) => span.text).join('')))
    expect(text(rejected)).toBe(text(plain))
  })
})

describe('a later import honours the editors’ merge and rejection', () => {
  it('into the local dataset: links the merged name to the survivor, makes nothing of the rejected one, and keeps the corrected documents its own', async () => {
    const path = join(dirs.make(), 'production.ndjson')
    await importInto(await LocalTarget.open(path, {write: true}), [SOURCE])
    const before = readDataset(path) as NewsDocument[]
    expect(before.map((document) => document._id)).toEqual(expect.arrayContaining([MERGED, SURVIVOR, REJECTED]))
    const studio = await servers.startOn(path)
    await correct(studio.client)
    await studio.server.close()
    expectCorrected(readDataset(path) as NewsDocument[])

    const again = await importInto(await LocalTarget.open(path, {write: true}), [SOURCE, LATER])
    expectCorrected(readDataset(path) as NewsDocument[])
    // The documents the corrections changed were the importer's and stay so: none is "left as edited".
    expect(again.written!.outcomes.filter((outcome) => outcome.action === 'keep-edited').map((outcome) => outcome.document._id)).toEqual([])
    expect(again.batch.decisions.linked).toBeGreaterThanOrEqual(2)
    expect(again.batch.decisions.rejected).toBeGreaterThanOrEqual(2)
    expect(again.batch.decisions.mentionsLeftPlain).toBeGreaterThanOrEqual(2)

    // The command's report says so; a third run, later, changes nothing.
    const text = readFileSync(path)
    const third = await importLocal(path, [SOURCE], {importedAt: later()})
    const run = reportOf(third, third.target, 1)
    expect(run.stdout, run.stdout).toMatch(/^Editors' decisions: [1-9]\d* name\(s\) linked to what they were merged into; [1-9]\d* rejected name\(s\) not made \([1-9]\d* mention\(s\) left as plain text, 0 quote\(s\) skipped\)\.$/m)
    expect(run.stdout, run.stdout).not.toMatch(/created|updated|left as edited/)
    expect(readFileSync(path).equals(text)).toBe(true)
  })

  it('into a Sanity dataset (@sanity/client against the local server): the same', async () => {
    const server = await servers.start()
    const target = () => new SanityTarget({projectId: 'local', dataset: 'production', token: SANITY_TOKEN, apiHost: server.server.url})
    await importInto(target(), [SOURCE])
    await correct(server.client)
    const again = await importInto(target(), [SOURCE, LATER])
    expect(again.written!.unverified).toEqual([])
    const documents = await server.client.fetch<NewsDocument[]>('*', {}, {perspective: 'raw'})
    expectCorrected(documents)
    expect(again.written!.outcomes.filter((outcome) => outcome.action === 'keep-edited' || outcome.action === 'failed')).toEqual([])
    expect(again.batch.decisions.linked).toBeGreaterThanOrEqual(2)
    expect(again.batch.decisions.rejected).toBeGreaterThanOrEqual(2)
    const third = await importInto(target(), [SOURCE, LATER])
    expect(new Set(third.written!.outcomes.map((outcome) => outcome.action))).toEqual(new Set(['unchanged']))
  })
})
