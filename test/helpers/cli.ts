import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Drives the built CLI (`node bin/scim-harness.cjs ...`) as real child processes. Every serve
 * started here is tracked so that a failing test still leaves no process behind: call
 * killAllServers() in afterEach/afterAll.
 */

const ROOT = join(__dirname, '..', '..')
export const CLI_BIN = join(ROOT, 'bin', 'scim-harness.cjs')
export const CLI_BUNDLE = join(ROOT, 'out', 'main', 'cli.js')

/** Throws a clear instruction when the CLI bundle is missing (npm test builds it first). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_BUNDLE)) {
    throw new Error(`${CLI_BUNDLE} is missing: run npm run build first (npm test does it for you).`)
  }
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs one CLI command to completion (killed after `timeoutMs`, which then fails the caller's assertions). */
export function runCli(args: string[], timeoutMs = 15_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** The CLI's last stdout line (where `token create` prints the token alone). */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l !== '')
  return lines[lines.length - 1] ?? ''
}

export const SCIM_BASE_URI_LINE = /^SCIM base URI: (http:\/\/127\.0\.0\.1:(\d+)\/scim\/v2)$/m

export interface ServeProcess {
  child: ChildProcess
  pid: number
  baseUri: string
  port: number
  stdout(): string
  stderr(): string
  /** Resolves when the process has ended, with its exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const running = new Set<ChildProcess>()

/** Starts `serve --data DIR --port 0` and resolves once it prints its SCIM base URI line. */
export function startServe(dataDir: string, extraArgs: string[] = [], timeoutMs = 15_000, env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, 'serve', '--data', dataDir, '--port', '0', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    })
    running.add(child)
    let out = ''
    let err = ''
    let ready = false
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      // 'close', not 'exit': by then every byte the process wrote to stdout and stderr has been read
      child.on('close', (code, signal) => {
        running.delete(child)
        res({ code, signal })
      }),
    )
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`serve did not print its base URI within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`))
    }, timeoutMs)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const match = SCIM_BASE_URI_LINE.exec(out)
      if (ready || !match) return
      ready = true
      clearTimeout(timer)
      resolve({
        child,
        pid: child.pid!,
        baseUri: match[1],
        port: Number(match[2]),
        stdout: () => out,
        stderr: () => err,
        exited,
        stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        },
      })
    })
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    void exited.then(({ code, signal }) => {
      if (ready) return
      clearTimeout(timer)
      reject(new Error(`serve exited (code ${code}, signal ${signal}) before listening; stderr: ${err}`))
    })
  })
}

/** Kills every serve this helper started that is still running, and waits for them to end. */
export async function killAllServers(): Promise<void> {
  const children = [...running]
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}

/** A YYYY-MM-DD date `days` from today (UTC). */
export function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Sets a workspace up as an admin would from a shell: a token, then the default CAL and enable.
 * @returns the token.
 */
export async function enableWorkspace(dataDir: string): Promise<string> {
  const created = await runCli(['token', 'create', '--expires', dateInDays(30), '--label', 'ci', '--data', dataDir])
  if (created.code !== 0) throw new Error(`token create failed: ${created.stderr}`)
  const set = await runCli(['config', 'set', '--default-cal', 'Viewer', '--enable', '--data', dataDir])
  if (set.code !== 0) throw new Error(`config set failed: ${set.stderr}`)
  return lastLine(created.stdout)
}
