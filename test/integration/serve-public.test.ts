import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { killAllServers, requireBuiltCli, runCli, startServe, type ServeProcess } from '../helpers/cli'
import { tempDir } from '../helpers/harness'

/*
 * `serve --public` (PRODUCT.md: "opens the in-process tunnel and prints Public URL:
 * https://.../scim/v2"), driven as a shell would, with the stand-in ngrok module the harness loads
 * under NODE_ENV=test (test/integration/fixtures/fake-ngrok.cjs): it records the config forward()
 * got and each close() in a file.
 */

const FAKE_NGROK = join(__dirname, 'fixtures', 'fake-ngrok.cjs')
const AUTHTOKEN = 'envTok_2abcDEF1234567890'
const dirs: string[] = []

function setup() {
  const dir = tempDir('scim-harness-public-')
  dirs.push(dir)
  const record = join(dir, '..', `${dir.split(/[\\/]/).pop()}-ngrok.ndjson`)
  dirs.push(record)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    SCIM_HARNESS_TEST_NGROK_MODULE: FAKE_NGROK,
    FAKE_NGROK_RECORD: record,
    NGROK_AUTHTOKEN: AUTHTOKEN,
  }
  const recorded = (): { event: string; config?: Record<string, unknown>; url?: string }[] =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : []
  return { dir, env, recorded }
}

/** Waits until serve has written a line matching `pattern` to stdout or stderr. */
async function lineFrom(server: ServeProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const line = server[stream]()
      .split('\n')
      .find((l) => pattern.test(l))
    if (line !== undefined) return line
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`serve wrote no ${stream} line matching ${pattern}; stdout: ${server.stdout()} stderr: ${server.stderr()}`)
}

afterEach(async () => killAllServers())
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('serve --public', () => {
  requireBuiltCli()

  it('prints the Public URL line after the Base URI, forwarding to its own port with NGROK_AUTHTOKEN, and closes the tunnel on SIGTERM', async () => {
    const { dir, env, recorded } = setup()
    const server = await startServe(dir, ['--public'], 15_000, env)
    const line = await lineFrom(server, 'stdout', /^Public URL: /)
    expect(line).toBe('Public URL: https://example-123.ngrok-free.app/scim/v2')
    const lines = server.stdout().trimEnd().split('\n')
    expect(lines.map((l) => l.split(':')[0])).toEqual(['SCIM base URI', 'Console', 'Public URL'])
    expect(recorded()).toEqual([{ event: 'forward', config: { addr: `127.0.0.1:${server.port}`, authtoken: AUTHTOKEN, proto: 'http' } }])
    expect(await lineFrom(server, 'stderr', /free ngrok URLs change/)).toBe(
      'scim-harness: note: free ngrok URLs change every time the tunnel restarts: update the Tenant URL in Entra ID after a restart, or reserve a domain and pass --public-domain.',
    )
    expect(server.stdout() + server.stderr()).not.toContain(AUTHTOKEN)

    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(recorded().at(-1)).toEqual({ event: 'close', url: 'https://example-123.ngrok-free.app' })
  })

  it('asks ngrok for the reserved domain given with --public-domain, and then has no free-URL warning', async () => {
    const { dir, env, recorded } = setup()
    const server = await startServe(dir, ['--public-domain', 'https://Contoso-SCIM.ngrok-free.app/'], 15_000, env)
    expect(await lineFrom(server, 'stdout', /^Public URL: /)).toBe('Public URL: https://contoso-scim.ngrok-free.app/scim/v2')
    expect(recorded()[0].config).toMatchObject({ domain: 'contoso-scim.ngrok-free.app' })
    expect(server.stderr()).not.toMatch(/free ngrok URLs/)
  })

  it('without an authtoken, says in one stderr line how to set one and keeps serving locally', async () => {
    const { dir, env, recorded } = setup()
    delete env.NGROK_AUTHTOKEN
    const server = await startServe(dir, ['--public'], 15_000, env)
    const line = await lineFrom(server, 'stderr', /--public/)
    expect(line).toBe(
      `scim-harness: --public: ngrok needs an authtoken: set NGROK_AUTHTOKEN or paste your authtoken from dashboard.ngrok.com/get-started/your-authtoken. Still serving on ${server.baseUri} only; retry from the console's Public URL screen.`,
    )
    expect(server.stderr()).not.toMatch(/^\s+at /m)
    expect(server.stdout()).not.toMatch(/Public URL/)
    expect(recorded()).toEqual([])
    // still serving: SCIM answers (401 without a token) and the process is alive
    expect((await fetch(`${server.baseUri}/Users`)).status).toBe(401)
    expect(server.child.exitCode).toBeNull()
  })

  it('refuses a --public-domain that is not a domain before opening the workspace', async () => {
    const { dir } = setup()
    const result = await runCli(['serve', '--data', dir, '--port', '0', '--public-domain', 'contoso.ngrok.app/scim'])
    expect(result.code).toBe(2)
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'scim-harness: --public-domain: Type the reserved domain as the ngrok dashboard shows it, e.g. contoso-scim.ngrok-free.app (no path, no port).',
    ])
  })
})
