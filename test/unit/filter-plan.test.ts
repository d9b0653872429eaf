import { describe, it, expect } from 'vitest'
import { parseFilter, planFilter, type FilterPlan } from '../../src/main/core/scim/filter'
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../src/main/core/scim/schema/definitions'

const planUsers = (f: string): FilterPlan => planFilter(parseFilter(f), USER_RESOURCE_TYPE)
const planGroups = (f: string): FilterPlan => planFilter(parseFilter(f), GROUP_RESOURCE_TYPE)

describe('planFilter: Entra lookups never scan', () => {
  it('plans userName eq and externalId eq on users to index lookups', () => {
    expect(planUsers('userName eq "6f1d2c3e-aaaa"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'userName', value: '6f1d2c3e-aaaa' }] })
    expect(planUsers('externalId eq "abc"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'externalId', value: 'abc' }] })
    expect(planUsers('id eq "u1"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'id', value: 'u1' }] })
  })

  it('resolves the attribute name case-insensitively and through the core URN', () => {
    expect(planUsers('USERNAME EQ "a"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'userName', value: 'a' }] })
    expect(planUsers('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"')).toEqual({
      kind: 'lookup',
      lookups: [{ attribute: 'userName', value: 'a' }],
    })
  })

  it('plans displayName eq, externalId eq and members.value eq on groups to lookups', () => {
    expect(planGroups('displayName eq "Sales"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'displayName', value: 'Sales' }] })
    expect(planGroups('externalId eq "g"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'externalId', value: 'g' }] })
    expect(planGroups('members.value eq "u1"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'members.value', value: 'u1' }] })
    expect(planGroups('members[value eq "u1"]')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'members.value', value: 'u1' }] })
    expect(planGroups('members eq "u1"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'members.value', value: 'u1' }] })
  })

  it('plans an and of lookups to its most selective conjunct', () => {
    expect(planUsers('userName eq "a" and externalId eq "b"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'externalId', value: 'b' }] })
    expect(planUsers('id eq "1" and manager eq "2"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'id', value: '1' }] })
    expect(planGroups('displayName eq "G" and members.value eq "u1"')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'displayName', value: 'G' }] })
  })

  it('plans an and with one indexable conjunct to that conjunct', () => {
    expect(planUsers('title co "x" and (userName eq "a") and active eq true')).toEqual({ kind: 'lookup', lookups: [{ attribute: 'userName', value: 'a' }] })
  })

  it('plans an or whose every branch is indexable to the union of lookups', () => {
    expect(planUsers('userName eq "a" or externalId eq "b" or userName eq "a"')).toEqual({
      kind: 'lookup',
      lookups: [
        { attribute: 'userName', value: 'a' },
        { attribute: 'externalId', value: 'b' },
      ],
    })
    expect(planUsers('(userName eq "a" and title pr) or id eq "c"')).toEqual({
      kind: 'lookup',
      lookups: [
        { attribute: 'userName', value: 'a' },
        { attribute: 'id', value: 'c' },
      ],
    })
  })
})

describe('planFilter: everything else scans', () => {
  it.each([
    'userName ne "a"',
    'userName co "a"',
    'userName sw "a"',
    'not (userName eq "a")',
    'userName eq "a" or title eq "b"',
    'displayName eq "Babs"',
    'title eq "x"',
    'emails[type eq "work"].value eq "a@x"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"',
    'userName eq null',
    'userName pr',
    'id eq 5',
  ])('User: %s -> scan', (f) => {
    expect(planUsers(f)).toEqual({ kind: 'scan' })
  })

  it('does not use user indexes for groups', () => {
    expect(planGroups('displayName co "S"')).toEqual({ kind: 'scan' })
    expect(planGroups('members.display eq "x"')).toEqual({ kind: 'scan' })
  })
})
