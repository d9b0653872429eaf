import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/*
 * globalSetup of the slow vitest project (vitest.config.ts). Its tests run the built bundles
 * (`node bin/scim-harness.cjs`, out/main/index.js under the stub electron, out/renderer served
 * to Chromium), so a run started with `npx vitest run test/integration/cli.test.ts` after an
 * edit must not test yesterday's out/. It builds when out/ is missing or older than a source
 * file, and does nothing after `npm test`, which has just built.
 */

const ROOT = join(__dirname, '..', '..')

/** The files `npm run build` writes, one per electron-vite target: the oldest dates the build. */
export const BUILT_ENTRIES = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.js', 'out/renderer/index.html']
/** What the build reads: every file under these (folders) or the file itself. */
export const BUILD_INPUTS = ['src', 'electron.vite.config.ts']

function newestFile(path: string): { path: string; mtimeMs: number } | undefined {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return undefined
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs }
  let newest: { path: string; mtimeMs: number } | undefined
  for (const name of readdirSync(path)) {
    const candidate = newestFile(join(path, name))
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate
  }
  return newest
}

/**
 * Why the build in `root` must be redone, or undefined when out/ is newer than every input.
 * Modification times, not content hashes: an edit, a git checkout or a pull all touch mtimes,
 * and reading every source file's bytes on each test run would cost more than it saves.
 */
export function staleBuildReason(root: string): string | undefined {
  let builtAt = Infinity
  for (const entry of BUILT_ENTRIES) {
    const stat = statSync(join(root, entry), { throwIfNoEntry: false })
    if (!stat) return `${entry} is missing`
    builtAt = Math.min(builtAt, stat.mtimeMs)
  }
  for (const input of BUILD_INPUTS) {
    const newest = newestFile(join(root, input))
    if (newest && newest.mtimeMs > builtAt) return `${relative(root, newest.path)} changed after the last build`
  }
  return undefined
}

export function setup(): void {
  const reason = staleBuildReason(ROOT)
  if (!reason) return
  console.log(`[slow tests] building first: ${reason}`)
  // electron-vite's own bin, as `npm run build` runs it, without an npm process in between
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal}); the slow tests need its out/ folder.`)
}
