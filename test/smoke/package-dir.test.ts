import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix, resolve } from 'node:path'
import { promisify } from 'node:util'
import { extractFile, listPackage } from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/*
 * Packaging smoke: `electron-builder --linux dir` with a stub electronDist (an unpacked
 * "Electron" that is only a shell script), fully offline, then a look inside app.asar.
 * Release artifacts (AppImage, deb, nsis, dmg) need downloads and run on networked CI runners.
 */

const root = resolve(__dirname, '../..')
const builderCli = join(root, 'node_modules/electron-builder/cli.js')
const run = promisify(execFile)

let workDir: string
let appDir: string
let entries: Set<string>

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
  const output = join(workDir, 'dist')
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
    const manifest = JSON.parse(extractFile(join(appDir, 'resources/app.asar'), 'package.json').toString('utf8')) as { main: string }
    expect(posix.normalize(manifest.main)).toBe('out/main/index.js')
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
    for (const devOnly of ['electron', 'react', 'vite', 'vitest', 'electron-builder']) {
      expect(entries, devOnly).not.toContain(`/node_modules/${devOnly}`)
    }
  })

  it('copies the stub Electron distribution rather than downloading one', () => {
    expect(readFileSync(join(appDir, 'scim-harness'), 'utf8')).toContain('stub Electron from the packaging smoke test')
  })
})
