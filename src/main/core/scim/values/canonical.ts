import type { LeniencyRule, RuleTrace } from '../leniency'
import type { AttributeDef } from '../schema/definitions'
import { findAttribute } from '../schema/attribute-path'
import type { JsonObject, JsonValue } from '../../store/records'
import { MAX_VALUE_ELEMENTS, invalidValue, isForbiddenKey, isPlainObject, jsonType, stringBoolean, tooLarge } from './json'
import {
  RULE_BARE_VALUE_WRAPPED,
  RULE_COMPLEX_SIMPLE_VALUE,
  RULE_IGNORE_UNKNOWN_ATTRIBUTE,
  RULE_LEGACY_VALUE_WRAPPER,
  RULE_MEMBER_DISPLAY_NAME,
  RULE_NULL_VALUES_DROPPED,
  RULE_SINGLE_OBJECT_WRAPPED,
  RULE_STRING_BOOLEAN,
} from './rules'

/*
 * Turns an operation's `value` into the canonical shape its target attribute expects, applying
 * the value-shape leniencies (E2, E5, E9, wrapped singles) and refusing values of the wrong type
 * with invalidValue. Everything else is kept exactly as sent (azure-ad-provisioning.md 7: Entra
 * compares stored values with its source). New objects are built key by key, so a
 * `__proto__` key from JSON.parse is refused here and never reaches an object as a special key.
 */

function hasValueSub(attr: AttributeDef): boolean {
  return !!findAttribute(attr.subAttributes, 'value')
}

function isScalar(value: JsonValue): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

/** A simple (non-complex) value: type-checked; "True"/"False" become booleans (E2). */
export function canonicalSimple(def: AttributeDef, value: JsonValue, label: string, trace: RuleTrace): JsonValue {
  switch (def.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value
      const parsed = stringBoolean(value)
      if (parsed !== undefined) {
        trace.fire(RULE_STRING_BOOLEAN)
        return parsed
      }
      break
    }
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value
      break
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value
      break
    case 'complex':
      break
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value
      break
    default:
      // string, reference, binary: JSON strings, kept exactly as sent
      if (typeof value === 'string') return value
  }
  throw invalidValue(`'${label}' expects a ${def.type} value, got ${jsonType(value)}.`)
}

/** The sub-attributes of one complex value, keys made canonical; unknown keys and nulls dropped. */
export function canonicalComplex(attr: AttributeDef, value: JsonObject, label: string, trace: RuleTrace): JsonObject {
  const out: JsonObject = {}
  for (const [key, raw] of Object.entries(value)) {
    if (isForbiddenKey(key)) throw invalidValue(`'${label}' has a forbidden key '${key}'.`)
    let sub = findAttribute(attr.subAttributes, key)
    if (!sub && attr.name === 'members' && key.toLowerCase() === 'displayname') {
      // Postman "Patch add user4 to group1" adds {"displayName":"new User"} and expects the name back
      trace.fire(RULE_MEMBER_DISPLAY_NAME)
      if (Object.keys(value).some((k) => k.toLowerCase() === 'display')) continue
      sub = findAttribute(attr.subAttributes, 'display')
    }
    if (raw === null) {
      trace.fire(RULE_NULL_VALUES_DROPPED)
      continue
    }
    if (!sub) {
      trace.fire(RULE_IGNORE_UNKNOWN_ATTRIBUTE)
      continue
    }
    out[sub.name] = canonicalSimple(sub, raw, `${label}.${sub.name}`, trace)
  }
  return out
}

/**
 * A complex value: an object, or a bare id for an attribute with a `value` sub-attribute, which
 * `bareRule` reports (E5 for manager, the Postman bare member for members).
 */
function complexValue(attr: AttributeDef, value: JsonValue, label: string, trace: RuleTrace, bareRule: LeniencyRule): JsonObject {
  if (isPlainObject(value)) return canonicalComplex(attr, value, label, trace)
  if (isScalar(value) && hasValueSub(attr)) {
    trace.fire(bareRule)
    return canonicalComplex(attr, { value }, label, trace)
  }
  throw invalidValue(`'${label}' expects an object, got ${jsonType(value)}.`)
}

/** One element of a multi-valued attribute (or a value-filtered element). */
export function canonicalElement(attr: AttributeDef, value: JsonValue, label: string, trace: RuleTrace): JsonValue {
  if (attr.type !== 'complex') return canonicalSimple(attr, value, label, trace)
  // Postman "Group patch add member": "value": "string id 1"
  return complexValue(attr, value, label, trace, RULE_BARE_VALUE_WRAPPED)
}

/** The elements of a multi-valued attribute; nulls dropped, at most MAX_VALUE_ELEMENTS. */
export function canonicalMulti(attr: AttributeDef, value: JsonValue, label: string, trace: RuleTrace): JsonValue[] {
  let items: JsonValue[]
  if (Array.isArray(value)) items = value
  else if (isPlainObject(value) && attr.type === 'complex') {
    trace.fire(RULE_SINGLE_OBJECT_WRAPPED)
    items = [value]
  } else if (value !== null && isScalar(value)) {
    // canonicalElement fires the bare-value rule for complex attributes
    items = [value]
  } else throw invalidValue(`'${label}' expects an array, got ${jsonType(value)}.`)
  if (items.length > MAX_VALUE_ELEMENTS) throw tooLarge(`'${label}' has ${items.length} elements; at most ${MAX_VALUE_ELEMENTS} are accepted.`)
  const out: JsonValue[] = []
  for (const item of items) {
    if (item === null) {
      trace.fire(RULE_NULL_VALUES_DROPPED)
      continue
    }
    out.push(canonicalElement(attr, item, label, trace))
  }
  return out
}

/** A single-valued attribute or sub-attribute. */
export function canonicalSingle(def: AttributeDef, value: JsonValue, label: string, trace: RuleTrace): JsonValue {
  if (Array.isArray(value) && value.length === 1 && isPlainObject(value[0]) && (def.type === 'complex' || 'value' in value[0])) {
    // E9: legacy [{"$ref":null,"value":x}] wrapping of one value
    trace.fire(RULE_LEGACY_VALUE_WRAPPER)
    const inner = value[0]
    value = def.type === 'complex' ? inner : inner.value
    if (value === null) return null
  }
  if (def.type !== 'complex') return canonicalSimple(def, value, label, trace)
  // E5: manager sent as the manager's id
  return complexValue(def, value, label, trace, RULE_COMPLEX_SIMPLE_VALUE)
}

/** The whole value of an attribute; null means "unassign" (RFC 7643 2.5). */
export function canonicalAttributeValue(attr: AttributeDef, value: JsonValue, label: string, trace: RuleTrace): JsonValue {
  if (value === null) return null
  return attr.multiValued ? canonicalMulti(attr, value, label, trace) : canonicalSingle(attr, value, label, trace)
}
