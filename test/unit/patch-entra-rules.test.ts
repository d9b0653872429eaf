import { FILTER_QUOTED_BOOLEAN } from '../../src/main/core/scim/filter'
import { describe, expect, it } from 'vitest'
import {
  PATCH_RULES,
  RULE_BARE_VALUE_WRAPPED,
  RULE_COMPLEX_SIMPLE_VALUE,
  RULE_ENVELOPE_KEY_CASE,
  RULE_EXTENSION_DOT_NOTATION,
  RULE_ENVELOPE_SCHEMA_MISSING,
  RULE_FILTERED_UPSERT,
  RULE_IGNORE_UNKNOWN_ATTRIBUTE,
  RULE_LEGACY_VALUE_WRAPPER,
  RULE_MEMBER_DISPLAY_NAME,
  RULE_NULL_VALUES_DROPPED,
  RULE_OP_CASE_INSENSITIVE,
  RULE_PATHLESS_DOTTED_KEYS,
  RULE_READONLY_ECHO_IGNORED,
  RULE_REMOVE_WITH_VALUE,
  RULE_SINGLE_OBJECT_WRAPPED,
  RULE_STRING_BOOLEAN,
  RULE_UNQUALIFIED_EXTENSION_ATTRIBUTE,
} from '../../src/main/core/scim/patch'
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/main/core/scim/schema/definitions'
import { ENTERPRISE, aGroup, aUser, memberValues, members, patchGroup, patchUser, run } from './patch-fixtures'

// Bodies below are the exact shapes of azure-ad-provisioning.md 6.4 / 6.6 and the Microsoft
// Postman collection; each test proves one named rule both changes the outcome and is traced.

describe('Entra leniency rules', () => {
  it('exports every rule once, with a unique kebab-case name, a summary and a source', () => {
    const names = PATCH_RULES.map((r) => r.name)
    expect(new Set(names).size).toBe(names.length)
    for (const rule of PATCH_RULES) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(rule.summary.length).toBeGreaterThan(10)
      expect(rule.source.length).toBeGreaterThan(1)
    }
  })

  it('accepts Entra\'s capitalised "Replace" op (E1)', () => {
    const { result, trace } = patchUser(aUser(), { op: 'Replace', path: 'nickName', value: 'Babs' })
    expect(result.nickName).toBe('Babs')
    expect(trace.has(RULE_OP_CASE_INSENSITIVE.name)).toBe(true)
  })

  it('does not fire the op-case rule for lower-case ops', () => {
    const { trace } = patchUser(aUser(), { op: 'add', path: 'nickName', value: 'Babs' })
    expect(trace.has(RULE_OP_CASE_INSENSITIVE.name)).toBe(false)
  })

  it('deactivates a user when the 2017 dialect sends active "False" as a string (E2)', () => {
    const { result, trace } = patchUser(aUser({ active: true }), { op: 'Replace', path: 'active', value: 'False' })
    expect(result.active).toBe(false)
    expect(trace.has(RULE_STRING_BOOLEAN.name)).toBe(true)
  })

  it('reactivates a user from the string "True", and reads string booleans inside objects and path-less values (E2)', () => {
    const { result } = patchUser(
      aUser({ active: false }),
      { op: 'Replace', path: 'active', value: 'True' },
      { op: 'Add', path: 'emails', value: [{ type: 'work', value: 'a@contoso.com', primary: 'TRUE' }] },
      { op: 'replace', value: { active: 'false' } },
    )
    expect(result.active).toBe(false)
    expect(result.emails).toEqual([{ type: 'work', value: 'a@contoso.com', primary: true }])
  })

  it('applies the aadOptscim062020 path-less replace with dotted and URN-qualified keys as paths (E3)', () => {
    const { result, trace } = patchUser(aUser(), {
      op: 'replace',
      value: {
        displayName: 'Alice Q. Example',
        'name.givenName': 'Alicia',
        'name.familyName': 'Exemplar',
        [`${ENTERPRISE}:employeeNumber`]: '1001',
        [`${ENTERPRISE}:manager`]: '271',
      },
    })
    expect(result.displayName).toBe('Alice Q. Example')
    expect(result.name).toEqual({ givenName: 'Alicia', familyName: 'Exemplar' })
    expect(result['name.givenName']).toBeUndefined()
    expect(result[ENTERPRISE]).toEqual({ employeeNumber: '1001', manager: { value: '271' } })
    expect(trace.has(RULE_PATHLESS_DOTTED_KEYS.name)).toBe(true)
  })

  it('applies a path-less add of name parts seen from Entra (scim-patch#132 shape)', () => {
    const { result } = patchUser(aUser({ name: undefined as never }), {
      op: 'add',
      value: { 'name.givenName': 'John', 'name.familyName': 'Doe', 'name.formatted': 'John Doe' },
    })
    expect(result.name).toEqual({ givenName: 'John', familyName: 'Doe', formatted: 'John Doe' })
  })

  it('accepts a nested extension object in a path-less value without firing the dotted-keys rule', () => {
    const { result, trace } = patchUser(aUser(), { op: 'add', value: { [ENTERPRISE]: { department: 'R&D', manager: { value: '9' } } } })
    expect(result[ENTERPRISE]).toEqual({ department: 'R&D', manager: { value: '9' } })
    expect(trace.has(RULE_PATHLESS_DOTTED_KEYS.name)).toBe(false)
  })

  it('creates the work email when Entra adds emails[type eq "work"].value to a user without one (E6)', () => {
    const { result, trace } = patchUser(aUser(), { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y' })
    expect(result.emails).toEqual([{ type: 'work', value: 'x@y' }])
    expect(trace.has(RULE_FILTERED_UPSERT.name)).toBe(true)
  })

  it('creates the work address from separate Add ops for postalCode and locality (E6)', () => {
    const { result } = patchUser(
      aUser(),
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
    )
    expect(result.addresses).toEqual([{ type: 'work', postalCode: '98052', locality: 'Redmond' }])
  })

  it('creates the mobile phone when Replace with a filter matches nothing, next to the existing work phone (E6)', () => {
    const user = aUser({ phoneNumbers: [{ type: 'work', value: '+1 555 0100' }] })
    const { result } = patchUser(user, { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' })
    expect(result.phoneNumbers).toEqual([
      { type: 'work', value: '+1 555 0100' },
      { type: 'mobile', value: '+1 555 0199' },
    ])
  })

  it('removes only the listed members when Azure sends Remove with a value array (E4)', () => {
    const { result, trace } = patchGroup(aGroup(['a', 'f648f8d5ea4e4cd38e9c', 'c']), {
      op: 'Remove',
      path: 'members',
      value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }],
    })
    expect(memberValues(result)).toEqual(['a', 'c'])
    expect(trace.has(RULE_REMOVE_WITH_VALUE.name)).toBe(true)
  })

  it('removes a member through the compliant members[value eq "id"] path (E4)', () => {
    const { result } = patchGroup(aGroup(['a', '7f4bc1a3', 'c']), { op: 'remove', path: 'members[value eq "7f4bc1a3"]' })
    expect(memberValues(result)).toEqual(['a', 'c'])
  })

  it('stores a manager sent as a plain string as { value } (E5)', () => {
    const { result, trace } = patchUser(aUser(), { op: 'Add', path: `${ENTERPRISE}:manager`, value: '271' })
    expect(result[ENTERPRISE]).toEqual({ manager: { value: '271' } })
    expect(trace.has(RULE_COMPLEX_SIMPLE_VALUE.name)).toBe(true)
  })

  it("replaces the manager object when a new manager id arrives, dropping the old manager's displayName (E5)", () => {
    const user = aUser({ [ENTERPRISE]: { manager: { value: '271', displayName: 'Bob' } } })
    const { result } = patchUser(user, { op: 'add', path: `${ENTERPRISE}:manager`, value: '2c2f6fb8' })
    expect(result[ENTERPRISE]).toEqual({ manager: { value: '2c2f6fb8' } })
  })

  it('removes the manager and the emptied extension when Entra removes the manager path', () => {
    const user = aUser({ [ENTERPRISE]: { manager: { value: '271' } } })
    const { result } = patchUser(user, { op: 'Remove', path: `${ENTERPRISE}:manager` })
    expect(result[ENTERPRISE]).toBeUndefined()
  })

  it('removes the manager through the observed manager[value eq "id"] path', () => {
    const user = aUser({ [ENTERPRISE]: { department: 'R&D', manager: { value: '271' } } })
    const { result } = patchUser(user, { op: 'remove', path: 'manager[value eq "271"]' })
    expect(result[ENTERPRISE]).toEqual({ department: 'R&D' })
  })

  it('resolves an unqualified "manager" key in a path-less value to the enterprise manager', () => {
    const { result, trace } = patchUser(aUser(), { op: 'Replace', value: { manager: '271' } })
    expect(result[ENTERPRISE]).toEqual({ manager: { value: '271' } })
    expect(trace.has(RULE_UNQUALIFIED_EXTENSION_ATTRIBUTE.name)).toBe(true)
  })

  it('unwraps the legacy [{"$ref":…,"value":id}] manager shape (E9)', () => {
    const { result, trace } = patchUser(aUser(), {
      op: 'Add',
      path: 'manager',
      value: [{ $ref: 'http://example.com/scim/Users/271', value: '271' }],
    })
    expect(result[ENTERPRISE]).toEqual({ manager: { $ref: 'http://example.com/scim/Users/271', value: '271' } })
    expect(trace.has(RULE_LEGACY_VALUE_WRAPPER.name)).toBe(true)
  })

  it('unwraps [{"$ref":null,"value":"User X"}] for a single-valued string attribute (E9)', () => {
    const { result } = patchUser(aUser(), { op: 'Replace', path: 'displayName', value: [{ $ref: null, value: 'User X' }] })
    expect(result.displayName).toBe('User X')
  })

  it('drops the null $ref Entra sends on member adds (E9)', () => {
    const { result, trace } = patchGroup(aGroup(), { op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] })
    expect(members(result)).toEqual([{ value: 'f648f8d5ea4e4cd38e9c' }])
    expect(trace.has(RULE_NULL_VALUES_DROPPED.name)).toBe(true)
  })

  it('stores a member added with "displayName" under display, so GET shows "new User" (Postman collection)', () => {
    const { result, trace } = patchGroup(aGroup(), {
      name: 'addMember',
      op: 'add',
      path: 'members',
      value: [{ displayName: 'new User', value: 'u-4' }],
    })
    expect(members(result)).toEqual([{ display: 'new User', value: 'u-4' }])
    expect(trace.has(RULE_MEMBER_DISPLAY_NAME.name)).toBe(true)
  })

  it('treats a bare string member value as one member (Postman "Group patch add member")', () => {
    const body = { id: 'g-1', Operations: [{ op: 'add', path: 'members', value: 'string id 1' }], schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }
    const { result, trace } = run(aGroup(['a']), body, GROUP_RESOURCE_TYPE)
    expect(memberValues(result)).toEqual(['a', 'string id 1'])
    expect(trace.has(RULE_BARE_VALUE_WRAPPED.name)).toBe(true)
  })

  it('does not duplicate a member that is already present', () => {
    const { result } = patchGroup(aGroup(['a']), { op: 'Add', path: 'members', value: [{ value: 'a' }, { value: 'a' }] })
    expect(memberValues(result)).toEqual(['a'])
  })

  it('keeps AppRoleAssignmentsComplex roles whose value is a JSON string blob exactly as sent (E8)', () => {
    const blob = '{"id":"2d6c8d4c","value":"Admin","displayName":"Admin"}'
    const { result } = patchUser(aUser(), { op: 'Add', path: 'roles', value: [{ value: blob }] })
    expect(result.roles).toEqual([{ value: blob }])
  })

  it('wraps a single email object sent for the multi-valued emails attribute', () => {
    const { result, trace } = patchUser(aUser(), { op: 'add', path: 'emails', value: { type: 'work', value: 'a@contoso.com' } })
    expect(result.emails).toEqual([{ type: 'work', value: 'a@contoso.com' }])
    expect(trace.has(RULE_SINGLE_OBJECT_WRAPPED.name)).toBe(true)
  })

  it('ignores a misspelled top-level key in a path-less value and applies the rest', () => {
    const { result, trace } = patchUser(aUser(), { op: 'replace', value: { nickNmae: 'Babs', title: 'CTO' } })
    expect(result.title).toBe('CTO')
    expect(result.nickNmae).toBeUndefined()
    expect(trace.has(RULE_IGNORE_UNKNOWN_ATTRIBUTE.name)).toBe(true)
  })

  it('reads the legacy customappsso extension path with a dot before the attribute', () => {
    const { result, trace } = patchUser(aUser(), {
      op: 'Replace',
      path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.employeeNumber',
      value: 'E-7',
    })
    expect((result['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as Record<string, unknown>).employeeNumber).toBe('E-7')
    expect(trace.has(RULE_EXTENSION_DOT_NOTATION.name)).toBe(true)
  })

  it('matches roles[primary eq "True"] against the boolean primary (E7)', () => {
    const user = aUser({
      roles: [
        { value: 'User', primary: false },
        { value: 'Admin', primary: true },
      ],
    })
    const { result, trace } = patchUser(user, { op: 'Replace', path: 'roles[primary eq "True"].display', value: 'Administrator' })
    expect(result.roles).toEqual([
      { value: 'User', primary: false },
      { value: 'Admin', primary: true, display: 'Administrator' },
    ])
    // the filter module's E7 rule fires: PATCH paths and query filters share one evaluator
    expect(trace.has(FILTER_QUOTED_BOOLEAN.name)).toBe(true)
  })

  it('ignores id and meta echoed unchanged in a path-less replace', () => {
    const user = aUser()
    const { result, trace } = patchUser(user, { op: 'replace', value: { id: 'u-1', meta: user.meta, title: 'CTO' } })
    expect(result.title).toBe('CTO')
    expect(trace.has(RULE_READONLY_ECHO_IGNORED.name)).toBe(true)
  })

  it('accepts a body without schemas, and an "operations" key in another case', () => {
    const noSchemas = run(aUser(), { Operations: [{ op: 'add', path: 'title', value: 'CTO' }] }, USER_RESOURCE_TYPE)
    expect(noSchemas.result.title).toBe('CTO')
    expect(noSchemas.trace.has(RULE_ENVELOPE_SCHEMA_MISSING.name)).toBe(true)
    const lower = run(
      aUser(),
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], operations: [{ op: 'add', path: 'title', value: 'CTO' }] },
      USER_RESOURCE_TYPE,
    )
    expect(lower.result.title).toBe('CTO')
    expect(lower.trace.has(RULE_ENVELOPE_KEY_CASE.name)).toBe(true)
  })
})
