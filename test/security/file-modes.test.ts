/*
 * Attack script for issue 14, item 3: who else on the machine can read a workspace. Before the
 * fix every file was created with the process umask (0644 under the usual 022): the snapshot
 * with every provisioned user, the request log with SCIM bodies, simulator.json. Now folders are
 * 0700 and files 0600, and a workspace from before is tightened when it is opened.
 * POSIX only: Windows has no such modes (the user's profile ACL applies).
 */
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeConsole } from '../../src/main/core/api/console-handlers'
import { Store } from '../../src/main/core/store'
import { registryFileIn, WorkspaceRegistry } from '../../src/main/core/workspace-registry'
import { entraUser, startTestHarness } from '../helpers/harness'

let root: string
let umask: number

beforeAll(async () => {
  // the usual umask, whatever this machine's is: the harness must not rely on a strict one
  umask = process.umask(0o022)
  root = await mkdtemp(join(tmpdir(), 'file-modes-'))
})
afterAll(async () => {
  process.umask(umask)
  await rm(root, { recursive: true, force: true })
})

/** Every folder and file under `dir` (itself included) with group or other permission bits. */
async function readableByOthers(dir: string): Promise<string[]> {
  const found: string[] = []
  const visit = async (path: string): Promise<void> => {
    const stat = await lstat(path)
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`)
    if (stat.isDirectory()) for (const name of await readdir(path)) await visit(join(path, name))
  }
  await visit(dir)
  return found
}

describe.skipIf(process.platform === 'win32')('workspace file modes', () => {
  it('creates the workspace folder 0700 and every file in it 0600: snapshot, backup, journal, lock, request log, simulator.json, secrets', async () => {
    const dataDir = join(root, 'fresh', 'workspace')
    const first = await startTestHarness({}, { dataDir })
    expect((await first.scim('POST', '/Users', entraUser('ada@contoso.example'))).status).toBe(201)
    await invokeConsole(first.harness.console, 'sim.config.update', { tenantUrl: first.baseUri, token: first.token }, {})
    // while it runs: the lock, the journal and the request log exist
    await first.harness.requestLog.flush()
    expect(await readableByOthers(join(root, 'fresh'))).toEqual([])
    await first.harness.close()

    // a second run: compaction keeps the old snapshot as snapshot.json.bak
    const second = await startTestHarness({}, { dataDir })
    expect((await second.scim('POST', '/Users', entraUser('grace@contoso.example'))).status).toBe(201)
    await second.harness.close()

    const names = await readdir(dataDir)
    for (const name of ['snapshot.json', 'snapshot.json.bak', 'requests.ndjson', 'simulator.json', 'secrets.json']) expect(names).toContain(name)
    expect(await readableByOthers(join(root, 'fresh'))).toEqual([])
  })

  it('tightens a workspace written before (folders 0755, files 0644) when it is opened, and says so', async () => {
    const dataDir = join(root, 'old-workspace')
    const old = await startTestHarness({}, { dataDir })
    await old.scim('POST', '/Users', entraUser('ada@contoso.example'))
    await old.harness.close()
    await chmod(dataDir, 0o755)
    for (const name of await readdir(dataDir)) await chmod(join(dataDir, name), 0o644)
    expect((await readableByOthers(dataDir)).length).toBeGreaterThan(3)

    const store = await Store.open(dataDir)
    try {
      expect(store.recoveryNotes.join('\n')).toMatch(/Made \d+ files and folders of this workspace readable only by your user account/)
      expect(await readableByOthers(dataDir)).toEqual([])
    } finally {
      await store.close()
    }
  })

  it('leaves files and folders the harness did not write alone when --data names a folder that holds them', async () => {
    // `serve --data .` in a project folder: the folder becomes 0700 (nothing in it is reachable by
    // other accounts then), but a script keeps its execute bit and a subfolder its mode
    const dataDir = join(root, 'project')
    await mkdir(join(dataDir, 'docs'), { recursive: true })
    await writeFile(join(dataDir, 'build.sh'), '#!/bin/sh\n')
    await chmod(join(dataDir, 'build.sh'), 0o755)
    await writeFile(join(dataDir, 'docs', 'readme.txt'), 'notes')
    await chmod(join(dataDir, 'docs', 'readme.txt'), 0o644)
    await chmod(join(dataDir, 'docs'), 0o755)
    await chmod(dataDir, 0o755)

    const store = await Store.open(dataDir)
    await store.close()
    const mode = async (path: string) => ((await lstat(path)).mode & 0o777).toString(8)
    expect(await mode(dataDir)).toBe('700')
    expect(await mode(join(dataDir, 'build.sh'))).toBe('755')
    expect(await mode(join(dataDir, 'docs'))).toBe('755')
    expect(await mode(join(dataDir, 'docs', 'readme.txt'))).toBe('644')
  })

  it("keeps the desktop app's list of workspaces (in its per-user folder) private", async () => {
    const userData = join(root, 'user-data')
    await new WorkspaceRegistry(registryFileIn(userData)).remember(join(root, 'some-workspace'))
    expect(await readableByOthers(userData)).toEqual([])
  })
})
