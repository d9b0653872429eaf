import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entraUser, scimRequest, startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * Auth and isolation at the SCIM edge (issue 6): no route answers without this workspace's
 * valid token, whatever the method, and a refused request changes nothing.
 */

let h: TestHarness
let other: TestHarness
let userId: string
let groupId: string

beforeAll(async () => {
  h = await startTestHarness()
  other = await startTestHarness()
  userId = (await h.scim('POST', '/Users', entraUser('ada@contoso.com'))).json.id
  groupId = (await h.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales' })).json.id
})
afterAll(async () => {
  await h?.close()
  await other?.close()
})

const routes = (): [string, string][] => {
  const paths = [
    '/Users',
    `/Users/${userId}`,
    '/Groups',
    `/Groups/${groupId}`,
    '/Users/.search',
    '/.search',
    '/ServiceProviderConfig',
    '/Schemas',
    '/ResourceTypes',
    '/Bulk',
    '/Me',
    '/nope',
  ]
  return paths.flatMap((p) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, p] as [string, string]))
}

describe('no SCIM route answers without a valid token', () => {
  it('refuses every method on every route without a token, with a bad one, another workspace token, or the token in the query', async () => {
    const before = h.harness.store.revision
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer scimh_wrong' },
      { authorization: `Basic ${Buffer.from(`x:${h.token}`).toString('base64')}` },
      { authorization: `Bearer ${other.token}` },
      { authorization: `Bearer ${h.token.slice(0, -1)}` },
      { authorization: `Bearer ${h.token}${'x'.repeat(4000)}` },
      { authorization: `Bearer ${h.harness.consoleToken}` },
    ]
    let refused = 0
    for (const [method, path] of routes()) {
      for (const headers of attempts) {
        const res = await scimRequest(
          `${h.baseUri}${path}`,
          method,
          method === 'GET' || method === 'DELETE' ? undefined : entraUser('mallory@evil.com'),
          headers,
        )
        expect(res.status, `${method} ${path} with ${JSON.stringify(headers).slice(0, 60)}`).toBe(401)
        expect(res.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' })
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
        refused++
      }
      const inQuery = await scimRequest(`${h.baseUri}${path}${path.includes('?') ? '&' : '?'}access_token=${h.token}`, method)
      expect(inQuery.status, `${method} ${path} with the token in the query string`).toBe(401)
      refused++
    }
    expect(refused).toBe(routes().length * 9)
    expect(h.harness.store.revision).toBe(before)
    expect((await h.scim('GET', '/Users?filter=userName eq "mallory@evil.com"')).json.totalResults).toBe(0)
  })

  it('answers a header block over 16 KiB with a SCIM error, not a crash, and keeps serving', async () => {
    const res = await scimRequest(`${h.baseUri}/Users`, 'GET', undefined, { authorization: `Bearer ${'a'.repeat(20_000)}` })
    expect(res.status).toBe(431)
    expect(res.json).toMatchObject({ status: '431' })
    expect((await h.scim('GET', '/Users')).status).toBe(200)
  })
})
