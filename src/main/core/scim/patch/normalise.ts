import { PATCH_OP_SCHEMA, type ResourceTypeDef } from '../schema/definitions'
import { splitSchemaUrn } from '../schema/attribute-path'
import { ScimError, badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { JsonObject, JsonValue } from '../../store/records'
import { MAX_OPERATIONS, MAX_VALUE_ELEMENTS, invalidValue, isForbiddenKey, isPlainObject, jsonType, tooLarge } from '../values/json'
import { parsePatchPath, type AttributeTarget, type PatchTarget } from './path'
import {
  RULE_ENVELOPE_KEY_CASE,
  RULE_ENVELOPE_SCHEMA_MISSING,
  RULE_IGNORE_UNKNOWN_ATTRIBUTE,
  RULE_OP_CASE_INSENSITIVE,
  RULE_PATHLESS_DOTTED_KEYS,
  RULE_REMOVE_WITH_VALUE,
} from './rules'
import { canonicalAttributeValue, canonicalElement, canonicalMulti, canonicalSingle } from '../values/canonical'

/*
 * Normalise: the PatchOp envelope and each operation become a list of NormalOps, each with one
 * resolved target and a canonical value, so the apply step only implements RFC 7644 3.5.2.
 * A path-less add/replace becomes one NormalOp per value key (RFC 7644 3.5.2.1/3.5.2.3 define
 * path-less values attribute by attribute, so this is equivalent, and it is what lets E3's
 * dotted and URN-qualified keys work as paths).
 */

export type PatchVerb = 'add' | 'replace' | 'remove'

export interface NormalOp {
  verb: PatchVerb
  target: PatchTarget
  /** Canonical value for add/replace; null means "unassign" (RFC 7643 2.5). */
  value?: JsonValue
  /** E4: a remove that lists the elements to remove. */
  removeValues?: JsonValue[]
  /** The key came from a path-less value (read-only echoes are ignored there). */
  fromPathless: boolean
  /** Index in Operations, for error messages. */
  index: number
}

/** Validates the PatchOp envelope (RFC 7644 3.5.2) and returns its Operations. */
export function readEnvelope(body: unknown, trace: RuleTrace): JsonObject[] {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', `A PATCH body must be a PatchOp object, got ${jsonType(body)}.`)
  const schemas = body.schemas
  if (schemas === undefined) trace.fire(RULE_ENVELOPE_SCHEMA_MISSING)
  else if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw badRequest('invalidSyntax', `A PATCH body's schemas must contain "${PATCH_OP_SCHEMA}".`)
  }
  let operations = body.Operations
  if (operations === undefined) {
    const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations')
    if (key !== undefined) {
      trace.fire(RULE_ENVELOPE_KEY_CASE)
      operations = body[key]
    }
  }
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', 'A PATCH body needs "Operations": a non-empty array of operations.')
  }
  if (operations.length > MAX_OPERATIONS) {
    throw tooLarge(`A PATCH request has ${operations.length} operations; at most ${MAX_OPERATIONS} are accepted.`)
  }
  return operations.map((op, i) => {
    if (!isPlainObject(op)) throw badRequest('invalidSyntax', `Operations[${i}] must be an object, got ${jsonType(op)}.`)
    return op
  })
}

function verbOf(raw: JsonObject, trace: RuleTrace): PatchVerb {
  const op = raw.op
  if (typeof op !== 'string') throw badRequest('invalidSyntax', 'Each operation needs an "op" of add, replace or remove.')
  const verb = op.toLowerCase()
  if (verb !== 'add' && verb !== 'replace' && verb !== 'remove') {
    throw badRequest('invalidSyntax', `Unknown op '${op}': expected add, replace or remove.`)
  }
  if (op !== verb) trace.fire(RULE_OP_CASE_INSENSITIVE)
  return verb
}

/** The canonical value for an add/replace aimed at `target`. */
function valueFor(target: AttributeTarget, value: JsonValue, trace: RuleTrace): JsonValue {
  if (value === null) return null
  if (target.sub) return canonicalSingle(target.sub, value, target.raw, trace)
  if (target.filter) return canonicalElement(target.attribute, value, target.raw, trace)
  return canonicalAttributeValue(target.attribute, value, target.raw, trace)
}

/**
 * One path-less add/replace value object, expanded key by key. `prefix` is set when expanding
 * an extension object (`{"urn:...:User": {"department": "x"}}`), which is plain RFC, not E3.
 */
function expandPathless(
  verb: 'add' | 'replace',
  rt: ResourceTypeDef,
  value: JsonObject,
  index: number,
  trace: RuleTrace,
  out: NormalOp[],
  prefix?: string,
): void {
  for (const [key, raw] of Object.entries(value)) {
    if (isForbiddenKey(key)) throw invalidValue(`The value has a forbidden key '${key}'.`)
    if (out.length >= MAX_VALUE_ELEMENTS) throw tooLarge(`A path-less value may set at most ${MAX_VALUE_ELEMENTS} attributes.`)
    // the resource's schemas list is kept by the service from the extensions present
    if (prefix === undefined && key.toLowerCase() === 'schemas') continue
    const path = prefix ? `${prefix}:${key}` : key
    const ext = prefix === undefined ? splitSchemaUrn(rt, key) : undefined
    if (ext && ext.rest === '' && ext.schema !== rt.schema) {
      if (raw === null) {
        out.push({ verb: 'remove', target: { kind: 'extension', raw: key, urn: ext.schema.id }, fromPathless: true, index })
      } else if (isPlainObject(raw)) {
        expandPathless(verb, rt, raw, index, trace, out, ext.schema.id)
      } else throw invalidValue(`'${key}' expects an object, got ${jsonType(raw)}.`)
      continue
    }
    let target: PatchTarget
    try {
      target = parsePatchPath(rt, path, trace)
    } catch (error) {
      if (error instanceof ScimError && error.scimType === 'invalidPath') {
        // Postman "misspelled attribute" style: an unknown key is ignored, the rest applies
        trace.fire(RULE_IGNORE_UNKNOWN_ATTRIBUTE)
        continue
      }
      throw error
    }
    if (target.kind === 'extension') continue // unreachable: handled above
    if (target.qualified && prefix === undefined) trace.fire(RULE_PATHLESS_DOTTED_KEYS)
    out.push({ verb, target, value: valueFor(target, raw, trace), fromPathless: true, index })
  }
}

/** Turns one raw operation into the NormalOps the apply step runs. */
export function normaliseOperation(raw: JsonObject, index: number, rt: ResourceTypeDef, trace: RuleTrace): NormalOp[] {
  const verb = verbOf(raw, trace)
  const path = raw.path ?? undefined
  if (path !== undefined && typeof path !== 'string') throw badRequest('invalidPath', `"path" must be a string, got ${jsonType(path)}.`)
  const value = raw.value

  if (verb === 'remove') {
    // RFC 7644 3.5.2.2: a remove without a path fails with noTarget
    if (path === undefined) throw badRequest('noTarget', 'A remove operation needs a "path".')
    const target = parsePatchPath(rt, path, trace)
    const op: NormalOp = { verb, target, fromPathless: false, index }
    // a value on any other remove (e.g. Entra's Remove of manager with the old id) changes
    // nothing: the path alone says what goes
    if (value !== undefined && value !== null && target.kind === 'attribute' && target.attribute.multiValued && !target.filter && !target.sub) {
      // E4: Entra's 2017 dialect removes members by listing them; never wipe the whole group
      trace.fire(RULE_REMOVE_WITH_VALUE)
      op.removeValues = canonicalMulti(target.attribute, value, target.raw, trace)
    }
    return [op]
  }

  if (value === undefined) throw badRequest('invalidSyntax', `An ${verb} operation needs a "value".`)
  if (path === undefined) {
    if (!isPlainObject(value)) throw invalidValue(`A path-less ${verb} needs an object value, got ${jsonType(value)}.`)
    const out: NormalOp[] = []
    expandPathless(verb, rt, value, index, trace, out)
    return out
  }
  const target = parsePatchPath(rt, path, trace)
  if (target.kind === 'extension') {
    if (value === null) return [{ verb: 'remove', target, fromPathless: false, index }]
    if (!isPlainObject(value)) throw invalidValue(`'${path}' expects an object, got ${jsonType(value)}.`)
    const out: NormalOp[] = []
    expandPathless(verb, rt, value, index, trace, out, target.urn)
    return out
  }
  return [{ verb, target, value: valueFor(target, value, trace), fromPathless: false, index }]
}
