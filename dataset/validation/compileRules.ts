/**
 * The schema's rules as checks. Rules are read from the schema itself: each type's `validation` goes through
 * @sanity/validation's own `normalizeValidationRules`, which also adds what the type implies (`type`, `uri` for a
 * url, `reference`, the slug checks, `valid` for an `options.list`). Each `_rules` entry of each Rule becomes the
 * check for its flag; a flag, constraint or form this validator does not implement is refused with an
 * UnsupportedRuleError naming it and where it is, when the schema is compiled.
 */
import type {ObjectSchemaType, Rule, RuleSpec, Schema, SchemaType} from '@sanity/types'
import {hasValidationContext, normalizeValidationRules} from '@sanity/validation/_internal'

import {
  factoryFor,
  isFieldReference,
  isLocalizedMessages,
  localizeMessage,
  slugUniqueness,
  UnsupportedRuleError,
  type Check,
} from './ruleChecks'

/** One `Rule` of a type: what `Rule.validate` reads, with each of its `_rules` entries compiled. */
export interface CompiledRule {
  required: Rule['_required']
  level: Rule['_level']
  /** Every entry, in order; run on a value that is present, or on any value when the rule is required. */
  specs: CompiledSpec[]
  /** Only the `custom` entries: all a rule with no `required()`/`optional()` runs on a missing value. */
  customSpecs: CompiledSpec[]
}

export interface CompiledSpec {
  flag: RuleSpec['flag']
  check: Check
}

/** A schema type with its rules, and how validation descends into its values. */
export interface CompiledType {
  type: SchemaType
  rules: CompiledRule[]
  /** Whether one of its rules is `required()`: a missing object is then descended into all the same. */
  required: boolean
  /** Object types: their fields, in schema order. */
  fields: CompiledField[] | undefined
  /** Array types: the member types an item is matched against. */
  members: SchemaType[] | undefined
}

export interface CompiledField {
  name: string
  type: CompiledType
}

const compiled = new WeakMap<SchemaType, CompiledType>()

/** The compiled form of one schema type, made once per type object. */
export function compileType(type: SchemaType, where = type.name): CompiledType {
  const known = compiled.get(type)
  if (known) return known
  const rules = compileRules(type, where)
  const result: CompiledType = {
    type,
    rules,
    required: rules.some((rule) => rule.required === 'required'),
    fields: undefined,
    members: type.jsonType === 'array' ? (type as {of: SchemaType[]}).of : undefined,
  }
  // Cached before its fields are compiled: an object type may contain itself.
  compiled.set(type, result)
  if (type.jsonType === 'object') {
    result.fields = (type as ObjectSchemaType).fields.map((field) => ({name: field.name, type: compileType(field.type, `${where}.${field.name}`)}))
  }
  return result
}

/**
 * Compiles every type the schema's own types reach (fields, array members), so that a rule this validator does not
 * implement is refused before any document is validated.
 */
export function compileSchema(schema: Schema): void {
  const seen = new Set<SchemaType>()
  const visit = (type: SchemaType | undefined, where: string) => {
    if (!type || seen.has(type)) return
    seen.add(type)
    const compiledType = compileType(type, where)
    for (const field of compiledType.fields ?? []) visit(field.type.type, `${where}.${field.name}`)
    for (const member of compiledType.members ?? []) visit(member, `${where}[${member.name}]`)
  }
  for (const name of schema.getLocalTypeNames()) visit(schema.get(name), name)
}

/** Sanity's own slug checks, recognised by identity: the uniqueness one asks the dataset, and is answered by index. */
const [, SLUG_UNIQUENESS] = (() => {
  const [slugRule] = normalizeValidationRules({name: 'slug', jsonType: 'object'} as SchemaType)
  const customs = slugRule?._rules.flatMap((spec) => (spec.flag === 'custom' ? [spec.constraint] : [])) ?? []
  if (customs.map((fn) => fn.name).join() !== 'slugStructureValidator,slugUniquenessValidator') {
    throw new Error(`@sanity/validation's slug rules are not the two this validator knows: ${customs.map((fn) => fn.name).join()}`)
  }
  return customs
})()

function compileRules(type: SchemaType, where: string): CompiledRule[] {
  if (hasValidationContext(type.validation)) {
    // Sanity builds such rules anew for every value, from its context (and so any function whose signature it cannot read).
    throw new UnsupportedRuleError(`${where}: a validation function that takes (rule, context), or one whose parameters Sanity cannot read, is not implemented`)
  }
  return normalizeValidationRules(type).map((rule) => {
    if (rule._fieldRules) throw new UnsupportedRuleError(`${where}: Rule.fields() is not implemented`)
    const message = isLocalizedMessages(rule._message) ? localizeMessage(rule._message) : rule._message
    const specs = rule._rules.map((spec): CompiledSpec => {
      const flag = spec.flag
      if (flag === undefined) throw new UnsupportedRuleError(`${where}: a rule entry without a flag`)
      const constraint = 'constraint' in spec ? spec.constraint : null
      if (isFieldReference(constraint)) throw new UnsupportedRuleError(`${where}: ${flag}(Rule.valueOfField(...)) is not implemented`)
      if (flag === 'custom' && constraint === SLUG_UNIQUENESS) {
        const options = type.options as {isUnique?: unknown} | undefined
        if (options && typeof options === 'object' && typeof options.isUnique === 'function') {
          throw new UnsupportedRuleError(`${where}: a slug with its own options.isUnique is not implemented`)
        }
        return {flag, check: slugUniqueness}
      }
      const factory = factoryFor(rule._type, flag)
      if (!factory) throw new UnsupportedRuleError(`${where}: rule flag "${flag}" is unknown to this validator`)
      if ('unsupported' in factory) {
        throw new UnsupportedRuleError(`${where}: ${factory.unsupported} is not implemented (on ${rule._type ?? 'untyped'} values)`)
      }
      return {flag, check: factory(constraint as never, message)}
    })
    return {required: rule._required, level: rule._level, specs, customSpecs: specs.filter((spec) => spec.flag === 'custom')}
  })
}

