import { parse as parseQueryString } from 'node:querystring'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  deleteGroup,
  deleteUser,
  getGroupById,
  getUserById,
  matchGroupQuery,
  matchUserQuery,
  parseTenantUrl,
  resolveRequestUrl,
  testConnectionProbe,
} from '../../src/main/core/azure/requests'
import { parseFilter } from '../../src/main/core/scim/filter'

// azure-ad-provisioning.md sections 2, 3.3, 3.4, 6.1, 6.2, 6.5, 6.6. Filters are form-encoded:
// spaces as `+`, quotes as %22 (the [U] choice documented in requests/queries.ts).

const GUID = '6f1d2c3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f'
const NO_BODY_HEADERS = { Accept: 'application/scim+json, application/json', 'x-scim-harness-client': 'simulator' }

function filterOf(path: string): string {
  const query = path.slice(path.indexOf('?') + 1)
  return String(parseQueryString(query).filter)
}

describe('Test Connection probe', () => {
  it('queries a random GUID in the user matching attribute and the group displayName, excluding members', () => {
    const probe = testConnectionProbe('userName', GUID)
    expect(probe.user).toEqual({ method: 'GET', path: `/Users?filter=userName+eq+%22${GUID}%22`, headers: NO_BODY_HEADERS })
    expect(probe.group).toEqual({ method: 'GET', path: `/Groups?excludedAttributes=members&filter=displayName+eq+%22${GUID}%22`, headers: NO_BODY_HEADERS })
  })

  it('probes the configured matching attribute, as the legacy externalId job did', () => {
    expect(testConnectionProbe('externalId', GUID).user.path).toBe(`/Users?filter=externalId+eq+%22${GUID}%22`)
    expect(testConnectionProbe('externalId', GUID, 'externalId').group.path).toBe(`/Groups?excludedAttributes=members&filter=externalId+eq+%22${GUID}%22`)
  })
})

describe('matching queries', () => {
  it('encodes the validator capture userName eq "dale.mohr@romaguera.uk" with + and %40', () => {
    expect(matchUserQuery('userName', 'dale.mohr@romaguera.uk').path).toBe('/Users?filter=userName+eq+%22dale.mohr%40romaguera.uk%22')
  })

  it('matches on a value path, brackets and inner quotes encoded', () => {
    const request = matchUserQuery('emails[type eq "work"].value', 'a@b.c')
    expect(request.path).toBe('/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22a%40b.c%22')
    expect(filterOf(request.path)).toBe('emails[type eq "work"].value eq "a@b.c"')
  })

  it('matches a group by displayName with members excluded', () => {
    expect(matchGroupQuery('Sales & Marketing')).toEqual({
      method: 'GET',
      path: '/Groups?excludedAttributes=members&filter=displayName+eq+%22Sales+%26+Marketing%22',
      headers: NO_BODY_HEADERS,
    })
  })

  it('escapes a plus sign and a quote inside the value so they survive decoding', () => {
    const request = matchUserQuery('userName', 'o\'hara+"x"@contoso.com')
    expect(request.path).toBe('/Users?filter=userName+eq+%22o%27hara%2B%5C%22x%5C%22%40contoso.com%22')
    expect(filterOf(request.path)).toBe('userName eq "o\'hara+\\"x\\"@contoso.com"')
  })

  it('gives, for any value, a query our server decodes back to a filter that parses, and that a URL leaves unchanged', () => {
    const tenant = parseTenantUrl('https://api.contoso.com/scim')
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), (value) => {
        const { path } = matchUserQuery('userName', value)
        const decoded = filterOf(path)
        expect(decoded).toBe(`userName eq ${JSON.stringify(value)}`)
        const node = parseFilter(decoded)
        expect(node).toMatchObject({ attrPath: 'userName', op: 'eq', compValue: value })
        const url = resolveRequestUrl(tenant, path)
        expect(new URL(url).href).toBe(url)
        expect(new URL(url).searchParams.get('filter')).toBe(decoded)
      }),
    )
  })
})

describe('reads and deletes by id', () => {
  it('reads a user by id and a group by id without members', () => {
    expect(getUserById('54D382A4-2050')).toEqual({ method: 'GET', path: '/Users/54D382A4-2050', headers: NO_BODY_HEADERS })
    expect(getGroupById('g 1')).toEqual({ method: 'GET', path: '/Groups/g%201?excludedAttributes=members', headers: NO_BODY_HEADERS })
  })

  it('deletes a user and a group with no body', () => {
    expect(deleteUser('271')).toEqual({ method: 'DELETE', path: '/Users/271', headers: NO_BODY_HEADERS })
    expect(deleteGroup('a/b')).toEqual({ method: 'DELETE', path: '/Groups/a%2Fb', headers: NO_BODY_HEADERS })
  })
})
