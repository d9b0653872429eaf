import { describe, expect, it } from 'vitest'
import { RuleTrace } from '../../src/main/core/scim/leniency'
import { normalizeResourceInput, RULE_READONLY_IGNORED } from '../../src/main/core/scim/resource-input'
import {
  RULE_BARE_VALUE_WRAPPED,
  RULE_COMPLEX_SIMPLE_VALUE,
  RULE_IGNORE_UNKNOWN_ATTRIBUTE,
  RULE_LEGACY_VALUE_WRAPPER,
  RULE_MEMBER_DISPLAY_NAME,
  RULE_NULL_VALUES_DROPPED,
  RULE_SINGLE_OBJECT_WRAPPED,
  RULE_STRING_BOOLEAN,
} from '../../src/main/core/scim/values/rules'
import { compileProjection, project, RULE_FILTER_IN_ATTRIBUTES, RULE_UNKNOWN_PROJECTED } from '../../src/main/core/scim/projection'
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/main/core/scim/schema/definitions'
import { ScimError } from '../../src/main/core/scim/errors'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

function user(body: Record<string, unknown>) {
  const trace = new RuleTrace()
  return { result: normalizeResourceInput({ userName: 'u@contoso.com', ...body }, USER_RESOURCE_TYPE, trace), trace }
}

describe('POST and PUT bodies: one test per named rule', () => {
  it('stores "True" as the boolean true (Postman "Post emp1 with string True")', () => {
    const { result, trace } = user({ active: 'True', emails: [{ value: 'a@b', primary: 'false' }] })
    expect(result.active).toBe(true)
    expect(result.emails).toEqual([{ value: 'a@b', primary: false }])
    expect(trace.has(RULE_STRING_BOOLEAN.name)).toBe(true)
  })

  it('stores a manager sent as a plain string as { value } (E5)', () => {
    const { result, trace } = user({ [ENTERPRISE]: { manager: '271' } })
    expect(result[ENTERPRISE]).toEqual({ manager: { value: '271' } })
    expect(trace.has(RULE_COMPLEX_SIMPLE_VALUE.name)).toBe(true)
  })

  it('ignores misspelled attributes instead of refusing the body', () => {
    const { result, trace } = user({ adreses: [{ country: 'Germany' }] })
    expect(result.adreses).toBeUndefined()
    expect(trace.has(RULE_IGNORE_UNKNOWN_ATTRIBUTE.name)).toBe(true)
  })

  it('ignores read-only attributes sent by the client (id, meta, groups)', () => {
    const { result, trace } = user({ id: 'client-id', meta: { resourceType: 'User' }, groups: [{ value: 'g' }] })
    expect(result.id).toBeUndefined()
    expect(result.meta).toBeUndefined()
    expect(result.groups).toBeUndefined()
    expect(trace.has(RULE_READONLY_IGNORED.name)).toBe(true)
  })

  it('wraps a single object sent for a multi-valued attribute', () => {
    const { result, trace } = user({ emails: { type: 'work', value: 'w@contoso.com' } })
    expect(result.emails).toEqual([{ type: 'work', value: 'w@contoso.com' }])
    expect(trace.has(RULE_SINGLE_OBJECT_WRAPPED.name)).toBe(true)
  })

  it('wraps a bare member id into { value }', () => {
    const trace = new RuleTrace()
    const group = normalizeResourceInput({ displayName: 'G', members: 'user-1' }, GROUP_RESOURCE_TYPE, trace)
    expect(group.members).toEqual([{ value: 'user-1' }])
    expect(trace.has(RULE_BARE_VALUE_WRAPPED.name)).toBe(true)
  })

  it('unwraps the customappsso-era [{ "$ref": null, "value": x }] for a single value (E9)', () => {
    const { result, trace } = user({ displayName: [{ $ref: null, value: 'Wrapped Name' }] })
    expect(result.displayName).toBe('Wrapped Name')
    expect(trace.has(RULE_LEGACY_VALUE_WRAPPER.name)).toBe(true)
  })

  it('drops nulls inside values (E10) and keeps everything else exactly as sent', () => {
    const { result, trace } = user({
      addresses: [{ type: 'work', formatted: null, postalCode: ' 0150 ' }],
      phoneNumbers: [{ type: 'work', value: '+47 (22) 00 00' }],
    })
    expect(result.addresses).toEqual([{ type: 'work', postalCode: ' 0150 ' }])
    expect(result.phoneNumbers).toEqual([{ type: 'work', value: '+47 (22) 00 00' }])
    expect(trace.has(RULE_NULL_VALUES_DROPPED.name)).toBe(true)
  })

  it('keeps a member\'s "displayName" as its display (Postman group tests)', () => {
    const trace = new RuleTrace()
    const group = normalizeResourceInput({ displayName: 'G', members: [{ value: 'u1', displayName: 'new User' }] }, GROUP_RESOURCE_TYPE, trace)
    expect(group.members).toEqual([{ value: 'u1', display: 'new User' }])
    expect(trace.has(RULE_MEMBER_DISPLAY_NAME.name)).toBe(true)
  })

  it('makes attribute names canonical and lists the extension schema it carries', () => {
    const { result } = user({ UserName: 'x', DISPLAYNAME: 'D', [`${ENTERPRISE}:department`]: 'Ops' })
    expect(result.displayName).toBe('D')
    expect(result[ENTERPRISE]).toEqual({ department: 'Ops' })
    expect(result.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE])
  })

  it('refuses prototype-pollution keys and wrong types with invalidValue', () => {
    const bad = [JSON.parse('{"userName":"x","__proto__":{"admin":true}}'), { userName: 'x', name: 'not an object' }, { userName: ['x', 'y'] }]
    for (const body of bad) {
      try {
        normalizeResourceInput(body, USER_RESOURCE_TYPE, new RuleTrace())
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(ScimError)
        expect((e as ScimError).scimType).toBe('invalidValue')
      }
    }
  })
})

describe('attributes projection rules', () => {
  const resource = {
    id: '1',
    schemas: ['s'],
    userName: 'u',
    emails: [
      { type: 'work', value: 'w' },
      { type: 'home', value: 'h' },
    ],
  }

  it('selects the whole attribute for a value filter inside attributes=', () => {
    const trace = new RuleTrace()
    const p = compileProjection(USER_RESOURCE_TYPE, 'emails[type eq "work"]', undefined, trace)
    expect(project(resource, p)).toEqual({ id: '1', schemas: ['s'], emails: resource.emails })
    expect(trace.has(RULE_FILTER_IN_ATTRIBUTES.name)).toBe(true)
  })

  it('ignores unknown names in attributes= rather than failing', () => {
    const trace = new RuleTrace()
    const p = compileProjection(USER_RESOURCE_TYPE, 'userName,bogus', undefined, trace)
    expect(project(resource, p)).toEqual({ id: '1', schemas: ['s'], userName: 'u' })
    expect(trace.has(RULE_UNKNOWN_PROJECTED.name)).toBe(true)
  })
})
