import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BIN, requireBuiltCli } from '../helpers/cli'
import { tempDir } from '../helpers/harness'

/*
 * Issue 17, item 3: `serve` started from any folder found no example scenarios (measured: 5 from
 * the repository root, 0 from elsewhere), because the built chunk looked for them relative to
 * its own folder, which the bundler had moved. Here serve runs from an unrelated temp folder.
 */

const ROOT = join(__dirname, '..', '..')
const dirs: string[] = []
let child: ChildProcess | undefined

afterAll(() => {
  child?.kill('SIGKILL')
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
})

beforeAll(() => requireBuiltCli())

/** Starts serve with `cwd` as its working directory; resolves with its console URL. */
function serveFrom(cwd: string, dataDir: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, [CLI_BIN, 'serve', '--data', dataDir, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`serve printed no Console line in 15 s\n${out}\n${err}`)), 15_000)
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const match = /^Console: (\S+)$/m.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(new URL(match[1]))
      }
    })
    started.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing its Console line\n${out}\n${err}`)))
  })
}

describe('serve started outside the checkout', () => {
  it('lists every example scenario shipped in resources/scenarios', async () => {
    const cwd = tempDir('scim-harness-elsewhere-')
    const dataDir = tempDir('scim-harness-examples-')
    dirs.push(cwd, dataDir)
    const consoleUrl = await serveFrom(cwd, dataDir)
    const token = new URLSearchParams(consoleUrl.hash.slice(1)).get('token')
    const response = await fetch(new URL('/console/api/sim.scenario.examples', consoleUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    })
    const body = (await response.json()) as { ok: boolean; value: { name: string }[] }
    const shipped = (await readdir(join(ROOT, 'resources', 'scenarios'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5))
    expect(shipped.length).toBeGreaterThanOrEqual(5)
    expect(body.ok).toBe(true)
    expect(body.value.map((e) => e.name).sort()).toEqual(shipped.sort())
  }, 30_000)
})
