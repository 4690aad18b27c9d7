/**
 * An editor's two corrections of the importer as one transaction each, planned from the documents involved: pure
 * (no Node module, no React, no client), so the Studio's actions send what it plans and the tests check it.
 *
 * - **Merge** one person or organization into another: every reference to it, in every document that holds one
 *   (drafts and release versions included), moves to the survivor; the merged one's names become the survivor's
 *   aliases (its roles and sameAs go along); the merged document and its draft are deleted; a decision records it.
 * - **Reject** one ("not a person"): the mention annotations to it leave the article bodies (the text stays); the
 *   document is deleted when nothing else refers to it; a decision records the names so no import makes them again.
 *
 * A document the importer owned (its `importFingerprint` matched its content) is stamped with the fingerprint of
 * its corrected content: the importer applies the same decision itself, so the document stays the importer's.
 */
import {canonicalJson} from '../model/canonicalJson'
import {pathString, referencesIn, type PathSegment, type ReferenceSite, type SchemaLike} from './referenceSites'

export interface Doc {
  _id: string
  _type: string
  _rev?: string
  [field: string]: unknown
}

/** A mutation as @sanity/client's `mutate()` and the HTTP API take it. */
export type Mutation =
  | {patch: {id: string; ifRevisionID?: string; set?: Record<string, unknown>; unset?: string[]}}
  | {delete: {id: string}}
  | {createOrReplace: Doc}

/** What a correction changes in one kind of document, for the editor to read before confirming. */
export interface ChangeCount {
  documentType: string
  /** How many documents of this type change. */
  documents: number
  /** References moved (merge) or mentions removed (reject), by the field they sit in ("Body", "Speaker"). */
  fields: Record<string, number>
}

export interface CorrectionPlan {
  mutations: Mutation[]
  counts: ChangeCount[]
  /** Each document as the transaction leaves it (null: deleted), for tests and for stamping. */
  after: Map<string, Doc | null>
  /** Why the correction cannot be made; when any, nothing may be sent. */
  problems: string[]
  /** The rejected document stays (something other than a mention refers to it): what refers to it. */
  kept?: ChangeCount[]
  decision: Doc
}

/** The fingerprint of a document's canonical JSON (sha256, the first 32 hex digits), as dataset/fingerprint.ts. */
export type Hash = (json: string) => Promise<string>

/** SHA-256 by Web Crypto: in the browser and in Node alike. */
export const webHash: Hash = async (json) => {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(json))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('').slice(0, 32)
}

export interface Versions {
  published?: Doc | null
  draft?: Doc | null
}

export interface CorrectionContext {
  schema: SchemaLike
  /** Every document (published, drafts, versions) that references the corrected one: `*[references($id)]`, raw. */
  referrers: readonly Doc[]
  /** ISO time of the decision. */
  now: string
  /** Who decided, as the Studio names the user. */
  user?: string
  hash?: Hash
}

const publishedId = (id: string) => id.replace(/^(drafts|versions\.[^.]+)\./, '')
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [])
const nameOf = (document: Doc | null | undefined) => (typeof document?.name === 'string' ? document.name : undefined)

/** The names a person or organization goes by: name, acronym, aliases. */
export function namesOf(document: Doc): string[] {
  const names = [nameOf(document), typeof document.acronym === 'string' ? document.acronym : undefined, ...strings(document.aliases)]
  return [...new Set(names.filter((name): name is string => Boolean(name?.trim())))]
}

export const decisionId = (decision: 'merge' | 'reject', entityId: string) => `entityDecision-${decision}-${entityId}`

/** Plans the merge of `merged` into `survivor` (both the same type); `problems` says why it cannot be done. */
export async function planMerge(merged: Versions, survivor: Versions, context: CorrectionContext): Promise<CorrectionPlan> {
  const mergedDoc = merged.draft ?? merged.published
  const survivorDoc = survivor.published ?? survivor.draft
  if (!mergedDoc || !survivorDoc) throw new Error('planMerge needs the merged and the surviving document')
  const fromId = publishedId(mergedDoc._id)
  const toId = publishedId(survivorDoc._id)
  const problems: string[] = []
  const label = (document: Doc) => `${nameOf(document) ?? document._id}`
  if (fromId === toId) problems.push('A document cannot be merged into itself.')
  if (mergedDoc._type !== survivorDoc._type) problems.push(`${label(mergedDoc)} is a ${mergedDoc._type} and ${label(survivorDoc)} a ${survivorDoc._type}: only two of one type can be merged.`)
  if (!survivor.published) problems.push(`${label(survivorDoc)} is not published: publish it first, so that references can point at it.`)

  const after = new Map<string, Doc | null>()
  const counts = new Counts()
  const mutations: Mutation[] = []
  const survivorIds = new Set([toId, `drafts.${toId}`])
  const mergedIds = new Set([fromId, `drafts.${fromId}`])

  for (const referrer of context.referrers) {
    if (mergedIds.has(referrer._id)) continue
    const {sites, undeclared} = referencesIn(referrer, context.schema)
    for (const stray of undeclared.filter((found) => found.ref === fromId)) {
      problems.push(`${referrer._id} refers to ${fromId} at ${pathString(stray.path) || 'its top level'}, where the schema declares no reference: it cannot be moved (fix or remove it first).`)
    }
    const moving = sites.filter((site) => site.ref === fromId)
    if (moving.length === 0) continue
    for (const site of moving) {
      if (!site.to.includes(survivorDoc._type)) problems.push(`${referrer._id}: ${site.fieldTitle} cannot refer to a ${survivorDoc._type}, so its reference cannot be moved.`)
      if (survivorIds.has(referrer._id)) {
        problems.push(`${label(survivorDoc)} refers to ${label(mergedDoc)} in ${site.fieldTitle}: merged, it would refer to itself. Change that field first.`)
      }
    }
    let document = structuredClone(referrer)
    const set: Record<string, unknown> = {}
    const unset: string[] = []
    // Items of one array that already point at the survivor: a moved one would repeat it.
    const taken = new Set(sites.filter((site) => site.arrayItem && site.ref === toId).map((site) => pathString(site.path.slice(0, -1))))
    for (const site of moving) {
      const list = pathString(site.path.slice(0, -1))
      if (site.arrayItem && taken.has(list)) {
        unset.push(pathString(site.path))
        document = removeAt(document, site.path)
      } else {
        if (site.arrayItem) taken.add(list)
        set[`${pathString(site.path)}._ref`] = toId
        document = setAt(document, [...site.path, '_ref'], toId)
      }
      counts.add(referrer._type, referrer._id, site.fieldTitle)
    }
    if (survivorIds.has(referrer._id)) continue
    await stampIfOwned(referrer, document, set, context.hash)
    after.set(referrer._id, document)
    mutations.push({patch: {id: referrer._id, ...revision(referrer), ...(Object.keys(set).length > 0 ? {set} : {}), ...(unset.length > 0 ? {unset} : {})}})
  }

  // The survivor (and its draft) gather the merged one's names, roles and identifiers.
  const names = namesOf(mergedDoc).filter((name) => name !== nameOf(survivorDoc))
  for (const version of [survivor.published, survivor.draft]) {
    if (!version) continue
    const gathered = gather(version, mergedDoc)
    const set: Record<string, unknown> = {}
    for (const field of ['aliases', 'roles', 'sameAs', 'description'] as const) {
      if (canonicalJson(gathered[field]) !== canonicalJson(version[field]) && gathered[field] !== undefined) set[field] = gathered[field]
    }
    await stampIfOwned(version, gathered, set, context.hash)
    after.set(version._id, gathered)
    if (Object.keys(set).length > 0) mutations.push({patch: {id: version._id, ...revision(version), set}})
  }

  const decision: Doc = {
    _id: decisionId('merge', fromId),
    _type: 'entityDecision',
    decision: 'merge',
    entityType: mergedDoc._type,
    names: names.length > 0 ? names : [fromId],
    entityId: fromId,
    survivor: {_type: 'reference', _ref: toId, _weak: true},
    decidedAt: context.now,
    ...(context.user ? {decidedBy: context.user} : {}),
  }
  mutations.push({createOrReplace: decision})
  after.set(decision._id, decision)
  for (const version of [merged.draft, merged.published]) {
    if (!version) continue
    mutations.push({delete: {id: version._id}})
    after.set(version._id, null)
  }
  return {mutations, counts: counts.list(), after, problems: [...new Set(problems)], decision}
}

/** Plans "not a person" / "not an organization" of `entity`: mentions removed, the document deleted if nothing else refers to it. */
export async function planRejection(entity: Versions, context: CorrectionContext): Promise<CorrectionPlan> {
  const entityDoc = entity.draft ?? entity.published
  if (!entityDoc) throw new Error('planRejection needs the rejected document')
  const id = publishedId(entityDoc._id)
  const ownIds = new Set([id, `drafts.${id}`])
  const after = new Map<string, Doc | null>()
  const counts = new Counts()
  const kept = new Counts()
  const mutations: Mutation[] = []

  for (const referrer of context.referrers) {
    if (ownIds.has(referrer._id)) continue
    const {sites, undeclared} = referencesIn(referrer, context.schema)
    for (const stray of undeclared.filter((found) => found.ref === id)) kept.add(referrer._type, referrer._id, pathString(stray.path))
    const here = sites.filter((site) => site.ref === id)
    for (const site of here.filter((candidate) => !candidate.annotation)) kept.add(referrer._type, referrer._id, site.fieldTitle)
    const mentions = here.filter((site): site is ReferenceSite & {annotation: NonNullable<ReferenceSite['annotation']>} => site.annotation !== undefined)
    if (mentions.length === 0) continue
    let document = structuredClone(referrer)
    const set: Record<string, unknown> = {}
    const byBlock = new Map<string, {path: PathSegment[]; keys: Set<string>}>()
    for (const site of mentions) {
      const key = pathString(site.annotation.blockPath)
      const entry = byBlock.get(key) ?? {path: site.annotation.blockPath, keys: new Set<string>()}
      entry.keys.add(site.annotation.markKey)
      byBlock.set(key, entry)
      counts.add(referrer._type, referrer._id, site.fieldTitle)
    }
    for (const [key, {path, keys}] of byBlock) {
      const block = withoutAnnotations(valueAt(document, path) as Record<string, unknown>, keys)
      set[key] = block
      document = setAt(document, path, block)
    }
    await stampIfOwned(referrer, document, set, context.hash)
    after.set(referrer._id, document)
    mutations.push({patch: {id: referrer._id, ...revision(referrer), set}})
  }

  const keptCounts = kept.list()
  if (keptCounts.length === 0) {
    for (const version of [entity.draft, entity.published]) {
      if (!version) continue
      mutations.push({delete: {id: version._id}})
      after.set(version._id, null)
    }
  }
  const decision: Doc = {
    _id: decisionId('reject', id),
    _type: 'entityDecision',
    decision: 'reject',
    entityType: entityDoc._type,
    names: namesOf(entityDoc).length > 0 ? namesOf(entityDoc) : [id],
    entityId: id,
    decidedAt: context.now,
    ...(context.user ? {decidedBy: context.user} : {}),
  }
  mutations.push({createOrReplace: decision})
  after.set(decision._id, decision)
  return {mutations, counts: counts.list(), after, problems: [], kept: keptCounts, decision}
}

/** The survivor with the merged one's names as aliases, and its roles, sameAs and (when it has none) description. */
function gather(survivor: Doc, merged: Doc): Doc {
  const own = new Set([nameOf(survivor), typeof survivor.acronym === 'string' ? survivor.acronym : undefined].filter(Boolean))
  const aliases = [...new Set([...strings(survivor.aliases), ...namesOf(merged)])].filter((alias) => !own.has(alias))
  const result: Doc = {...survivor}
  if (aliases.length > 0) result.aliases = aliases
  if (Array.isArray(merged.roles) && merged.roles.length > 0) {
    const roles = [...((survivor.roles as Record<string, unknown>[] | undefined) ?? [])]
    const identity = (role: Record<string, unknown>) => canonicalJson({...role, _key: undefined})
    const seen = new Set(roles.map(identity))
    const keys = new Set(roles.map((role) => role._key))
    for (const role of merged.roles as Record<string, unknown>[]) {
      if (seen.has(identity(role))) continue
      let key = String(role._key ?? 'role')
      for (let n = 2; keys.has(key); n++) key = `${String(role._key ?? 'role')}-${n}`
      keys.add(key)
      seen.add(identity(role))
      roles.push({...role, _key: key})
    }
    result.roles = roles
  }
  const sameAs = [...new Set([...strings(survivor.sameAs), ...strings(merged.sameAs)])]
  if (sameAs.length > 0) result.sameAs = sameAs
  if (!survivor.description && typeof merged.description === 'string' && merged.description) result.description = merged.description
  return result
}

/** A block without the given annotations: their marks leave the spans, and spans left alike are joined (text unchanged). */
export function withoutAnnotations(block: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  const markDefs = ((block.markDefs as {_key?: string}[] | undefined) ?? []).filter((markDef) => !keys.has(String(markDef._key)))
  const children: Record<string, unknown>[] = []
  for (const child of (block.children as Record<string, unknown>[] | undefined) ?? []) {
    const next: Record<string, unknown> = Array.isArray(child.marks) ? {...child, marks: (child.marks as string[]).filter((mark) => !keys.has(mark))} : {...child}
    const previous = children[children.length - 1]
    if (previous && previous._type === 'span' && next._type === 'span' && canonicalJson(previous.marks ?? []) === canonicalJson(next.marks ?? [])) {
      previous.text = `${String(previous.text ?? '')}${String(next.text ?? '')}`
    } else children.push(next)
  }
  return {...block, markDefs, children}
}

/** The new fingerprint goes with the change when the document was the importer's as it stood. */
async function stampIfOwned(before: Doc, after: Doc, set: Record<string, unknown>, hash: Hash = webHash): Promise<void> {
  if (typeof before.importFingerprint !== 'string') return
  if ((await hash(canonicalJson(before))) !== before.importFingerprint) return
  const stamp = await hash(canonicalJson(after))
  after.importFingerprint = stamp
  set.importFingerprint = stamp
}

const revision = (document: Doc) => (document._rev ? {ifRevisionID: document._rev} : {})

class Counts {
  private readonly byType = new Map<string, {documents: Set<string>; fields: Record<string, number>}>()
  add(documentType: string, documentId: string, field: string): void {
    const entry = this.byType.get(documentType) ?? {documents: new Set<string>(), fields: {}}
    entry.documents.add(documentId)
    entry.fields[field] = (entry.fields[field] ?? 0) + 1
    this.byType.set(documentType, entry)
  }
  list(): ChangeCount[] {
    return [...this.byType].map(([documentType, {documents, fields}]) => ({documentType, documents: documents.size, fields}))
  }
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let at = value
  for (const segment of path) {
    if (at === null || typeof at !== 'object') return undefined
    at = typeof segment === 'object' ? (at as {_key?: string}[]).find((item) => item?._key === segment._key) : (at as Record<string | number, unknown>)[segment]
  }
  return at
}

/** A copy of `document` with the value at `path` replaced. */
function setAt<T>(document: T, path: readonly PathSegment[], value: unknown): T {
  if (path.length === 0) return value as T
  const [head, ...rest] = path
  if (Array.isArray(document)) {
    const index = typeof head === 'object' ? document.findIndex((item) => (item as {_key?: string})?._key === head!._key) : (head as number)
    const copy = [...document]
    copy[index] = setAt(copy[index], rest, value)
    return copy as T
  }
  const object = (document ?? {}) as Record<string, unknown>
  return {...object, [head as string]: setAt(object[head as string], rest, value)} as T
}

/** A copy of `document` without the array item at `path`. */
function removeAt<T>(document: T, path: readonly PathSegment[]): T {
  const parent = path.slice(0, -1)
  const last = path[path.length - 1]!
  const items = valueAt(document, parent) as unknown[]
  const kept = items.filter((item, index) => (typeof last === 'object' ? (item as {_key?: string})?._key !== last._key : index !== last))
  return setAt(document, parent, kept)
}
