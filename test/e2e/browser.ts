import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

/*
 * End-to-end helpers: a real `scim-harness serve` (the built CLI) on a fresh workspace, and
 * Debian's Chromium driven by playwright-core. On a developer machine without Chromium the
 * e2e suites skip and say so; under CI (CI=true) a missing browser is a failure, never a skip.
 */

const root = resolve(__dirname, '../..')
export const SCREENSHOT_DIR = join(root, 'test-results', 'screenshots')

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string =>
  Boolean(p),
)

export function findChromium(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p))
}

/** Why the e2e suite cannot run here, or undefined when it can. Throws under CI. */
export function browserUnavailable(): string | undefined {
  if (findChromium()) return undefined
  const message = `No Chromium found (looked at ${CANDIDATES.join(', ')}). Install it with: apt-get install -y chromium`
  if (process.env['CI']) throw new Error(`${message}. Under CI the browser tests must run.`)
  console.warn(`[e2e] skipped: ${message}`)
  return message
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  })
}

export interface ServedHarness {
  baseUri: string
  consoleUrl: string
  origin: string
  dataDir: string
  child: ChildProcessWithoutNullStreams
  stderr(): string
  stop(): Promise<void>
}

/** Starts the built CLI's `serve` on 127.0.0.1:0 over a fresh temp workspace (run `npm run build` first). */
export async function serve(dataDir = mkdtempSync(join(tmpdir(), 'scim-harness-e2e-'))): Promise<ServedHarness> {
  const cli = join(root, 'bin/scim-harness.cjs')
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--port', '0'], { cwd: root, env: { ...process.env } })
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const lines = await new Promise<{ baseUri: string; consoleUrl: string }>((resolveLines, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its Console line in 20 s; stderr:\n${err}`)), 20_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const base = /SCIM base URI: (\S+)/.exec(out)
      const consoleLine = /Console: (\S+)/.exec(out)
      if (base && consoleLine) {
        clearTimeout(timer)
        resolveLines({ baseUri: base[1], consoleUrl: consoleLine[1] })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}; stderr:\n${err}`))
    })
  })
  return {
    ...lines,
    origin: new URL(lines.baseUri).origin,
    dataDir,
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Saves a screenshot of the viewport (sticky bars make full-page shots overlap) under test-results/screenshots/<name>.png (the best are copied to docs/screenshots). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** Collects what the page logs as errors and failed requests: a screen that throws fails its test. */
export function watchPageErrors(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`)
  })
  page.on('response', (r) => {
    // the console's own 4xx answers are envelopes a screen handles; a missing asset is a defect
    if (r.status() >= 400 && !r.url().includes('/console/api/')) problems.push(`HTTP ${r.status()}: ${r.url()}`)
  })
  return problems
}
