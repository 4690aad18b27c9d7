import {defineField} from '@sanity/types'

/**
 * Hidden on every document type: the importer's hash of a document as it last wrote it. When an editor changes the
 * document the hash no longer matches, and a later import leaves the editor's version alone.
 */
export const importFingerprintField = defineField({
  name: 'importFingerprint',
  title: 'Import fingerprint',
  type: 'string',
  hidden: true,
  readOnly: true,
})
