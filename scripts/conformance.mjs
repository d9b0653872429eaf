#!/usr/bin/env node
// Runs Microsoft's SCIM Postman collection against the BUILT server on a fresh workspace in
// hard-delete mode (the collection counts users after deleting others), through the CLI exactly
// as a user would set it up: token create, config set, serve.
//   npm run test:conformance      (after npm run build)
// The runner lives in ../shared/conformance (SCIM_CONFORMANCE_DIR overrides the folder).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'bin', 'scim-harness.cjs')
const conformanceDir = process.env.SCIM_CONFORMANCE_DIR ?? resolve(root, '..', 'shared', 'conformance')
const runner = join(conformanceDir, 'run-postman.mjs')
if (!existsSync(runner)) {
  console.error(`conformance: ${runner} not found (set SCIM_CONFORMANCE_DIR to the folder holding run-postman.mjs)`)
  console.log('postman: 0 passed, 1 failed')
  process.exit(1)
}
if (!existsSync(join(root, 'out', 'main', 'cli.js'))) {
  console.error('conformance: the app is not built; run `npm run build` first')
  process.exit(1)
}

const data = mkdtempSync(join(tmpdir(), 'scim-conformance-'))
const harness = (...args) => execFileSync(process.execPath, [cli, ...args, '--data', data], { encoding: 'utf8' })
const expires = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
const token = harness('token', 'create', '--expires', expires, '--label', 'conformance').trim().split('\n').at(-1)
harness('config', 'set', '--default-cal', 'Viewer', '--delete-mode', 'hard', '--enable')

const server = spawn(process.execPath, [cli, 'serve', '--data', data, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
const baseUri = await new Promise((resolveUri, reject) => {
  let text = ''
  const timer = setTimeout(() => reject(new Error('server did not print its base URI within 15 s')), 15_000)
  server.stdout.on('data', (chunk) => {
    text += chunk
    const m = /SCIM base URI: (\S+)/.exec(text)
    if (m) {
      clearTimeout(timer)
      resolveUri(m[1])
    }
  })
  server.on('exit', (code) => reject(new Error(`server exited early with code ${code}`)))
})

let status = 1
try {
  execFileSync(process.execPath, [runner, '--base-uri', baseUri, '--token', token], { stdio: 'inherit', cwd: root })
  status = 0
} catch (err) {
  status = typeof err.status === 'number' ? err.status : 1
} finally {
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  rmSync(data, { recursive: true, force: true })
}
process.exit(status)
