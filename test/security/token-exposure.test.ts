/*
 * Attack script for issue 14, item 3: `simulate --token T` put a working bearer token in the
 * process list, where every account on the machine can read it (`ps`, /proc/<pid>/cmdline).
 * --token-file and SCIM_HARNESS_TOKEN keep it out; --token still works, with a warning.
 * Runs the built CLI (npm run build) as CI would.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, lstat, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHarness, tempDir, type TestHarness } from '../helpers/harness'
import { CLI_BIN, requireBuiltCli, runCli, type CliResult } from '../helpers/cli'

const SCENARIO = join(__dirname, '..', '..', 'resources', 'scenarios', 'member-removal.json')
let h: TestHarness
let dir: string

beforeAll(async () => {
  requireBuiltCli()
  h = await startTestHarness()
  dir = tempDir('token-exposure-')
})
afterAll(async () => {
  await h.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs the CLI and reads its command line from /proc while it runs (Linux), as `ps` would. */
function runWatchingCommandLine(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult & { commandLines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
    const commandLines: string[] = []
    const watch = () => {
      try {
        commandLines.push(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replaceAll('\0', ' '))
      } catch {
        // gone, or no /proc on this platform
      }
    }
    watch() // spawn returns once exec has happened: this is the command line others see
    const timer = setInterval(watch, 20)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearInterval(timer)
      resolve({ code, signal, stdout, stderr, commandLines })
    })
  })
}

async function salesTeamMembers(): Promise<number> {
  const group = await h.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Sales Team"')}`)
  return group.json.Resources[0]?.members?.length ?? 0
}

describe('simulate: the token stays out of the process list', () => {
  it('reads the token from --token-file: the replay authenticates and the command line never shows the token', async () => {
    const file = join(dir, 'token')
    await writeFile(file, `${h.token}\n`, { mode: 0o600 })
    const result = await runWatchingCommandLine(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri, '--token-file', file])
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    expect(await salesTeamMembers()).toBe(2)
    if (process.platform === 'linux') expect(result.commandLines.length).toBeGreaterThan(0)
    for (const line of result.commandLines) expect(line).not.toContain(h.token)
  })

  it('reads the token from SCIM_HARNESS_TOKEN when no token option is given', async () => {
    const result = await runWatchingCommandLine(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri], {
      ...process.env,
      SCIM_HARNESS_TOKEN: h.token,
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toMatch(/expectations passed, 0 failed/)
    for (const line of result.commandLines) expect(line).not.toContain(h.token)
  })

  it('still accepts --token, with a one-line warning that other users can see it', async () => {
    const result = await runCli(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri, '--token', h.token], 30_000)
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stderr).toBe(
      'scim-harness: warning: --token is visible to other users of this computer in the process list; use --token-file FILE or SCIM_HARNESS_TOKEN instead.\n',
    )
  })

  it('refuses a token file it cannot use with one clear line and exit 2', async () => {
    const missing = await runCli(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri, '--token-file', join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(`scim-harness: cannot read the token file ${join(dir, 'nope')}: ENOENT.\n`)

    const empty = join(dir, 'empty')
    await writeFile(empty, '\n')
    const blank = await runCli(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri, '--token-file', empty])
    expect(blank.code).toBe(2)
    expect(blank.stderr).toBe(`scim-harness: the token file ${empty} is empty; put the token on its first line.\n`)

    const none = await runCli(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri], 15_000)
    expect(none.code).toBe(2)
    expect(none.stderr).toBe('scim-harness: --tenant-url needs a token: --token-file FILE, or the SCIM_HARNESS_TOKEN environment variable.\n')
  })

  it.skipIf(process.platform === 'win32')('warns when the token file is readable by other users', async () => {
    const file = join(dir, 'shared-token')
    await writeFile(file, h.token)
    await chmod(file, 0o644)
    const result = await runCli(['simulate', '--scenario', SCENARIO, '--tenant-url', h.baseUri, '--token-file', file], 30_000)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(`scim-harness: warning: the token file ${file} is readable by other users; chmod 600 it.\n`)
  })

  it.skipIf(process.platform === 'win32')('writes the --out reports readable only by this user account', async () => {
    const out = join(dir, 'reports')
    const result = await runCli(['simulate', '--scenario', SCENARIO, '--out', out], 30_000)
    expect(result.code, result.stderr).toBe(0)
    expect(existsSync(join(out, 'logs.json'))).toBe(true)
    expect((await lstat(out)).mode & 0o777).toBe(0o700)
    for (const name of await readdir(out)) expect((await lstat(join(out, name))).mode & 0o777, name).toBe(0o600)
  })
})
