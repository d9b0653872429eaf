import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_METHODS, type ConsoleEvent } from '../../src/shared/console/api'
import type { TunnelDetector } from '../../src/main/core/tunnel/ngrok-agent'
import { entraUser, startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * The console API over HTTP, as `serve` exposes it to the browser console: the token, the
 * origin checks, the envelope, validation, and the event stream, on a real server.
 */

let h: TestHarness
let origin: string
const fakeTunnel: TunnelDetector = {
  detect: async ({ port, scimPath }) => ({
    state: 'found',
    agentUrl: 'http://127.0.0.1:4040',
    publicUrl: 'https://abc.ngrok.app',
    tenantUrl: `https://abc.ngrok.app${scimPath}`,
    message: `port ${port}`,
  }),
}

beforeAll(async () => {
  h = await startTestHarness({}, { tunnel: fakeTunnel })
  origin = new URL(h.baseUri).origin
})
afterAll(() => h.close())

async function call(method: string, input: unknown = {}, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${origin}/console/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.harness.consoleToken}`, ...headers },
    body: typeof input === 'string' ? input : JSON.stringify(input),
  })
  return { status: res.status, body: await res.json() }
}

describe('console HTTP API: who may call', () => {
  it('prints a console URL whose fragment carries the token', () => {
    expect(h.harness.consoleUrl).toBe(`${origin}/console/#token=${h.harness.consoleToken}`)
    expect(h.harness.consoleToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses a missing, wrong, malformed or over-long token with 401 and runs nothing', async () => {
    for (const authorization of [
      '',
      'Bearer nope',
      `Basic ${h.harness.consoleToken}`,
      `Bearer ${h.harness.consoleToken}x`,
      `Bearer ${'a'.repeat(5000)}`,
      `Bearer ${h.token}`,
    ]) {
      const res = await call('tokens.create', { expires: '2099-01-01' }, { authorization })
      expect(res.status, authorization.slice(0, 30)).toBe(401)
      expect(res.body).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
    expect(h.portal.tokens()).toHaveLength(1)
  })

  it('refuses other origins and cross-site fetches (CSRF) even with the token', async () => {
    expect((await call('portal.get', {}, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await call('portal.get', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await call('portal.get', {}, { origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
  })

  it('accepts only JSON bodies: a form post cannot reach a handler', async () => {
    const res = await call('tokens.create', 'expires=2099-01-01', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(res.status).toBe(415)
    const plain = await call('tokens.create', '{"expires":"2099-01-01"}', { 'content-type': 'text/plain' })
    expect(plain.status).toBe(415)
    expect(h.portal.tokens()).toHaveLength(1)
  })

  it('the SCIM token does not open the console and the console token does not open SCIM', async () => {
    const scim = await fetch(`${h.baseUri}/Users`, { headers: { authorization: `Bearer ${h.harness.consoleToken}` } })
    expect(scim.status).toBe(401)
  })

  it('no CORS headers are ever sent', async () => {
    const res = await fetch(`${origin}/console/api/status.get`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('console HTTP API: calls', () => {
  it('answers every method of the table with an envelope, never a 500', async () => {
    for (const method of CONSOLE_METHODS) {
      const res = await call(method, {})
      expect(res.status, method).toBe(200)
      expect(typeof res.body.ok, method).toBe('boolean')
      // tunnel.goPublic with no authtoken anywhere (startTestHarness hides the developer's NGROK_AUTHTOKEN)
      if (!res.body.ok)
        expect(res.body.error.code, method).toMatch(/^(invalid-input|tokenNotFound|not-found|not-supported|emptyTimeline|ngrokAuthtokenMissing)$/)
    }
  })

  it('validates input and names the field', async () => {
    expect((await call('users.list', { limit: 100000 })).body).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'limit' } })
    expect((await call('users.list', { __proto__: { polluted: true }, nope: 1 })).body).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect((await call('nope.nothing')).body).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    expect((await call('portal.get', '{not json')).body).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('walks the admin flow: token, default CAL, rule, enable, with refusals explained in place', async () => {
    const fresh = await startTestHarness({ scimEnabled: false, defaultCal: null }, { tunnel: fakeTunnel })
    try {
      const o = new URL(fresh.baseUri).origin
      const c = async (method: string, input: unknown = {}) =>
        (await (
          await fetch(`${o}/console/api/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${fresh.harness.consoleToken}` },
            body: JSON.stringify(input),
          })
        ).json()) as any
      const refused = await c('portal.update', { scimEnabled: true })
      expect(refused).toMatchObject({ ok: false, error: { code: 'noDefaultCal', field: 'defaultCal' } })
      const created = await c('tokens.create', { expires: '2099-12-31', label: 'Entra' })
      expect(created.value.token).toMatch(/^scimh_/)
      expect(JSON.stringify(await c('portal.get'))).not.toContain(created.value.token)
      const rule = { id: 'r1', attributePath: 'title', condition: 'equals', matchingText: 'Boss', targetCal: 'Manager', enabled: true }
      const saved = await c('portal.update', { defaultCal: 'Viewer', calRules: [rule], scimEnabled: true })
      expect(saved).toMatchObject({ ok: true, value: { settings: { scimEnabled: true, defaultCal: 'Viewer' }, enableCheck: { ok: true } } })
      const preview = await c('cal.preview', { attributes: { title: 'Boss' }, groups: [] })
      expect(preview.value).toMatchObject({ cal: 'Manager', reason: { kind: 'rule', ruleId: 'r1' } })
      const revoke = await c('tokens.revoke', { id: created.value.record.id })
      expect(revoke.value.status).toBe('revoked')
    } finally {
      await fresh.close()
    }
  })

  it('lists, searches and filters users created over SCIM, with detail, history and deactivation', async () => {
    const posted = await h.scim('POST', '/Users', entraUser('ada@contoso.com', { title: 'Engineer' }))
    expect(posted.status).toBe(201)
    await h.scim('POST', '/Users', entraUser('bob@contoso.com'))
    const listed = (await call('users.list', { search: 'ADA' })).body
    expect(listed).toMatchObject({ ok: true, value: { total: 1, items: [{ userName: 'ada@contoso.com', cal: 'Viewer', active: true, federated: true }] } })
    const id = listed.value.items[0].id
    const detail = (await call('users.get', { id })).body.value
    expect(detail.resource.id).toBe(id)
    expect(detail.calExplanation.summary).toContain('Viewer')
    expect(detail.history.map((e: any) => `${e.method} ${e.status}`)).toContain('POST 201')
    const off = (await call('users.setActive', { id, active: false })).body
    expect(off).toMatchObject({ ok: true, value: { active: false } })
    expect((await call('users.list', { status: 'inactive' })).body.value.items.map((u: any) => u.userName)).toEqual(['ada@contoso.com'])
    expect((await call('users.get', { id: 'missing' })).body).toMatchObject({ ok: false, error: { code: 'not-found' } })
    const dashboard = (await call('dashboard.get')).body.value
    expect(dashboard.users).toMatchObject({ total: 2, active: 1, inactive: 1 })
    expect(dashboard.byCal.find((c: any) => c.cal === 'Viewer')).toEqual({ cal: 'Viewer', active: 1, inactive: 1 })
    expect(dashboard.requestRate.at(-1).requests).toBeGreaterThanOrEqual(2)
  })

  it('reports the tunnel through the detector', async () => {
    expect((await call('tunnel.detect')).body.value).toMatchObject({ state: 'found', tenantUrl: 'https://abc.ngrok.app/scim/v2' })
  })
})

describe('console HTTP events', () => {
  it('streams traffic and change events to a token holder only', async () => {
    expect((await fetch(`${origin}/console/events`)).status).toBe(401)
    const controller = new AbortController()
    const res = await fetch(`${origin}/console/events`, { headers: { authorization: `Bearer ${h.harness.consoleToken}` }, signal: controller.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    const seen: ConsoleEvent['type'][] = []
    const reading = (async () => {
      let buffer = ''
      while (!(seen.includes('traffic') && seen.includes('changed'))) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        for (const m of buffer.matchAll(/^event: (\w+)$/gm)) if (!seen.includes(m[1] as never)) seen.push(m[1] as never)
      }
    })()
    await h.scim('POST', '/Users', entraUser('carol@contoso.com'))
    await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))])
    controller.abort()
    expect(seen).toEqual(expect.arrayContaining(['traffic', 'changed']))
  })
})
