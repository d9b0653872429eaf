import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

/*
 * Issue 17, item 4: the installer ships package.json `dependencies` (electron-builder copies them
 * into app.asar), so they must be exactly the packages the BUILT bundles load at run time: every
 * other package is inlined by the bundler and would only add weight (zod was shipped although
 * main and preload bundle it). Read from out/ after `npm run build`.
 */

const ROOT = join(__dirname, '..', '..')
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return jsFiles(path)
    return /\.(c|m)?js$/.test(name) ? [path] : []
  })
}

/**
 * The packages a bundle loads: string literals in require(...) and import(...) calls, including
 * `require(override || "name")`, reduced to the package name (`@scope/name/sub` -> `@scope/name`).
 * Relative paths, Node built-ins and 'electron' (provided by the runtime) are not packages to ship.
 */
export function requiredPackages(code: string): Set<string> {
  const found = new Set<string>()
  for (const call of code.matchAll(/\b(?:require|import)\(([^()]*)\)/g)) {
    for (const literal of call[1].matchAll(/["'`]([^"'`]+)["'`]/g)) {
      const specifier = literal[1]
      if (specifier.startsWith('.') || specifier.startsWith('/') || BUILTINS.has(specifier) || specifier === 'electron') continue
      const parts = specifier.split('/')
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0])
    }
  }
  return found
}

let bundles: { file: string; code: string }[]

beforeAll(() => {
  bundles = [...jsFiles(join(ROOT, 'out/main')), ...jsFiles(join(ROOT, 'out/preload'))].map((file) => ({ file, code: readFileSync(file, 'utf8') }))
  if (bundles.length === 0) throw new Error('out/main is empty: run npm run build first')
})

describe('runtime dependencies', () => {
  it('reads bare package names out of require and import calls', () => {
    expect(
      [
        ...requiredPackages(
          'require("express"); require(x || "@ngrok/ngrok"); require("./chunks/a.js"); require("node:fs"); require("fs"); import("re2js/sub")',
        ),
      ].sort(),
    ).toEqual(['@ngrok/ngrok', 'express', 're2js'])
  })

  it('are exactly the packages the built main, CLI and preload load at run time', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    const required = new Set<string>()
    for (const { code } of bundles) for (const name of requiredPackages(code)) required.add(name)
    expect([...required].sort(), bundles.map((b) => relative(ROOT, b.file)).join(', ')).toEqual(Object.keys(pkg.dependencies ?? {}).sort())
  })

  it('keep the sandboxed preload to the names it uses: no zod, a few KB', () => {
    const preload = bundles.filter((b) => b.file.includes(`${join('out', 'preload')}`))
    expect(preload).toHaveLength(1)
    // 215 KB when it imported the zod table; 2.6 KB with the plain name list
    expect(Buffer.byteLength(preload[0].code)).toBeLessThan(16 * 1024)
    expect(preload[0].code).not.toMatch(/\bz\.object\b|ZodError|zod/)
    expect([...requiredPackages(preload[0].code)]).toEqual([])
  })
})
