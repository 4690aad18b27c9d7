import {createHash} from 'node:crypto'

import {ImportError} from '../../model/errors'
import {firstInvalidUtf8Byte} from '../../model/utf8'
import {stripControls} from './controlCharacters'

export const MAX_SOURCE_BYTES = 2 * 1024 * 1024

export interface SourceText {
  /** How the user named the input: a path, or `corpus.csv#id=42`. */
  name: string
  /** The text with BOM removed, line endings normalised to \n, and control characters and escape sequences removed. */
  text: string
  /** SHA-256 of the input bytes exactly as read, so anyone can check it against the file. */
  sha256: string
}

const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

/** Turns the bytes of a news text into normalised text, or says in one line why it cannot. */
export function decodeSource(name: string, bytes: Uint8Array): SourceText {
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new ImportError(`${name}: text is ${bytes.length} bytes, over the ${MAX_SOURCE_BYTES}-byte limit`)
  }
  const utf16 = utf16Problem(bytes)
  if (utf16) throw new ImportError(`${name}: ${utf16}; save it as UTF-8`)
  const nul = bytes.indexOf(0)
  if (nul !== -1) throw new ImportError(`${name}: contains a NUL byte at byte ${nul}; is it a binary file?`)
  let decoded: string
  try {
    decoded = utf8.decode(bytes)
  } catch {
    throw new ImportError(`${name}: not valid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)}`)
  }
  // Line endings first: a lone CR is a line break, not a control character to drop.
  const text = stripControls(decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'))
  if (text.trim() === '') throw new ImportError(`${name}: the text is empty`)
  return {name, text, sha256: createHash('sha256').update(bytes).digest('hex')}
}

/**
 * UTF-16 text (Windows Notepad's "Unicode") starts with a byte order mark or, for Latin text, has a NUL in every
 * other byte; read as UTF-8 it would be reported as binary.
 */
function utf16Problem(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'is UTF-16 (little-endian) text'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'is UTF-16 (big-endian) text'
  const sample = bytes.subarray(0, 4096)
  // Most texts have no NUL at all: found natively, without counting byte by byte.
  if (sample.length < 8 || sample.indexOf(0) === -1) return undefined
  let evenNul = 0
  let oddNul = 0
  for (let at = 0; at < sample.length; at++) if (sample[at] === 0) at % 2 === 0 ? evenNul++ : oddNul++
  const half = sample.length / 2
  if (oddNul > half * 0.6 && evenNul < half * 0.05) return 'looks like UTF-16 (little-endian) text without a byte order mark'
  if (evenNul > half * 0.6 && oddNul < half * 0.05) return 'looks like UTF-16 (big-endian) text without a byte order mark'
  return undefined
}
