import { expect } from 'vitest'
import { applyPatch } from '../../src/main/core/scim/patch'
import { ScimError } from '../../src/main/core/scim/errors'
import { RuleTrace } from '../../src/main/core/scim/leniency'
import {
  ENTERPRISE_USER_SCHEMA_ID,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA_ID,
  PATCH_OP_SCHEMA,
  USER_RESOURCE_TYPE,
  USER_SCHEMA_ID,
  type ResourceTypeDef,
} from '../../src/main/core/scim/schema/definitions'
import type { JsonObject, JsonValue } from '../../src/main/core/store/records'

/** Fixture builders for the PATCH engine tests: stored resources as the service keeps them. */

export const ENTERPRISE = ENTERPRISE_USER_SCHEMA_ID

export function aUser(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [USER_SCHEMA_ID],
    id: 'u-1',
    externalId: 'alice',
    userName: 'alice@contoso.com',
    active: true,
    displayName: 'Alice Example',
    name: { givenName: 'Alice', familyName: 'Example' },
    meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', version: 'W/"1"' },
    ...overrides,
  }
}

export function aGroup(memberIds: string[] = [], overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [GROUP_SCHEMA_ID],
    id: 'g-1',
    displayName: 'Engineering',
    ...(memberIds.length > 0 ? { members: memberIds.map((value) => ({ value })) } : {}),
    meta: { resourceType: 'Group' },
    ...overrides,
  }
}

export function patchBody(...operations: JsonValue[]): JsonObject {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations }
}

export interface PatchOutcome {
  result: JsonObject
  trace: RuleTrace
}

export function patchUser(resource: JsonObject, ...operations: JsonValue[]): PatchOutcome {
  return run(resource, patchBody(...operations), USER_RESOURCE_TYPE)
}

export function patchGroup(resource: JsonObject, ...operations: JsonValue[]): PatchOutcome {
  return run(resource, patchBody(...operations), GROUP_RESOURCE_TYPE)
}

export function run(resource: JsonObject, body: unknown, rt: ResourceTypeDef): PatchOutcome {
  const trace = new RuleTrace()
  return { result: applyPatch(resource, body, rt, trace), trace }
}

/** Asserts that the PATCH fails with a ScimError of the given status and scimType. */
export function expectScimError(action: () => unknown, scimType: string | undefined, status = 400): ScimError {
  let caught: unknown
  try {
    action()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(ScimError)
  const error = caught as ScimError
  expect({ status: error.status, scimType: error.scimType }).toEqual({ status, scimType })
  return error
}

export function members(resource: JsonObject): JsonValue[] {
  return (resource.members as JsonValue[] | undefined) ?? []
}

export function memberValues(resource: JsonObject): string[] {
  return members(resource).map((m) => (m as JsonObject).value as string)
}
