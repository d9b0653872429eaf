import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MAX_OPERATIONS, MAX_VALUE_ELEMENTS } from '../../src/main/core/scim/patch'
import { ScimError } from '../../src/main/core/scim/errors'
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/main/core/scim/schema/definitions'
import type { JsonValue } from '../../src/main/core/store/records'
import { ENTERPRISE, aGroup, aUser, expectScimError, patchBody, patchGroup, patchUser, run } from './patch-fixtures'

function containsNull(value: unknown): boolean {
  if (value === null) return true
  if (typeof value !== 'object') return false
  return Object.values(value as object).some(containsNull)
}

describe('PATCH envelope errors', () => {
  it.each([
    ['a non-object body', 'nope'],
    ['an array body', []],
    ['a wrong schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['no Operations', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }],
    ['empty Operations', patchBody()],
    ['Operations not an array', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: { op: 'add' } }],
    ['an operation that is not an object', patchBody('add')],
    ['an unknown op', patchBody({ op: 'merge', path: 'title', value: 'x' })],
    ['an op that is not a string', patchBody({ op: 1, path: 'title', value: 'x' })],
    ['an add without a value', patchBody({ op: 'add', path: 'title' })],
  ])('refuses %s with invalidSyntax', (_label, body) => {
    expectScimError(() => run(aUser(), body, USER_RESOURCE_TYPE), 'invalidSyntax')
  })

  it('refuses a remove without a path with noTarget (RFC 7644 3.5.2.2)', () => {
    expectScimError(() => patchUser(aUser(), { op: 'remove' }), 'noTarget')
  })

  it(`refuses more than ${MAX_OPERATIONS} operations with tooMany`, () => {
    const ops = Array.from({ length: MAX_OPERATIONS + 1 }, () => ({ op: 'add', path: 'title', value: 'x' }))
    expectScimError(() => patchUser(aUser(), ...ops), 'tooMany')
    expect(patchUser(aUser(), ...ops.slice(1)).result.title).toBe('x')
  })

  it(`refuses a value array over ${MAX_VALUE_ELEMENTS} elements with tooMany`, () => {
    const value = Array.from({ length: MAX_VALUE_ELEMENTS + 1 }, (_, i) => ({ value: `m${i}` }))
    expectScimError(() => patchGroup(aGroup(), { op: 'add', path: 'members', value }), 'tooMany')
  })
})

describe('PATCH path errors', () => {
  it('refuses an unknown attribute in a path with invalidPath', () => {
    expectScimError(() => patchUser(aUser(), { op: 'add', path: 'nickNmae', value: 'x' }), 'invalidPath')
    expectScimError(() => patchUser(aUser(), { op: 'add', path: 'name.nope', value: 'x' }), 'invalidPath')
    expectScimError(() => patchGroup(aGroup(), { op: 'add', path: 'userName', value: 'x' }), 'invalidPath')
  })

  it('refuses malformed paths with invalidPath', () => {
    for (const path of ['emails[type eq "work"', 'emails[type eq "work"]x', 'title[value eq "x"]', '', 42]) {
      expectScimError(() => patchUser(aUser(), { op: 'add', path: path as JsonValue, value: 'x' }), 'invalidPath')
    }
  })

  it('refuses a malformed value filter with invalidFilter', () => {
    expectScimError(() => patchUser(aUser(), { op: 'add', path: 'emails[type eq].value', value: 'x' }), 'invalidFilter')
    expectScimError(() => patchUser(aUser(), { op: 'add', path: 'emails[nope eq "x"].value', value: 'x' }), 'invalidFilter')
  })

  it('answers noTarget when a replace filter matches nothing and cannot describe a new element', () => {
    const user = aUser({ emails: [{ type: 'work', value: 'w@x' }] })
    expectScimError(() => patchUser(user, { op: 'replace', path: 'emails[value co "zzz"].type', value: 'home' }), 'noTarget')
  })

  it('refuses prototype keys in paths and never pollutes Object.prototype', () => {
    for (const path of ['__proto__', '__proto__.polluted', 'name.__proto__', 'constructor.prototype', `${ENTERPRISE}:__proto__`]) {
      expectScimError(() => patchUser(aUser(), { op: 'add', path, value: { polluted: 'yes' } }), 'invalidPath')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses prototype keys inside values with invalidValue', () => {
    const proto = JSON.parse('{"op":"add","value":{"__proto__":{"polluted":"yes"}}}') as JsonValue
    expectScimError(() => patchUser(aUser(), proto), 'invalidValue')
    const nested = JSON.parse('{"op":"add","path":"name","value":{"__proto__":{"polluted":"yes"}}}') as JsonValue
    expectScimError(() => patchUser(aUser(), nested), 'invalidValue')
    const inMember = JSON.parse('{"op":"add","path":"members","value":[{"value":"a","constructor":"x"}]}') as JsonValue
    expectScimError(() => patchGroup(aGroup(), inMember), 'invalidValue')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('PATCH value and mutability errors', () => {
  it.each([
    ['a number for userName', { op: 'replace', path: 'userName', value: 42 }],
    ['an object for a string', { op: 'replace', path: 'title', value: { text: 'CTO' } }],
    ['a non-boolean string for active', { op: 'replace', path: 'active', value: 'maybe' }],
    ['a string for the name object', { op: 'replace', path: 'name', value: 'Alice' }],
    ['a number inside an email', { op: 'add', path: 'emails', value: [{ value: 7 }] }],
    ['a path-less value that is not an object', { op: 'add', value: 'x' }],
    [
      'two primary emails in one add',
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'a@x', primary: true },
          { value: 'b@x', primary: true },
        ],
      },
    ],
  ])('refuses %s with invalidValue', (_label, op) => {
    expectScimError(() => patchUser(aUser(), op), 'invalidValue')
  })

  it('refuses to empty the required userName (invalidValue) or remove it (mutability)', () => {
    expectScimError(() => patchUser(aUser(), { op: 'replace', path: 'userName', value: '' }), 'invalidValue')
    expectScimError(() => patchUser(aUser(), { op: 'replace', path: 'userName', value: null }), 'invalidValue')
    expectScimError(() => patchUser(aUser(), { op: 'replace', value: { userName: '' } }), 'invalidValue')
    expectScimError(() => patchUser(aUser(), { op: 'remove', path: 'userName' }), 'mutability')
    expectScimError(() => patchGroup(aGroup(), { op: 'remove', path: 'displayName' }), 'mutability')
  })

  it.each([
    ['id', { op: 'replace', path: 'id', value: 'other' }],
    ['meta.lastModified', { op: 'replace', path: 'meta.lastModified', value: '2030-01-01T00:00:00Z' }],
    ['meta', { op: 'remove', path: 'meta' }],
    ['groups on a User', { op: 'add', path: 'groups', value: [{ value: 'g-1' }] }],
    ['a changed id in a path-less value', { op: 'replace', value: { id: 'other' } }],
  ])('refuses to modify read-only %s with mutability', (_label, op) => {
    expectScimError(() => patchUser(aUser(), op), 'mutability')
  })

  it('refuses to change an immutable member value once set', () => {
    expectScimError(() => patchGroup(aGroup(['a']), { op: 'replace', path: 'members[value eq "a"].value', value: 'b' }), 'mutability')
  })
})

describe('PATCH atomicity', () => {
  it('leaves the input unchanged and applies nothing when the 2nd operation fails', () => {
    const user = aUser()
    const before = structuredClone(user)
    const error = expectScimError(
      () => patchUser(user, { op: 'replace', path: 'title', value: 'CTO' }, { op: 'replace', path: 'userName', value: 42 }),
      'invalidValue',
    )
    expect(error.detail).toMatch(/^Operations\[1\]/)
    expect(user).toEqual(before)
  })

  it('leaves a group unchanged when a member removal is followed by a failing operation', () => {
    const group = aGroup(['a', 'b'])
    const before = structuredClone(group)
    expectScimError(() => patchGroup(group, { op: 'remove', path: 'members' }, { op: 'remove', path: 'displayName' }), 'mutability')
    expect(group).toEqual(before)
  })

  it('only ever throws ScimError for arbitrary client bodies, never mutating the input', () => {
    const opArb = fc.record(
      {
        op: fc.oneof(fc.constantFrom('add', 'Replace', 'remove', 'REMOVE', 'x'), fc.anything()),
        path: fc.oneof(
          fc.constantFrom(
            'members',
            'emails[type eq "work"].value',
            'name.givenName',
            'active',
            'manager',
            `${ENTERPRISE}:manager`,
            'meta',
            'members[value eq "a"]',
            '__proto__',
          ),
          fc.string(),
        ),
        value: fc.oneof(fc.jsonValue(), fc.constantFrom('True', 'x', [{ value: 'a' }], { 'name.givenName': 'G' })),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 5 }), fc.boolean(), (ops, isGroup) => {
        const resource = isGroup ? aGroup(['a', 'b']) : aUser({ emails: [{ type: 'work', value: 'w@x' }] })
        const before = structuredClone(resource)
        try {
          const out = run(resource, patchBody(...(ops as JsonValue[])), isGroup ? GROUP_RESOURCE_TYPE : USER_RESOURCE_TYPE).result
          expect(containsNull(out)).toBe(false)
        } catch (error) {
          if (!(error instanceof ScimError)) throw error
        }
        expect(resource).toEqual(before)
      }),
      { numRuns: 500 },
    )
  })
})
