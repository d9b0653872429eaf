import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PatchDialect, TargetValue } from '../../src/main/core/azure/model'
import {
  buildCreateGroup,
  buildCreateUser,
  buildDisable,
  buildEnable,
  buildGroupRename,
  buildGroupUpdate,
  buildManagerPatch,
  buildMemberAdd,
  buildMemberRemove,
  buildUserUpdate,
  parseTenantUrl,
  patchGroup,
  patchUser,
  type ScimRequest,
} from '../../src/main/core/azure/requests'

// azure-ad-provisioning.md section 4 and 6.4 (disable, enable, manager) and 6.6 (groups).

const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'
const DIALECTS: PatchDialect[] = ['default2017', 'compliant', 'legacy']

describe('disable and enable', () => {
  it('disables with the documented string in 2017 mode and the boolean in compliant mode', () => {
    expect(buildDisable('default2017')).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(buildDisable('legacy')).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(JSON.stringify(buildDisable('compliant'))).toBe('[{"op":"replace","path":"active","value":false}]')
  })

  it('enables by symmetry', () => {
    expect(buildEnable('default2017')).toEqual([{ op: 'Replace', path: 'active', value: 'True' }])
    expect(buildEnable('compliant')).toEqual([{ op: 'replace', path: 'active', value: true }])
  })
})

describe('manager', () => {
  it('sets the manager with Add and the target id as a plain string', () => {
    expect(buildManagerPatch('271', 'default2017')).toEqual([{ op: 'Add', path: MANAGER, value: '271' }])
    expect(buildManagerPatch('2c2f6fb8', 'compliant', { current: null })).toEqual([{ op: 'add', path: MANAGER, value: '2c2f6fb8' }])
  })

  it('changes the manager with Add too, and sends nothing when the target already has that manager', () => {
    expect(buildManagerPatch('272', 'default2017', { current: '271' })).toEqual([{ op: 'Add', path: MANAGER, value: '272' }])
    expect(buildManagerPatch('271', 'compliant', { current: '271' })).toBeNull()
    expect(buildManagerPatch(null, 'compliant', { current: null })).toBeNull()
  })

  it('removes the manager with the observed manager[value eq "id"] path and no value', () => {
    expect(JSON.stringify(buildManagerPatch(null, 'compliant', { current: 'mgr-1' }))).toBe('[{"op":"remove","path":"manager[value eq \\"mgr-1\\"]"}]')
    expect(buildManagerPatch(null, 'default2017', { current: 'mgr-1' })).toEqual([{ op: 'Remove', path: 'manager[value eq "mgr-1"]' }])
  })

  it('removes the whole attribute when the current manager is unknown', () => {
    expect(buildManagerPatch(null, 'default2017')).toEqual([{ op: 'Remove', path: MANAGER }])
  })

  it('uses the legacy documentation shape, with a $ref under the tenant URL', () => {
    const tenant = parseTenantUrl('https://api.contoso.com/scim/')
    expect(buildManagerPatch('2819c223', 'legacy', { tenant })).toEqual([
      { op: 'Add', path: 'manager', value: [{ $ref: 'https://api.contoso.com/scim/Users/2819c223', value: '2819c223' }] },
    ])
    expect(buildManagerPatch('2819c223', 'legacy')).toEqual([{ op: 'Add', path: 'manager', value: [{ $ref: null, value: '2819c223' }] }])
  })
})

describe('group members', () => {
  it('adds members with "$ref": null values in one op', () => {
    const requests = buildMemberAdd(['f648f8d5ea4e4cd38e9c', 'a1'], 'default2017')
    expect(JSON.stringify(requests)).toBe('[[{"op":"Add","path":"members","value":[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"},{"$ref":null,"value":"a1"}]}]]')
    expect(buildMemberAdd(['a1'], 'compliant')).toEqual([[{ op: 'add', path: 'members', value: [{ $ref: null, value: 'a1' }] }]])
  })

  it('splits member adds into one PATCH per batch', () => {
    const ids = ['1', '2', '3', '4', '5']
    const requests = buildMemberAdd(ids, 'default2017', 2)
    expect(requests.map((ops) => (ops[0].value as { value: string }[]).map((v) => v.value))).toEqual([['1', '2'], ['3', '4'], ['5']])
    expect(buildMemberAdd([], 'default2017')).toEqual([])
    expect(() => buildMemberAdd(ids, 'default2017', 0)).toThrow(/batch size/)
  })

  it('removes members in 2017 mode with one Remove op holding a value array', () => {
    expect(buildMemberRemove(['u-1', 'u-2'], 'default2017')).toEqual([
      [
        {
          op: 'Remove',
          path: 'members',
          value: [
            { $ref: null, value: 'u-1' },
            { $ref: null, value: 'u-2' },
          ],
        },
      ],
    ])
    expect(buildMemberRemove(['u-1'], 'legacy')).toEqual(buildMemberRemove(['u-1'], 'default2017'))
  })

  it('removes members in compliant mode with one op per member, a filtered path and no value', () => {
    const ops = buildMemberRemove(['7f4bc1a3', 'u-2'], 'compliant')
    expect(JSON.stringify(ops)).toBe('[[{"op":"remove","path":"members[value eq \\"7f4bc1a3\\"]"},{"op":"remove","path":"members[value eq \\"u-2\\"]"}]]')
  })

  it('wraps member ops in PATCH /Groups/{id}', () => {
    const request = patchGroup('g-1', buildMemberRemove(['u-1'], 'compliant')[0], 'compliant')
    expect(request).toEqual({
      method: 'PATCH',
      path: '/Groups/g-1',
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members[value eq "u-1"]' }] },
      headers: { Accept: 'application/scim+json, application/json', 'Content-Type': 'application/scim+json', 'x-scim-harness-client': 'simulator' },
    })
  })
})

describe('group rename and update', () => {
  it('renames with Replace displayName and a plain string', () => {
    expect(JSON.stringify(patchGroup('g-1', buildGroupRename('newName', 'default2017'), 'default2017').body)).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"newName"}]}',
    )
    expect(buildGroupRename('newName', 'compliant')).toEqual([{ op: 'replace', path: 'displayName', value: 'newName' }])
  })

  it('diffs the mapped group attributes and ignores members', () => {
    const target = { id: 'g-1', displayName: 'Sales', externalId: 'obj-1' }
    const mapped = new Map<string, TargetValue>([
      ['displayName', 'Sales EMEA'],
      ['externalId', 'obj-1'],
      ['members', ['u-1']],
    ])
    expect(buildGroupUpdate(mapped, target, 'default2017')).toEqual([{ op: 'Replace', path: 'displayName', value: 'Sales EMEA' }])
    expect(buildGroupUpdate(new Map([['displayName', 'Sales']]), target, 'compliant')).toBeNull()
  })
})

/** Every path at which a body holds null, except `$ref` inside a reference value. */
function nullsIn(value: unknown, at = '$'): string[] {
  if (value === null) return [at]
  if (Array.isArray(value)) return value.flatMap((v, i) => nullsIn(v, `${at}[${i}]`))
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (k === '$ref' && v === null ? [] : nullsIn(v, `${at}.${k}`)))
  }
  return []
}

describe('no nulls in request bodies', () => {
  it('finds a null the checker is meant to catch', () => {
    expect(nullsIn({ a: [{ b: null }], $ref: null, c: { $ref: null } })).toEqual(['$.a[0].b'])
  })

  it('sends no null in any body, in any dialect, whatever the mapped values; only member and legacy manager $ref may be null', () => {
    const text = fc.string({ maxLength: 8 })
    const value = fc.oneof(text, fc.boolean(), fc.array(text, { maxLength: 3 }))
    const paths = fc.constantFrom(
      'userName',
      'active',
      'displayName',
      'title',
      'name.givenName',
      'name.formatted',
      'externalId',
      'emails[type eq "work"].value',
      'emails[type eq "other"].value',
      'addresses[type eq "work"].locality',
      'phoneNumbers[type eq "fax"].value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      MANAGER,
      'roles[primary eq "True"].value',
    )
    const ids = fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 4 })
    fc.assert(
      fc.property(
        fc.array(fc.tuple(paths, value), { maxLength: 10 }),
        fc.array(fc.tuple(paths, value), { maxLength: 10 }),
        ids,
        fc.constantFrom(...DIALECTS),
        (before, after, members, dialect) => {
          const requests: ScimRequest[] = [buildCreateUser(new Map(after), dialect), buildCreateGroup(new Map(after), dialect)]
          const target = buildCreateUser(new Map(before), dialect).body as Record<string, unknown>
          const ops = [
            buildUserUpdate(new Map(after), target, dialect),
            buildDisable(dialect),
            buildEnable(dialect),
            buildManagerPatch(members[0] ?? null, dialect, { current: members[1] }),
            buildGroupRename('x', dialect),
            ...buildMemberAdd(members, dialect, 2),
            ...buildMemberRemove(members, dialect, 2),
          ]
          for (const list of ops) if (list) requests.push(patchUser('u', list, dialect))
          for (const request of requests) expect(nullsIn(request.body), JSON.stringify(request.body)).toEqual([])
        },
      ),
    )
  })
})
