import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { scimRequest, startTestHarness, type TestHarness } from '../helpers/harness'
import { hashToken } from '../../src/main/core/portal'

describe('auth: no SCIM route answers without a valid token', () => {
  let h: TestHarness
  beforeAll(async () => {
    h = await startTestHarness()
  })
  afterAll(async () => h.close())

  const expect401 = async (headers: Record<string, string>) => {
    const res = await scimRequest(`${h.baseUri}/Users`, 'GET', undefined, headers)
    expect(res.status).toBe(401)
    expect(res.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error'])
    expect(res.json.status).toBe('401')
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    return res
  }

  it('refuses a request without a token', async () => {
    await expect401({})
    const spc = await scimRequest(`${h.baseUri}/ServiceProviderConfig`, 'GET')
    expect(spc.status).toBe(401)
  })

  it('refuses a malformed Authorization header and another scheme', async () => {
    await expect401({ authorization: 'Bearer' })
    await expect401({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })
    await expect401({ authorization: `Bearer ${'x'.repeat(5000)}` })
  })

  it('refuses a wrong token', async () => {
    await expect401({ authorization: `Bearer ${h.token}x` })
    await expect401({ authorization: 'Bearer scimh_notarealtokenatall' })
  })

  it('accepts the token with any casing of the Bearer scheme', async () => {
    const res = await scimRequest(`${h.baseUri}/Users`, 'GET', undefined, { authorization: `bearer ${h.token}` })
    expect(res.status).toBe(200)
  })

  it('refuses an expired token: provisioning stops once the expiry date passes', async () => {
    const token = `scimh_${randomUUID()}`
    const past = new Date(Date.now() - 86_400_000).toISOString()
    await h.harness.store.commit([
      {
        kind: 'putToken',
        token: { id: randomUUID(), label: 'old', hash: hashToken(token), createdAt: past, expiresAt: past, lastUsedAt: null, revokedAt: null },
      },
    ])
    const res = await expect401({ authorization: `Bearer ${token}` })
    expect(res.json.detail).toMatch(/expired/i)
  })

  it('refuses a revoked token', async () => {
    const { token, record } = await h.portal.createToken(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), 'to revoke')
    expect((await scimRequest(`${h.baseUri}/Users`, 'GET', undefined, { authorization: `Bearer ${token}` })).status).toBe(200)
    await h.portal.revokeToken(record.id)
    const res = await expect401({ authorization: `Bearer ${token}` })
    expect(res.json.detail).toMatch(/revoked/i)
  })

  it('stores tokens only as hashes', () => {
    const stored = JSON.stringify([...h.harness.store.tokens()])
    expect(stored).not.toContain(h.token)
    expect(stored).toContain(hashToken(h.token))
  })

  it('answers 403 with what to do when SCIM provisioning is disabled', async () => {
    await h.portal.updateSettings({ scimEnabled: false })
    const res = await h.scim('GET', '/Users')
    expect(res.status).toBe(403)
    expect(res.json.detail).toMatch(/disabled/i)
    expect(res.json.detail).toMatch(/enable/i)
    await h.portal.updateSettings({ scimEnabled: true })
    expect((await h.scim('GET', '/Users')).status).toBe(200)
  })
})
