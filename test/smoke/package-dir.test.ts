import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { extractAll, extractFile, listPackage } from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runUnderStubElectron, type SmokeReport, type StubRun } from './stub-run'

/*
 * Packaging smoke: `electron-builder --linux dir` with a stub electronDist (an unpacked
 * "Electron" that is only a shell script), fully offline, then a look inside app.asar.
 * Release artifacts (AppImage, deb, nsis, dmg) need downloads and run on networked CI runners.
 *
 * The package is written under a folder named like the ones users really install or clone into
 * (spaces, [ ], ~, #, non-ASCII letters), and the packaged main is then run under the stand-in
 * Electron from there, as an installed app: the window's page has the URL Chromium would report,
 * and a console call over IPC must be answered (issue 17, item 5).
 */

const root = resolve(__dirname, '../..')
const builderCli = join(root, 'node_modules/electron-builder/cli.js')
const run = promisify(execFile)
/** An install folder with every character that broke the trust checks or the resource lookup. */
const AWKWARD_FOLDER = 'Projects [old] ~backup #1 Développement'

let workDir: string
let appDir: string
let entries: Set<string>
let installed: StubRun | undefined

/** The electronDist stand-in: electron-builder copies the folder and renames `electron` to the executable name. */
function makeStubElectronDist(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const executable = join(dir, 'electron')
  writeFileSync(executable, '#!/bin/sh\necho "stub Electron from the packaging smoke test: not runnable" >&2\nexit 1\n')
  chmodSync(executable, 0o755)
  writeFileSync(join(dir, 'LICENSE'), 'stub\n')
}

/** Node's module lookup, done on the asar listing: is `name` visible from the package at `from`? */
function resolvesInAsar(from: string, name: string): boolean {
  for (let dir = from; ; dir = posix.dirname(dir)) {
    if (entries.has(posix.join(dir, 'node_modules', name, 'package.json'))) return true
    if (dir === '/') return false
  }
}

beforeAll(async () => {
  for (const built of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run npm run build first`)
  }
  workDir = mkdtempSync(join(tmpdir(), 'scim-harness-package-'))
  const electronDist = join(workDir, 'electron-dist')
  makeStubElectronDist(electronDist)
  const output = join(workDir, AWKWARD_FOLDER, 'dist')
  try {
    await run(
      process.execPath,
      [builderCli, '--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
      // no code signing discovery, no update checks: nothing here may reach the network
      { cwd: root, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, maxBuffer: 16 * 1024 * 1024 },
    )
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`electron-builder failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`)
  }
  appDir = join(output, 'linux-unpacked')
  entries = new Set(listPackage(join(appDir, 'resources/app.asar'), { isPack: false }))
}, 180_000)

afterAll(() => {
  if (installed && installed.child.exitCode === null && installed.child.signalCode === null) installed.child.kill('SIGKILL')
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

describe('linux dir package', () => {
  it('names the executable after linux.executableName', () => {
    expect(existsSync(join(appDir, 'scim-harness'))).toBe(true)
  })

  it('holds the built main, CLI, preload and renderer', () => {
    for (const file of ['/out/main/index.js', '/out/main/cli.js', '/out/preload/index.js', '/out/renderer/index.html']) {
      expect(entries, file).toContain(file)
    }
    const manifest = JSON.parse(extractFile(join(appDir, 'resources/app.asar'), 'package.json').toString('utf8')) as {
      main: string
      productName?: string
      desktopName?: string
    }
    expect(posix.normalize(manifest.main)).toBe('out/main/index.js')
    // Electron names the app, its data folder and the macOS menu after productName, and the Linux window after desktopName
    expect(manifest).toMatchObject({ productName: 'SCIM Harness', desktopName: 'scim-harness.desktop' })
  })

  it('ships express with every dependency of every packaged module resolvable', () => {
    expect(entries).toContain('/node_modules/express/package.json')
    const archive = join(appDir, 'resources/app.asar')
    const unresolved: string[] = []
    for (const entry of entries) {
      if (!/\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(entry)) continue
      const manifest = JSON.parse(extractFile(archive, entry.slice(1)).toString('utf8')) as { name?: string; dependencies?: Record<string, string> }
      // nested package.json files without a name (e.g. "type" markers in dist folders) are not packages
      if (!manifest.name) continue
      for (const dependency of Object.keys(manifest.dependencies ?? {})) {
        if (!resolvesInAsar(posix.dirname(entry), dependency)) unresolved.push(`${manifest.name} -> ${dependency}`)
      }
    }
    expect(unresolved).toEqual([])
  })

  it('leaves development-only packages out', () => {
    // zod and lowdb are inlined into the bundles (test/smoke/runtime-dependencies.test.ts)
    for (const devOnly of ['electron', 'react', 'vite', 'vitest', 'electron-builder', 'zod', 'lowdb']) {
      expect(entries, devOnly).not.toContain(`/node_modules/${devOnly}`)
    }
  })

  it('copies the stub Electron distribution rather than downloading one', () => {
    expect(readFileSync(join(appDir, 'scim-harness'), 'utf8')).toContain('stub Electron from the packaging smoke test')
  })
})

describe('the packaged app run from an awkward install folder', () => {
  let report: SmokeReport
  let resources: string

  beforeAll(async () => {
    // Electron runs resources/app when there is no app.asar; plain Node cannot read an asar, so
    // the archive is unpacked there (native addons come from app.asar.unpacked)
    resources = join(appDir, 'resources')
    expect(resources).toContain(AWKWARD_FOLDER)
    extractAll(join(resources, 'app.asar'), join(resources, 'app'))
    const dataDir = join(workDir, AWKWARD_FOLDER, 'workspace ~[1]')
    installed = runUnderStubElectron(join(resources, 'app', 'out', 'main', 'index.js'), {
      cwd: workDir,
      env: { ...process.env, SCIM_HARNESS_DATA: dataDir, SCIM_HARNESS_PORT: '0', SMOKE_RESOURCES_PATH: resources },
    })
    report = JSON.parse(await installed.waitForLine('SMOKE_REPORT ', 20_000)) as SmokeReport
  }, 30_000)

  it('loads its page under the install folder with the URL Chromium reports', () => {
    const loaded = report.windows[0]?.loaded ?? ''
    expect(loaded).toContain('/Projects%20[old]%20~backup%20%231%20D%C3%A9veloppement/')
    expect(fileURLToPath(loaded)).toBe(join(resources, 'app', 'out', 'renderer', 'index.html'))
  })

  it('answers a console call over IPC and lets the page write the clipboard', () => {
    expect(report.status, installed?.stderr()).toMatchObject({ ok: true, value: { baseUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/) } })
    expect(report.untrustedStatus).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } })
    expect(report.clipboardAllowed).toBe(true)
  })

  it('finds its example scenarios and window icon beside app.asar', () => {
    expect(report.examples).toMatchObject({ ok: true })
    expect(report.examples?.value?.map((e) => e.name)).toContain('member-removal')
    expect((report.windows[0]?.options as { icon?: string }).icon).toBe(join(resources, 'icon.png'))
  })
})
