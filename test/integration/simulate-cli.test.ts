import { readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHarness, tempDir } from '../helpers/harness'
import { requireBuiltCli, runCli } from '../helpers/cli'

/*
 * `scim-harness simulate` (PRODUCT.md, "Command line"), run as a CI script would: the built CLI
 * in a child process, a built-in server it starts itself or an endpoint given by URL.
 */

beforeAll(() => requireBuiltCli())

const EXAMPLES = join(__dirname, '..', '..', 'resources', 'scenarios')
const dirs: string[] = []
function workspace(): string {
  const dir = tempDir('scim-harness-simulate-test-')
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** member-removal.json with one expectation the built-in server contradicts. */
function failingScenario(): string {
  const scenario = JSON.parse(readFileSync(join(EXAMPLES, 'member-removal.json'), 'utf8'))
  scenario.steps.push({ action: 'expect', group: 'Sales Team', memberCount: 3 })
  const file = join(workspace(), 'failing.json')
  writeFileSync(file, JSON.stringify(scenario))
  return file
}

describe('scim-harness simulate', { concurrent: true }, () => {
  it('replays a shipped example on a built-in server, prints each step and expectation, and exits 0', async () => {
    const out = join(workspace(), 'out')
    const result = await runCli(['simulate', '--scenario', join(EXAMPLES, 'string-booleans.json'), '--out', out], 30_000)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^steps\[0\] runCycle: ok - initial cycle completed/m)
    expect(result.stdout).toContain('PASS user adele.vance@contoso.com is inactive (expected false, actual false)')
    expect(result.stdout).toMatch(/^scenario: 7 expectations passed, 0 failed$/m)
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))
    expect(report).toMatchObject({ scenario: 'string-booleans', passed: true })
    expect(report.logs).toBeUndefined()
    const logs = JSON.parse(readFileSync(join(out, 'logs.json'), 'utf8'))
    expect(logs.some((e: { action: string }) => e.action === 'Disable')).toBe(true)
  })

  it('exits 1 and prints FAIL with expected and actual when an expectation does not hold', async () => {
    const result = await runCli(['simulate', '--scenario', failingScenario()], 30_000)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('FAIL group "Sales Team" has 3 members (expected 3, actual 2)')
    expect(result.stdout).toMatch(/^scenario: \d+ expectations passed, 1 failed$/m)
  })

  it('targets the endpoint given by --tenant-url and --token', async () => {
    const h = await startTestHarness()
    try {
      const result = await runCli(['simulate', '--scenario', join(EXAMPLES, 'member-removal.json'), '--tenant-url', h.baseUri, '--token', h.token], 30_000)
      expect(result.code, result.stdout + result.stderr).toBe(0)
      expect(result.stdout).toContain(`against ${h.baseUri}`)
      const group = await h.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Sales Team"')}`)
      expect(group.json.Resources[0].members).toHaveLength(2)
    } finally {
      await h.close()
    }
  })

  it('refuses a scenario file that is not valid with one line naming the JSON path, and exits 2', async () => {
    const file = join(workspace(), 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        format: 'scim-harness-scenario',
        version: 1,
        name: 'bad',
        directory: { users: [], groups: [] },
        steps: [{ action: 'assignUser', user: 'ghost@contoso.com' }],
      }),
    )
    const result = await runCli(['simulate', '--scenario', file])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toEqual([
      `scim-harness: ${file}: The scenario is not valid: steps[0].user: No user 'ghost@contoso.com' in the directory (name a user by objectId or userPrincipalName).`,
    ])
  })

  it('exits 2 when the file is missing or --token comes without --tenant-url', async () => {
    const missing = await runCli(['simulate', '--scenario', join(workspace(), 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^scim-harness: cannot read the scenario file .*nope\.json: ENOENT\.\n$/)
    const half = await runCli(['simulate', '--scenario', join(EXAMPLES, 'member-removal.json'), '--token', 'x'])
    expect(half.code).toBe(2)
    expect(half.stderr).toContain('--token and --token-file go with --tenant-url')
  })
})
