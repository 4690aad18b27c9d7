import type {validateDocuments} from '../dataset/validateDocuments'

export type Validate = typeof validateDocuments

/**
 * The validator, loaded when it is first needed: it brings the schema, @sanity/schema and @sanity/validation
 * (date-fns, lodash, i18next), most of a second of module loading. A run that writes nothing never loads it; a run
 * whose texts are read in worker threads and that will write loads it meanwhile (runImport).
 */
export function loadValidator(): Promise<Validate> {
  const loading = import('../dataset/validateDocuments').then((module) => module.validateDocuments)
  // Awaited only when there is something to validate; a failure to load is reported then, not as an unhandled rejection.
  loading.catch(() => {})
  return loading
}
