import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCK_FILE } from '../../src/main/core/store/lock'
import { CONSOLE_METHODS } from '../../src/shared/console/api'
import { runUnderStubElectron, type SmokeReport, type StubRun } from './stub-run'

/*
 * Runs the BUILT Electron main (out/main/index.js) under plain Node with 'electron' replaced by
 * test/smoke/stub-electron.cjs. Catches what only the bundle shows: ESM/CJS mix-ups, missing
 * externals, a wrong preload path, a harness that does not come up or does not shut down.
 */

const root = resolve(__dirname, '../..')
const mainBundle = join(root, 'out/main/index.js')

let run: StubRun
let child: StubRun['child']
let dataDir: string
let stderr = ''
let report: SmokeReport

beforeAll(async () => {
  if (!existsSync(mainBundle)) throw new Error(`${mainBundle} is missing: run npm run build first`)
  dataDir = mkdtempSync(join(tmpdir(), 'scim-harness-smoke-'))
  run = runUnderStubElectron(mainBundle, { cwd: root, env: { ...process.env, SCIM_HARNESS_DATA: dataDir, SCIM_HARNESS_PORT: '0' } })
  child = run.child
  report = JSON.parse(await run.waitForLine('SMOKE_REPORT ', 20_000)) as SmokeReport
  stderr = run.stderr()
})

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('built main bundle under a stub electron', () => {
  it('starts a real SCIM server that asks for a token, holding the workspace as the desktop app', async () => {
    expect(report.status, stderr).toMatchObject({ ok: true })
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ owner: 'desktop app', pid: child.pid })
    const baseUri = report.status?.ok ? report.status.value.baseUri : ''
    expect(baseUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/)
    const response = await fetch(`${baseUri}/ServiceProviderConfig`)
    expect(response.status).toBe(401)
  })

  it('opens one hardened window on the built page with an existing preload', () => {
    expect(report.windows).toHaveLength(1)
    const [window] = report.windows
    expect(fileURLToPath(window.loaded)).toBe(join(root, 'out/renderer/index.html'))
    const preload = window.options.webPreferences['preload']
    expect(preload).toBe(join(root, 'out/preload/index.js'))
    expect(existsSync(preload as string)).toBe(true)
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    // the Linux and Windows window icon, found in the checkout's resources/
    expect((window.options as { icon?: string }).icon).toBe(join(root, 'resources/icon.png'))
  })

  it('answers console calls over IPC and lets the page write the clipboard', () => {
    expect(report.examples?.ok, JSON.stringify(report.examples)).toBe(true)
    expect(report.examples?.value?.map((e) => e.name)).toContain('member-removal')
    expect(report.clipboardAllowed).toBe(true)
  })

  it('registers one channel per console method and refuses them to a lookalike page', () => {
    expect(report.channels).toEqual(CONSOLE_METHODS.map((m) => `console:${m}`))
    expect(report.status).toMatchObject({ ok: true, value: { baseUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/) } })
    expect(report.untrustedStatus).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } })
  })

  it('guards navigation, new windows and permissions', () => {
    expect(report.guards).toMatchObject({ windowOpen: { action: 'deny' }, navigationGuarded: true, permissionRequest: true, permissionCheck: true })
  })

  it('closes the server and releases the workspace on quit, then exits on its own', async () => {
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
    child.stdin.write('quit\n')
    await run.waitForLine('SMOKE_QUIT', 10_000)
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))])
    expect(code, `the process kept running after quit; stderr:\n${run.stderr()}`).toBe(0)
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
  })
})
