/** A problem with the input that the user can act on; its message is one line naming the input and what is wrong. */
export class ImportError extends Error {
  override name = 'ImportError'
}
