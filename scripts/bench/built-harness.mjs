// What the benchmarks share: running the BUILT harness as a user runs it (the CLI in
// out/main/cli.js through bin/scim-harness.cjs: `token create`, `config set --enable`,
// `serve --port 0` on a fresh temp workspace), watching its processes, and failing a run cleanly
// (children killed, temp workspace removed) wherever it stops.
//   scripts/bench.mjs        SCIM server vs a bare Express ceiling (npm run bench)
//   scripts/bench-cycle.mjs  one initial Entra provisioning cycle (npm run bench:cycle)
//   scripts/soak.mjs         Entra cycling while readers query the server (npm run soak)
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const cli = join(root, 'bin', 'scim-harness.cjs')
export const outDir = join(root, '.bench')

/** The line `serve` prints once it listens. */
export const SERVE_READY = /SCIM base URI: (\S+)/

/**
 * One benchmark run: its log prefix, its child processes and the clean-up that runs however it
 * ends. `fail` prints the reason, cleans up and exits 1; a second failure while failing is ignored
 * (a child's exit during the clean-up, say).
 */
export function benchRun(name) {
  const children = new Set()
  const cleanups = []
  let failing = false

  const log = (line) => process.stderr.write(`${name}: ${line}\n`)

  function cleanup() {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    children.clear()
    for (const fn of cleanups.splice(0)) fn()
  }

  function fail(message) {
    if (failing) return
    failing = true
    process.stderr.write(`\n${name}: FAILED: ${message}\n`)
    cleanup()
    process.exit(1)
  }
  process.on('SIGINT', () => fail('interrupted'))

  /** Reads a whole-number setting from the environment. */
  function intEnv(key, fallback, min = 1) {
    const raw = process.env[key]
    if (raw === undefined || raw === '') return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min) fail(`${key} must be an integer >= ${min}; got '${raw}'.`)
    return n
  }

  /** Fails the run unless `npm run build` has produced the CLI. */
  function requireBuild(command) {
    if (!existsSync(join(root, 'out', 'main', 'cli.js')))
      fail(`the app is not built (out/main/cli.js is missing). Run \`npm run build\` first, then \`${command}\`.`)
  }

  /** Spawns a server and resolves once `pattern` matches a line of its stdout. */
  function startServer(label, args, pattern, env = {}) {
    const t0 = performance.now()
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    children.add(child)
    const stderrTail = []
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => {
      for (const line of chunk.split('\n')) if (line.trim()) stderrTail.push(line)
      if (stderrTail.length > 40) stderrTail.splice(0, stderrTail.length - 40)
    })
    const server = { label, child, pid: child.pid, stderrTail, spawnedAt: t0, expectedExit: false }
    child.on('exit', (code, signal) => {
      children.delete(child)
      if (!server.expectedExit && !failing) {
        fail(`${label} server exited unexpectedly (code ${code}, signal ${signal}).\n${stderrTail.join('\n')}`)
      }
    })
    return new Promise((resolveReady) => {
      let text = ''
      const timer = setTimeout(() => fail(`${label} server did not print its base URI within 120 s.\n${stderrTail.join('\n')}`), 120_000)
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk) => {
        if (server.base) return
        text += chunk
        const m = pattern.exec(text)
        if (m) {
          clearTimeout(timer)
          server.readyMs = performance.now() - t0
          server.base = m[1].replace(/\/$/, '')
          const url = new URL(server.base)
          server.origin = url.origin
          server.basePath = url.pathname
          resolveReady(server)
        }
      })
    })
  }

  /** SIGTERM, then wait for the exit (the store flushes and compacts: give it time). */
  function stopServer(server, timeoutMs = 180_000) {
    server.expectedExit = true
    const t0 = performance.now()
    return new Promise((resolveStop) => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        resolveStop({ ms: 0, code: server.child.exitCode, signal: server.child.signalCode })
        return
      }
      const timer = setTimeout(() => {
        log(`${server.label} did not exit ${timeoutMs / 1000} s after SIGTERM; killing it`)
        server.child.kill('SIGKILL')
      }, timeoutMs)
      server.child.once('exit', (code, signal) => {
        clearTimeout(timer)
        resolveStop({ ms: performance.now() - t0, code, signal })
      })
      server.child.kill('SIGTERM')
    })
  }

  /** Runs one `scim-harness` command on a workspace; its stdout, or the run fails with its stderr. */
  function harness(workspace, ...args) {
    try {
      return execFileSync(process.execPath, [cli, ...args, '--data', workspace], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err) {
      fail(`\`scim-harness ${args.join(' ')}\` failed (exit ${err.status}): ${String(err.stderr ?? err.message).trim()}`)
    }
  }

  /**
   * A fresh temp workspace set up as an admin would: a bearer token (30 days), default CAL
   * Viewer, SCIM enabled. Removed at clean-up unless `keep`.
   */
  function prepareWorkspace({ prefix, label, keep = false }) {
    const workspace = mkdtempSync(join(tmpdir(), prefix))
    if (!keep) cleanups.push(() => rmSync(workspace, { recursive: true, force: true }))
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    const token = harness(workspace, 'token', 'create', '--expires', expires, '--label', label).trim().split('\n').at(-1).trim()
    if (!token) fail('`token create` printed no token')
    harness(workspace, 'config', 'set', '--default-cal', 'Viewer', '--enable')
    return { workspace, token }
  }

  /** `serve --port 0` on the workspace; resolves with the server once it prints its base URI. */
  async function serve(workspace, token, label = 'ours') {
    const server = await startServer(label, serveArgs(workspace), SERVE_READY)
    server.token = token
    return server
  }

  return { log, fail, cleanup, onCleanup: (fn) => cleanups.push(fn), intEnv, requireBuild, startServer, stopServer, harness, prepareWorkspace, serve }
}

/** The node arguments of `scim-harness serve` on a workspace, any free port. */
export function serveArgs(workspace) {
  return [cli, 'serve', '--data', workspace, '--port', '0']
}

export function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN)
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 }
  } catch {
    return { rssMb: NaN, peakRssMb: NaN }
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN
  }
}

export function dirSizeMb(dir) {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath ?? entry.path, entry.name)).size
  }
  return bytes / 1024 / 1024
}

/** The machine a result was measured on; `loadAverageBefore` tells a busy machine from a quiet one. */
export function machineInfo(loadAverageBefore) {
  return {
    cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
    cpuCount: cpus().length,
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    loadAverageBefore,
    loadAverageAfter: loadavg()[0],
  }
}

/** Writes .bench/<name>.json and .bench/<name>.md, prints the Markdown, and returns the .md path. */
export function writeResults(name, result, md) {
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(join(outDir, `${name}.md`), `${md}\n`)
  process.stdout.write(`\n${md}\n\n`)
  return join(outDir, `${name}.md`)
}

export const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a')
