import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'

/*
 * Runs a built Electron main bundle under plain Node with 'electron' replaced by
 * stub-electron.cjs, and reads the lines the stub prints (SMOKE_REPORT, SMOKE_QUIT).
 */

const STUB = join(__dirname, 'stub-electron.cjs')

/** What stub-electron.cjs prints on its SMOKE_REPORT line. */
export interface SmokeReport {
  windows: { options: { webPreferences: Record<string, unknown> }; loaded: string }[]
  channels: string[]
  status: { ok: true; value: { baseUri: string } } | { ok: false; error: { code: string; message: string } } | null
  untrustedStatus: { ok: boolean; error?: { code: string } } | null
  examples: { ok: boolean; value?: { name: string }[] } | null
  clipboardAllowed: boolean | null
  guards: { windowOpen: { action: string } | null; navigationGuarded: boolean; permissionRequest: boolean; permissionCheck: boolean }
}

export interface StubRun {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  /** Resolves with the rest of the first stdout line starting with `prefix`; rejects if the process exits first. */
  waitForLine(prefix: string, timeoutMs: number): Promise<string>
}

export function runUnderStubElectron(mainBundle: string, options: { cwd: string; env: NodeJS.ProcessEnv }): StubRun {
  const env = { ...options.env }
  // a dev server URL in the developer's shell must not redirect the bundle away from its built page
  delete env['ELECTRON_RENDERER_URL']
  const child = spawn(process.execPath, ['-r', STUB, mainBundle], { cwd: options.cwd, env })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLine(prefix, timeoutMs) {
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(() => done(new Error(`no "${prefix}" line within ${timeoutMs} ms`)), timeoutMs)
        const check = (): void => {
          const line = stdout.split('\n').find((candidate) => candidate.startsWith(prefix))
          if (line !== undefined) done(undefined, line.slice(prefix.length).trim())
        }
        const onExit = (code: number | null): void => done(new Error(`main bundle exited (code ${code}) before "${prefix}"`))
        function done(error?: Error, line?: string): void {
          clearTimeout(timer)
          child.stdout.off('data', check)
          child.off('exit', onExit)
          if (error) reject(new Error(`${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`))
          else resolveLine(line ?? '')
        }
        child.stdout.on('data', check)
        child.once('exit', onExit)
        check()
      })
    },
  }
}
