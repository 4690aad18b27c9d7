import type {DocumentValidationMarker} from '@sanity/validation'
import {evaluateDocumentInternal, getFallbackLocaleSource} from '@sanity/validation/_internal'
import type {SanityDocument} from '@sanity/types'

import {createMemoryClient, type StoredDocument} from './memoryClient'
import {compiledSchema} from './schema'

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
 */
export async function validateDocuments(
  documents: readonly StoredDocument[],
  existing: readonly StoredDocument[] = [],
): Promise<DocumentProblem[]> {
  const incoming = new Set(documents.map((doc) => doc._id))
  const world = [...existing.filter((doc) => !incoming.has(doc._id)), ...documents]
  const ids = new Set(world.map((doc) => doc._id))
  const client = createMemoryClient(world)
  const problems: DocumentProblem[] = []
  for (const document of documents) {
    // The 'studio' environment gives every rule the level an editor sees; 'cli' turns object-field rules
    // (slug uniqueness among them) into warnings.
    const result = await evaluateDocumentInternal({
      document: document as SanityDocument,
      schema: compiledSchema,
      environment: 'studio',
      i18n: getFallbackLocaleSource(),
      getClient: () => client as never,
      getDocumentExists: async ({id}) => ids.has(id),
    })
    if (result.status === 'notEvaluated') {
      problems.push({documentId: document._id, path: '', message: 'validation could not be evaluated', level: 'error'})
    }
    for (const marker of result.markers) {
      problems.push({documentId: document._id, path: formatPath(marker.path), message: marker.message, level: marker.level})
    }
  }
  return problems
}

function formatPath(path: DocumentValidationMarker['path']): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'string') return index === 0 ? segment : `.${segment}`
      if (typeof segment === 'number') return `[${segment}]`
      if (segment && typeof segment === 'object' && '_key' in segment) return `[_key=="${segment._key}"]`
      return `[${JSON.stringify(segment)}]`
    })
    .join('')
}
