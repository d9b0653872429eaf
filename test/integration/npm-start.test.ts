import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/harness'

/*
 * Issue 14, item 10: `npm install && npm start` without the Electron binary ended in a stack trace
 * after a full build. `npm start` now checks first (scripts/check-electron.mjs) and says in one
 * line what is missing and the two ways forward. And `engines` must promise no Node version that
 * the pinned packages refuse.
 */

const ROOT = join(__dirname, '..', '..')
const CHECK = join(ROOT, 'scripts', 'check-electron.mjs')
// npm's own range arithmetic (semver is installed with the toolchain; it has no types here)
const semver = require('semver') as { subset(sub: string, dom: string): boolean }
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A project folder whose node_modules/electron is installed as npm leaves it, with or without the binary. */
function project(electron: 'skipped-download' | 'installed' | 'download-cut-short'): string {
  const dir = tempDir('scim-harness-start-')
  dirs.push(dir)
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}')
  const moduleDir = join(dir, 'node_modules', 'electron')
  mkdirSync(moduleDir, { recursive: true })
  writeFileSync(join(moduleDir, 'package.json'), '{"name":"electron","version":"45.5.0"}')
  if (electron !== 'skipped-download') writeFileSync(join(moduleDir, 'path.txt'), 'electron')
  if (electron === 'installed') {
    mkdirSync(join(moduleDir, 'dist'))
    writeFileSync(join(moduleDir, 'dist', 'electron'), '')
  }
  return dir
}

function check(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env, ...env }
  if (!('ELECTRON_EXEC_PATH' in env)) delete clean.ELECTRON_EXEC_PATH
  delete clean.ELECTRON_OVERRIDE_DIST_PATH
  return spawnSync(process.execPath, [CHECK], { cwd, env: clean, encoding: 'utf8' })
}

describe('npm start without the Electron binary', () => {
  it('says in one line that the binary is missing, how to fetch it and how to run headless, and exits 1', () => {
    const result = check(project('skipped-download'))
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toBe(
      'scim-harness: the Electron binary is not installed (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD, or the download failed). ' +
        'Fetch it with `node node_modules/electron/install.js` (needs the internet and Node >= 22.12), ' +
        'or run the harness without Electron: `npm run build && npx scim-harness serve` and open the Console URL it prints.',
    )
  })

  it('notices a download that did not finish (path.txt written, no executable)', () => {
    const result = check(project('download-cut-short'))
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^scim-harness: the Electron binary is missing from .*dist \(the download did not finish\)\. Fetch it with/)
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })

  it('lets npm start go on when the binary is there, or ELECTRON_EXEC_PATH names one', () => {
    expect(check(project('installed'))).toMatchObject({ status: 0, stderr: '' })
    expect(check(project('skipped-download'), { ELECTRON_EXEC_PATH: process.execPath })).toMatchObject({ status: 0, stderr: '' })
    expect(check(project('installed'), { ELECTRON_EXEC_PATH: join(dirs[0], 'nowhere') }).stderr).toMatch(
      /ELECTRON_EXEC_PATH names .*nowhere, which does not exist/,
    )
  })

  it('runs the check before the build in npm start', (ctx) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.start).toMatch(/^node scripts\/check-electron\.mjs && npm run build && /)
    // one build: electron-vite preview builds again unless told not to (issue 17, item 4)
    expect(pkg.scripts.start).toMatch(/ && electron-vite preview --skipBuild$/)
    // where this checkout has no binary (CI, this project's build machines), npm start itself ends with the one line
    if (check(ROOT).status === 0) ctx.skip()
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const started = spawnSync(npm, ['start', '--silent'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_EXEC_PATH: '' }, timeout: 60_000 })
    expect(started.status).toBe(1)
    expect(started.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^scim-harness: the Electron binary is not installed .* open the Console URL it prints\.$/),
    ])
    // stopped before the build: nothing of electron-vite's output
    expect(started.stdout).not.toMatch(/vite|building/)
  })
})

describe('engines', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } | string[] }>
  }
  const nodeRange = (entry: { engines?: { node?: string } | string[] }) => (Array.isArray(entry.engines) ? undefined : entry.engines?.node)
  const installed = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'))

  /** Packages whose declared Node range does not cover every version our engines allows. */
  const narrowerThanOurs = (entries: typeof installed) =>
    entries
      .filter(([, entry]) => nodeRange(entry) !== undefined && !semver.subset(pkg.engines.node, nodeRange(entry)!))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version}: ${nodeRange(entry)}`)

  it('promises no Node version a runtime dependency refuses (serve and the CLI run on these)', () => {
    const runtime = installed.filter(([, entry]) => !entry.dev)
    expect(runtime.length).toBeGreaterThan(10)
    expect(narrowerThanOurs(runtime)).toEqual([])
  })

  it('promises no Node version the build and test tools refuse (serve runs from the built bundle)', () => {
    const tools = installed.filter(([path]) => /node_modules\/(vite|electron-vite|rolldown|@vitejs\/plugin-react|vitest|typescript)$/.test(path))
    expect(tools.map(([path]) => path.replace('node_modules/', '')).sort()).toEqual([
      '@vitejs/plugin-react',
      'electron-vite',
      'rolldown',
      'typescript',
      'vite',
      'vitest',
    ])
    expect(narrowerThanOurs(tools)).toEqual([])
  })

  it('leaves out only the Electron download and electron-builder, which need Node >= 22.12 (npm start, installers)', () => {
    const dev = installed.filter(([, entry]) => entry.dev && !entry.optional)
    expect(narrowerThanOurs(dev).sort()).toEqual([
      '@electron-internal/extract-zip@1.0.8: >=22.12.0',
      '@electron/get@5.1.0: >=22.12.0',
      '@electron/rebuild@4.2.1: >=22.12.0',
      'electron@45.5.0: >= 22.12.0',
      'node-abi@4.40.0: >=22.12.0',
    ])
  })
})
