import { badRequest } from './errors'
import { RuleTrace, type LeniencyRule } from './leniency'
import { COMMON_ATTRIBUTES, type AttributeDef, type ResourceTypeDef } from './schema/definitions'
import { findAttribute, splitSchemaUrn } from './schema/attribute-path'
import type { JsonObject, JsonValue } from '../store/records'

/*
 * Turns a POST or PUT body into the stored representation: attribute names made canonical
 * (names are case-insensitive, RFC 7643 section 2.1), values checked against the schema and
 * otherwise kept exactly as sent (Entra compares target values with its source, section 7 of
 * azure-ad-provisioning.md), nulls dropped (responses never contain null), read-only and unknown
 * attributes left out.
 */

export const RULE_STRING_BOOLEAN: LeniencyRule = {
  name: 'string-boolean',
  summary: 'Boolean attributes sent as the strings "True"/"False" (any case) are stored as booleans.',
  source: 'E2; Microsoft Postman collection "Post emp1 with string True"',
}
export const RULE_MANAGER_STRING: LeniencyRule = {
  name: 'manager-plain-string',
  summary: 'An enterprise manager sent as a plain id string is stored and returned as { "value": id }.',
  source: 'E5; azure-ad-provisioning.md section 7',
}
export const RULE_UNKNOWN_ATTRIBUTE: LeniencyRule = {
  name: 'unknown-attribute-ignored',
  summary: 'Attributes the schema does not define are ignored rather than refused.',
  source: 'Microsoft Postman collection "Put a user misspelled attribute" (expects 200)',
}
export const RULE_READONLY_IGNORED: LeniencyRule = {
  name: 'read-only-attribute-ignored',
  summary: 'Read-only attributes in a request body (id, meta, groups) are ignored, as RFC 7644 section 3.3 allows.',
  source: 'RFC 7644 section 3.3; Entra sends meta.resourceType on create (azure-ad-provisioning.md 6.3)',
}
export const RULE_SINGLE_VALUE_WRAPPED: LeniencyRule = {
  name: 'single-value-wrapped',
  summary: 'A single object or value sent for a multi-valued attribute is treated as a one-element list.',
  source: 'E9; Microsoft Postman collection group tests',
}
export const RULE_LEGACY_WRAPPED_SINGLE: LeniencyRule = {
  name: 'legacy-wrapped-single-value',
  summary: 'A single-valued attribute sent as [{ "value": x }] (the customappsso era wrapping) is unwrapped.',
  source: 'E9',
}

export const INPUT_RULES = [
  RULE_STRING_BOOLEAN,
  RULE_MANAGER_STRING,
  RULE_UNKNOWN_ATTRIBUTE,
  RULE_READONLY_IGNORED,
  RULE_SINGLE_VALUE_WRAPPED,
  RULE_LEGACY_WRAPPED_SINGLE,
]

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const MAX_ARRAY = 10_000

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Coerces one scalar to the attribute's type, or throws invalidValue naming the attribute. */
function scalar(def: AttributeDef, value: unknown, where: string, trace: RuleTrace): JsonValue | undefined {
  if (value === null || value === undefined) return undefined
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
        trace.fire(RULE_STRING_BOOLEAN)
        return value.toLowerCase() === 'true'
      }
      throw badRequest('invalidValue', `Attribute '${where}' must be a boolean; got ${JSON.stringify(value).slice(0, 80)}.`)
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value
      throw badRequest('invalidValue', `Attribute '${where}' must be an integer.`)
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value
      throw badRequest('invalidValue', `Attribute '${where}' must be a number.`)
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value
      throw badRequest('invalidValue', `Attribute '${where}' must be an xsd:dateTime string.`)
    default:
      if (typeof value === 'string') return value
      throw badRequest('invalidValue', `Attribute '${where}' must be a string; got ${Array.isArray(value) ? 'an array' : typeof value}.`)
  }
}

/** Normalises a complex value: canonical sub-attribute names, typed values, nulls dropped. */
function complex(def: AttributeDef, value: unknown, where: string, trace: RuleTrace): JsonObject | undefined {
  if (value === null || value === undefined) return undefined
  if (!isPlainObject(value)) throw badRequest('invalidValue', `Attribute '${where}' must be an object.`)
  const out: JsonObject = {}
  for (const [key, raw] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw badRequest('invalidValue', `Attribute name '${key}' is not allowed.`)
    const sub = findAttribute(def.subAttributes, key)
    if (!sub) {
      // Microsoft's collection adds members with "displayName"; keep it where the schema has "display"
      if (key.toLowerCase() === 'displayname' && findAttribute(def.subAttributes, 'display')) {
        const v = scalar(findAttribute(def.subAttributes, 'display')!, raw, `${where}.display`, trace)
        if (v !== undefined) out.display = v
        continue
      }
      if (raw !== null && raw !== undefined) trace.fire(RULE_UNKNOWN_ATTRIBUTE)
      continue
    }
    const v = scalar(sub, raw, `${where}.${sub.name}`, trace)
    if (v !== undefined) out[sub.name] = v
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** Normalises the value of one attribute according to its definition. */
export function normalizeAttributeValue(def: AttributeDef, value: unknown, where: string, trace: RuleTrace): JsonValue | undefined {
  if (value === null || value === undefined) return undefined
  if (def.multiValued) {
    let list: unknown[]
    if (Array.isArray(value)) list = value
    else {
      trace.fire(RULE_SINGLE_VALUE_WRAPPED)
      list = [def.type === 'complex' && !isPlainObject(value) ? { value } : value]
    }
    if (list.length > MAX_ARRAY) throw badRequest('tooMany', `Attribute '${where}' has more than ${MAX_ARRAY} values.`)
    const out: JsonValue[] = []
    for (const item of list) {
      let v: JsonValue | undefined
      if (def.type === 'complex') {
        // a bare string in a multi-valued complex attribute (members: "id") means { value: "id" }
        const element = isPlainObject(item) || item === null ? item : { value: item }
        if (!isPlainObject(item) && item !== null) trace.fire(RULE_SINGLE_VALUE_WRAPPED)
        v = complex(def, element, where, trace)
      } else v = scalar(def, item, where, trace)
      if (v !== undefined) out.push(v)
    }
    return out.length > 0 ? out : undefined
  }
  if (Array.isArray(value)) {
    // customappsso-era wrapping of a single value: [{ "$ref": null, "value": "x" }]
    if (value.length === 1 && isPlainObject(value[0]) && 'value' in value[0] && def.type !== 'complex') {
      trace.fire(RULE_LEGACY_WRAPPED_SINGLE)
      return scalar(def, value[0].value, where, trace)
    }
    throw badRequest('invalidValue', `Attribute '${where}' is single-valued; an array was sent.`)
  }
  if (def.type === 'complex') {
    if (typeof value === 'string' && findAttribute(def.subAttributes, 'value')) {
      // Entra sends manager as a plain id string (E5); store the complex form it must read back
      trace.fire(RULE_MANAGER_STRING)
      return value === '' ? undefined : { value }
    }
    return complex(def, value, where, trace)
  }
  return scalar(def, value, where, trace)
}

function normalizeSchemaBlock(
  attributes: readonly AttributeDef[],
  body: Record<string, unknown>,
  out: JsonObject,
  trace: RuleTrace,
  prefix: string,
): void {
  for (const [key, raw] of Object.entries(body)) {
    if (FORBIDDEN_KEYS.has(key)) throw badRequest('invalidValue', `Attribute name '${key}' is not allowed.`)
    const def = findAttribute(attributes, key)
    if (!def) {
      if (raw !== null && raw !== undefined) trace.fire(RULE_UNKNOWN_ATTRIBUTE)
      continue
    }
    if (def.mutability === 'readOnly') {
      trace.fire(RULE_READONLY_IGNORED)
      continue
    }
    // write-only values (password) are accepted and never stored: the harness has no sign-in
    if (def.mutability === 'writeOnly') continue
    const v = normalizeAttributeValue(def, raw, prefix + def.name, trace)
    if (v !== undefined) out[def.name] = v
  }
}

/**
 * Validates and normalises a full resource body (POST, PUT). Returns the attributes to store,
 * without id and meta (the service owns those). Throws ScimError for bad input.
 */
export function normalizeResourceInput(body: unknown, rt: ResourceTypeDef, trace: RuleTrace): JsonObject {
  if (!isPlainObject(body)) {
    throw badRequest('invalidSyntax', `The request body must be a JSON object describing a ${rt.name}.`)
  }
  const core: Record<string, unknown> = {}
  const extensions = new Map<string, Record<string, unknown>>()
  for (const [key, raw] of Object.entries(body)) {
    if (FORBIDDEN_KEYS.has(key)) throw badRequest('invalidValue', `Attribute name '${key}' is not allowed.`)
    if (key.toLowerCase() === 'schemas') {
      if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) {
        throw badRequest('invalidSyntax', "'schemas' must be an array of schema URNs.")
      }
      continue
    }
    const urn = splitSchemaUrn(rt, key)
    if (urn) {
      if (urn.schema === rt.schema) {
        if (urn.rest) core[urn.rest] = raw
        else if (isPlainObject(raw)) Object.assign(core, raw)
        continue
      }
      if (urn.rest) {
        const block = extensions.get(urn.schema.id) ?? {}
        block[urn.rest] = raw
        extensions.set(urn.schema.id, block)
        continue
      }
      if (raw === null) continue
      if (!isPlainObject(raw)) throw badRequest('invalidValue', `'${urn.schema.id}' must be an object.`)
      extensions.set(urn.schema.id, { ...(extensions.get(urn.schema.id) ?? {}), ...raw })
      continue
    }
    core[key] = raw
  }

  const out: JsonObject = {}
  const schemaAttrs = [...COMMON_ATTRIBUTES, ...rt.schema.attributes]
  normalizeSchemaBlock(schemaAttrs, core, out, trace, '')
  const schemas: string[] = [rt.schema.id]
  for (const ext of rt.extensions) {
    const block = extensions.get(ext.id)
    if (!block) continue
    const extOut: JsonObject = {}
    normalizeSchemaBlock(ext.attributes, block, extOut, trace, `${ext.id}:`)
    if (Object.keys(extOut).length > 0) {
      out[ext.id] = extOut
      schemas.push(ext.id)
    }
  }
  out.schemas = schemas
  for (const attr of rt.schema.attributes) {
    if (attr.required && (out[attr.name] === undefined || out[attr.name] === '')) {
      throw badRequest('invalidValue', `Attribute '${attr.name}' is required for a ${rt.name}.`)
    }
  }
  return out
}

/** Recomputes `schemas` from the extension blocks present, so a PATCH that adds one lists it. */
export function syncSchemas(resource: JsonObject, rt: ResourceTypeDef): void {
  const schemas = [rt.schema.id]
  for (const ext of rt.extensions) {
    const block = resource[ext.id]
    if (isPlainObject(block) && Object.keys(block).length > 0) schemas.push(ext.id)
    else delete resource[ext.id]
  }
  resource.schemas = schemas
}
