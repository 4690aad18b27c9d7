import type {DocumentValidationMarker} from '@sanity/validation'
import {evaluateDocumentInternal, getFallbackLocaleSource} from '@sanity/validation/_internal'
import type {SanityDocument} from '@sanity/types'

import {DocumentStore, type StoredDocument} from './documentStore'
import {createMemoryClient} from './memoryClient'
import {compiledSchema} from './schema'
import {validateDirectly} from './validation/validateDirectly'

const CONCURRENCY = 32

export interface DocumentProblem {
  documentId: string
  /** The field path, e.g. `body[_key=="p3"].children` or `speaker`. */
  path: string
  message: string
  level: DocumentValidationMarker['level']
}

/**
 * Validates documents against the content model as the Studio would, with every rule evaluated: references
 * and custom rules are checked against `documents` together with `existing` (what the dataset already holds).
 * The schema's rules are compiled into direct checks (dataset/validation/), which give the same problems in the
 * same order as @sanity/validation (test/validationEquality.test.ts) at a small fraction of its cost.
 */
export async function validateDocuments(
  documents: readonly StoredDocument[],
  existing: readonly StoredDocument[] = [],
  onProgress?: (done: number) => void,
  schema: typeof compiledSchema = compiledSchema,
): Promise<DocumentProblem[]> {
  const markers = await validateDirectly(documents, existing, schema, onProgress)
  return documents.flatMap((document, index) =>
    markers[index]!.map((marker) => ({documentId: document._id, path: formatPath(marker.path), message: marker.message, level: marker.level})),
  )
}

/**
 * The same validation through @sanity/validation itself (`evaluateDocumentInternal`, environment 'studio', over
 * an in-memory GROQ client): the reference the direct validator is held equal to.
 */
export async function validateDocumentsWithSanity(
  documents: readonly StoredDocument[],
  existing: readonly StoredDocument[] = [],
  onProgress?: (done: number) => void,
  schema: typeof compiledSchema = compiledSchema,
): Promise<DocumentProblem[]> {
  const world = new DocumentStore(existing)
  for (const document of documents) world.put(document)
  const client = createMemoryClient(world)
  const problems: DocumentProblem[] = []
  const validate = async (document: StoredDocument): Promise<DocumentProblem[]> => {
    // The 'studio' environment gives every rule the level an editor sees; 'cli' turns object-field rules
    // (slug uniqueness among them) into warnings.
    const result = await evaluateDocumentInternal({
      document: document as SanityDocument,
      schema,
      environment: 'studio',
      i18n: getFallbackLocaleSource(),
      getClient: () => client as never,
      getDocumentExists: async ({id}) => world.get(id) !== undefined,
    })
    const found = result.markers.map((marker) => ({
      documentId: document._id,
      path: formatPath(marker.path),
      message: marker.message,
      level: marker.level,
    }))
    if (result.status === 'notEvaluated') {
      found.push({documentId: document._id, path: '', message: 'validation could not be evaluated', level: 'error'})
    }
    return found
  }
  // Validation waits on timers between rules; a few documents at once keep the CPU busy meanwhile (many at once
  // only feed the garbage collector).
  const results: DocumentProblem[][] = new Array(documents.length)
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < documents.length) {
      const at = next++
      results[at] = await validate(documents[at]!)
      onProgress?.(++done)
    }
  }
  await Promise.all(Array.from({length: Math.min(CONCURRENCY, documents.length)}, worker))
  for (const found of results) problems.push(...found)
  return problems
}

/** A marker's path as problems carry it: `body[_key=="p3"].children[0].text`. */
export function formatPath(path: DocumentValidationMarker['path']): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'string') return index === 0 ? segment : `.${segment}`
      if (typeof segment === 'number') return `[${segment}]`
      if (segment && typeof segment === 'object' && '_key' in segment) return `[_key=="${segment._key}"]`
      return `[${JSON.stringify(segment)}]`
    })
    .join('')
}
