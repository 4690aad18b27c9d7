import {closeSync, fstatSync, openSync, readSync} from 'node:fs'

import {ImportError} from '../model/errors'

/** Sizes for messages: `2 MB`, `256 MB`. */
export const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`

/**
 * Reads a file the user named, at most `limit` bytes: reading stops as soon as the file proves larger, so a device
 * (`/dev/zero`), a pipe or a huge file never fills memory. Every failure is one ImportError line naming the path.
 */
export function readInput(path: string, limit: number, what = 'file'): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw new ImportError(`${path}: ${openProblem(error as NodeJS.ErrnoException)}`)
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new ImportError(`${path}: is a directory; give a text file (or --csv FILE)`)
    const chunks: Buffer[] = []
    let size = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - size))
      const read = readSync(fd, chunk, 0, chunk.length, null)
      if (read === 0) break
      chunks.push(chunk.subarray(0, read))
      size += read
      if (size > limit) throw new ImportError(`${path}: the ${what} is over the ${megabytes(limit)} limit (${limit} bytes); nothing was read past it`)
    }
    return Buffer.concat(chunks, size)
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  } finally {
    closeSync(fd)
  }
}

function openProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file'
    case 'ELOOP':
      return 'is a symlink loop; point it at a file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOTDIR':
      return 'a part of the path is not a directory'
    default:
      return `cannot be opened (${error.code ?? error.message})`
  }
}
