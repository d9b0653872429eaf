import { describe, expect, it } from 'vitest'
import {
  attributeMappingListSchema,
  defaultGroupMappings,
  defaultUserMappings,
  legacyGroupMappings,
  legacyUserMappings,
  matchingAttributes,
  parseExpression,
} from '../../src/main/core/azure/mappings'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** Section 5.1, row for row: target <- source. */
const SECTION_5_1: [target: string, source: string][] = [
  ['userName', 'userPrincipalName'],
  ['active', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'],
  ['displayName', 'displayName'],
  ['title', 'jobTitle'],
  ['emails[type eq "work"].value', 'mail'],
  ['preferredLanguage', 'preferredLanguage'],
  ['name.givenName', 'givenName'],
  ['name.familyName', 'surname'],
  ['name.formatted', 'Join(" ", [givenName], [surname])'],
  ['addresses[type eq "work"].formatted', 'physicalDeliveryOfficeName'],
  ['addresses[type eq "work"].streetAddress', 'streetAddress'],
  ['addresses[type eq "work"].locality', 'city'],
  ['addresses[type eq "work"].region', 'state'],
  ['addresses[type eq "work"].postalCode', 'postalCode'],
  ['addresses[type eq "work"].country', 'country'],
  ['phoneNumbers[type eq "work"].value', 'telephoneNumber'],
  ['phoneNumbers[type eq "mobile"].value', 'mobile'],
  ['phoneNumbers[type eq "fax"].value', 'facsimileTelephoneNumber'],
  ['externalId', 'mailNickname'],
  [`${ENTERPRISE}:employeeNumber`, 'employeeId'],
  [`${ENTERPRISE}:department`, 'department'],
  [`${ENTERPRISE}:manager`, 'manager'],
]

describe('defaultUserMappings', () => {
  it('holds every row of section 5.1 with the exact target paths, in order', () => {
    expect(defaultUserMappings().map((m) => [m.target, m.source])).toEqual(SECTION_5_1)
  })

  it('matches on userName alone, with precedence 1', () => {
    expect(matchingAttributes(defaultUserMappings()).map((m) => [m.target, m.matchingPrecedence])).toEqual([['userName', 1]])
  })

  it('maps active and name.formatted as expressions, everything else directly, all applied always', () => {
    const mappings = defaultUserMappings()
    expect(mappings.filter((m) => m.type === 'expression').map((m) => m.target)).toEqual(['active', 'name.formatted'])
    expect(mappings.filter((m) => m.type !== 'expression').every((m) => m.type === 'direct')).toBe(true)
    expect(mappings.every((m) => m.applyOn === 'always' && m.defaultValue === undefined)).toBe(true)
    for (const m of mappings.filter((x) => x.type === 'expression')) expect(() => parseExpression(m.source)).not.toThrow()
  })

  it('marks only the manager as a reference attribute', () => {
    expect(
      defaultUserMappings()
        .filter((m) => m.isReference)
        .map((m) => m.target),
    ).toEqual([`${ENTERPRISE}:manager`])
  })

  it('has stable, unique ids and passes its own validation', () => {
    const ids = defaultUserMappings().map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(defaultUserMappings().map((m) => m.id)).toEqual(ids)
    expect(ids).toContain('user-active')
    expect(attributeMappingListSchema.safeParse(defaultUserMappings()).success).toBe(true)
  })

  it('returns fresh rows, so editing one table leaves the defaults alone', () => {
    const edited = defaultUserMappings()
    edited[0].source = 'mail'
    expect(defaultUserMappings()[0].source).toBe('userPrincipalName')
  })
})

describe('defaultGroupMappings', () => {
  it('holds every row of section 5.2: displayName matching, externalId <- objectId, members as a reference', () => {
    expect(defaultGroupMappings().map(({ target, source, matchingPrecedence, isReference }) => ({ target, source, matchingPrecedence, isReference }))).toEqual([
      { target: 'displayName', source: 'displayName', matchingPrecedence: 1, isReference: undefined },
      { target: 'externalId', source: 'objectId', matchingPrecedence: undefined, isReference: undefined },
      { target: 'members', source: 'members', matchingPrecedence: undefined, isReference: true },
    ])
    expect(attributeMappingListSchema.safeParse(defaultGroupMappings()).success).toBe(true)
  })
})

describe('legacy customappsso defaults (section 5.2b)', () => {
  it('match users on externalId <- mailNickname, not on userName', () => {
    const legacy = legacyUserMappings()
    expect(matchingAttributes(legacy).map((m) => [m.target, m.source, m.matchingPrecedence])).toEqual([['externalId', 'mailNickname', 1]])
    expect(legacy.map((m) => [m.target, m.source])).toEqual(SECTION_5_1)
  })

  it('match groups on externalId <- displayName and send displayName <- mailNickname', () => {
    const legacy = legacyGroupMappings()
    expect(matchingAttributes(legacy).map((m) => [m.target, m.source])).toEqual([['externalId', 'displayName']])
    expect(legacy.find((m) => m.target === 'displayName')?.source).toBe('mailNickname')
    expect(legacy.find((m) => m.target === 'members')?.isReference).toBe(true)
    expect(attributeMappingListSchema.safeParse(legacy).success).toBe(true)
  })
})
