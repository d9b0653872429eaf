import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/*
 * Where the app's own files in resources/ (example scenarios, the window icon) are, however the
 * harness runs and whatever the working directory (issue 17, item 3):
 * - the installed app: electron-builder copies them beside app.asar, into process.resourcesPath
 *   (electron-builder.yml extraResources);
 * - a checkout or an npm install (the built CLI or app in out/main, out/main/chunks; the sources
 *   under vitest): resources/ of the package the running module belongs to.
 * The package is found by walking up from the module's folder to the first package.json, not by
 * counting folders: the bundler decides whether a module lands in out/main or out/main/chunks,
 * and counting broke when it moved examples.ts into a chunk. The walk stops at that package so
 * an unrelated resources/ folder higher up (a home folder's) is never taken for the app's.
 */

/** Where to look; the defaults are the running process and this module. */
export interface ResourceRoots {
  /** Electron's process.resourcesPath; undefined under plain Node. */
  resourcesPath?: string | undefined
  /** The folder of the running module (__dirname of the bundle chunk or the source file). */
  moduleDir: string
}

export function runningResourceRoots(): ResourceRoots {
  return { resourcesPath: (process as { resourcesPath?: string }).resourcesPath, moduleDir: __dirname }
}

/** The nearest folder at or above `dir` holding a package.json, or undefined at the file system root. */
export function packageRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current
    if (dirname(current) === current) return undefined
  }
}

/** The path of `name` (a file or folder under resources/), or undefined when no copy exists. */
export function findResource(name: string, roots: ResourceRoots = runningResourceRoots()): string | undefined {
  const candidates: string[] = []
  if (roots.resourcesPath) candidates.push(join(roots.resourcesPath, name))
  const root = packageRootOf(roots.moduleDir)
  if (root !== undefined) candidates.push(join(root, 'resources', name))
  return candidates.find((candidate) => existsSync(candidate))
}
