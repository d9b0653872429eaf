import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, matchesGlob, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import config from '../../vitest.config'
import { BUILT_ENTRIES, staleBuildReason } from '../helpers/ensure-built'

/*
 * The split into a fast and a slow vitest project is only worth having if no test falls through
 * it: a file in neither project never runs, and a test of the built CLI in the fast project runs
 * whatever out/ happens to hold (only the slow project builds first).
 */

const ROOT = join(__dirname, '..', '..')
const projects = (config.test?.projects ?? []) as { test: { name: string; include: string[]; exclude?: string[] } }[]

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path)
    return /\.test\.tsx?$/.test(entry.name) ? [relative(ROOT, path).split('\\').join('/')] : []
  })
}

function projectsOf(file: string): string[] {
  return projects
    .filter(({ test }) => test.include.some((glob) => matchesGlob(file, glob)) && !(test.exclude ?? []).some((glob) => matchesGlob(file, glob)))
    .map(({ test }) => test.name)
}

describe('vitest projects', () => {
  const files = testFiles(join(ROOT, 'test'))

  it('puts every test file in exactly one project', () => {
    expect(files.length).toBeGreaterThan(50)
    const misplaced = files.map((file) => ({ file, projects: projectsOf(file) })).filter((f) => f.projects.length !== 1)
    expect(misplaced).toEqual([])
  })

  it('runs every test of the built CLI, console or main bundle in the slow project, which builds first', () => {
    // the helpers that start out/: the CLI (helpers/cli), the served console (e2e/browser), the stub-electron run
    const usesBuild = files.filter((file) => /from '(\.\.\/helpers\/cli|\.\/browser|\.\/stub-run)'/.test(readFileSync(join(ROOT, file), 'utf8')))
    expect(usesBuild.length).toBeGreaterThan(10)
    expect(usesBuild.filter((file) => projectsOf(file)[0] !== 'slow')).toEqual([])
  })
})

describe('staleBuildReason', () => {
  const root = mkdtempSync(join(tmpdir(), 'ensure-built-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const write = (path: string, secondsAgo: number): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), '')
    const at = Date.now() / 1000 - secondsAgo
    utimesSync(join(root, path), at, at)
  }

  it('asks for a build when out/ is missing, older than a source file, or only half there', () => {
    write('src/main/core/deep/folder/module.ts', 100)
    write('electron.vite.config.ts', 100)
    expect(staleBuildReason(root)).toBe('out/main/index.js is missing')

    for (const entry of BUILT_ENTRIES) write(entry, 50)
    expect(staleBuildReason(root)).toBeUndefined()

    write('src/main/core/deep/folder/module.ts', 10)
    expect(staleBuildReason(root)).toBe(`${join('src', 'main', 'core', 'deep', 'folder', 'module.ts')} changed after the last build`)

    for (const entry of BUILT_ENTRIES) write(entry, 5)
    expect(staleBuildReason(root)).toBeUndefined()
    write('electron.vite.config.ts', 1)
    expect(staleBuildReason(root)).toBe('electron.vite.config.ts changed after the last build')

    rmSync(join(root, 'out', 'preload'), { recursive: true })
    expect(staleBuildReason(root)).toBe('out/preload/index.js is missing')
  })
})
