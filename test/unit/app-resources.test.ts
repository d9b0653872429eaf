import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findResource, packageRootOf } from '../../src/main/core/app-resources'
import { examplesFolder } from '../../src/main/core/simulator/examples'
import { tempDir } from '../helpers/harness'

/*
 * Issue 17, item 3: the app's resources are found from where the running module really is, the
 * packaged resourcesPath first, never from the working directory.
 */

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A folder laid out as a checkout after `npm run build`: package.json, resources/, out/main/chunks. */
function checkout(): string {
  const root = tempDir('scim-harness-resources-')
  dirs.push(root)
  writeFileSync(join(root, 'package.json'), '{"name":"scim-harness"}')
  mkdirSync(join(root, 'resources', 'scenarios'), { recursive: true })
  writeFileSync(join(root, 'resources', 'icon.png'), '')
  mkdirSync(join(root, 'out', 'main', 'chunks'), { recursive: true })
  return root
}

describe('findResource', () => {
  it('finds resources/ of the package from the bundle entry and from a chunk folder alike', () => {
    const root = checkout()
    for (const moduleDir of [join(root, 'out', 'main'), join(root, 'out', 'main', 'chunks')]) {
      expect(findResource('scenarios', { moduleDir })).toBe(join(root, 'resources', 'scenarios'))
      expect(findResource('icon.png', { moduleDir })).toBe(join(root, 'resources', 'icon.png'))
    }
    expect(packageRootOf(join(root, 'out', 'main', 'chunks'))).toBe(root)
  })

  it('prefers the packaged app’s resourcesPath, falling back to the package', () => {
    const root = checkout()
    const resourcesPath = join(root, 'installed', 'resources')
    mkdirSync(join(resourcesPath, 'scenarios'), { recursive: true })
    const moduleDir = join(root, 'out', 'main', 'chunks')
    expect(findResource('scenarios', { resourcesPath, moduleDir })).toBe(join(resourcesPath, 'scenarios'))
    // the icon was not copied beside app.asar: the package's copy is the one there is
    expect(findResource('icon.png', { resourcesPath, moduleDir })).toBe(join(root, 'resources', 'icon.png'))
  })

  it('does not climb past the package to an unrelated resources/ folder', () => {
    const outer = checkout()
    const inner = join(outer, 'projects', 'other-app')
    mkdirSync(join(inner, 'out', 'main'), { recursive: true })
    writeFileSync(join(inner, 'package.json'), '{"name":"other-app"}')
    expect(findResource('scenarios', { moduleDir: join(inner, 'out', 'main') })).toBeUndefined()
  })

  it('finds the shipped examples from the sources, whatever the working directory', () => {
    const elsewhere = tempDir('scim-harness-cwd-')
    dirs.push(elsewhere)
    const cwd = process.cwd()
    process.chdir(elsewhere)
    try {
      expect(examplesFolder()).toBe(join(__dirname, '..', '..', 'resources', 'scenarios'))
    } finally {
      process.chdir(cwd)
    }
  })
})
