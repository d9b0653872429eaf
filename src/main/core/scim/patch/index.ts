import { ScimError } from '../errors'
import type { RuleTrace } from '../leniency'
import type { ResourceTypeDef } from '../schema/definitions'
import type { JsonObject } from '../../store/records'
import { applyOperation } from './apply'
import { coerceResource } from './coerce'
import { MAX_VALUE_ELEMENTS, tooLarge } from '../values/json'
import { normaliseOperation, readEnvelope, type NormalOp } from './normalise'

export * from './rules'
export { MAX_OPERATIONS, MAX_VALUE_ELEMENTS } from '../values/json'

/*
 * The PATCH engine (RFC 7644 3.5.2), organised as normalise -> apply -> coerce after SCIM-SDK's
 * Azure workaround "rebuilders": Entra's dialects (azure-ad-provisioning.md 6.4, 6.6) are
 * rewritten by small named rules into plain RFC operations, which one standard implementation
 * then applies.
 *
 * Decisions where the RFC or Entra leave room:
 * - A body without `schemas` is accepted (rule patch-envelope-schema-missing); a `schemas` that
 *   lacks the PatchOp URN is refused with invalidSyntax.
 * - More than MAX_OPERATIONS operations, or a value array over MAX_VALUE_ELEMENTS, is 400
 *   tooMany, as the POST/PUT input path answers oversized arrays.
 * - Emptying a required attribute (userName, Group displayName) is invalidValue; removing it is
 *   mutability ("not compatible with the attribute's current state", RFC 7644 3.12).
 * - A member sent with `displayName` is stored as `display` (the schema's name); both sent: the
 *   `display` wins.
 * - Values are stored exactly as sent, including Entra's AppRoleAssignmentsComplex JSON string
 *   blobs in roles[].value (E8): they are valid strings, and Entra compares what it reads back.
 * - A remove whose filter matches nothing succeeds without change (idempotent unassignment).
 * - `password` (writeOnly) is accepted and dropped: the schema says it is never stored.
 * - Empty arrays and objects left by an operation are dropped with nulls (RFC 7643 2.5); the
 *   `schemas` list is not touched: the service keeps it in step with the extensions present.
 */

function withIndex(error: unknown, index: number): unknown {
  if (!(error instanceof ScimError)) return error
  return new ScimError(error.status, error.scimType, `Operations[${index}]: ${error.detail}`)
}

/**
 * Applies a PatchOp body to a resource and returns the new resource. The input is never
 * modified: every operation runs on a deep copy, so an error in any operation leaves nothing
 * applied (RFC 7644 3.5.2: "all or nothing"), and the caller stores only the returned object.
 * `id` and `meta` are left to the caller; modifying them is refused with `mutability`.
 * Bad client input always ends in a ScimError (400, or 413 past the engine's bounds).
 */
export function applyPatch(resource: JsonObject, body: unknown, rt: ResourceTypeDef, trace: RuleTrace): JsonObject {
  const operations = readEnvelope(body, trace)
  const normalised: NormalOp[] = []
  operations.forEach((raw, index) => {
    try {
      normalised.push(...normaliseOperation(raw, index, rt, trace))
    } catch (error) {
      throw withIndex(error, index)
    }
    if (normalised.length > MAX_VALUE_ELEMENTS) {
      throw tooLarge(`A PATCH request may change at most ${MAX_VALUE_ELEMENTS} attributes.`)
    }
  })
  const next = structuredClone(resource)
  for (const op of normalised) {
    try {
      applyOperation(next, op, trace)
    } catch (error) {
      throw withIndex(error, op.index)
    }
  }
  return coerceResource(next, rt, trace)
}
