/**
 * Where a document holds references, read from the schema rather than listed by hand: a new reference field is
 * found the day it is added. Pure (no Node module, no React): the Studio's actions and the tests use it alike, the
 * Studio with its own compiled schema (`useSchema()`), Node with `dataset/schema.ts`.
 */
import type {ArraySchemaType, ObjectSchemaType, ReferenceSchemaType, SchemaType} from '@sanity/types'

/** What this module needs of a compiled schema: Sanity's `Schema` (Studio or @sanity/schema) has it. */
export interface SchemaLike {
  get(name: string): SchemaType | undefined
}

export type PathSegment = string | number | {_key: string}

/** One reference a document holds where the schema declares one. */
export interface ReferenceSite {
  /** Segments from the document down to the reference object. */
  path: PathSegment[]
  /** The schema place: `article.body[block].markDefs[mention].reference`. */
  place: string
  /** The title of the document's own field the reference sits in ("Body", "Speaker"), for counts editors read. */
  fieldTitle: string
  /** The types the schema lets this reference point at. */
  to: string[]
  ref: string
  weak: boolean
  /** The reference is an item of an array (authors, cited sources): moving it may duplicate another item. */
  arrayItem: boolean
  /** The reference is an annotation's: a `markDefs` item of a Portable Text block (a mention). */
  annotation?: {blockPath: PathSegment[]; markKey: string}
}

/** A `_ref` found where the schema declares no reference: such a reference cannot be moved by the schema's rules. */
export interface UndeclaredReference {
  path: PathSegment[]
  ref: string
}

export interface DocumentReferences {
  sites: ReferenceSite[]
  undeclared: UndeclaredReference[]
}

export function isReferenceType(type: SchemaType | undefined): type is ReferenceSchemaType {
  for (let at: SchemaType | undefined = type; at; at = at.type) if (at.name === 'reference') return true
  return false
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The member type an array item is of, as Sanity resolves it: by `_type`, or the only member for an untyped item. */
function memberOf(type: ArraySchemaType, item: unknown): SchemaType | undefined {
  const of = type.of as SchemaType[]
  if (isObject(item) && typeof item._type === 'string') {
    return of.find((member) => member.name === item._type) ?? of.find((member) => isReferenceType(member) && item._type === 'reference')
  }
  if (of.length === 1) return of[0]
  return of.find((member) => member.jsonType === (Array.isArray(item) ? 'array' : typeof item))
}

/** `body[_key=="p3"].markDefs[_key=="m1"].reference`: a path as Sanity's patches take it. */
export function pathString(path: readonly PathSegment[]): string {
  return path
    .map((segment, at) => {
      if (typeof segment === 'number') return `[${segment}]`
      if (typeof segment === 'object') return `[_key==${JSON.stringify(segment._key)}]`
      return at === 0 ? segment : `.${segment}`
    })
    .join('')
}

/**
 * Every reference in a document, each where the schema declares it, and every `_ref` found where it declares none
 * (a field the schema does not have, a document type it does not know).
 */
export function referencesIn(document: Record<string, unknown>, schema: SchemaLike): DocumentReferences {
  const sites: ReferenceSite[] = []
  const undeclared: UndeclaredReference[] = []
  const documentType = schema.get(String(document._type))
  const fieldTitle = (name: string) => (documentType as ObjectSchemaType | undefined)?.fields?.find((field) => field.name === name)?.type.title ?? name

  const stray = (value: unknown, path: PathSegment[]): void => {
    if (Array.isArray(value)) value.forEach((item, at) => stray(item, [...path, isObject(item) && typeof item._key === 'string' ? {_key: item._key} : at]))
    else if (isObject(value)) {
      if (typeof value._ref === 'string') undeclared.push({path, ref: value._ref})
      for (const [key, child] of Object.entries(value)) if (key !== '_ref') stray(child, [...path, key])
    }
  }

  /** Paths of the Portable Text blocks met on the way: a reference directly in one's `markDefs` item is an annotation's. */
  const blocks = new Set<string>()
  const walk = (value: unknown, type: SchemaType | undefined, path: PathSegment[], place: string, inArray: boolean): void => {
    if (value === undefined || value === null) return
    if (!type) return stray(value, path)
    if (isReferenceType(type)) {
      if (isObject(value) && typeof value._ref === 'string') {
        const top = typeof path[0] === 'string' ? path[0] : ''
        const at = path.length - 3
        const markItem = path[at + 1]
        const annotation =
          at >= 1 && path[at] === 'markDefs' && typeof markItem === 'object' && blocks.has(pathString(path.slice(0, at)))
            ? {blockPath: path.slice(0, at), markKey: markItem._key}
            : undefined
        sites.push({
          path,
          place,
          fieldTitle: fieldTitle(top),
          to: (type.to ?? []).map((target) => target.name),
          ref: value._ref,
          weak: value._weak === true,
          arrayItem: inArray,
          ...(annotation ? {annotation} : {}),
        })
      } else stray(value, path)
      return
    }
    if (type.jsonType === 'object' && isObject(value)) {
      if (isBlockType(type)) blocks.add(pathString(path))
      const fields = new Map((type as ObjectSchemaType).fields.map((field) => [field.name, field]))
      for (const [key, child] of Object.entries(value)) {
        if (key.startsWith('_')) {
          if (key === '_ref' && typeof child === 'string') undeclared.push({path, ref: child})
          continue
        }
        walk(child, fields.get(key)?.type, [...path, key], `${place}.${key}`, false)
      }
      return
    }
    if (type.jsonType === 'array' && Array.isArray(value)) {
      value.forEach((item, at) => {
        const member = memberOf(type as ArraySchemaType, item)
        const segment: PathSegment = isObject(item) && typeof item._key === 'string' ? {_key: item._key} : at
        walk(item, member, [...path, segment], `${place}[${member?.name ?? '?'}]`, isReferenceType(member))
      })
      return
    }
    stray(value, path)
  }

  if (!documentType) {
    stray(document, [])
    return {sites, undeclared}
  }
  for (const [key, child] of Object.entries(document)) {
    if (key.startsWith('_')) continue
    const field = (documentType as ObjectSchemaType).fields.find((candidate) => candidate.name === key)
    walk(child, field?.type, [key], `${documentType.name}.${key}`, false)
  }
  return {sites, undeclared}
}

function isBlockType(type: SchemaType): boolean {
  for (let at: SchemaType | undefined = type; at; at = at.type) if (at.name === 'block') return true
  return false
}

/** One place in the schema a reference can sit, for tests and for what the Studio says it will move. */
export interface ReferenceField {
  documentType: string
  place: string
  to: string[]
  weak: boolean
}

/** Every place the schema's document types can hold a reference, found by walking the types (not documents). */
export function referenceFields(schema: SchemaLike, documentTypes: readonly string[]): ReferenceField[] {
  const found: ReferenceField[] = []
  const visit = (type: SchemaType, place: string, documentType: string, depth: number, seen: Set<SchemaType>): void => {
    if (depth > 12 || seen.has(type)) return
    if (isReferenceType(type)) {
      found.push({documentType, place, to: (type.to ?? []).map((target) => target.name), weak: type.weak === true})
      return
    }
    const next = new Set(seen).add(type)
    if (type.jsonType === 'object') for (const field of (type as ObjectSchemaType).fields ?? []) visit(field.type, `${place}.${field.name}`, documentType, depth + 1, next)
    if (type.jsonType === 'array') for (const member of (type as ArraySchemaType).of as SchemaType[]) visit(member, `${place}[${member.name}]`, documentType, depth + 1, next)
  }
  for (const name of documentTypes) {
    const type = schema.get(name)
    if (type) visit(type, name, name, 0, new Set())
  }
  return found
}
