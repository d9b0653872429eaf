import { badRequest } from './errors'
import type { LeniencyRule, RuleTrace } from './leniency'
import { COMMON_ATTRIBUTES, type AttributeDef, type ResourceTypeDef } from './schema/definitions'
import { findAttribute, splitSchemaUrn } from './schema/attribute-path'
import { canonicalAttributeValue } from './values/canonical'
import { blankRequiredText } from './values/blank-text'
import { isForbiddenKey, isPlainObject, prune } from './values/json'
import { RULE_IGNORE_UNKNOWN_ATTRIBUTE, VALUE_RULES } from './values/rules'
import type { JsonObject, JsonValue } from '../store/records'

/*
 * Turns a POST or PUT body into the stored representation: attribute names made canonical
 * (names are case-insensitive, RFC 7643 section 2.1), values shaped and type-checked by the same
 * canonicaliser PATCH uses (values/), otherwise kept exactly as sent (Entra compares target values
 * with its source, azure-ad-provisioning.md section 7), nulls dropped (responses never contain
 * null), read-only and unknown attributes left out.
 */

export const RULE_READONLY_IGNORED: LeniencyRule = {
  name: 'read-only-attribute-ignored',
  summary: 'Read-only attributes in a POST or PUT body (id, meta, groups) are ignored, as RFC 7644 section 3.3 allows.',
  source: 'RFC 7644 section 3.3; Entra sends meta.resourceType on create (azure-ad-provisioning.md 6.3)',
}

export const INPUT_RULES: LeniencyRule[] = [RULE_READONLY_IGNORED, ...VALUE_RULES]

function normalizeBlock(attributes: readonly AttributeDef[], body: JsonObject, out: JsonObject, trace: RuleTrace, prefix: string): void {
  for (const [key, raw] of Object.entries(body)) {
    if (isForbiddenKey(key)) throw badRequest('invalidValue', `Attribute name '${key}' is not allowed.`)
    const def = findAttribute(attributes, key)
    if (!def) {
      if (raw !== null) trace.fire(RULE_IGNORE_UNKNOWN_ATTRIBUTE)
      continue
    }
    if (def.mutability === 'readOnly') {
      trace.fire(RULE_READONLY_IGNORED)
      continue
    }
    // write-only values (password) are accepted and never stored: the harness has no sign-in
    if (def.mutability === 'writeOnly') continue
    const value = prune(canonicalAttributeValue(def, raw, prefix + def.name, trace))
    if (value !== undefined) out[def.name] = value
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
  const core: JsonObject = {}
  const extensions = new Map<string, JsonObject>()
  const extend = (id: string, values: JsonObject) => extensions.set(id, { ...(extensions.get(id) ?? {}), ...values })
  for (const [key, raw] of Object.entries(body)) {
    if (isForbiddenKey(key)) throw badRequest('invalidValue', `Attribute name '${key}' is not allowed.`)
    if (key.toLowerCase() === 'schemas') {
      if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) {
        throw badRequest('invalidSyntax', "'schemas' must be an array of schema URNs.")
      }
      continue
    }
    const urn = splitSchemaUrn(rt, key)
    if (!urn) {
      core[key] = raw as JsonValue
      continue
    }
    if (urn.schema === rt.schema) {
      // a URN-qualified core attribute, or the core schema's URN as a block
      if (urn.rest) core[urn.rest] = raw as JsonValue
      else if (isPlainObject(raw)) Object.assign(core, raw)
      continue
    }
    if (urn.rest) extend(urn.schema.id, { [urn.rest]: raw as JsonValue })
    else if (isPlainObject(raw)) extend(urn.schema.id, raw)
    else if (raw !== null) throw badRequest('invalidValue', `'${urn.schema.id}' must be an object.`)
  }

  const out: JsonObject = {}
  normalizeBlock([...COMMON_ATTRIBUTES, ...rt.schema.attributes], core, out, trace, '')
  const schemas: string[] = [rt.schema.id]
  for (const ext of rt.extensions) {
    const block = extensions.get(ext.id)
    if (!block) continue
    const extOut: JsonObject = {}
    normalizeBlock(ext.attributes, block, extOut, trace, `${ext.id}:`)
    if (Object.keys(extOut).length > 0) {
      out[ext.id] = extOut
      schemas.push(ext.id)
    }
  }
  out.schemas = schemas
  for (const attr of rt.schema.attributes) {
    if (!attr.required) continue
    if (out[attr.name] === undefined || out[attr.name] === '') {
      throw badRequest('invalidValue', `Attribute '${attr.name}' is required for a ${rt.name}.`)
    }
    blankRequiredText(attr.name, out[attr.name], rt.name)
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
