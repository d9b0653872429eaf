import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultDataDir } from '../../src/main/core/workspace-folder'
import { adoptLegacyRegistry, LEGACY_APP_FOLDER, registryFileIn, WorkspaceRegistry } from '../../src/main/core/workspace-registry'
import { tempDir } from '../helpers/harness'

/*
 * Issue 17, item 2: the app's name. Electron names the app, its userData folder and the macOS
 * menu after package.json's productName (falling back to "name"); the default workspace folder
 * is computed without Electron for the CLI. Both must be the same folder, and a workspace list
 * left in the old "scim-harness" folder moves over once.
 */

const ROOT = join(__dirname, '..', '..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; productName?: string; desktopName?: string }
const builderConfig = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function appData(): string {
  const dir = tempDir('scim-harness-appdata-')
  dirs.push(dir)
  return dir
}

describe('the app name', () => {
  it('is "SCIM Harness", and the default workspace lies in the folder Electron names after it', () => {
    expect(pkg.productName).toBe('SCIM Harness')
    expect(builderConfig).toMatch(/^productName: SCIM Harness$/m)
    if (process.platform !== 'linux') return
    // Electron on Linux: userData = $XDG_CONFIG_HOME/<productName>
    const config = '/home/me/.config'
    const userData = join(config, pkg.productName!)
    expect(dirname(defaultDataDir({ XDG_CONFIG_HOME: config }))).toBe(userData)
    expect(dirname(registryFileIn(userData))).toBe(dirname(defaultDataDir({ XDG_CONFIG_HOME: config })))
  })

  it('names the Linux desktop entry as Electron names the window, so the launcher groups them', () => {
    const executable = /^\s+executableName: (\S+)$/m.exec(builderConfig)?.[1]
    expect(pkg.desktopName).toBe(`${executable}.desktop`)
    expect(builderConfig).toMatch(/^\s+syncDesktopName: true$/m)
    // the window icon is shipped beside app.asar, where src/main/index.ts looks for it
    expect(builderConfig).toMatch(/- from: resources\/icon\.png\n\s+to: icon\.png/)
  })

  it('is not the old folder name', () => {
    expect(LEGACY_APP_FOLDER).toBe(pkg.name)
    expect(pkg.productName).not.toBe(LEGACY_APP_FOLDER)
  })
})

describe('adoptLegacyRegistry', () => {
  const list = (dir: string) => `${JSON.stringify({ last: dir, recent: [{ dir, name: 'w', lastOpened: '2026-01-01T00:00:00.000Z' }] })}\n`

  /** An appData folder where an older version left a workspace list whose last folder is `last`. */
  function withLegacyList(last: string): { root: string; legacy: string; userData: string } {
    const root = appData()
    const legacy = join(root, LEGACY_APP_FOLDER, 'workspaces.json')
    mkdirSync(dirname(legacy))
    writeFileSync(legacy, list(last))
    return { root, legacy, userData: join(root, 'SCIM Harness') }
  }

  it('moves the old workspace list into the app folder once, and the registry reads it there', async () => {
    const { root, legacy, userData } = withLegacyList('/srv/customer-a')

    await expect(adoptLegacyRegistry(root, userData)).resolves.toBe('moved')
    expect(existsSync(legacy)).toBe(false)
    expect(await new WorkspaceRegistry(registryFileIn(userData)).read()).toMatchObject({ last: '/srv/customer-a' })
    if (process.platform !== 'win32') expect(statSync(registryFileIn(userData)).mode & 0o777).toBe(0o600)
    await expect(adoptLegacyRegistry(root, userData)).resolves.toBe('nothing-to-move')
  })

  it('never overwrites a list the renamed app already keeps', async () => {
    const { root, legacy, userData } = withLegacyList('/srv/old')
    mkdirSync(userData)
    writeFileSync(registryFileIn(userData), list('/srv/current'))

    await expect(adoptLegacyRegistry(root, userData)).resolves.toBe('kept-current')
    expect(await new WorkspaceRegistry(registryFileIn(userData)).read()).toMatchObject({ last: '/srv/current' })
    expect(existsSync(legacy)).toBe(true)
  })

  it('does nothing without an old list, and creates no folder', async () => {
    const root = appData()
    const userData = join(root, 'SCIM Harness')
    await expect(adoptLegacyRegistry(root, userData)).resolves.toBe('nothing-to-move')
    expect(existsSync(userData)).toBe(false)
  })
})
