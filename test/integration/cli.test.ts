import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest'
import { entraUser, scimRequest, tempDir } from '../helpers/harness'
import { dateInDays, enableWorkspace, killAllServers, lastLine, requireBuiltCli, runCli, startServe, type CliResult, type ServeProcess } from '../helpers/cli'

/*
 * The command-line contract (PRODUCT.md, "Command line"), driven through `node bin/scim-harness.cjs`
 * as a shell or a CI script would: real processes, real workspaces in temp folders.
 */

beforeAll(() => requireBuiltCli())

// Every test here is independent (own workspace, own port), so they run concurrently: each CLI
// call pays Node's start-up, and waiting for them one by one would make this file slow.
const dirs: string[] = []
function workspace(): string {
  const dir = tempDir('scim-harness-cli-')
  dirs.push(dir)
  return dir
}

/** Starts serve on `dir`; the server is killed when the test ends, whatever happens. */
async function serve(dir: string, ctx: TestContext): Promise<ServeProcess> {
  const server = await startServe(dir)
  ctx.onTestFinished(async () => void (await server.stop('SIGKILL')))
  return server
}

afterAll(async () => {
  await killAllServers()
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A user mistake: non-zero exit, one `scim-harness: ...` line on stderr (usage may follow), no stack trace. */
function expectCleanError(result: CliResult, message: RegExp): void {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).not.toBe(0)
  expect(result.code).not.toBeNull()
  expect(result.stderr).not.toMatch(/^\s+at /m)
  const [first, ...rest] = result.stderr.trimEnd().split('\n')
  expect(first).toMatch(/^scim-harness: /)
  expect(first).toMatch(message)
  if (rest.length > 0) expect(rest[0]).toMatch(/^Usage:/)
}

/** The row of a `token list` table whose label is `label`, split into its columns. */
function tokenRow(listing: string, label: string): string[] {
  const row = listing.split('\n').find((line) => line.split(/\s{2,}/)[1] === label)
  expect(row, `no token labelled ${label} in:\n${listing}`).toBeDefined()
  return row!.split(/\s{2,}/)
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe.concurrent('token create, list and revoke', () => {
  it('prints the token alone on the last line; once SCIM is enabled it opens the served workspace; list shows it without the secret; revoke makes the server answer 401', async (ctx) => {
    const dir = workspace()
    const expires = dateInDays(60)
    const created = await runCli(['token', 'create', '--expires', expires, '--label', 'ci-pipeline', '--data', dir])
    expect(created.code, created.stderr).toBe(0)
    const token = lastLine(created.stdout)
    expect(token).toMatch(/^\S{32,}$/)
    expect(created.stdout.split('\n').filter((l) => l.includes(token))).toEqual([token])

    const set = await runCli(['config', 'set', '--default-cal', 'Viewer', '--enable', '--data', dir])
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toContain('Portal Information Updated Successfully')

    const listed = await runCli(['token', 'list', '--data', dir])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).not.toContain(token)
    const [id, label, status, expiry] = tokenRow(listed.stdout, 'ci-pipeline')
    expect(id).toMatch(/\S{8,}/)
    expect(label).toBe('ci-pipeline')
    expect(status).toBe('active')
    expect(expiry).toContain(expires)

    let server = await serve(dir, ctx)
    expect((await scimRequest(`${server.baseUri}/Users`, 'GET', undefined, bearer(token))).status).toBe(200)
    expect((await server.stop()).code).toBe(0)

    const revoked = await runCli(['token', 'revoke', id, '--data', dir])
    expect(revoked.code, revoked.stderr).toBe(0)
    const after = await runCli(['token', 'list', '--data', dir])
    const [, , afterStatus, , , lastUsed] = tokenRow(after.stdout, 'ci-pipeline')
    expect(afterStatus).toBe('revoked')
    expect(lastUsed, 'the served request should have recorded when the token was last used').toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(after.stdout).not.toContain(token)

    server = await serve(dir, ctx)
    expect((await scimRequest(`${server.baseUri}/Users`, 'GET', undefined, bearer(token))).status).toBe(401)
  })

  it('lists no tokens on a fresh workspace and says how to create one', async () => {
    const result = await runCli(['token', 'list', '--data', workspace()])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/token create/)
  })
})

describe.concurrent('errors are one clear line on stderr with a non-zero exit, never a stack trace', () => {
  it('refuses token create without --expires and says the expiry is required', async () => {
    expectCleanError(await runCli(['token', 'create', '--label', 'x', '--data', workspace()]), /--expires/)
  })

  it('refuses a token expiry in the past', async () => {
    expectCleanError(await runCli(['token', 'create', '--expires', '2020-01-01', '--data', workspace()]), /not in the future/)
  })

  it('refuses an expiry that is not a date, and one that is not on the calendar', async () => {
    const dir = workspace()
    // one after the other: each takes the workspace lock to write
    expectCleanError(await runCli(['token', 'create', '--expires', 'next-tuesday', '--data', dir]), /YYYY-MM-DD/)
    expectCleanError(await runCli(['token', 'create', '--expires', '2099-02-30', '--data', dir]), /calendar date|YYYY-MM-DD/)
    expect((await runCli(['token', 'list', '--data', dir])).stdout).not.toMatch(/active/)
  })

  it('names an unknown command and an unknown option', async () => {
    const [command, option] = await Promise.all([runCli(['frobnicate']), runCli(['users', '--frobnicate'])])
    expectCleanError(command, /unknown command 'frobnicate'/i)
    expectCleanError(option, /unknown option '--frobnicate'/i)
  })

  it('refuses a default CAL that is not in the catalogue, listing the ones there are', async () => {
    expectCleanError(await runCli(['config', 'set', '--default-cal', 'NoSuchCal', '--data', workspace()]), /NoSuchCal.*Viewer/)
  })

  it('refuses to enable SCIM without a default CAL, and says to select one', async () => {
    const dir = workspace()
    expect((await runCli(['token', 'create', '--expires', dateInDays(10), '--data', dir])).code).toBe(0)
    expectCleanError(await runCli(['config', 'set', '--enable', '--data', dir]), /default CAL/i)
  })

  it('refuses to enable SCIM without an API token, and says to generate one', async () => {
    const dir = workspace()
    expect((await runCli(['config', 'set', '--default-cal', 'Viewer', '--data', dir])).code).toBe(0)
    expectCleanError(await runCli(['config', 'set', '--enable', '--data', dir]), /token/i)
    const shown = JSON.parse((await runCli(['config', 'show', '--json', '--data', dir])).stdout)
    expect(shown.scimEnabled).toBe(false)
  })

  it('refuses to enable SCIM on a directory-policy portal, and changes nothing', async () => {
    const dir = workspace()
    await enableWorkspace(dir)
    expect((await runCli(['config', 'set', '--disable', '--data', dir])).code).toBe(0)
    expectCleanError(await runCli(['config', 'set', '--domain-policy', 'directory', '--enable', '--data', dir]), /subdomain/)
    const shown = JSON.parse((await runCli(['config', 'show', '--json', '--data', dir])).stdout)
    expect(shown).toMatchObject({ scimEnabled: false, domainPolicy: 'subdomain' })
  })

  it('refuses to revoke a token id that does not exist', async () => {
    expectCleanError(await runCli(['token', 'revoke', 'nosuchid', '--data', workspace()]), /nosuchid/)
  })

  it('refuses a port that is not a number', async () => {
    expectCleanError(await runCli(['serve', '--port', 'abc', '--data', workspace()]), /--port.*abc/)
  })
})

describe.concurrent('config show and config set', () => {
  it('shows the settings for people and as JSON, and reflects each successful set', async () => {
    const dir = workspace()
    const fresh = await runCli(['config', 'show', '--json', '--data', dir])
    expect(fresh.code, fresh.stderr).toBe(0)
    expect(JSON.parse(fresh.stdout)).toMatchObject({ scimEnabled: false, deleteMode: 'deactivate' })

    const set = await runCli(['config', 'set', '--default-cal', 'Viewer', '--delete-mode', 'hard', '--data', dir])
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout.split('\n')[0]).toBe('Portal Information Updated Successfully')

    const json = JSON.parse((await runCli(['config', 'show', '--json', '--data', dir])).stdout)
    expect(json).toMatchObject({ defaultCal: 'Viewer', scimEnabled: false, deleteMode: 'hard' })

    const human = await runCli(['config', 'show', '--data', dir])
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/default CAL\W+Viewer/i)
    expect(human.stdout).toMatch(/hard delete/i)
    expect(human.stdout).toMatch(/disabled/i)
  })
})

describe.concurrent('serve', () => {
  it('prints the Base URI, binds 127.0.0.1 only, and answers 401 without a token', async (ctx) => {
    const dir = workspace()
    await enableWorkspace(dir)
    const server = await serve(dir, ctx)
    expect(server.port).toBeGreaterThan(0)
    expect(existsSync(join(dir, 'harness.lock'))).toBe(true)
    const anonymous = await scimRequest(`${server.baseUri}/Users`, 'GET')
    expect(anonymous.status).toBe(401)

    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)
    if (external) {
      // loopback only: the same port on a non-loopback address of this machine is closed
      await expect(fetch(`http://${external.address}:${server.port}/scim/v2/Users`)).rejects.toThrow()
    }
  })

  it('refuses token create and config set while serving, naming the server, and still allows read-only commands', async (ctx) => {
    const dir = workspace()
    const token = await enableWorkspace(dir)
    const server = await serve(dir, ctx)
    const holder = [/in use by scim-harness serve/, new RegExp(`pid ${server.pid}\\b`), new RegExp(server.baseUri.replace(/[.]/g, '\\.'))]

    const [create, set] = await Promise.all([
      runCli(['token', 'create', '--expires', dateInDays(5), '--label', 'beside', '--data', dir]),
      runCli(['config', 'set', '--delete-mode', 'hard', '--data', dir]),
    ])
    for (const refused of [create, set]) {
      for (const part of holder) expectCleanError(refused, part)
    }

    const readOnly = [['users'], ['groups'], ['token', 'list'], ['config', 'show', '--json']]
    const results = await Promise.all(readOnly.map((command) => runCli([...command, '--data', dir])))
    results.forEach((result, i) => expect(result.code, `${readOnly[i].join(' ')}: ${result.stderr}`).toBe(0))
    const [, , tokens, config] = results
    expect(tokens.stdout).not.toContain('beside')
    expect(JSON.parse(config.stdout).deleteMode).toBe('deactivate')
    // the server was not disturbed
    expect((await scimRequest(`${server.baseUri}/Users`, 'GET', undefined, bearer(token))).status).toBe(200)
  })

  it('refuses a second serve on the same workspace, naming the first', async (ctx) => {
    const dir = workspace()
    await enableWorkspace(dir)
    const first = await serve(dir, ctx)
    const second = await runCli(['serve', '--data', dir, '--port', '0'], 10_000)
    expect(second.signal).toBeNull()
    expectCleanError(second, /in use by scim-harness serve/)
    expect(second.stderr).toContain(`pid ${first.pid}`)
    expect(second.stdout).not.toMatch(/SCIM base URI/)
    expect((await scimRequest(`${first.baseUri}/Users`, 'GET')).status).toBe(401)
  })

  it.for(['SIGTERM', 'SIGINT'] as const)('stops on %s with exit 0 and releases the workspace lock', async (signal, ctx) => {
    const dir = workspace()
    await enableWorkspace(dir)
    const server = await serve(dir, ctx)
    expect(existsSync(join(dir, 'harness.lock'))).toBe(true)
    const ended = await server.stop(signal)
    expect(ended).toEqual({ code: 0, signal: null })
    expect(existsSync(join(dir, 'harness.lock'))).toBe(false)
    // the workspace is writable again
    expect((await runCli(['config', 'set', '--delete-mode', 'hard', '--data', dir])).code).toBe(0)
  })
})

describe.concurrent('users and groups', () => {
  it('lists users created over SCIM with active, CAL and the reason for the CAL, as a table and as JSON', async (ctx) => {
    const dir = workspace()
    const token = await enableWorkspace(dir)
    const server = await serve(dir, ctx)
    const scim = (method: string, path: string, body?: unknown) => scimRequest(server.baseUri + path, method, body, bearer(token))
    const stays = (await scim('POST', '/Users', entraUser('stays@contoso.com'))).json.id as string
    const leaves = (await scim('POST', '/Users', entraUser('leaves@contoso.com'))).json.id as string
    expect((await scim('DELETE', `/Users/${leaves}`)).status).toBe(204)

    // read while the server still holds the workspace: every acknowledged write is visible
    const [table, json] = await Promise.all([runCli(['users', '--data', dir]), runCli(['users', '--json', '--data', dir])])
    expect(table.code, table.stderr).toBe(0)
    const row = (id: string) => table.stdout.split('\n').find((l) => l.startsWith(id)) ?? ''
    expect(row(stays)).toMatch(/stays@contoso\.com\s+yes\s+Viewer\s+default/)
    expect(row(leaves)).toMatch(/leaves@contoso\.com\s+no\s+Viewer\s+default/)

    expect(json.code, json.stderr).toBe(0)
    const users = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    expect(users).toHaveLength(2)
    expect(users.find((u) => u.id === stays)).toMatchObject({ userName: 'stays@contoso.com', active: true, cal: 'Viewer', calReason: { kind: 'default' } })
    expect(users.find((u) => u.id === leaves)).toMatchObject({ userName: 'leaves@contoso.com', active: false, cal: 'Viewer', calReason: { kind: 'default' } })
  })

  it('lists groups with their member counts, as a table and as JSON', async (ctx) => {
    const dir = workspace()
    const token = await enableWorkspace(dir)
    const server = await serve(dir, ctx)
    const scim = (method: string, path: string, body?: unknown) => scimRequest(server.baseUri + path, method, body, bearer(token))
    const a = (await scim('POST', '/Users', entraUser('a@contoso.com'))).json.id as string
    const b = (await scim('POST', '/Users', entraUser('b@contoso.com'))).json.id as string
    const sales = (
      await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales', members: [{ value: a }, { value: b }] })
    ).json.id as string
    const empty = (await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Empty Room' })).json.id as string
    await server.stop()

    const [table, json] = await Promise.all([runCli(['groups', '--data', dir]), runCli(['groups', '--json', '--data', dir])])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout.split('\n').find((l) => l.startsWith(sales))).toMatch(/Sales\s+2$/)
    expect(table.stdout.split('\n').find((l) => l.startsWith(empty))).toMatch(/Empty Room\s+0$/)

    const groups = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    expect(groups).toHaveLength(2)
    expect(groups.find((g) => g.id === sales)).toMatchObject({ displayName: 'Sales', members: 2 })
    expect(groups.find((g) => g.id === empty)).toMatchObject({ displayName: 'Empty Room', members: 0 })
  })

  it('says so when a workspace has no users or groups', async () => {
    const dir = workspace()
    const [users, groups, json] = await Promise.all([
      runCli(['users', '--data', dir]),
      runCli(['groups', '--data', dir]),
      runCli(['users', '--json', '--data', dir]),
    ])
    expect(users.stdout).toMatch(/no users/i)
    expect(groups.stdout).toMatch(/no groups/i)
    expect(JSON.parse(json.stdout)).toEqual([])
  })
})
