import { describe, expect, it } from 'vitest'
import {
  deleteUser,
  getUserById,
  buildDisable,
  parseTenantUrl,
  patchUser,
  resolveDialect,
  resolveRequestUrl,
  TenantUrlError,
  toWireRequest,
  type ConnectionSettings,
} from '../../src/main/core/azure/requests'

// azure-ad-provisioning.md sections 0 and 1: the Tenant URL, the dialect flag and the headers.

const connection: ConnectionSettings = { token: 's3cret', dialect: 'default2017' }

describe('Tenant URL', () => {
  it('appends /Users to the base whether or not the admin typed a trailing slash', () => {
    for (const typed of ['https://api.contoso.com/scim/', 'https://api.contoso.com/scim']) {
      const tenant = parseTenantUrl(typed)
      expect(tenant.baseUrl).toBe('https://api.contoso.com/scim')
      expect(resolveRequestUrl(tenant, '/Users/7')).toBe('https://api.contoso.com/scim/Users/7')
    }
    expect(resolveRequestUrl(parseTenantUrl('https://api.contoso.com/'), '/Groups')).toBe('https://api.contoso.com/Groups')
  })

  it('recognises aadOptscim062020 and strips it from resource URLs by default', () => {
    const tenant = parseTenantUrl('https://api.contoso.com/scim/v2?aadOptscim062020')
    expect(tenant.dialectFlag).toBe(true)
    expect(resolveRequestUrl(tenant, '/Users?filter=userName+eq+%22a%22')).toBe('https://api.contoso.com/scim/v2/Users?filter=userName+eq+%22a%22')
  })

  it('keeps the flag, as typed and first in the query, when keepFlagInRequests is set', () => {
    const tenant = parseTenantUrl('https://api.contoso.com/scim/v2?aadOptscim062020', { keepFlagInRequests: true })
    expect(tenant.dialectFlag).toBe(true)
    expect(resolveRequestUrl(tenant, '/Users?filter=x')).toBe('https://api.contoso.com/scim/v2/Users?aadOptscim062020&filter=x')
    expect(resolveRequestUrl(tenant, '/Users/1')).toBe('https://api.contoso.com/scim/v2/Users/1?aadOptscim062020')
  })

  it("keeps the server's own query parameters on every request, and finds the flag in any case and position", () => {
    const tenant = parseTenantUrl('https://api.contoso.com/scim?tenant=acme&AADOPTSCIM062020=1')
    expect(tenant.dialectFlag).toBe(true)
    expect(resolveRequestUrl(tenant, '/Users/1')).toBe('https://api.contoso.com/scim/Users/1?tenant=acme')
    expect(parseTenantUrl('https://api.contoso.com/scim?aadOptscim0620').dialectFlag).toBe(false)
  })

  it('refuses URLs Entra cannot use, saying why', () => {
    const refused: [string, RegExp][] = [
      ['', /empty/],
      ['api.contoso.com/scim', /absolute URL/],
      ['ftp://api.contoso.com/scim', /https:\/\//],
      ['https://api.contoso.com/scim#users', /fragment/],
      ['https://admin:pw@api.contoso.com/scim', /Secret Token/],
    ]
    for (const [typed, message] of refused) {
      expect(() => parseTenantUrl(typed), typed).toThrow(TenantUrlError)
      expect(() => parseTenantUrl(typed), typed).toThrow(message)
    }
  })

  it('accepts http for a local test server', () => {
    expect(parseTenantUrl('  http://127.0.0.1:8080/scim/v2/  ').baseUrl).toBe('http://127.0.0.1:8080/scim/v2')
  })
})

describe('dialect resolution', () => {
  it('turns a default job compliant when the URL carries the flag, except on demand', () => {
    expect(resolveDialect('default2017', true)).toBe('compliant')
    expect(resolveDialect('default2017', false)).toBe('default2017')
    expect(resolveDialect('default2017', true, { onDemand: true })).toBe('default2017')
  })

  it('leaves legacy and explicitly compliant jobs as they are', () => {
    expect(resolveDialect('legacy', true)).toBe('legacy')
    expect(resolveDialect('compliant', false, { onDemand: true })).toBe('compliant')
  })
})

describe('headers', () => {
  const tenant = parseTenantUrl('https://api.contoso.com/scim')

  it('sends the bearer token, Accept and the harness marker, and no User-Agent by default', () => {
    const wire = toWireRequest(tenant, getUserById('42'), connection)
    expect(wire).toEqual({
      method: 'GET',
      url: 'https://api.contoso.com/scim/Users/42',
      headers: { Authorization: 'Bearer s3cret', Accept: 'application/scim+json, application/json', 'x-scim-harness-client': 'simulator' },
    })
    expect(Object.keys(wire.headers).map((h) => h.toLowerCase())).not.toContain('user-agent')
  })

  it('sends Content-Type application/scim+json with a body, and a User-Agent only when one is set', () => {
    const wire = toWireRequest(tenant, patchUser('42', buildDisable('default2017'), 'default2017'), { ...connection, userAgent: 'Microsoft.Azure.SyncFabric' })
    expect(wire.headers['Content-Type']).toBe('application/scim+json')
    expect(wire.headers['User-Agent']).toBe('Microsoft.Azure.SyncFabric')
    expect(wire.body).toBe('{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}')
  })

  it('adds ADSCIMVersion 5.0 and the legacy application/json body type for a customappsso job', () => {
    const legacy: ConnectionSettings = { token: 't', dialect: 'legacy' }
    expect(toWireRequest(tenant, deleteUser('42'), legacy).headers.ADSCIMVersion).toBe('5.0')
    const wire = toWireRequest(tenant, patchUser('42', buildDisable('legacy'), 'legacy'), legacy)
    expect(wire.headers['Content-Type']).toBe('application/json')
    expect(wire.headers.ADSCIMVersion).toBe('5.0')
    expect(toWireRequest(tenant, deleteUser('42'), connection).headers.ADSCIMVersion).toBeUndefined()
  })

  it('refuses to send without a Secret Token', () => {
    expect(() => toWireRequest(tenant, deleteUser('1'), { ...connection, token: '' })).toThrow(/Secret Token/)
  })
})
