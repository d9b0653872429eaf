import { describe, expect, it } from 'vitest'
import type { PatchDialect, TargetValue } from '../../src/main/core/azure/model'
import { buildCreateGroup, buildCreateUser } from '../../src/main/core/azure/requests'

// azure-ad-provisioning.md 6.3 (Create User) and 6.6 (Create Group).

const DIALECTS: PatchDialect[] = ['default2017', 'compliant', 'legacy']
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const BODY_HEADERS = { Accept: 'application/scim+json, application/json', 'Content-Type': 'application/scim+json', 'x-scim-harness-client': 'simulator' }

/** The documented minimal example of 6.3, as compact JSON. */
const DOCUMENTED_CREATE_USER =
  '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],' +
  '"externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",' +
  '"userName":"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",' +
  '"active":true,' +
  '"emails":[{"primary":true,"type":"work","value":"Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],' +
  '"meta":{"resourceType":"User"},' +
  '"name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},' +
  '"roles":[]}'

/** The example's values in the order of the default mapping table (5.1), not the body's order. */
function documentedValues(): Map<string, TargetValue> {
  return new Map<string, TargetValue>([
    ['userName', 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee'],
    ['active', 'True'],
    ['emails[type eq "work"].value', 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com'],
    ['name.givenName', 'givenName'],
    ['name.familyName', 'familyName'],
    ['name.formatted', 'givenName familyName'],
    ['externalId', '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef'],
  ])
}

describe('Create User', () => {
  it('reproduces the documented POST /Users byte for byte', () => {
    const request = buildCreateUser(documentedValues(), 'default2017')
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/Users')
    expect(request.headers).toEqual(BODY_HEADERS)
    expect(JSON.stringify(request.body)).toBe(DOCUMENTED_CREATE_USER)
  })

  it('sends active as a real boolean in every dialect, from the Switch output "True" or "False"', () => {
    for (const dialect of DIALECTS) {
      expect((buildCreateUser(documentedValues(), dialect).body as { active: unknown }).active, dialect).toBe(true)
      const inactive = documentedValues().set('active', 'False')
      expect((buildCreateUser(inactive, dialect).body as { active: unknown }).active, dialect).toBe(false)
    }
  })

  it('nests every default mapping: work address and phones with their type, enterprise attributes under the URN', () => {
    const values = new Map<string, TargetValue>([
      ['userName', 'joy@contoso.com'],
      ['displayName', 'Joy Young'],
      ['title', 'Engineer'],
      ['preferredLanguage', 'en-US'],
      ['addresses[type eq "work"].formatted', 'Building 4'],
      ['addresses[type eq "work"].streetAddress', '1 Main St'],
      ['addresses[type eq "work"].locality', 'Redmond'],
      ['addresses[type eq "work"].region', 'WA'],
      ['addresses[type eq "work"].postalCode', '98052'],
      ['addresses[type eq "work"].country', 'US'],
      ['phoneNumbers[type eq "work"].value', '+1 425 555 0100'],
      ['phoneNumbers[type eq "mobile"].value', '+1 425 555 0101'],
      ['phoneNumbers[type eq "fax"].value', '+1 425 555 0102'],
      [`${ENTERPRISE}:employeeNumber`, '1042'],
      [`${ENTERPRISE}:department`, 'R&D'],
    ])
    expect(buildCreateUser(values, 'compliant').body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      userName: 'joy@contoso.com',
      addresses: [{ type: 'work', country: 'US', formatted: 'Building 4', locality: 'Redmond', postalCode: '98052', region: 'WA', streetAddress: '1 Main St' }],
      displayName: 'Joy Young',
      meta: { resourceType: 'User' },
      phoneNumbers: [
        { type: 'work', value: '+1 425 555 0100' },
        { type: 'mobile', value: '+1 425 555 0101' },
        { type: 'fax', value: '+1 425 555 0102' },
      ],
      preferredLanguage: 'en-US',
      roles: [],
      title: 'Engineer',
      [ENTERPRISE]: { department: 'R&D', employeeNumber: '1042' },
    })
  })

  it('marks only the work email primary', () => {
    const values = new Map<string, TargetValue>([
      ['userName', 'a'],
      ['emails[type eq "other"].value', ['a@old.example', 'a@alias.example']],
      ['emails[type eq "work"].value', 'a@contoso.com'],
    ])
    expect((buildCreateUser(values, 'default2017').body as { emails: unknown }).emails).toEqual([
      { type: 'other', value: 'a@old.example' },
      { type: 'other', value: 'a@alias.example' },
      { primary: true, type: 'work', value: 'a@contoso.com' },
    ])
  })

  it('leaves out the manager and empty values, and keeps mapped roles instead of roles: []', () => {
    const values = new Map<string, TargetValue>([
      ['userName', 'a'],
      [`${ENTERPRISE}:manager`, 'mgr-1'],
      ['title', ''],
      ['roles[primary eq "True"].value', 'Admin'],
    ])
    expect(buildCreateUser(values, 'default2017').body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      userName: 'a',
      meta: { resourceType: 'User' },
      roles: [{ primary: true, value: 'Admin' }],
    })
  })

  it('labels a legacy body application/json, as the 2016 documentation shows', () => {
    expect(buildCreateUser(documentedValues(), 'legacy').headers['Content-Type']).toBe('application/json')
    expect(JSON.stringify(buildCreateUser(documentedValues(), 'legacy').body)).toBe(DOCUMENTED_CREATE_USER)
  })

  it('refuses a target path the mapping editor cannot produce', () => {
    expect(() => buildCreateUser(new Map([['emails[type ne "work"].value', 'x']]), 'default2017')).toThrow(/Unsupported target attribute path/)
  })
})

describe('Create Group', () => {
  const values = new Map<string, TargetValue>([
    ['displayName', 'displayName'],
    ['externalId', '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159'],
    ['members', ['u-1', 'u-2']],
  ])

  it('reproduces the documented POST /Groups byte for byte, without members', () => {
    const request = buildCreateGroup(values, 'default2017')
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/Groups')
    expect(request.headers).toEqual(BODY_HEADERS)
    expect(JSON.stringify(request.body)).toBe(
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],' +
        '"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"displayName","meta":{"resourceType":"Group"}}',
    )
    expect(buildCreateGroup(values, 'compliant').body).toEqual(request.body)
  })

  it('sends the old ADSCIM group schema URI in the legacy dialect', () => {
    expect((buildCreateGroup(values, 'legacy').body as { schemas: string[] }).schemas).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group',
    ])
  })
})
