/**
 * What each kind of rule checks, ported line by line from @sanity/validation 6.16.0
 * (`lib/validateDocument-*.js`: `genericValidators`, `typeValidators`, the slug validators): the same tests, the
 * same message keys and options for `i18n.t`, the same edge behaviour (`regex` on a number tests `"5"`, `unique`
 * on a string compares its characters). Synchronous where Sanity's version only awaits for nothing; custom rules
 * stay as asynchronous as the schema's function is. `test/validationEquality.test.ts` holds them equal to Sanity's.
 */
import {getFallbackLocaleSource, pathToString, Rule, typeString} from '@sanity/validation/_internal'
import {
  isArrayOfBlocksSchemaType,
  isReference,
  isSlug,
  type CustomValidator,
  type Path,
  type RuleSpec,
  type RuleTypeConstraint,
  type SchemaType,
  type ValidationContext,
} from '@sanity/types'

import type {StoredDocument} from '../documentStore'
import type {DatasetLookups} from './datasetLookups'

/** The locale source validateDocuments gives both validators: Sanity's English fallback strings. */
const i18n = getFallbackLocaleSource()

/** Where a value sits, with what Sanity's validators read from their context. */
export interface CheckSite {
  type: SchemaType
  document: StoredDocument
  parent: unknown
  hidden: boolean
  /** A fresh copy of the value's path, as Sanity gives it to rules. */
  path(): Path
  lookups: DatasetLookups
}

/** A validator's answer as Sanity's validators give it: `true`, a message, an error object, or a list of them. */
export type CheckResult = unknown
export type Check = (value: unknown, site: CheckSite) => CheckResult | Promise<CheckResult>

/** Builds the check for one `_rules` entry from its constraint and the rule's message override. */
type CheckFactory = (constraint: never, message: string | undefined) => Check

/** Refused, with the reason: the compiler then makes every flag of @sanity/types either implemented or refused. */
interface Unsupported {
  unsupported: string
}

type FlagTable = Record<RuleSpec['flag'], CheckFactory | Unsupported>

/** A rule kind this validator does not implement: thrown when the schema is compiled, never swallowed. */
export class UnsupportedRuleError extends Error {
  override name = 'UnsupportedRuleError'
}

const t = (key: string, options?: Record<string, unknown>) => i18n.t(`validation:${key}`, options as never) as unknown as string

/** Sanity's `deepEqualsIgnoreKey` (a modified fast-deep-equal): `_key` does not count. */
function deepEqualsIgnoreKey(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length != b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqualsIgnoreKey(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(a) != Array.isArray(b)) return false
  if (a && b && typeof a == 'object' && typeof b == 'object') {
    const keys = Object.keys(a).filter((key) => key !== '_key')
    if (keys.length !== Object.keys(b).filter((key) => key !== '_key').length) return false
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
    if (a instanceof Date != b instanceof Date) return false
    if (a instanceof RegExp && b instanceof RegExp) return a.toString() == b.toString()
    if (a instanceof RegExp != b instanceof RegExp) return false
    for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key)) return false
    for (const key of keys) {
      if (!deepEqualsIgnoreKey((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false
    }
    return true
  }
  return false
}

/** A result given as `{en: '...', 'nb-NO': '...'}` rather than as a message. */
export function isLocalizedMessages(message: unknown): message is Record<string, string> {
  return message !== true && message !== undefined && typeof message != 'string' && isPlainObject(message) && !('message' in message)
}

/** lodash's `isPlainObject` for the values a rule returns: made by `{}` or `Object.create(null)`. */
function isPlainObject(value: unknown): value is object {
  if (Object.prototype.toString.call(value) !== '[object Object]') return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === null || prototype === Object.prototype
}

export function localizeMessage(message: Record<string, string>): string {
  const locale = i18n.currentLocale.id
  if (message[locale]) return message[locale]
  if (locale.includes('-')) {
    const language = locale.split('-', 1)[0]!
    if (message[language]) return message[language]
  }
  return message['en-US'] || message['en-GB'] || message.en || 'Unknown validation error (not localized)'
}

/** @sanity/id-utils' `getPublishedId`, which also throws on an id that is not valid once its prefix is gone. */
function getPublishedId(id: string): string {
  if (id.startsWith('drafts.')) return publishedId(id.slice('drafts.'.length))
  if (id.startsWith('versions.')) return publishedId(id.split('.').slice(2).join('.'))
  return id
}

const VALID_ID = /^[a-z-A-Z0-9._-]+$/

function publishedId(id: string): string {
  if (id.length === 0) throw new Error('Must be a non-empty string')
  if (!VALID_ID.test(id)) throw new Error(`Not a valid document ID: "${id}" \u2013 Must match the ${VALID_ID} RegExp`)
  if (id.startsWith('drafts.') || id.startsWith('versions.')) {
    throw new Error(`Not a valid published ID: "${id}" \u2013 cannot start with "drafts." or "versions."`)
  }
  return id
}

/** The full context Sanity hands a custom rule (`Rule.validate`'s options without `__internal`). */
function customContext(site: CheckSite): ValidationContext & Record<string, unknown> {
  return {
    getClient: site.lookups.getClient as never,
    schema: site.lookups.schema,
    document: site.document as never,
    i18n,
    getDocumentExists: site.lookups.getDocumentExists,
    currentUser: undefined,
    signal: undefined,
    hidden: site.hidden,
    environment: 'studio',
    parent: site.parent,
    path: site.path(),
    type: site.type,
  }
}

/** Sanity's `custom` validator: a localized result is localized, a string one gives way to the rule's message. */
function settleCustom(result: unknown, message: string | undefined): unknown {
  return isLocalizedMessages(result) ? localizeMessage(result) : (typeof result == 'string' && message) || result
}

const custom: CheckFactory = (fn: CustomValidator, message) => (value, site) => {
  const result = fn(value, customContext(site))
  return isThenable(result) ? Promise.resolve(result).then((settled) => settleCustom(settled, message)) : settleCustom(result, message)
}

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  !!value && (typeof value === 'object' || typeof value === 'function') && typeof (value as {then?: unknown}).then === 'function'

const all: Unsupported = {unsupported: 'Rule.all() (a conjunction of rules)'}
const either: Unsupported = {unsupported: 'Rule.either() (a disjunction of rules)'}
const media: Unsupported = {unsupported: 'Rule.media() (Media Library assets)'}
const assetRequired: Unsupported = {unsupported: 'Rule.assetRequired() (image and file assets)'}
const notForType = (what: string): Unsupported => ({unsupported: `${what} (Sanity has no validator for it on this type either)`})

const generic: FlagTable = {
  type: (expectedType: string, message) => (value) => {
    const actualType = typeOf(value)
    return actualType !== expectedType && actualType !== 'undefined'
      ? {message: message || t('generic.incorrect-type', {actualType, expectedType})}
      : true
  },
  presence: (expected: string, message) => (value) =>
    value === undefined && expected === 'required' ? {message: message || t('generic.required')} : true,
  valid: (allowedValues: unknown[], message) => (actual) => {
    const valueType = typeof actual
    if (valueType === 'undefined') return true
    const value = (valueType === 'number' || valueType === 'string') && `${actual}`
    const strValue = value && value.length > 30 ? `${value.slice(0, 30)}…` : value
    return allowedValues.some((expected) => deepEqualsIgnoreKey(expected, actual))
      ? true
      : {message: message || t('generic.not-allowed', value ? {context: 'hint', replace: {hint: strValue}} : {})}
  },
  custom,
  all,
  either,
  media,
  assetRequired,
  integer: notForType('integer()'),
  email: notForType('email()'),
  unique: notForType('unique()'),
  reference: notForType('reference()'),
  min: notForType('min()'),
  max: notForType('max()'),
  length: notForType('length()'),
  precision: notForType('precision()'),
  lessThan: notForType('lessThan()'),
  greaterThan: notForType('greaterThan()'),
  stringCasing: notForType('uppercase()/lowercase()'),
  regex: notForType('regex()'),
  uri: notForType('uri()'),
}

/** typeString, without its `Object.prototype.toString` call for the primitives JSON documents are made of. */
function typeOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 'String'
    case 'number':
      return 'Number'
    case 'boolean':
      return 'Boolean'
    case 'undefined':
      return 'undefined'
    default:
      return typeString(value)
  }
}

const blocksContext = (type: SchemaType) => (isArrayOfBlocksSchemaType(type) ? 'blocks' : undefined)

const array: FlagTable = {
  ...generic,
  min: (minLength: number, message) => (value, {type}) => {
    const items = value as unknown[] | undefined
    if (!items || items.length >= minLength) return true
    return {message: message || t('array.minimum-length', {minLength, context: blocksContext(type)})}
  },
  max: (maxLength: number, message) => (value, {type}) => {
    const items = value as unknown[] | undefined
    if (!items || items.length <= maxLength) return true
    return {message: message || t('array.maximum-length', {maxLength, context: blocksContext(type)})}
  },
  length: (wantedLength: number, message) => (value, {type}) => {
    const items = value as unknown[] | undefined
    if (!items || items.length === wantedLength) return true
    return {message: message || t('array.exact-length', {wantedLength, context: blocksContext(type)})}
  },
  presence: (flag: string, message) => (value) =>
    flag === 'required' && !value ? {message: message || t('generic.required', {context: 'array'})} : true,
  valid: (allowedValues: unknown[], message) => (values) => {
    if (values === undefined) return true
    const items = values as {_key?: string}[]
    const paths: Path[] = []
    for (let i = 0; i < items.length; i++) {
      const value = items[i]
      if (allowedValues.some((expected) => deepEqualsIgnoreKey(expected, value))) continue
      paths.push([value && value._key ? {_key: value._key} : i])
    }
    const sharedMessage = message || t('generic.not-allowed')
    return paths.map((path) => ({message: sharedMessage, path}))
  },
  unique: (_unused: never, message) => (value) => {
    const items = value as {_key?: string}[] | undefined
    const dupeIndices: number[] = []
    if (!items) return true
    for (let x = 0; x < items.length; x++) {
      for (let y = x + 1; y < items.length; y++) {
        if (deepEqualsIgnoreKey(items[x], items[y])) {
          if (dupeIndices.indexOf(x) === -1) dupeIndices.push(x)
          if (dupeIndices.indexOf(y) === -1) dupeIndices.push(y)
        }
      }
    }
    if (dupeIndices.length === 0) return true
    const sharedMessage = message || t('array.item-duplicate')
    return dupeIndices.map((index) => {
      const item = items[index]
      return {message: sharedMessage, path: [item && item._key ? {_key: item._key} : index]}
    })
  },
}

const boolean: FlagTable = {
  ...generic,
  presence: (flag: string, message) => (value) =>
    flag === 'required' && typeof value != 'boolean' ? {message: message || t('generic.required', {context: 'boolean'})} : true,
}

/** Sanity's ISO 8601 test for `date` and `datetime` values. */
const isoDate =
  /^(?:[-+]\d{2})?(?:\d{4}(?!\d{2}\b))(?:(-?)(?:(?:0[1-9]|1[0-2])(?:\1(?:[12]\d|0[1-9]|3[01]))?|W(?:[0-4]\d|5[0-2])(?:-?[1-7])?|(?:00[1-9]|0[1-9]\d|[12]\d{2}|3(?:[0-5]\d|6[1-6])))(?![T]$|[T][\d]+Z$)(?:[T\s](?:(?:(?:[01]\d|2[0-3])(?:(:?)[0-5]\d)?|24:?00)(?:[.,]\d+(?!:))?)(?:\2[0-5]\d(?:[.,]\d+)?)?(?:[Z]|(?:[+-])(?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?)?$/

const date: FlagTable = {
  ...generic,
  type: (_unused: never, message) => (value) =>
    value === undefined || isoDate.test(`${value}`) ? true : {message: message || t('date.invalid-format')},
  min: {unsupported: 'min() on a date or datetime (its message formats the date with @sanity/util)'},
  max: {unsupported: 'max() on a date or datetime (its message formats the date with @sanity/util)'},
}

const precisionRx = /(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

const number: FlagTable = {
  ...generic,
  integer: (_unused: never, message) => (value) => (Number.isInteger(value) ? true : {message: message || t('number.non-integer')}),
  precision: (limit: number, message) => (value) => {
    if (value === undefined) return true
    const places = (value as number).toString().match(precisionRx)!
    const decimals = Math.max((places[1] ? places[1].length : 0) - (places[2] ? parseInt(places[2], 10) : 0), 0)
    return decimals > limit ? {message: message || t('number.maximum-precision', {limit})} : true
  },
  min: (minNumber: number, message) => (value) => (value as number) >= minNumber || {message: message || t('number.minimum', {minNumber})},
  max: (maxNumber: number, message) => (value) => (value as number) <= maxNumber || {message: message || t('number.maximum', {maxNumber})},
  greaterThan: (threshold: number, message) => (value) =>
    (value as number) > threshold || {message: message || t('number.greater-than', {threshold})},
  lessThan: (threshold: number, message) => (value) =>
    (value as number) < threshold || {message: message || t('number.less-than', {threshold})},
}

const META_KEYS = ['_key', '_type', '_weak']

const object: FlagTable = {
  ...generic,
  presence: (expected: string, message) => (value) => {
    if (expected !== 'required') return true
    const keys = value ? Object.keys(value).filter((key) => !META_KEYS.includes(key)) : undefined
    return value === undefined || (keys && keys.length === 0) ? {message: message || t('generic.required', {context: 'object'})} : true
  },
  reference: (_unused: never, message) => (value, {type, document, lookups}) => {
    if (!value) return true
    if (!isReference(value)) return {message: message || t('object.not-reference')}
    if ('weak' in type && type.weak) return true
    const documentId = document?._id
    // Sanity ignores the override message here too.
    return (documentId && value._ref == getPublishedId(documentId)) || lookups.exists(value._ref)
      ? true
      : {message: t('object.reference-not-published', {documentId: value._ref})}
  },
}

const DUMMY_ORIGIN = 'http://sanity'
const isRelativeUrl = (url: string) => /^\.*\//.test(url)
const emailRegex =
  /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/

interface UriConstraint {
  options: {scheme: RegExp[]; allowRelative: boolean; relativeOnly: boolean; allowCredentials: boolean}
}

const string: FlagTable = {
  ...generic,
  min: (minLength: number, message) => (value) =>
    !value || (value as string).length >= minLength || {message: message || t('string.minimum-length', {minLength})},
  max: (maxLength: number, message) => (value) =>
    !value || (value as string).length <= maxLength || {message: message || t('string.maximum-length', {maxLength})},
  length: (wantedLength: number, message) => (value) => {
    const strValue = (value as string) || ''
    return strValue.length === wantedLength || {message: message || t('string.exact-length', {wantedLength})}
  },
  uri: (constraints: UriConstraint, message) => (value) => {
    const strValue = (value as string) || ''
    if (!strValue) return true
    const {options} = constraints
    const {allowCredentials, relativeOnly} = options
    const allowRelative = options.allowRelative || relativeOnly
    let url: URL
    try {
      url = allowRelative ? new URL(strValue, DUMMY_ORIGIN) : new URL(strValue)
    } catch {
      return {message: message || t('string.url.invalid')}
    }
    if (relativeOnly && url.origin !== DUMMY_ORIGIN) return {message: message || t('string.url.not-relative')}
    if (!allowRelative && url.origin === DUMMY_ORIGIN && isRelativeUrl(strValue)) {
      return {message: message || t('string.url.not-absolute')}
    }
    if (!allowCredentials && (url.username || url.password)) return {message: message || t('string.url.includes-credentials')}
    const urlScheme = url.protocol.replace(/:$/, '')
    return isRelativeUrl(strValue) || options.scheme.some((scheme) => scheme.test(urlScheme))
      ? true
      : {message: message || t('string.url.disallowed-scheme', {scheme: urlScheme})}
  },
  stringCasing: (casing: string, message) => (value) => {
    const strValue = (value as string) || ''
    if (casing === 'uppercase' && strValue !== strValue.toLocaleUpperCase()) return {message: message || t('string.uppercase')}
    if (casing === 'lowercase' && strValue !== strValue.toLocaleLowerCase()) return {message: message || t('string.lowercase')}
    return true
  },
  presence: (flag: string, message) => (value) =>
    flag === 'required' && !value ? {message: message || t('generic.required', {context: 'string'})} : true,
  regex: (options: {pattern: RegExp; name?: string; invert: boolean}, message) => (value) => {
    const {pattern, name, invert} = options
    const regName = name || `${pattern.toString()}`
    const strValue = (value as string) || ''
    pattern.lastIndex = 0
    const matches = pattern.test(strValue)
    if ((!invert && !matches) || (invert && matches)) {
      return {
        message:
          message || (invert ? t('string.regex-match', {name: regName}) : t('string.regex-does-not-match', {name: regName})),
      }
    }
    return true
  },
  email: (_unused: never, message) => (value) => {
    const strValue = `${value || ''}`.trim()
    return !strValue || emailRegex.test(strValue) ? true : {message: message || t('string.email')}
  },
}

/** Every flag on every type of value (by the Rule's `_type`; `untyped` for a Rule without one): a check, or why it is refused. */
export const RULE_CHECKS: Record<RuleTypeConstraint | 'untyped', FlagTable> = {
  untyped: generic,
  String: string,
  Number: number,
  Boolean: boolean,
  Array: array,
  Object: object,
  Date: date,
}

export const isFieldReference = (constraint: unknown): boolean =>
  !!constraint && typeof constraint === 'object' && (constraint as {type?: unknown}).type === (Rule as unknown as {FIELD_REF: symbol}).FIELD_REF

export function factoryFor(ruleType: RuleTypeConstraint | undefined, flag: string): CheckFactory | Unsupported | undefined {
  return RULE_CHECKS[ruleType ?? 'untyped'][flag as RuleSpec['flag']]
}

/**
 * Sanity's built-in slug uniqueness check (`slugUniquenessValidator` with its `defaultIsUnique`), which asks the
 * dataset `!defined(*[_type == $docType && !sanity::versionOf($published) && slug.current == $slug][0]._id)`:
 * answered here from an index of slugs.
 */
export const slugUniqueness: Check = (value, site) => {
  if (!isSlug(value) || value.current.trim().length === 0) return true
  const {document, type} = site
  const options = type.options as {isUnique?: unknown} | undefined
  if (options && typeof options == 'object' && typeof options.isUnique == 'function') {
    throw new UnsupportedRuleError(`a slug with its own options.isUnique (at ${pathToString(site.path())})`)
  }
  const path = site.path()
  if (path.some((segment) => typeof segment !== 'string')) {
    throw new UnsupportedRuleError(`slug uniqueness for a slug inside an array (at ${pathToString(path)})`)
  }
  const published = getPublishedId(document._id)
  const unique = site.lookups.isSlugUnique(document._type, published, [...(path as string[]), 'current'], value.current)
  return unique ? true : {message: t('slug.not-unique', {slug: value.current})}
}
