/**
 * The trained model and its file. A feature is a 32-bit key (see features.ts) with one weight per label; only
 * features with a weight that matters are kept. File: "NERT", a JSON header, then the transitions (float32), the
 * keys (sorted, as varint deltas), a byte per feature saying which labels have a weight, and those weights as
 * int16 steps of `weightStep`; all gzip-compressed.
 */
import {gunzipSync, gzipSync} from 'node:zlib'

import {LABEL_COUNT, labelName} from './labels'

// A local copy, as in decode.ts: hot loops read it.
const L = LABEL_COUNT

export interface ModelInfo {
  featureVersion: number
  labels: string[]
  /** Training data, epochs and so on, as the training command recorded them. */
  training: Record<string, string | number | boolean>
  /** Softens the scores into span probabilities (decode.ts), fitted on held-out data. */
  temperature: number
}

export interface TaggerModel {
  info: ModelInfo
  features: FeatureTable
  /** features.size x L, row-major. */
  weights: Float32Array
  /** (L + 1) x L: from each label, then from the sentence's start. */
  transitions: Float32Array
}

/**
 * Feature key -> row, open addressing over a power-of-two table: built in a few milliseconds, no Map. Most lookups
 * are misses (word pairs the model never saw), so a Bloom filter small enough to stay in cache (128 KB) answers
 * most of those before the table (megabytes) is touched; key and row sit side by side for the rest.
 */
export class FeatureTable {
  readonly size: number
  private readonly mask: number
  /** Slot s: key at 2s (as int32), row at 2s + 1 (-1: empty). */
  private readonly slots: Int32Array
  /** 2^20 bits, two per key. */
  private readonly filter = new Int32Array(1 << 15)

  constructor(keys: ArrayLike<number>) {
    this.size = keys.length
    let capacity = 16
    while (capacity < keys.length * 2) capacity *= 2
    this.mask = capacity - 1
    this.slots = new Int32Array(2 * capacity)
    for (let slot = 0; slot < capacity; slot++) this.slots[2 * slot + 1] = -1
    for (let row = 0; row < keys.length; row++) {
      const key = keys[row]! | 0
      const mixed = mix(key)
      const first = mixed >>> 12
      const second = Math.imul(mixed, 0x2c1b3c6d) >>> 12
      this.filter[first >>> 5] = this.filter[first >>> 5]! | (1 << (first & 31))
      this.filter[second >>> 5] = this.filter[second >>> 5]! | (1 << (second & 31))
      let slot = mixed & this.mask
      while (this.slots[2 * slot + 1] !== -1) slot = (slot + 1) & this.mask
      this.slots[2 * slot] = key
      this.slots[2 * slot + 1] = row
    }
  }

  /** The row of a key, or -1. */
  row(key: number): number {
    const wanted = key | 0
    const mixed = mix(wanted)
    const first = mixed >>> 12
    if ((this.filter[first >>> 5]! & (1 << (first & 31))) === 0) return -1
    const second = Math.imul(mixed, 0x2c1b3c6d) >>> 12
    if ((this.filter[second >>> 5]! & (1 << (second & 31))) === 0) return -1
    let slot = mixed & this.mask
    for (;;) {
      const row = this.slots[2 * slot + 1]!
      if (row === -1 || this.slots[2 * slot] === wanted) return row
      slot = (slot + 1) & this.mask
    }
  }
}

// Keys are FNV hashes already, but their low bits alone cluster; one multiply spreads them.
const mix = (key: number): number => Math.imul(key ^ (key >>> 16), 0x45d9f3b) >>> 0

const MAGIC = 'NERT'

/** The file's bytes for a model: keys sorted, weights rounded to steps of `weightStep`. Same model, same bytes. */
export function encodeModel(keys: Uint32Array, weights: Float32Array | Float64Array, transitions: Float32Array | Float64Array, info: ModelInfo, weightStep: number): Uint8Array {
  const order = Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]!)
  const keyBytes: number[] = []
  const masks = new Uint8Array(order.length)
  const steps: number[] = []
  let previous = 0
  order.forEach((row, index) => {
    const key = keys[row]!
    for (let delta = key - previous; ; delta = Math.floor(delta / 128)) {
      if (delta < 128) {
        keyBytes.push(delta)
        break
      }
      keyBytes.push((delta % 128) | 128)
    }
    previous = key
    for (let y = 0; y < L; y++) {
      const value = Math.max(-32767, Math.min(32767, Math.round(weights[row * L + y]! / weightStep)))
      if (value === 0) continue
      masks[index]! |= 1 << y
      steps.push(value)
    }
  })
  const header = new TextEncoder().encode(JSON.stringify({...info, features: order.length, weightStep, weights: steps.length}))
  const parts = [
    new TextEncoder().encode(MAGIC),
    new Uint8Array(new Uint32Array([header.length]).buffer),
    header,
    new Uint8Array(Float32Array.from(transitions).buffer),
    Uint8Array.from(keyBytes),
    masks,
    new Uint8Array(Int16Array.from(steps).buffer),
  ]
  return gzipSync(Buffer.concat(parts), {level: 9})
}

/** Reads a model file's bytes; `source` names it in errors. */
export function decodeModel(file: Uint8Array, source: string): TaggerModel {
  const bytes = gunzipSync(file)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error(`${source}: not a tagger model (no "${MAGIC}" header)`)
  const headerLength = view.getUint32(4, true)
  let at = 8 + headerLength
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, at))) as ModelInfo & {features: number; weightStep: number; weights: number}
  const expected = Array.from({length: L}, (_, label) => labelName(label))
  if (header.labels.join() !== expected.join()) throw new Error(`${source}: labels ${header.labels.join(' ')} are not the tagger's ${expected.join(' ')}`)
  const transitions = new Float32Array(L * (L + 1))
  for (let cell = 0; cell < transitions.length; cell++, at += 4) transitions[cell] = view.getFloat32(at, true)
  const keys = new Uint32Array(header.features)
  let key = 0
  for (let index = 0; index < keys.length; index++) {
    let delta = 0
    for (let factor = 1; ; factor *= 128) {
      const byte = bytes[at++]!
      delta += (byte & 127) * factor
      if (byte < 128) break
    }
    key += delta
    keys[index] = key
  }
  const masks = bytes.subarray(at, at + keys.length)
  at += keys.length
  const weights = new Float32Array(keys.length * L)
  let step = 0
  for (let row = 0; row < keys.length; row++) {
    const mask = masks[row]!
    for (let y = 0; y < L; y++) {
      if (mask & (1 << y)) weights[row * L + y] = view.getInt16(at + 2 * step++, true) * header.weightStep
    }
  }
  if (step !== header.weights || at + 2 * step !== bytes.length) throw new Error(`${source}: truncated or damaged (${header.weights} weights declared, ${step} read)`)
  const {features: _features, weightStep: _step, weights: _weights, ...info} = header
  return {info, features: new FeatureTable(keys), weights, transitions}
}
