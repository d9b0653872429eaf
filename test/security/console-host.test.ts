import { request } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TunnelDetector } from '../../src/main/core/tunnel/ngrok-agent'
import { ConsoleHostAllowList, consoleHostsFromEnv, hostNameOf, parseConsoleHosts } from '../../src/main/core/server/console-hosts'
import { startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * Attack: DNS rebinding (issue 14, item 4). A page on evil.example rebinds its name to 127.0.0.1
 * and calls the console as "same origin"; it has the token (leaked, guessed from a screenshot,
 * or the page was opened from a link carrying it). Its requests still say `Host: evil.example`,
 * and the console must refuse them, while its own names keep working.
 */

let h: TestHarness
let port: number
let pageDir: string
let tunnelUp = true
const fakeTunnel: TunnelDetector = {
  detect: async ({ scimPath }) =>
    tunnelUp
      ? {
          state: 'found',
          agentUrl: 'http://127.0.0.1:4040',
          publicUrl: 'https://abc.ngrok.app',
          tenantUrl: `https://abc.ngrok.app${scimPath}`,
          message: 'found',
        }
      : { state: 'none', agentUrl: 'http://127.0.0.1:4040', message: 'no tunnel' },
}

beforeAll(async () => {
  pageDir = mkdtempSync(join(tmpdir(), 'scim-harness-page-'))
  writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>SCIM Harness</title>')
  h = await startTestHarness({}, { tunnel: fakeTunnel, consoleStaticDir: pageDir, consoleHosts: ['.corp.example'] })
  port = h.harness.port
})
afterAll(async () => {
  await h.close()
  rmSync(pageDir, { recursive: true, force: true })
})

/** A raw request to the harness with any Host header (fetch may not set Host). */
function send(method: 'GET' | 'POST', path: string, host: string, body?: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { host, authorization: `Bearer ${h.harness.consoleToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        // the event stream never ends: its first bytes (or the refusal) are enough
        res.on('data', (chunk: string) => {
          text += chunk
          if (path.endsWith('/events')) res.destroy()
        })
        const done = () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text })
        res.on('end', done)
        res.on('close', done)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const callStatus = (host: string) => send('POST', '/console/api/status.get', host, '{}')

describe('console Host check: a DNS-rebound page is refused even with the token', () => {
  it('refuses the API with 403 and a JSON envelope that names the allowed hosts', async () => {
    const res = await callStatus(`evil.example:${port}`)
    expect(res.status).toBe(403)
    const body = JSON.parse(res.text)
    expect(body).toMatchObject({ ok: false, error: { code: 'forbidden-host' } })
    expect(body.error.message).toContain('localhost')
    expect(body.error.message).toContain('SCIM_HARNESS_CONSOLE_HOSTS')
  })

  it("does not tell a refused client this machine's name or the names added for a proxy", async () => {
    // the refusal reaches whoever sent the wrong Host: an anonymous client through a tunnel, or the
    // rebound page itself, which reads it as same-origin
    const { message } = JSON.parse((await callStatus('evil.example')).text).error as { message: string }
    expect(message).not.toContain('corp.example')
    expect(message.toLowerCase().split(/[\s,()]+/)).not.toContain(hostname().toLowerCase().split('.')[0])
    const page = await send('GET', '/console/', 'evil.example')
    expect(page.text).not.toContain('corp.example')
  })

  it('runs nothing for a refused call: no token is created', async () => {
    const before = h.portal.tokens().length
    const res = await send('POST', '/console/api/tokens.create', 'evil.example', JSON.stringify({ expires: '2099-01-01' }))
    expect(res.status).toBe(403)
    expect(h.portal.tokens()).toHaveLength(before)
  })

  it('refuses the event stream and the page', async () => {
    const events = await send('GET', '/console/events', `evil.example:${port}`)
    expect(events.status).toBe(403)
    expect(JSON.parse(events.text).error.code).toBe('forbidden-host')
    const page = await send('GET', '/console/', `evil.example:${port}`)
    expect(page.status).toBe(403)
    expect(page.type).toMatch(/^text\/plain/)
    expect(page.text).not.toContain('<title>')
    expect((await send('GET', '/console/index.html', 'evil.example')).status).toBe(403)
  })

  it('refuses names that merely contain an own name', async () => {
    for (const host of [
      'localhost.evil.example',
      '127.0.0.1.evil.example',
      'evil.example@127.0.0.1',
      'abc.ngrok.app.evil.example',
      'corp.example.evil.example',
    ]) {
      expect((await callStatus(host)).status, host).toBe(403)
    }
  })

  it('leaves the SCIM endpoint alone: Entra reaches it through any tunnel host', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/scim/v2/Users', headers: { host: 'abc.ngrok-free.app', authorization: `Bearer ${h.token}` } },
        (r) => {
          r.resume()
          resolve(r.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(res).toBe(200)
  })
})

describe('console Host check: its own names work', () => {
  it('answers at loopback names, IP addresses and this machine, with any port', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `127.1.2.3:${port}`,
      'LOCALHOST',
      'scim.localhost',
      `192.168.1.20:${port}`,
    ]) {
      const res = await callStatus(host)
      expect(res.status, host).toBe(200)
      expect(JSON.parse(res.text).ok, host).toBe(true)
    }
    expect((await send('GET', '/console/', `localhost:${port}`)).status).toBe(200)
    expect((await send('GET', '/console/events', `127.0.0.1:${port}`)).status).toBe(200)
  })

  it('answers at names added for a reverse proxy (a domain and every name under it)', async () => {
    expect((await callStatus('corp.example')).status).toBe(200)
    expect((await callStatus('scim.corp.example:443')).status).toBe(200)
  })

  it('answers at a detected tunnel host while the tunnel is there, and not after', async () => {
    tunnelUp = true
    expect((await callStatus('abc.ngrok.app')).status).toBe(403)
    expect((await send('POST', '/console/api/tunnel.detect', `127.0.0.1:${port}`, '{}')).status).toBe(200)
    expect((await callStatus('abc.ngrok.app')).status).toBe(200)
    // an https page behind the tunnel sends its https origin to a server that sees http
    const viaTunnel = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/console/api/status.get',
          headers: {
            host: 'abc.ngrok.app',
            origin: 'https://abc.ngrok.app',
            'sec-fetch-site': 'same-origin',
            authorization: `Bearer ${h.harness.consoleToken}`,
            'content-type': 'application/json',
          },
        },
        (r) => {
          r.resume()
          resolve(r.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end('{}')
    })
    expect(viaTunnel).toBe(200)
    tunnelUp = false
    await send('POST', '/console/api/tunnel.detect', `127.0.0.1:${port}`, '{}')
    expect((await callStatus('abc.ngrok.app')).status).toBe(403)
  })

  it('answers at a public URL an in-process tunnel registers', async () => {
    h.harness.consoleHosts.setPublicUrl('test-tunnel', 'https://xyz.ngrok-free.app')
    expect((await callStatus('xyz.ngrok-free.app')).status).toBe(200)
    h.harness.consoleHosts.setPublicUrl('test-tunnel', undefined)
    expect((await callStatus('xyz.ngrok-free.app')).status).toBe(403)
  })
})

describe('console host names', () => {
  it('reads the name out of a Host header', () => {
    expect(hostNameOf('LocalHost:8787')).toBe('localhost')
    expect(hostNameOf('[::1]:8787')).toBe('::1')
    expect(hostNameOf('scim.example.com.')).toBe('scim.example.com')
    expect(hostNameOf('a@b')).toBeUndefined()
    expect(hostNameOf('[not-ipv6]')).toBeUndefined()
    expect(hostNameOf(undefined)).toBeUndefined()
    expect(hostNameOf('')).toBeUndefined()
    // the forwarded host's grammar (forwarded.ts): DNS labels, a port up to 65535
    expect(hostNameOf('localhost:99999')).toBeUndefined()
    expect(hostNameOf('a..example')).toBeUndefined()
    expect(hostNameOf('x%00.example')).toBeUndefined()
  })

  it('counts the machine name, its first label and .local', () => {
    const hosts = new ConsoleHostAllowList([], 'Build-Box.corp.example')
    for (const host of ['build-box.corp.example', 'build-box', 'build-box.local:8787']) expect(hosts.allows(host), host).toBe(true)
    expect(hosts.allows('other-box')).toBe(false)
  })

  it('refuses a setting that is not a host name, with a message saying what to write', () => {
    expect(parseConsoleHosts('a.example, .b.example')).toEqual(['a.example', '.b.example'])
    expect(() => parseConsoleHosts('http://a.example/')).toThrow(/is not a host name.*scim\.example\.com/)
    expect(consoleHostsFromEnv({ SCIM_HARNESS_CONSOLE_HOSTS: 'scim.example.com,.corp.example' })).toEqual(['scim.example.com', '.corp.example'])
    expect(() => consoleHostsFromEnv({ SCIM_HARNESS_CONSOLE_HOSTS: 'a.example:8443' })).toThrow(
      /^SCIM_HARNESS_CONSOLE_HOSTS: 'a.example:8443' is not a host name/,
    )
  })
})
