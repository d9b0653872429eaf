import type { RuleTrace } from '../leniency'
import type { AttributeDef, ResourceTypeDef } from '../schema/definitions'
import type { JsonObject, JsonValue } from '../../store/records'
import { isPlainObject, prune, stringBoolean } from '../values/json'
import { RULE_STRING_BOOLEAN } from './rules'

/*
 * Coerce: the last pass over the patched resource. Boolean attributes still holding "True" /
 * "False" (E2, e.g. stored before this engine) become booleans; write-only attributes (password)
 * are dropped, as the schema promises they are never stored; nulls and the empty arrays and
 * objects an operation leaves behind are dropped, because responses must never contain null
 * (E15) and RFC 7643 2.5 makes them equivalent to "unassigned". Everything else is kept as sent.
 */

function coerceBoolean(value: JsonValue, trace: RuleTrace): JsonValue {
  const parsed = stringBoolean(value)
  if (parsed === undefined) return value
  trace.fire(RULE_STRING_BOOLEAN)
  return parsed
}

function coerceValue(def: AttributeDef, value: JsonValue, trace: RuleTrace, element = false): JsonValue {
  if (def.multiValued && !element && Array.isArray(value)) return value.map((v) => coerceValue(def, v, trace, true))
  if (def.type === 'boolean') return coerceBoolean(value, trace)
  if (def.type === 'complex' && isPlainObject(value)) {
    for (const sub of def.subAttributes ?? []) {
      if (sub.type === 'boolean' && value[sub.name] !== undefined) value[sub.name] = coerceBoolean(value[sub.name], trace)
    }
  }
  return value
}

function coerceAttributes(holder: JsonObject, attributes: AttributeDef[], trace: RuleTrace): void {
  for (const def of attributes) {
    if (!Object.hasOwn(holder, def.name)) continue
    if (def.mutability === 'writeOnly') {
      delete holder[def.name]
      continue
    }
    holder[def.name] = coerceValue(def, holder[def.name], trace)
  }
}

/** Coerces the patched resource by schema and prunes it, in place; returns it. */
export function coerceResource(resource: JsonObject, rt: ResourceTypeDef, trace: RuleTrace): JsonObject {
  coerceAttributes(resource, rt.schema.attributes, trace)
  for (const ext of rt.extensions) {
    const holder = resource[ext.id]
    if (isPlainObject(holder)) coerceAttributes(holder, ext.attributes, trace)
  }
  for (const key of Object.keys(resource)) {
    const kept = prune(resource[key])
    if (kept === undefined) delete resource[key]
    else resource[key] = kept
  }
  return resource
}
