import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containsNull, entraUser, patchOp, scimRequest, startTestHarness, type TestHarness } from '../helpers/harness'

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'

describe('the error table: RFC 7644 bodies with the right status and scimType', () => {
  let h: TestHarness
  let userId: string
  beforeAll(async () => {
    h = await startTestHarness()
    userId = (await h.scim('POST', '/Users', entraUser('err@contoso.com'))).json.id
  })
  afterAll(async () => h.close())

  const expectError = (res: { status: number; json: any; headers: Headers }, status: number, scimType?: string) => {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/)
    expect(res.json.schemas).toEqual([ERROR])
    expect(res.json.status).toBe(String(status))
    expect(typeof res.json.detail).toBe('string')
    if (scimType) expect(res.json.scimType).toBe(scimType)
    else expect(res.json.scimType).toBeUndefined()
  }

  it('gives 400 invalidSyntax for a body that is not JSON', async () => {
    expectError(await h.scim('POST', '/Users', '{"userName": "x", "active": tre'), 400, 'invalidSyntax')
  })

  it('gives 400 invalidSyntax for a PATCH without Operations', async () => {
    expectError(await h.scim('PATCH', `/Users/${userId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }), 400, 'invalidSyntax')
  })

  it('gives 400 invalidFilter for a malformed filter, never a 500', async () => {
    expectError(await h.scim('GET', '/Users?filter=userName eq "x" and ('), 400, 'invalidFilter')
    expectError(await h.scim('GET', '/Users?filter=nosuchattribute eq "x"'), 400, 'invalidFilter')
  })

  it('gives 400 invalidValue for a user without userName and for a wrongly typed value', async () => {
    expectError(await h.scim('POST', '/Users', { active: true, displayName: 'No Name' }), 400, 'invalidValue')
    expectError(await h.scim('POST', '/Users', { userName: 'typed@contoso.com', active: 'perhaps' }), 400, 'invalidValue')
    expectError(await h.scim('POST', '/Users', { userName: 42 }), 400, 'invalidValue')
  })

  it('gives 409 uniqueness with a detail for a duplicate userName, whatever its case', async () => {
    const res = await h.scim('POST', '/Users', entraUser('ERR@contoso.com'))
    expectError(res, 409, 'uniqueness')
    expect(res.json.detail).toContain('ERR@contoso.com')
  })

  it('gives 400 mutability when a PATCH targets a read-only attribute', async () => {
    expectError(await h.scim('PATCH', `/Users/${userId}`, patchOp({ op: 'replace', path: 'id', value: 'other' })), 400, 'mutability')
  })

  it('gives 400 noTarget for a remove without a path', async () => {
    expectError(await h.scim('PATCH', `/Users/${userId}`, patchOp({ op: 'remove' })), 400, 'noTarget')
  })

  it('gives 404 for an unknown resource and an unknown endpoint', async () => {
    expectError(await h.scim('GET', '/Users/00000000-0000-0000-0000-000000000000'), 404)
    expectError(await h.scim('PATCH', '/Groups/nope', patchOp({ op: 'add', path: 'displayName', value: 'x' })), 404)
    expectError(await h.scim('GET', '/Widgets'), 404)
  })

  it('gives 413 for a body over the limit', async () => {
    const big = { userName: 'big@contoso.com', displayName: 'x'.repeat(2 * 1024 * 1024) }
    expectError(await h.scim('POST', '/Users', big), 413)
  })

  it('gives 415 for a body that is not JSON at all', async () => {
    expectError(await h.scim('POST', '/Users', 'userName=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415)
  })

  it('gives 412 when If-Match names an old version, and applies the change when it names the current one', async () => {
    const before = await h.scim('GET', `/Users/${userId}`)
    const etag = before.headers.get('etag')!
    expect(etag).toBe(before.json.meta.version)
    const ok = await h.scim('PATCH', `/Users/${userId}`, patchOp({ op: 'replace', path: 'title', value: 'Lead' }), { 'if-match': etag })
    expect(ok.status).toBe(204)
    expectError(await h.scim('PATCH', `/Users/${userId}`, patchOp({ op: 'replace', path: 'title', value: 'Late' }), { 'if-match': etag }), 412)
    expect((await h.scim('GET', `/Users/${userId}`)).json.title).toBe('Lead')
  })

  it('answers 304 to If-None-Match with the current version', async () => {
    const first = await h.scim('GET', `/Users/${userId}`)
    const again = await h.scim('GET', `/Users/${userId}`, undefined, { 'if-none-match': first.headers.get('etag')! })
    expect(again.status).toBe(304)
  })

  it('accepts application/json with a charset as well as application/scim+json', async () => {
    const res = await h.scim('POST', '/Users', { userName: 'json@contoso.com' }, { 'content-type': 'application/json; charset=utf-8' })
    expect(res.status).toBe(201)
    const scim = await h.scim('POST', '/Users', { userName: 'scim@contoso.com' }, { 'content-type': 'application/scim+json; charset=utf-8' })
    expect(scim.status).toBe(201)
  })

  it('never puts null in a response, even when the request carried nulls', async () => {
    const res = await h.scim('POST', '/Users', {
      userName: 'nulls@contoso.com',
      displayName: null,
      addresses: [{ type: 'work', formatted: null, locality: 'Oslo' }],
      name: { givenName: null },
    })
    expect(res.status).toBe(201)
    expect(containsNull(res.json)).toBe(false)
    expect(res.json.addresses).toEqual([{ type: 'work', locality: 'Oslo' }])
  })

  it('returns a SCIM error body for an unknown path outside /scim/v2 too', async () => {
    const res = await scimRequest(h.baseUri.replace('/scim/v2', '/nothing'), 'GET')
    expect(res.status).toBe(404)
    expect(res.json.schemas).toEqual([ERROR])
  })
})
