/**
 * Validation as @sanity/validation does it in the Studio, without its machinery: each document is walked by its
 * schema type as `validateItemObservable` walks it (an item's Rules, then its fields or array items), every
 * compiled rule is run on the value, and the markers come out in the order Sanity reports them. Lookups are
 * answered from indexes, so a document costs the same whatever the dataset's size; only custom rules that return
 * a promise are awaited.
 */
import type {KeyedSegment, Path, Schema, SchemaType, ValidationMarker} from '@sanity/types'
import {isKeyedObject} from '@sanity/types'
import {convertToValidationMarker, pathToString, resolveTypeForArrayItem} from '@sanity/validation/_internal'

import {DocumentStore, type StoredDocument} from '../documentStore'
import {compileSchema, compileType, type CompiledRule, type CompiledSpec, type CompiledType} from './compileRules'
import {DatasetLookups} from './datasetLookups'
import {inReportedOrder, type CheckPosition, type ItemShape} from './markerOrder'
import {isThenable, UnsupportedRuleError, type CheckSite} from './ruleChecks'

/** A marker as both validators report it. */
export interface Marker {
  path: Path
  message: string
  level: ValidationMarker['level']
}

/** What one document's rules found, in Sanity's order: each document's list, in the order given. */
export async function validateDirectly(
  documents: readonly StoredDocument[],
  existing: readonly StoredDocument[],
  schema: Schema,
  onProgress?: (done: number) => void,
): Promise<Marker[][]> {
  compileSchema(schema)
  const world = new DocumentStore(existing)
  for (const document of documents) world.put(document)
  const lookups = new DatasetLookups(world, schema)
  const results: (Marker[] | Promise<Marker[]>)[] = []
  let done = 0
  const settled = (markers: Marker[]) => {
    onProgress?.(++done)
    return markers
  }
  for (let index = 0; index < documents.length; index++) {
    // Now and then a turn for the event loop: a Ctrl-C, or a progress bar, waits for one.
    if (index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
    const markers = validateOne(documents[index]!, schema, lookups)
    results.push(isThenable(markers) ? markers.then(settled) : settled(markers))
  }
  return Promise.all(results)
}

const YIELD_EVERY = 500

interface Found {
  position: CheckPosition
  markers: Marker[]
}

/** One document: its markers, or a promise of them when one of its custom rules returned a promise. */
function validateOne(document: StoredDocument, schema: Schema, lookups: DatasetLookups): Marker[] | Promise<Marker[]> {
  if (typeof document?._type !== 'string') throw new Error("Tried to validate a value without a '_type'")
  const type = schema.get(document._type)
  // The Studio skips a document of a type it does not know (with a console warning).
  if (!type) return []
  const root = compileType(type)
  const walk = new DocumentWalk(document, lookups)
  walk.item(root, document, undefined, false)
  const order = (found: Found[]) => inReportedOrder(shapeOf(root, document), found.filter((entry) => entry.markers.length > 0))
  if (walk.pending.length === 0) return order(walk.found as Found[])
  return Promise.all(walk.found.map(async (entry) => ({position: entry.position, markers: await entry.markers}))).then(order)
}

const NO_MARKERS: Marker[] = []

class DocumentWalk {
  readonly found: {position: CheckPosition; markers: Marker[] | Promise<Marker[]>}[] = []
  readonly pending: Promise<Marker[]>[] = []
  private readonly path: (string | number | KeyedSegment)[] = []
  private readonly position: number[] = []

  constructor(
    private readonly document: StoredDocument,
    private readonly lookups: DatasetLookups,
  ) {}

  item(compiled: CompiledType | undefined, value: unknown, parent: unknown, ancestorHidden: boolean): void {
    if (!compiled) return // an array item no member type matches: Sanity checks nothing in it
    const hidden = ancestorHidden || this.isHidden(compiled, value, parent)
    const {rules} = compiled
    if (rules.length > 0) {
      const site = new ItemSite(compiled, this.document, parent, hidden, this.path, this.lookups)
      for (let index = 0; index < rules.length; index++) {
        const markers = evaluateRule(rules[index]!, value, site)
        if (markers === NO_MARKERS) continue
        this.found.push({position: [...this.position, index], markers})
        if (isThenable(markers)) this.pending.push(markers)
      }
    }
    const first = rules.length
    if (descendsIntoFields(compiled, value)) {
      const fields = compiled.fields!
      const record = asRecord(value)
      for (let index = 0; index < fields.length; index++) {
        const field = fields[index]!
        this.path.push(field.name)
        this.position.push(first + index)
        this.item(field.type, record?.[field.name], value, hidden)
        this.position.pop()
        this.path.pop()
      }
    } else if (descendsIntoItems(compiled, value)) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index]
        this.path.push(isKeyedObject(item) ? {_key: item._key} : index)
        this.position.push(first + index)
        this.item(memberTypeOf(compiled, item), item, value, hidden)
        this.position.pop()
        this.path.pop()
      }
    }
  }

  /** Sanity's `resolveConditionalProperty` for `hidden`: a boolean, or a function of the item. */
  private isHidden(compiled: CompiledType, value: unknown, parent: unknown): boolean {
    const hidden = compiled.type.hidden
    if (typeof hidden === 'boolean' || hidden === undefined) return !!hidden
    return hidden({document: this.document as never, parent, value, currentUser: null, path: this.path.slice()} as never) === true
  }
}

/** Where a value sits, for the checks that read it; the path is copied only when a check asks for it. */
class ItemSite implements CheckSite {
  readonly type: SchemaType
  private readonly depth: number

  constructor(
    compiled: CompiledType,
    readonly document: StoredDocument,
    readonly parent: unknown,
    readonly hidden: boolean,
    private readonly pathStack: Path,
    readonly lookups: DatasetLookups,
  ) {
    this.type = compiled.type
    this.depth = pathStack.length
  }

  path(): Path {
    return this.pathStack.slice(0, this.depth)
  }
}

/** `Rule.validate`: a rule's entries on one value, their markers in entry order. */
function evaluateRule(rule: CompiledRule, value: unknown, site: CheckSite): Marker[] | Promise<Marker[]> {
  const empty = value == null
  if (empty && rule.required === 'optional') return NO_MARKERS
  const specs = rule.required === undefined && empty ? rule.customSpecs : rule.specs
  let out: (Marker[] | Promise<Marker[]>)[] | undefined
  for (const spec of specs) {
    const markers = runSpec(spec, rule.level, value, site)
    if (markers !== NO_MARKERS) (out ??= []).push(markers)
  }
  if (!out) return NO_MARKERS
  if (out.some(isThenable)) return Promise.all(out).then((lists) => lists.flat())
  return out.length === 1 ? (out[0] as Marker[]) : (out as Marker[][]).flat()
}

function runSpec(spec: CompiledSpec, level: CompiledRule['level'], value: unknown, site: CheckSite): Marker[] | Promise<Marker[]> {
  let result: unknown
  try {
    result = spec.check(value, site)
  } catch (error) {
    return exceptionMarkers(error, site.path())
  }
  if (result === true) return NO_MARKERS
  if (isThenable(result)) {
    const path = site.path()
    return Promise.resolve(result).then(
      (settled) => toMarkers(settled, level, path),
      (error: unknown) => exceptionMarkers(error, path),
    )
  }
  return toMarkers(result, level, site.path())
}

function toMarkers(result: unknown, level: CompiledRule['level'], path: Path): Marker[] {
  if (result === true || (Array.isArray(result) && result.length === 0)) return NO_MARKERS
  try {
    return convertToValidationMarker(result as never, level, {path} as never).map((marker) => ({
      path: marker.path,
      message: marker.message,
      level: marker.level,
    }))
  } catch (error) {
    return exceptionMarkers(error, path)
  }
}

/** What Sanity reports when a rule throws: an error at the value's path, whatever the rule's level. */
function exceptionMarkers(error: unknown, path: Path): Marker[] {
  if (error instanceof UnsupportedRuleError) throw error
  const message = (error as {message?: unknown} | undefined)?.message
  return [{path, message: `${pathToString(path)}: Exception occurred while validating value: ${message}`, level: 'error'}]
}

/** An object's fields are validated when it has a value, or when it is missing but required. */
function descendsIntoFields(compiled: CompiledType, value: unknown): boolean {
  return compiled.fields !== undefined && (!!value || (value == null && compiled.required))
}

function descendsIntoItems(compiled: CompiledType, value: unknown): value is unknown[] {
  return compiled.members !== undefined && Array.isArray(value)
}

/** The member type an array item is validated as (none when several could be meant and none matches). */
function memberTypeOf(compiled: CompiledType, item: unknown): CompiledType | undefined {
  const memberType = resolveTypeForArrayItem(item, compiled.members!)
  return memberType && compileType(memberType)
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

/** The document as markerOrder sees it: the same descent, with only the number of Rules at each item. */
function shapeOf(compiled: CompiledType | undefined, value: unknown): ItemShape {
  if (!compiled) return {selfChecks: 0, nested: () => []}
  return {
    selfChecks: compiled.rules.length,
    nested: () => {
      if (descendsIntoFields(compiled, value)) {
        const record = asRecord(value)
        return compiled.fields!.map((field) => shapeOf(field.type, record?.[field.name]))
      }
      if (descendsIntoItems(compiled, value)) return value.map((item) => shapeOf(memberTypeOf(compiled, item), item))
      return []
    },
  }
}
