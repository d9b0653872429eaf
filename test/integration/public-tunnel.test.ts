import { rmSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHarness, type HarnessOptions, type RunningHarness } from '../../src/main/core/harness'
import type { SecretStore } from '../../src/main/core/secrets/secret-store'
import { loadNgrokModule, NgrokTunnelProvider, type NgrokListener, type NgrokModule } from '../../src/main/core/tunnel/in-process-tunnel'
import { NGROK_AUTHTOKEN_SECRET } from '../../src/main/core/tunnel/public-tunnel'
import type { Config as NgrokConfig } from '@ngrok/ngrok'
import type { ConsoleEvent } from '../../src/shared/console/api'
import { tempDir } from '../helpers/harness'

/*
 * Go public (issue 14, item 9) through the console API over real HTTP, with a stand-in for the
 * @ngrok/ngrok module (no network here): the stand-in records the config the harness gives
 * forward() and answers as ngrok's free plan does.
 */

const FREE_URL = 'https://example-123.ngrok-free.app'
const AUTHTOKEN = '2abcDEFghiJKLmnoPQRstu_3vwxYZ0123456789abcdEFGHijkl'

interface FakeNgrok extends NgrokModule {
  configs: NgrokConfig[]
  closed: string[]
  loads: number
}

/** A stand-in ngrok module; `fail` makes forward() reject as the SDK does (errorCode set). */
function fakeNgrok(behaviour: { fail?: { message: string; errorCode?: string }; hang?: boolean } = {}): FakeNgrok {
  const fake: FakeNgrok = {
    configs: [],
    closed: [],
    loads: 0,
    async forward(config) {
      fake.configs.push(structuredClone(config))
      if (behaviour.hang) return new Promise<NgrokListener>(() => undefined)
      if (behaviour.fail) throw Object.assign(new Error(behaviour.fail.message), behaviour.fail.errorCode ? { errorCode: behaviour.fail.errorCode } : {})
      const url = config.domain ? `https://${config.domain}` : FREE_URL
      return { url: () => url, close: async () => void fake.closed.push(url) }
    },
  }
  return fake
}

/** An in-memory SecretStore, as the file and safeStorage stores behave. */
function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>()
  return {
    protection: 'private-file',
    values,
    get: async (name) => values.get(name),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  }
}

const running: { harness: RunningHarness; dir: string }[] = []
afterEach(async () => {
  for (const { harness, dir } of running.splice(0)) {
    await harness.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

async function start(fake: FakeNgrok, options: Partial<HarnessOptions> = {}) {
  const dir = tempDir('scim-harness-tunnel-')
  const provider = new NgrokTunnelProvider(async () => {
    fake.loads++
    return fake
  })
  const harness = await startHarness({ dataDir: dir, port: 0, owner: 'test', checkConsoleOutput: true, tunnelProvider: provider, env: {}, ...options })
  running.push({ harness, dir })
  const events: ConsoleEvent[] = []
  harness.events.subscribe((e) => events.push(e))
  const origin = `http://127.0.0.1:${harness.port}`
  /** One console API call over HTTP, as the browser console makes it; the raw text is kept to search for secrets. */
  // node:http, not fetch: fetch does not let a caller set the Host header, and the tunnel's requests carry the public one
  const call = (method: string, input: unknown = {}, host?: string) =>
    new Promise<{ status: number; text: string; body: { ok: boolean; value?: any; error?: { code: string; message: string; field?: string } } }>(
      (resolve, reject) => {
        const req = request(`${origin}/console/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.consoleToken}`, ...(host ? { host } : {}) },
        })
        req.on('error', reject)
        req.on('response', (res) => {
          let text = ''
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, body: JSON.parse(text) }))
        })
        req.end(JSON.stringify(input))
      },
    )
  return { harness, call, events }
}

describe('Go public over the console API', () => {
  it('forwards to this server’s address and port with the authtoken and domain given, and answers with the https Tenant URL', async () => {
    const fake = fakeNgrok()
    const { harness, call } = await start(fake, { secrets: memorySecrets() })
    // the 11 MB addon is not loaded by starting the harness
    expect(fake.loads).toBe(0)

    const answer = await call('tunnel.goPublic', { authtoken: AUTHTOKEN, domain: 'https://Contoso-SCIM.ngrok-free.app/' })
    expect(answer.body.ok, answer.text).toBe(true)
    expect(fake.configs).toEqual([{ addr: `127.0.0.1:${harness.port}`, authtoken: AUTHTOKEN, proto: 'http', domain: 'contoso-scim.ngrok-free.app' }])
    expect(answer.body.value).toMatchObject({
      state: 'online',
      publicUrl: 'https://contoso-scim.ngrok-free.app',
      tenantUrl: 'https://contoso-scim.ngrok-free.app/scim/v2',
      domain: 'contoso-scim.ngrok-free.app',
    })
    expect(harness.publicTunnel.publicUrl()).toBe('https://contoso-scim.ngrok-free.app')

    const status = await call('tunnel.status')
    expect(status.body.value).toMatchObject({
      state: 'online',
      tenantUrl: 'https://contoso-scim.ngrok-free.app/scim/v2',
      authtoken: { source: 'saved', protection: 'private-file' },
    })
  })

  it('saves a typed authtoken through the SecretStore once ngrok accepted it, and never sends it back in an answer or an event', async () => {
    const secrets = memorySecrets()
    const { call, events } = await start(fakeNgrok(), { secrets })
    expect((await call('tunnel.status')).body.value.authtoken).toEqual({ source: 'none', protection: 'private-file' })

    const answers = [await call('tunnel.goPublic', { authtoken: AUTHTOKEN }), await call('tunnel.status'), await call('tunnel.stop')]
    expect(secrets.values.get(NGROK_AUTHTOKEN_SECRET)).toBe(AUTHTOKEN)
    for (const answer of answers) expect(answer.text).not.toContain(AUTHTOKEN)
    expect(answers[1].body.value.authtoken.source).toBe('saved')
    const tunnelEvents = events.filter((e) => e.type === 'tunnel')
    expect(tunnelEvents.map((e) => e.data.state)).toEqual(['starting', 'online', 'off'])
    expect(JSON.stringify(events)).not.toContain(AUTHTOKEN)

    // forgetting it: the next Go public asks again
    await call('tunnel.setAuthtoken', { authtoken: null })
    expect(secrets.values.has(NGROK_AUTHTOKEN_SECRET)).toBe(false)
    const again = await call('tunnel.goPublic', {})
    expect(again.body.error).toMatchObject({ code: 'ngrokAuthtokenMissing', field: 'authtoken' })
  })

  it('uses the saved authtoken, then NGROK_AUTHTOKEN over it, when none is typed', async () => {
    const secrets = memorySecrets()
    await secrets.set(NGROK_AUTHTOKEN_SECRET, 'savedToken_1234567890')
    const fake = fakeNgrok()
    const { call } = await start(fake, { secrets })
    await call('tunnel.goPublic', {})
    expect(fake.configs.at(-1)?.authtoken).toBe('savedToken_1234567890')

    const withEnv = fakeNgrok()
    const second = await start(withEnv, { secrets, env: { NGROK_AUTHTOKEN: 'envToken_0987654321' } })
    const answer = await second.call('tunnel.goPublic', {})
    expect(withEnv.configs.at(-1)?.authtoken).toBe('envToken_0987654321')
    expect(answer.body.value.authtoken.source).toBe('environment')
    expect(answer.text).not.toContain('envToken_0987654321')
  })

  it('without any authtoken, says where to get one and never calls ngrok', async () => {
    const fake = fakeNgrok()
    const { call } = await start(fake)
    const answer = await call('tunnel.goPublic', {})
    expect(answer.body.ok).toBe(false)
    expect(answer.body.error).toEqual({
      code: 'ngrokAuthtokenMissing',
      field: 'authtoken',
      message: 'ngrok needs an authtoken: set NGROK_AUTHTOKEN or paste your authtoken from dashboard.ngrok.com/get-started/your-authtoken.',
    })
    expect(fake.configs).toEqual([])
    expect((await call('tunnel.status')).body.value).toMatchObject({ state: 'failed', failure: { code: 'ngrokAuthtokenMissing', field: 'authtoken' } })
  })

  it('refuses a pasted authtoken with spaces or a domain with a path before reaching ngrok', async () => {
    const fake = fakeNgrok()
    const { call } = await start(fake)
    const token = await call('tunnel.goPublic', { authtoken: 'two words' })
    expect(token.body.error).toMatchObject({ code: 'invalid-input', field: 'authtoken' })
    const domain = await call('tunnel.goPublic', { authtoken: AUTHTOKEN, domain: 'contoso.ngrok.app/scim' })
    expect(domain.body.error).toMatchObject({ code: 'invalid-input', field: 'domain' })
    expect(fake.configs).toEqual([])
  })

  it.each([
    [
      'a revoked authtoken',
      {
        message: `failed to connect session: authentication failed: The authtoken you specified is properly formed, but it is invalid.\nYour authtoken: ${AUTHTOKEN}\n\nERR_NGROK_107\n`,
        errorCode: 'ERR_NGROK_107',
      },
      'ngrokAuthtokenRefused',
      'authtoken',
      /copy it again from dashboard\.ngrok\.com/,
    ],
    [
      'a domain not reserved',
      { message: 'failed to start listener: The domain contoso.ngrok.app is not reserved by your account.\n\nERR_NGROK_7118\n', errorCode: 'ERR_NGROK_7118' },
      'ngrokDomainRefused',
      'domain',
      /Reserve it at dashboard\.ngrok\.com\/domains, or leave the domain empty/,
    ],
    [
      'no network',
      {
        message:
          'failed to connect session: failed to dial ngrok server with address "connect.ngrok-agent.com:443": dns error: failed to lookup address information',
      },
      'ngrokUnreachable',
      undefined,
      /check this machine's internet connection/,
    ],
    // the SDK's own words on a machine without internet (@ngrok/ngrok 1.7.0, seen here)
    [
      'no route to ngrok',
      { message: 'failed to connect session: failed to establish tcp connection' },
      'ngrokUnreachable',
      undefined,
      /could not be reached \(failed to connect session: failed to establish tcp connection\): check this machine's internet connection/,
    ],
  ])('turns %s into a message that says what to do, without the authtoken', async (_what, fail, code, field, advice) => {
    const { call } = await start(fakeNgrok({ fail }))
    const answer = await call('tunnel.goPublic', { authtoken: AUTHTOKEN, domain: 'contoso.ngrok.app' })
    expect(answer.body.error?.code).toBe(code)
    expect(answer.body.error?.field).toBe(field)
    expect(answer.body.error?.message).toMatch(advice)
    expect(answer.text).not.toContain(AUTHTOKEN)
  })

  it('stop closes the listener; the console no longer answers at the tunnel’s host', async () => {
    const fake = fakeNgrok()
    const { call, harness } = await start(fake)
    await call('tunnel.goPublic', { authtoken: AUTHTOKEN })
    // the browser console opened through the tunnel: its Host is the public one (DNS rebinding allow-list)
    const through = await call('status.get', {}, 'example-123.ngrok-free.app')
    expect(through.status).toBe(200)

    const stopped = await call('tunnel.stop')
    expect(stopped.body.value.state).toBe('off')
    expect(fake.closed).toEqual([FREE_URL])
    expect(harness.publicTunnel.publicUrl()).toBeUndefined()
    expect((await call('status.get', {}, 'example-123.ngrok-free.app')).status).toBe(403)
  })

  it('answers a second Go public with the open tunnel, and reopens it for another domain', async () => {
    const fake = fakeNgrok()
    const { call } = await start(fake, { env: { NGROK_AUTHTOKEN: AUTHTOKEN } })
    await call('tunnel.goPublic', {})
    expect((await call('tunnel.goPublic', { domain: '' })).body.value.tenantUrl).toBe(`${FREE_URL}/scim/v2`)
    expect(fake.configs).toHaveLength(1)
    const moved = await call('tunnel.goPublic', { domain: 'contoso-scim.ngrok-free.app' })
    expect(moved.body.value.tenantUrl).toBe('https://contoso-scim.ngrok-free.app/scim/v2')
    expect(fake.configs).toHaveLength(2)
    expect(fake.closed).toEqual([FREE_URL])
  })

  it('closes an open tunnel when the harness stops', async () => {
    const fake = fakeNgrok()
    const { call, harness } = await start(fake)
    await call('tunnel.goPublic', { authtoken: AUTHTOKEN })
    await harness.close()
    expect(fake.closed).toEqual([FREE_URL])
  })

  it('gives up on ngrok after the start timeout and closes a listener that opens late', async () => {
    let resolveLate: (listener: NgrokListener) => void = () => undefined
    const closed: string[] = []
    const slow: NgrokModule = { forward: () => new Promise<NgrokListener>((resolve) => (resolveLate = resolve)) }
    const provider = new NgrokTunnelProvider(async () => slow, 50)
    await expect(provider.start({ host: '127.0.0.1', port: 8787, authtoken: AUTHTOKEN })).rejects.toMatchObject({ code: 'ngrokUnreachable' })
    resolveLate({ url: () => FREE_URL, close: async () => void closed.push(FREE_URL) })
    await new Promise((r) => setTimeout(r, 10))
    expect(closed).toEqual([FREE_URL])
    expect(provider.status().publicUrl).toBeUndefined()
  })

  it('forwards to loopback when the server listens on every interface', async () => {
    const fake = fakeNgrok()
    const provider = new NgrokTunnelProvider(async () => fake)
    await provider.start({ host: '0.0.0.0', port: 9000, authtoken: AUTHTOKEN })
    await provider.start({ host: '::1', port: 9001, authtoken: AUTHTOKEN })
    expect(fake.configs.map((c) => c.addr)).toEqual(['127.0.0.1:9000', '[::1]:9001'])
    // one tunnel at a time: the second start closed the first
    expect(fake.closed).toEqual([FREE_URL])
  })

  it('honours the stand-in module variable only under NODE_ENV=test', async () => {
    const standIn = require.resolve('./fixtures/fake-ngrok.cjs')
    const testing = await loadNgrokModule({ NODE_ENV: 'test', SCIM_HARNESS_TEST_NGROK_MODULE: standIn })
    expect(testing).toBe(require(standIn))
    const production = await loadNgrokModule({ NODE_ENV: 'production', SCIM_HARNESS_TEST_NGROK_MODULE: standIn })
    expect(production).not.toBe(require(standIn))
    expect(typeof production.forward).toBe('function')
  })

  it('says what to do when the built-in agent cannot be loaded on this machine', async () => {
    const missing = loadNgrokModule({ NODE_ENV: 'test', SCIM_HARNESS_TEST_NGROK_MODULE: join(__dirname, 'fixtures', 'no-such-addon.cjs') })
    await expect(missing).rejects.toMatchObject({
      code: 'ngrokUnavailable',
      message: expect.stringMatching(/could not be loaded on this machine .*start an ngrok agent yourself \(ngrok http PORT\) and use Detect\.$/),
    })
  })
})
