import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PatchDialect, TargetValue } from '../../src/main/core/azure/model'
import { buildCreateUser, buildPatchBody, buildUserUpdate, patchUser } from '../../src/main/core/azure/requests'
import { applyPatch } from '../../src/main/core/scim/patch'
import { RuleTrace } from '../../src/main/core/scim/leniency'
import { USER_RESOURCE_TYPE } from '../../src/main/core/scim/schema/definitions'
import type { JsonObject } from '../../src/main/core/store/records'

// azure-ad-provisioning.md 6.4: the update PATCH per dialect, and the no-diff rule.

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** A user as the server returns it after a create from the default mappings. */
function targetUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    id: 'u-1',
    externalId: 'jyoung',
    userName: 'jyoung@contoso.com',
    active: true,
    displayName: 'Joy Young',
    name: { givenName: 'Joy', familyName: 'Young', formatted: 'Joy Young' },
    emails: [{ type: 'work', value: 'jyoung@contoso.com', primary: true }],
    [ENTERPRISE]: { employeeNumber: '1042' },
    meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z' },
    ...overrides,
  }
}

function values(entries: [string, TargetValue][]): Map<string, TargetValue> {
  return new Map(entries)
}

const UNCHANGED: [string, TargetValue][] = [
  ['userName', 'jyoung@contoso.com'],
  ['active', 'True'],
  ['displayName', 'Joy Young'],
  ['emails[type eq "work"].value', 'jyoung@contoso.com'],
  ['name.givenName', 'Joy'],
  ['name.familyName', 'Young'],
  ['name.formatted', 'Joy Young'],
  ['externalId', 'jyoung'],
  [`${ENTERPRISE}:employeeNumber`, '1042'],
]

function withChanges(changes: Record<string, TargetValue>): Map<string, TargetValue> {
  const map = values(UNCHANGED)
  for (const [k, v] of Object.entries(changes)) map.set(k, v)
  return map
}

describe('no difference, no request', () => {
  it('returns null when every mapped value equals the target', () => {
    for (const dialect of ['default2017', 'compliant', 'legacy'] as PatchDialect[]) expect(buildUserUpdate(values(UNCHANGED), targetUser(), dialect)).toBeNull()
  })

  it('compares booleans by value, numbers as text, names and type filters ignoring case', () => {
    const target = targetUser({
      active: 'true',
      UserName: 'jyoung@contoso.com',
      userName: undefined,
      emails: [{ type: 'Work', value: 'jyoung@contoso.com' }],
      [ENTERPRISE]: { employeeNumber: 1042 },
    })
    expect(buildUserUpdate(values(UNCHANGED), target, 'default2017')).toBeNull()
    expect(buildUserUpdate(withChanges({ active: true }), targetUser(), 'compliant')).toBeNull()
  })

  it('compares strings exactly: a change of letter case is a change', () => {
    expect(buildUserUpdate(withChanges({ displayName: 'joy young' }), targetUser(), 'default2017')).toEqual([
      { op: 'Replace', path: 'displayName', value: 'joy young' },
    ])
  })

  it('never diffs the manager, which goes in its own PATCH', () => {
    expect(buildUserUpdate(withChanges({ [`${ENTERPRISE}:manager`]: 'mgr-9' }), targetUser(), 'default2017')).toBeNull()
  })
})

describe('disable through the active mapping', () => {
  it('sends Replace active "False" in 2017 mode and replace active false in compliant mode', () => {
    const disabled = withChanges({ active: 'False' })
    expect(buildUserUpdate(disabled, targetUser(), 'default2017')).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(buildUserUpdate(disabled, targetUser(), 'legacy')).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(buildUserUpdate(disabled, targetUser(), 'compliant')).toEqual([{ op: 'replace', path: 'active', value: false }])
  })

  it('serialises the 2017 disable exactly as the compatibility doc shows', () => {
    const request = patchUser('u-1', buildUserUpdate(withChanges({ active: 'False' }), targetUser(), 'default2017')!, 'default2017')
    expect(request.method).toBe('PATCH')
    expect(request.path).toBe('/Users/u-1')
    expect(JSON.stringify(request.body)).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}',
    )
  })
})

describe('several single-valued changes', () => {
  const renamed = withChanges({ displayName: 'Joy Smith', 'name.givenName': 'Joyce', 'name.familyName': 'Smith', [`${ENTERPRISE}:employeeNumber`]: '2001' })

  it('sends one Replace per attribute, with its path, in 2017 mode', () => {
    expect(buildUserUpdate(renamed, targetUser(), 'default2017')).toEqual([
      { op: 'Replace', path: 'displayName', value: 'Joy Smith' },
      { op: 'Replace', path: 'name.givenName', value: 'Joyce' },
      { op: 'Replace', path: 'name.familyName', value: 'Smith' },
      { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '2001' },
    ])
  })

  it('merges them into one path-less replace with dotted and URN keys in compliant mode', () => {
    const ops = buildUserUpdate(renamed, targetUser(), 'compliant')
    expect(JSON.stringify(ops)).toBe(
      '[{"op":"replace","value":{"displayName":"Joy Smith","name.givenName":"Joyce","name.familyName":"Smith",' +
        '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"2001"}}]',
    )
  })

  it('writes extension paths with a dot before the attribute name in the legacy dialect', () => {
    expect(buildUserUpdate(renamed, targetUser(), 'legacy')).toContainEqual({ op: 'Replace', path: `${ENTERPRISE}.employeeNumber`, value: '2001' })
  })

  it('puts active as a boolean key in the merged compliant replace, and keeps "True" text in 2017 mode', () => {
    const target = targetUser({ active: false })
    const reassigned = withChanges({ active: 'True', displayName: 'Joy Smith' })
    expect(buildUserUpdate(reassigned, target, 'compliant')).toEqual([{ op: 'replace', value: { active: true, displayName: 'Joy Smith' } }])
    expect(buildUserUpdate(reassigned, target, 'default2017')).toEqual([
      { op: 'Replace', path: 'active', value: 'True' },
      { op: 'Replace', path: 'displayName', value: 'Joy Smith' },
    ])
  })
})

describe('Add or Replace', () => {
  it('adds a value the target lacks and replaces one it holds differently', () => {
    const target = targetUser({ nickName: undefined })
    const changed = withChanges({ nickName: 'Babs', title: 'Lead' })
    expect(buildUserUpdate(changed, { ...target, title: 'Engineer' }, 'default2017')).toEqual([
      { op: 'Add', path: 'nickName', value: 'Babs' },
      { op: 'Replace', path: 'title', value: 'Lead' },
    ])
    expect(buildUserUpdate(changed, { ...target, title: 'Engineer' }, 'compliant')).toEqual([
      { op: 'add', path: 'nickName', value: 'Babs' },
      { op: 'replace', path: 'title', value: 'Lead' },
    ])
  })

  it('treats null and empty text in the target as no value', () => {
    expect(buildUserUpdate(withChanges({ title: 'Lead' }), targetUser({ title: null }), 'default2017')).toEqual([{ op: 'Add', path: 'title', value: 'Lead' }])
    expect(buildUserUpdate(withChanges({ title: 'Lead' }), targetUser({ title: '' }), 'default2017')).toEqual([{ op: 'Add', path: 'title', value: 'Lead' }])
  })

  it('merges several adds into one path-less add in compliant mode, as seen for the name sub-attributes', () => {
    const target = targetUser({ name: undefined })
    expect(buildUserUpdate(withChanges({}), target, 'compliant')).toEqual([
      { op: 'add', value: { 'name.givenName': 'Joy', 'name.familyName': 'Young', 'name.formatted': 'Joy Young' } },
    ])
  })
})

describe('multi-valued sub-attributes', () => {
  it("replaces the matching element's sub-attribute with its own op, also in compliant mode next to a merged replace", () => {
    const changed = withChanges({ 'emails[type eq "work"].value': 'joy@fabrikam.com', displayName: 'Joy S', 'name.givenName': 'Joyce' })
    expect(buildUserUpdate(changed, targetUser(), 'default2017')).toEqual([
      { op: 'Replace', path: 'displayName', value: 'Joy S' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'joy@fabrikam.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Joyce' },
    ])
    expect(buildUserUpdate(changed, targetUser(), 'compliant')).toEqual([
      { op: 'replace', value: { displayName: 'Joy S', 'name.givenName': 'Joyce' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'joy@fabrikam.com' },
    ])
  })

  it("adds a work element's sub-attributes as separate ops when the target has only another type", () => {
    const target = targetUser({ addresses: [{ type: 'home', locality: 'Seattle' }] })
    const changed = withChanges({
      'addresses[type eq "work"].formatted': 'Building 4',
      'addresses[type eq "work"].locality': 'Redmond',
      'addresses[type eq "work"].region': 'WA',
    })
    expect(buildUserUpdate(changed, target, 'default2017')).toEqual([
      { op: 'Add', path: 'addresses[type eq "work"].formatted', value: 'Building 4' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
      { op: 'Add', path: 'addresses[type eq "work"].region', value: 'WA' },
    ])
    expect(buildUserUpdate(changed, target, 'compliant')!.map((o) => o.op)).toEqual(['add', 'add', 'add'])
  })

  it('compares the element the filter selects, not another element of the attribute', () => {
    const target = targetUser({
      phoneNumbers: [
        { type: 'work', value: '1' },
        { type: 'mobile', value: '2' },
      ],
    })
    expect(buildUserUpdate(withChanges({ 'phoneNumbers[type eq "mobile"].value': '2' }), target, 'default2017')).toBeNull()
    expect(buildUserUpdate(withChanges({ 'phoneNumbers[type eq "mobile"].value': '1' }), target, 'default2017')).toEqual([
      { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '1' },
    ])
  })

  it("writes the legacy dialect's filter unquoted", () => {
    expect(buildUserUpdate(withChanges({ 'emails[type eq "work"].value': 'joy@fabrikam.com' }), targetUser(), 'legacy')).toEqual([
      { op: 'Replace', path: 'emails[type eq work].value', value: 'joy@fabrikam.com' },
    ])
  })

  it('compares a multi-valued mapping as a set of values', () => {
    const target = targetUser({
      emails: [
        { type: 'other', value: 'b@x' },
        { type: 'other', value: 'a@x' },
      ],
    })
    expect(buildUserUpdate(values([['emails[type eq "other"].value', ['a@x', 'b@x']]]), target, 'default2017')).toBeNull()
    expect(buildUserUpdate(values([['emails[type eq "other"].value', ['a@x', 'c@x']]]), target, 'compliant')).toEqual([
      { op: 'replace', path: 'emails[type eq "other"].value', value: ['a@x', 'c@x'] },
    ])
  })
})

describe('PatchOp envelope', () => {
  it('wraps operations with the PatchOp schema first', () => {
    expect(JSON.stringify(buildPatchBody([{ op: 'Add', path: 'nickName', value: 'Babs' }]))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}',
    )
  })
})

describe('agreement with the built-in server', () => {
  const text = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .@-]{0,11}$/)
  const mapped = fc.record(
    {
      displayName: text,
      title: text,
      'name.givenName': text,
      'name.familyName': text,
      'emails[type eq "work"].value': text,
      'phoneNumbers[type eq "mobile"].value': text,
      'addresses[type eq "work"].locality': text,
      [`${ENTERPRISE}:employeeNumber`]: text,
      [`${ENTERPRISE}:department`]: text,
      active: fc.constantFrom('True', 'False'),
    },
    { requiredKeys: [] },
  )

  function serverApply(target: Record<string, unknown>, body: unknown): Record<string, unknown> {
    return applyPatch(target as JsonObject, body, USER_RESOURCE_TYPE, new RuleTrace()) as Record<string, unknown>
  }

  it('leaves nothing to send once the server has applied the update, in both current dialects', () => {
    fc.assert(
      fc.property(mapped, mapped, fc.constantFrom<PatchDialect>('default2017', 'compliant'), (before, after, dialect) => {
        const created = buildCreateUser(new Map(Object.entries({ userName: 'u@x', ...before })), dialect).body as Record<string, unknown>
        const target = { ...created, id: 'u-1' }
        const wanted = new Map<string, TargetValue>(Object.entries({ userName: 'u@x', ...before, ...after }))
        const ops = buildUserUpdate(wanted, target, dialect)
        if (ops === null) return
        const updated = serverApply(target, buildPatchBody(ops))
        expect(buildUserUpdate(wanted, updated, dialect)).toBeNull()
      }),
    )
  })

  it('finds nothing to update right after a create from the same values', () => {
    fc.assert(
      fc.property(mapped, fc.constantFrom<PatchDialect>('default2017', 'compliant', 'legacy'), (v, dialect) => {
        const wanted = new Map<string, TargetValue>(Object.entries({ userName: 'u@x', ...v }))
        expect(buildUserUpdate(wanted, buildCreateUser(wanted, dialect).body as Record<string, unknown>, dialect)).toBeNull()
      }),
    )
  })
})
