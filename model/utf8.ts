/** Where bytes stop being UTF-8, for the one-line errors that name it. */

/** The byte offset of the first invalid UTF-8 sequence in `bytes` (its length when there is none). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  // The longest prefix that decodes (a multi-byte character cut at its end still counts as a prefix).
  let low = 0
  let high = bytes.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (isValidPrefix(bytes.subarray(0, mid))) low = mid
    else high = mid - 1
  }
  // If that prefix ends inside an unfinished character, the bad sequence starts at its lead byte.
  for (let back = 1; back <= 3 && low - back >= 0; back++) {
    const byte = bytes[low - back]!
    if ((byte & 0xc0) === 0x80) continue
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return length > back ? low - back : low
  }
  return low
}

function isValidPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(bytes, {stream: true})
    return true
  } catch {
    return false
  }
}
