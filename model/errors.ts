/** A problem with the input that the user can act on; its message is one line naming the input and what is wrong. */
export class ImportError extends Error {
  override name = 'ImportError'
}

/** A reason the server cannot start (port in use, bad option); its message is one line a user can act on. */
export class StartupError extends Error {
  override name = 'StartupError'
}
