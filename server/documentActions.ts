import type {StoredDocument} from '../dataset/documentStore'
import {ApiError, badRequest, mutationError, quoted, type MutationErrorItem} from './errors'
import {DRAFTS_PREFIX, isDraftId, publishedIdOf} from './perspective'
import {applyTransaction, type DatasetReader, type MutationResult, type TransactionOutcome} from './transaction'

/**
 * Sanity's Actions API (`POST /data/actions/{dataset}`), which the Studio uses for every edit: each action is
 * translated into the mutations that have its effect on the dataset as the previous actions left it, and applied
 * with applyTransaction, so patches, revisions and reference checks work as for `mutate`. All the actions of a
 * request are one transaction: every one applies, or none.
 *
 * - `create`: a new draft from `attributes` (`ifExists: "ignore"` keeps an existing one).
 * - `edit`: patches the draft, first copying it from the published document if there is no draft yet.
 * - `publish`: the draft replaces the published document (same id without `drafts.`) and the draft goes;
 *   `ifPublishedRevisionId` / `ifDraftRevisionId` guard against publishing over a change not seen.
 * - `unpublish`: the published document goes; its content stays as the draft (an existing draft wins).
 * - `discard` and `version.discard`: the draft goes. `delete`: the published document and the drafts listed.
 * - `replaceDraft`: the draft becomes `attributes`.
 * Release versions (`versions.*`) and variants are not supported.
 */
export interface ActionsRequest {
  actions: unknown[]
  transactionId: string
  now: string
}

type Mutation = Record<string, unknown>
type Fail = (status: number, type: string, description: string) => never

export function applyActions(dataset: DatasetReader, request: ActionsRequest): TransactionOutcome {
  const changes = new Map<string, StoredDocument | null>()
  const results: MutationResult[] = []
  const current: DatasetReader = {
    get: (id) => (changes.has(id) ? (changes.get(id) ?? undefined) : dataset.get(id)),
    *all() {
      for (const document of dataset.all()) if (!changes.has(document._id)) yield document
      for (const document of changes.values()) if (document) yield document
    },
  }
  request.actions.forEach((action, index) => {
    const fail: Fail = (status, type, description) => {
      throw mutationError(status, [{index, error: {type, description}}])
    }
    const mutations = mutationsFor(action, current, fail)
    let outcome: TransactionOutcome
    try {
      outcome = applyTransaction(current, {mutations, transactionId: request.transactionId, now: request.now, autoGenerateArrayKeys: true})
    } catch (error) {
      throw asActionError(error, index)
    }
    for (const [id, document] of outcome.changes) changes.set(id, document)
    results.push(...outcome.results)
  })
  return {changes, results}
}

function mutationsFor(action: unknown, dataset: DatasetReader, fail: Fail): Mutation[] {
  if (!isObject(action) || typeof action.actionType !== 'string') return fail(400, 'invalidActionError', 'Each action must be an object with an "actionType"')
  const type = action.actionType.replace(/^sanity\.action\.document\./, '')
  const draftIdOf = (publishedId: string) => `${DRAFTS_PREFIX}${publishedId}`

  switch (type) {
    case 'create': {
      const publishedId = stringField(action, 'publishedId', fail)
      if (!isObject(action.attributes)) return fail(400, 'invalidActionError', 'create needs "attributes", the new document')
      const draft = {...action.attributes, _id: action.attributes._id ?? draftIdOf(publishedId)}
      if (draft._id !== draftIdOf(publishedId)) return fail(400, 'invalidActionError', `create makes the draft ${quoted(draftIdOf(publishedId))}, not ${quoted(String(draft._id))}`)
      return [action.ifExists === 'ignore' ? {createIfNotExists: draft} : {create: draft}]
    }
    case 'edit': {
      const {draftId, publishedId} = pair(action, fail)
      if (!isObject(action.patch)) return fail(400, 'invalidActionError', 'edit needs a "patch"')
      const draft = dataset.get(draftId)
      const published = dataset.get(publishedId)
      if (!draft && !published) return fail(409, 'documentNotFoundError', `Cannot edit ${quoted(publishedId)}: neither it nor its draft exists`)
      const start = draft ? [] : [{create: {...published, _id: draftId}}]
      return [...start, {patch: {...action.patch, id: draftId}}]
    }
    case 'publish': {
      const {draftId, publishedId} = pair(action, fail)
      const draft = dataset.get(draftId)
      const published = dataset.get(publishedId)
      if (!draft) return fail(409, 'documentNotFoundError', `Cannot publish ${quoted(publishedId)}: it has no draft`)
      checkRevision(action.ifDraftRevisionId, draft, fail)
      if (action.ifPublishedRevisionId !== undefined && action.ifPublishedRevisionId !== null) checkRevision(action.ifPublishedRevisionId, published, fail)
      const createdAt = published?._createdAt ?? draft._createdAt
      const isPublished = (id: string) => dataset.get(id) !== undefined
      return [{createOrReplace: {...strengthened(draft, isPublished), _id: publishedId, _createdAt: createdAt}}, {delete: {id: draftId}}]
    }
    case 'unpublish': {
      const {draftId, publishedId} = pair(action, fail)
      const published = dataset.get(publishedId)
      if (!published) return fail(409, 'documentNotFoundError', `Cannot unpublish ${quoted(publishedId)}: it is not published`)
      return [{createIfNotExists: {...published, _id: draftId}}, {delete: {id: publishedId}}]
    }
    case 'discard':
    case 'version.discard': {
      const draftId = stringField(action, type === 'discard' ? 'draftId' : 'versionId', fail)
      if (!isDraftId(draftId)) return fail(400, 'invalidActionError', `${type} takes a draft id ("drafts.…"); release versions are not supported here`)
      if (!dataset.get(draftId)) return fail(409, 'documentNotFoundError', `Cannot discard ${quoted(draftId)}: there is no such draft`)
      return [{delete: {id: draftId}}]
    }
    case 'delete': {
      const publishedId = stringField(action, 'publishedId', fail)
      const drafts = Array.isArray(action.includeDrafts) ? action.includeDrafts : []
      if (!drafts.every((id) => typeof id === 'string' && publishedIdOf(id) === publishedId)) {
        return fail(400, 'invalidActionError', `"includeDrafts" may only name drafts of ${quoted(publishedId)}`)
      }
      return [publishedId, ...(drafts as string[])].map((id) => ({delete: {id}}))
    }
    case 'replaceDraft': {
      const publishedId = stringField(action, 'publishedId', fail)
      if (!isObject(action.attributes)) return fail(400, 'invalidActionError', 'replaceDraft needs "attributes", the new draft')
      return [{createOrReplace: {...action.attributes, _id: draftIdOf(publishedId)}}]
    }
    default:
      return fail(400, 'unsupportedActionError', `Action ${quoted(action.actionType)} is not supported by the local server (releases and variants are not)`)
  }
}

function pair(action: Record<string, unknown>, fail: Fail): {draftId: string; publishedId: string} {
  const draftId = stringField(action, 'draftId', fail)
  const publishedId = stringField(action, 'publishedId', fail)
  if (draftId !== `${DRAFTS_PREFIX}${publishedId}`) return fail(400, 'invalidActionError', `${quoted(draftId)} is not the draft of ${quoted(publishedId)}`)
  return {draftId, publishedId}
}

function checkRevision(expected: unknown, document: StoredDocument | undefined, fail: Fail): void {
  if (expected === undefined || expected === null) return
  if (document?._rev !== expected) {
    fail(409, 'documentRevisionIDDoesNotMatchError', `${quoted(document?._id ?? 'the document')} has changed since revision ${quoted(String(expected))}; reload and try again`)
  }
}

/**
 * A reference the editor made to a document not yet published is weak, marked `_strengthenOnPublish`; publishing
 * makes it strong once its target is published, as Sanity does (until then it stays weak, and marked).
 */
function strengthened(document: StoredDocument, isPublished: (id: string) => boolean): StoredDocument {
  const visitObject = (node: Record<string, unknown>): Record<string, unknown> => {
    const copy = Object.fromEntries(Object.entries(node).map(([key, field]) => [key, visit(field)]))
    if ('_strengthenOnPublish' in copy && typeof copy._ref === 'string' && isPublished(copy._ref)) {
      delete copy._strengthenOnPublish
      delete copy._weak
    }
    return copy
  }
  const visit = (node: unknown): unknown => (Array.isArray(node) ? node.map(visit) : isObject(node) ? visitObject(node) : node)
  // `_id` and `_type` are strings, which the visit leaves as they are (and where they are).
  return {...visitObject(document), _id: document._id, _type: document._type}
}

function stringField(action: Record<string, unknown>, name: string, fail: Fail): string {
  const value = action[name]
  if (typeof value !== 'string' || value === '') return fail(400, 'invalidActionError', `${String(action.actionType)} needs "${name}"`)
  return value
}

/** A mutation error names the mutation's index; the client sent actions, so it names the action's. */
function asActionError(error: unknown, index: number): unknown {
  if (!(error instanceof ApiError) || !Array.isArray(error.body.items)) return error
  const items = (error.body.items as MutationErrorItem[]).map((item) => ({...item, index}))
  return mutationError(error.status, items)
}

/** The body of an actions request: `{"actions": [...] | {...}, "transactionId"?, "dryRun"?}`. */
export function readActionsBody(body: unknown): {actions: unknown[]; transactionId?: string; dryRun: boolean} {
  if (!isObject(body) || body.actions === undefined) throw badRequest('Request body must be a JSON object with "actions"')
  const actions = Array.isArray(body.actions) ? body.actions : [body.actions]
  if (actions.length === 0) throw badRequest('"actions" is empty')
  const {transactionId} = body
  if (transactionId !== undefined && (typeof transactionId !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(transactionId))) {
    throw badRequest('"transactionId" must be a string of letters, digits, ".", "_" and "-"')
  }
  return {actions, transactionId, dryRun: body.dryRun === true}
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
