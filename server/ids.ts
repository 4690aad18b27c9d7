import {randomBytes} from 'node:crypto'

/** Sanity document ids: letters, digits, `_`, `-` and `.` (a `.` makes a path such as `drafts.x`), at most 128. */
const ID_CHARACTERS = /^[A-Za-z0-9._-]+$/
export const MAX_ID_LENGTH = 128

/** Why `id` is not a usable document id, or undefined when it is. */
export function idProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'document ID must be a string'
  if (id.length === 0) return 'document ID is empty'
  if (id.length > MAX_ID_LENGTH) return `document ID is longer than ${MAX_ID_LENGTH} characters`
  if (!ID_CHARACTERS.test(id)) return 'document ID may contain only a-z, A-Z, 0-9, ".", "_" and "-"'
  if (id.startsWith('-')) return 'document ID may not start with "-"'
  // Path segments may not be empty: ".x", "a..b" and "a." name no document.
  if (id.startsWith('.') || id.endsWith('.') || id.includes('..')) return 'document ID has an empty path segment'
  return undefined
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A random 22-character id in the alphabet Sanity uses for generated ids, revisions and transactions. */
export function randomId(length = 22): string {
  // 248 = 4 * 62: bytes at or above it would favour the first characters, so they are skipped.
  let id = ''
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && id.length < length) id += BASE62[byte % 62]
    }
  }
  return id
}
