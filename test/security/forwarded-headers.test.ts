import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { entraUser, startTestHarness, type TestHarness } from '../helpers/harness'
import { isValidHost } from '../../src/main/core/server/forwarded'

/*
 * Issue 14: forwarded headers were trusted as sent, and `meta.location` became `javascript://...`.
 * The test client connects from loopback, exactly like the ngrok agent, so it is a trusted proxy:
 * what it forwards is believed only when it is an http/https scheme and a bare host[:port].
 */

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** node:http rather than fetch: fetch will not send an arbitrary Host header. */
function raw(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    if (body !== undefined) req.write(JSON.stringify(body))
    req.end()
  })
}

describe('forwarded headers: meta.location is never built from a forged scheme or host', () => {
  let h: TestHarness
  let origin: string
  let n = 0
  beforeAll(async () => {
    h = await startTestHarness()
    origin = new URL(h.baseUri).origin
  })
  afterAll(async () => h.close())

  const create = (headers: Record<string, string>) =>
    raw(`${h.baseUri}/Users`, 'POST', { authorization: `Bearer ${h.token}`, ...headers }, entraUser(`fwd${++n}@contoso.com`))

  const forged: [string, Record<string, string>][] = [
    ['X-Forwarded-Proto: javascript', { 'x-forwarded-proto': 'javascript' }],
    ['X-Forwarded-Proto: javascript:alert(1)//', { 'x-forwarded-proto': 'javascript:alert(1)//' }],
    ['X-Forwarded-Proto: data', { 'x-forwarded-proto': 'data' }],
    ['X-Forwarded-Host with a path and query', { 'x-forwarded-host': 'evil.example/x?' }],
    ['X-Forwarded-Host with markup', { 'x-forwarded-host': '<script>alert(1)</script>' }],
    ['X-Forwarded-Host with user info', { 'x-forwarded-host': 'user@evil.example' }],
    ['X-Forwarded-Host with a space', { 'x-forwarded-host': 'evil.example x' }],
    ['both forged at once', { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example/#' }],
    ['a Host header that is not a host', { host: 'evil.example/x?y=' }],
    ['a Host header with markup', { host: '"><img src=x onerror=alert(1)>' }],
  ]

  for (const [name, headers] of forged) {
    it(`ignores ${name}: meta.location and Location are the real http://127.0.0.1:PORT/scim/v2/Users/<id>`, async () => {
      const res = await create(headers)
      expect(res.status).toBe(201)
      const user = JSON.parse(res.text)
      expect(user.meta.location).toBe(`${origin}/scim/v2/Users/${user.id}`)
      expect(res.headers.location).toBe(`${origin}/scim/v2/Users/${user.id}`)
    })
  }

  it('still follows what a tunnel forwards when it is a scheme and a host (ngrok: https and the public name)', async () => {
    const res = await create({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'abc-123.ngrok-free.app' })
    const user = JSON.parse(res.text)
    expect(user.meta.location).toBe(`https://abc-123.ngrok-free.app/scim/v2/Users/${user.id}`)
  })

  it('takes the first of a comma-joined proxy chain, and a valid Host with a port', async () => {
    const chain = await create({ 'x-forwarded-proto': 'https, http' })
    expect(JSON.parse(chain.text).meta.location).toMatch(new RegExp(`^https://${new URL(origin).host}/scim/v2/Users/`))
    const hosted = await create({ host: 'scim.contoso.com:8443' })
    expect(JSON.parse(hosted.text).meta.location).toMatch(/^http:\/\/scim\.contoso\.com:8443\/scim\/v2\/Users\//)
  })

  it('does not reflect a forged Host into the 404 message of an unknown path', async () => {
    const res = await raw(`${origin}/nothing`, 'GET', { host: '<b>evil.example</b>', 'x-forwarded-proto': 'javascript' })
    expect(res.status).toBe(404)
    expect(res.text).not.toMatch(/evil|<b>|javascript/)
    expect(JSON.parse(res.text).detail).toContain(`${origin}/scim/v2`)
  })
})

describe('isValidHost: host[:port] and nothing else', () => {
  it('accepts names, IPv4, bracketed IPv6, with or without a port', () => {
    for (const host of ['localhost', '127.0.0.1:8787', 'abc-123.ngrok-free.app', 'scim.contoso.com.', '[::1]:8787', '[2001:db8::1]', 'my_host:1']) {
      expect(isValidHost(host), host).toBe(true)
    }
  })
  it('refuses schemes, paths, queries, user info, spaces, markup, bad ports and overlong names', () => {
    for (const host of [
      '',
      'http://a',
      'a/b',
      'a?b',
      'a#b',
      'u@a',
      'a b',
      '<a>',
      'a:99999',
      'a:',
      '-a',
      'a..b',
      `${'a'.repeat(64)}.com`,
      `${'a.'.repeat(200)}com`,
      '::1',
    ]) {
      expect(isValidHost(host), host).toBe(false)
    }
  })
})
